"""in-context-learning: a linear self-attention layer that performs a gradient-descent step.

Follows von Oswald et al. (2023): tokens e_j = (x_j, y_j) hold in-context regression examples
and the query is (x_q, 0). With keys = queries = the x-part and values = the y-part, one linear
self-attention layer adds -(eta/N) sum_i (W x_i - y_i) x_i^T x_j to each token's y-slot, which
is exactly one GD step on L(W) = 1/(2N) sum ||W x_i - y_i||^2 started from W = 0. Checks: the
layer's read-out equals the prediction of explicit GD after 1 and after K stacked layers; many
layers reach the least-squares prediction (numpy.linalg.lstsq); and the layer weights are the
same for every task, so the 'learning' happens in the forward pass.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def lsa_layer(E, n_ctx, eta):
    """Linear self-attention: E is (tokens, dx+dy); the last token is the query.

    W_K = W_Q = [I 0], W_V = [0 I], projection P = -eta/N; keys/values come from the
    N context tokens only. Returns E + P * V K^T Q for every token.
    """
    dx = E.shape[1] - 1
    Kx = E[:n_ctx, :dx]  # keys  (context x-parts)
    Vy = E[:n_ctx, dx:]  # values (context y-parts = residuals)
    Qx = E[:, :dx]  # queries (every token's x-part)
    upd = np.zeros_like(E)
    upd[:, dx:] = -(eta / n_ctx) * (Qx @ Kx.T) @ Vy
    return E + upd


def gd_predict(X, y, xq, eta, steps):
    w = np.zeros(X.shape[1])
    for _ in range(steps):
        w -= eta * X.T @ (X @ w - y) / len(y)
    return xq @ w


def run() -> Report:
    rng = np.random.default_rng(0)
    R = Report("In-context learning as gradient descent (linear attention)")
    dx, N, eta = 4, 32, 0.5

    def task():
        w = rng.normal(size=dx)
        X = rng.normal(size=(N, dx))
        xq = rng.normal(size=dx)
        return X, X @ w, xq, xq @ w

    def tokens(X, y, xq):
        # residual convention: context y-slot holds y_i - W x_i (W = 0 at start), query holds -W x_q = 0
        return np.vstack([np.c_[X, y], np.r_[xq, 0.0]])

    # 1. One layer = one GD step, on 50 different tasks with the same (fixed) layer weights.
    err1 = 0.0
    for _ in range(50):
        X, y, xq, _ = task()
        out = lsa_layer(tokens(X, y, xq), N, eta)
        err1 = max(err1, abs(-out[-1, -1] - gd_predict(X, y, xq, eta, 1)))
    R.check(
        "1 linear-attention layer = 1 GD step (50 tasks, same weights)",
        err1 < 1e-12,
        f"max err {err1:.1e}",
    )

    # 2. K stacked layers = K GD steps (each layer updates all residuals, then the query).
    X, y, xq, yq = task()
    E = tokens(X, y, xq)
    preds, errs = [], []
    for k in range(1, 21):
        E = lsa_layer(E, N, eta)
        preds.append(-E[-1, -1])
        errs.append(abs(preds[-1] - gd_predict(X, y, xq, eta, k)))
    R.check("K layers = K GD steps for K = 1..20", max(errs) < 1e-10, f"max err {max(errs):.1e}")

    # 3. With many layers the forward pass reaches the least-squares prediction.
    for _ in range(300):
        E = lsa_layer(E, N, eta)
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    R.check_close(
        "320 layers reach the lstsq prediction x_q . w_ls", -E[-1, -1], xq @ w_ls, rtol=1e-8
    )
    R.figure(
        "query prediction after 1, 5, 20 layers vs truth",
        [round(float(preds[i]), 4) for i in (0, 4, 19)] + [round(float(yq), 4)],
    )

    # 4. The context residuals shrink like GD's training loss.
    res = E[:N, -1]
    R.check(
        "context residuals y_i - w x_i are driven to ~0",
        float(np.max(np.abs(res))) < 1e-8,
        f"max |residual| {np.max(np.abs(res)):.1e}",
    )
    return R


if __name__ == "__main__":
    main(run)
