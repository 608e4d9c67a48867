"""neural-language-models: a Bengio-style feed-forward neural language model.

Follows Bengio et al. (2003): a shared embedding table C, the context embeddings fed to a
tanh hidden layer, and a softmax over the vocabulary, trained by maximum likelihood.
Checks: backpropagated gradients against central finite differences, and after training
the model's cross-entropy sits between two closed-form references computed from counts:
the unigram model (no context, upper bound) and the bigram MLE (best possible model that
sees one previous token, lower bound on the training set).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def forward(params, ctx, tgt):
    C, W, b, U, c = params
    e = C[ctx]  # (T, d) embedding lookup of the previous token
    h = np.tanh(e @ W + b)  # (T, H)
    z = h @ U + c  # (T, V) logits
    z = z - z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = -logp[np.arange(len(tgt)), tgt].mean()
    return loss, (e, h, logp)


def backward(params, ctx, tgt, cache, w=None):
    C, W, b, U, c = params
    e, h, logp = cache
    T = len(tgt)
    dz = np.exp(logp)
    dz[np.arange(T), tgt] -= 1.0
    # d loss / d logits = (softmax - onehot) / T; optional per-example weights w
    dz *= (np.ones(T) / T if w is None else w)[:, None]
    dU, dc = h.T @ dz, dz.sum(0)
    da = (dz @ U.T) * (1 - h**2)
    dW, db = e.T @ da, da.sum(0)
    dC = np.zeros_like(C)
    np.add.at(dC, ctx, da @ W.T)  # scatter-add: repeated tokens accumulate
    return [dC, dW, db, dU, dc]


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Feed-forward neural language model (Bengio et al. 2003 style)")
    V, d, H, N = 6, 4, 16, 3000
    # Training text from a random Markov chain, so context really matters.
    Ptrue = rng.dirichlet(0.3 * np.ones(V), size=V)
    cdf, u, x = Ptrue.cumsum(1), rng.random(N), [0]
    for ui in u:
        x.append(min(int(np.searchsorted(cdf[x[-1]], ui)), V - 1))
    x = np.array(x)
    ctx, tgt = x[:-1], x[1:]

    params = [0.3 * rng.standard_normal(s) for s in [(V, d), (d, H), (H,), (H, V), (V,)]]

    # Gradient check on a small slice of data.
    loss, cache = forward(params, ctx[:50], tgt[:50])
    grads = backward(params, ctx[:50], tgt[:50], cache)
    num, ana, eps = [], [], 1e-6
    for p, g in zip(params, grads):
        for _ in range(3):
            i = tuple(rng.integers(0, s) for s in p.shape)
            old = p[i]
            p[i] = old + eps
            lp = forward(params, ctx[:50], tgt[:50])[0]
            p[i] = old - eps
            lm = forward(params, ctx[:50], tgt[:50])[0]
            p[i] = old
            num.append((lp - lm) / (2 * eps))
            ana.append(g[i])
    r.check_close(
        "backprop gradients == central finite differences", ana, num, rtol=1e-5, atol=1e-9
    )

    # With one token of context there are only V*V distinct (context, target) pairs, so the
    # full-batch loss is a count-weighted sum over them: same gradient, far less work.
    cnt = np.zeros((V, V))
    np.add.at(cnt, (ctx, tgt), 1)
    pc, pt = np.divmod(np.arange(V * V), V)
    w = cnt.ravel() / cnt.sum()
    for _ in range(600):
        _, cache = forward(params, pc, pt)
        for p, g in zip(params, backward(params, pc, pt, cache, w)):
            p -= 1.0 * g
    loss = forward(params, ctx, tgt)[0]  # evaluated token by token on the real text

    # Closed-form references from counts on the same training pairs.
    uni = cnt.sum(0) / cnt.sum()
    ce_uni = -np.sum(cnt.sum(0) * np.log(uni)) / len(tgt)
    Pb = cnt / cnt.sum(1, keepdims=True)
    ce_bi = -np.sum(cnt[cnt > 0] * np.log(Pb[cnt > 0])) / len(tgt)
    r.figure("unigram CE (nats)", ce_uni)
    r.figure("neural LM CE after training (nats)", loss)
    r.figure("bigram MLE CE (nats)", ce_bi)
    r.check(
        "neural LM beats the context-free unigram model",
        loss < ce_uni - 0.1,
        f"{loss:.4f} < {ce_uni:.4f}",
    )
    r.check(
        "neural LM cannot beat the bigram MLE on its training set",
        loss >= ce_bi - 1e-9,
        f"{loss:.4f} >= {ce_bi:.4f}",
    )
    r.check("and gets within 0.05 nats of it", loss - ce_bi < 0.05, f"gap {loss - ce_bi:.4f}")
    return r


if __name__ == "__main__":
    main(run)
