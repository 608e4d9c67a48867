"""in-context-learning: a linear self-attention layer that performs a gradient-descent step.

Follows von Oswald et al. (2023): tokens e_j = (x_j, y_j) hold in-context regression examples
and the query is (x_q, 0). With keys = queries = the x-part and values = the y-part, one linear
self-attention layer adds -(eta/N) sum_i (W x_i - y_i) x_i^T x_j to each token's y-slot, which
is exactly one GD step on L(W) = 1/(2N) sum ||W x_i - y_i||^2 started from W = 0. Checks: the
layer's read-out equals the prediction of explicit GD after 1 and after K stacked layers, its
context y-slots become the GD residuals (only the first n_ctx tokens act as keys); many
layers reach the least-squares prediction (numpy.linalg.lstsq); and the layer weights are the
same for every task, so the 'learning' happens in the forward pass.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["lsa_layer"]

DOC_ZH = {
    "lsa_layer": """线性自注意力层（von Oswald 等人 2023）：对每个 token 的 y 槽加上 -(eta/N) sum_i (x_j . x_i) y_i，其中 i 只遍历前 N 个上下文 token。

输入：E (tokens, dx+1)，每行 (x, y)，最后一行是查询 (x_q, 0)；n_ctx = N，上下文 token 数；eta，步长。取 W_K = W_Q = [I 0]，W_V = [0 I]，投影 P = -eta/N。
输出：E + 更新量（x 部分不变），与 E 同形的新数组。

>>> lsa_layer(np.array([[1.0, 2.0], [3.0, 0.0]]), 1, 0.5).tolist()
[[1.0, 1.0], [3.0, -3.0]]
""",
}

HINTS = {
    "en": (
        "Write down one gradient-descent step on the in-context least-squares loss from W = 0 "
        "and read it as an attention update: which part of each token is the key, the query, "
        "the value?",
        "Keys and queries are the x-parts, values the y-parts of the N context tokens; the "
        "update to every token's y-slot is -(eta/N) (X_all X_ctx^T) Y_ctx, with no softmax.",
    ),
    "zh": (
        "写出从 W = 0 开始、在上下文最小二乘损失上的一步梯度下降，再把它读成注意力更新：每个 token 的哪一部分是键、查询、值？",
        "键和查询是 x 部分，值是 N 个上下文 token 的 y 部分；每个 token 的 y 槽更新为 "
        "-(eta/N) (X_all X_ctx^T) Y_ctx，没有 softmax。",
    ),
}


def lsa_layer(E, n_ctx, eta):
    """Linear self-attention (von Oswald et al. 2023): add -(eta/N) sum_i (x_j . x_i) y_i to
    every token j's y-slot, i running over the N context tokens only.

    Input: E (tokens, dx+1), rows (x, y), the last row the query (x_q, 0); n_ctx = N, the
    number of context tokens; eta, the step. W_K = W_Q = [I 0], W_V = [0 I], P = -eta/N.
    Output: E plus the update (x-parts unchanged), a new array shaped like E.

    >>> lsa_layer(np.array([[1.0, 2.0], [3.0, 0.0]]), 1, 0.5).tolist()
    [[1.0, 1.0], [3.0, -3.0]]
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


def run(f=None) -> Report:
    f = solution(f, __name__)
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
    with R.case("1 linear-attention layer = 1 GD step (50 tasks, same weights)") as c:
        err1 = 0.0
        for _ in range(50):
            X, y, xq, _ = task()
            out = f.lsa_layer(tokens(X, y, xq), N, eta)
            err1 = max(err1, abs(-out[-1, -1] - gd_predict(X, y, xq, eta, 1)))
        c.true(err1 < 1e-12, f"max err {err1:.1e}")
    with R.case("the layer turns context y-slots into GD residuals and leaves x-parts alone") as c:
        X, y, xq, _ = task()
        E0 = tokens(X, y, xq)
        out = f.lsa_layer(E0, N, 0.3)
        w1 = 0.3 * X.T @ y / N  # one GD step from 0
        c.close(out[:N, -1], y - X @ w1, rtol=1e-12, atol=1e-14)
        c.close(out[:, :dx], E0[:, :dx], rtol=0)
        c.close(E0[:, -1], np.r_[y, 0.0], rtol=0)  # the input is not modified
        # only the first n_ctx tokens are keys: with n_ctx = 10, the rest play no part
        out10 = f.lsa_layer(E0, 10, 0.3)
        c.close(out10[-1, -1], -xq @ (0.3 * X[:10].T @ y[:10] / 10), rtol=1e-12)

    # 2. K stacked layers = K GD steps (each layer updates all residuals, then the query).
    X, y, xq, yq = task()
    with R.case("K layers = K GD steps for K = 1..20") as c:
        E = tokens(X, y, xq)
        preds, errs = [], []
        for k in range(1, 21):
            E = f.lsa_layer(E, N, eta)
            preds.append(-E[-1, -1])
            errs.append(abs(preds[-1] - gd_predict(X, y, xq, eta, k)))
        c.true(max(errs) < 1e-10, f"max err {max(errs):.1e}")

    # 3. With many layers the forward pass reaches the least-squares prediction.
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    with R.case("320 layers reach the lstsq prediction x_q . w_ls") as c:
        for _ in range(300):
            E = f.lsa_layer(E, N, eta)
        c.close(-E[-1, -1], xq @ w_ls, rtol=1e-8)
        R.figure(
            "query prediction after 1, 5, 20 layers vs truth",
            [round(float(preds[i]), 4) for i in (0, 4, 19)] + [round(float(yq), 4)],
        )

    # 4. The context residuals shrink like GD's training loss.
    with R.case("context residuals y_i - w x_i are driven to ~0") as c:
        res = E[:N, -1]
        c.true(float(np.max(np.abs(res))) < 1e-8, f"max |residual| {np.max(np.abs(res)):.1e}")
    return R


if __name__ == "__main__":
    main(run)
