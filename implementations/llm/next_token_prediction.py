"""next-token-prediction: the shifted cross-entropy objective of autoregressive LMs.

For tokens x_1..x_T the model emits logits z_t after reading x_1..x_t and is scored by
-log softmax(z_t)[x_{t+1}] (Goodfellow et al. 2016 ch. 6 on maximum likelihood and
cross-entropy; Bengio et al. 2003). Checks: the loss agrees with numpy's logaddexp.reduce even for
huge logits, its gradient is (softmax - onehot)/T (vs finite differences), and minimising the
expected loss over free logits recovers the data distribution (closed form: q itself).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)  # shift by the max: exact and overflow-free
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def next_token_loss(logits, tokens):
    """logits[t] is produced after reading tokens[:t+1]; it is scored on tokens[t+1]."""
    targets = tokens[1:]
    lp = log_softmax(logits[:-1])
    return -lp[np.arange(len(targets)), targets].mean()


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Next-token prediction with the cross-entropy loss")
    T, V = 12, 7
    tokens = rng.integers(0, V, size=T)
    logits = 3 * rng.standard_normal((T, V))
    loss = next_token_loss(logits, tokens)
    ref = np.mean([np.logaddexp.reduce(logits[t]) - logits[t, tokens[t + 1]] for t in range(T - 1)])
    r.figure("loss (nats/token)", loss)
    r.check_close(
        "loss == mean(logsumexp(z_t) - z_t[x_{t+1}]) via np.logaddexp.reduce", loss, ref, rtol=1e-12
    )

    big = logits + 1000.0  # a naive exp() would overflow here
    r.check_close(
        "shift invariance: logits + 1000 give the same loss",
        next_token_loss(big, tokens),
        loss,
        rtol=1e-10,
    )

    # Gradient w.r.t. the logits: (softmax - onehot) / (T-1) on rows 0..T-2, zero on the last row.
    G = np.zeros_like(logits)
    G[:-1] = np.exp(log_softmax(logits[:-1]))
    G[np.arange(T - 1), tokens[1:]] -= 1
    G /= T - 1
    num, eps = np.zeros_like(logits), 1e-6
    for idx in np.ndindex(*logits.shape):
        zp, zm = logits.copy(), logits.copy()
        zp[idx] += eps
        zm[idx] -= eps
        num[idx] = (next_token_loss(zp, tokens) - next_token_loss(zm, tokens)) / (2 * eps)
    r.check_close(
        "dL/dz == (softmax - onehot)/T vs finite differences", G, num, rtol=1e-5, atol=1e-9
    )

    # Expected loss under a data distribution q is the cross-entropy H(q, softmax(z)); its
    # minimiser over free logits is softmax(z) = q, where the loss equals the entropy H(q).
    q = rng.dirichlet(np.ones(V))
    z = np.zeros(V)
    for _ in range(3000):  # plain gradient descent on the expected loss
        z -= 2.0 * (np.exp(log_softmax(z)) - q)
    r.check_close(
        "gradient descent on E_q[loss] converges to softmax(z) = q",
        np.exp(log_softmax(z)),
        q,
        atol=1e-5,
    )
    r.check_close(
        "minimum expected loss equals the entropy H(q)",
        -(q * log_softmax(z)).sum(),
        -(q * np.log(q)).sum(),
        rtol=1e-9,
    )
    return r


if __name__ == "__main__":
    main(run)
