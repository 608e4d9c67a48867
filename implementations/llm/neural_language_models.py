"""neural-language-models: a Bengio-style feed-forward neural language model.

Follows Bengio et al. (2003): a shared embedding table C, the context embeddings fed to a
tanh hidden layer, and a softmax over the vocabulary, trained by maximum likelihood.
Checks: the loss equals a per-token np.logaddexp.reduce (also for huge logits); the
backpropagated gradients of every parameter, with and without per-example weights, equal
central finite differences of that loop; and after full-batch training with these gradients
the model's cross-entropy sits between two closed-form references computed from counts: the
unigram model (no context, upper bound) and the bigram MLE (best possible model that sees one
previous token, lower bound on the training set), within 0.05 nats of the latter.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["forward", "backward"]

DOC_ZH = {
    "forward": """Bengio 式前馈语言模型的前向计算：e = C[ctx]，h = tanh(e W + b)，z = h U + c，
损失为对 tgt 的平均交叉熵（自然对数）。

输入：params = [C (V, d), W (d, H), b (H,), U (H, V), c (V,)]；ctx，前一个词元（长度 T 的整数数组）；
tgt，要预测的词元（长度 T）。
输出：(loss, cache)：loss 是 float；cache = (e, h, logp)，logp 是 (T, V) 的对数概率，供 backward 使用。

>>> ps = [np.zeros((3, 2)), np.zeros((2, 4)), np.zeros(4), np.zeros((4, 3)), np.zeros(3)]
>>> round(float(forward(ps, np.array([0, 1]), np.array([2, 0]))[0]), 6)
1.098612
""",
    "backward": """反向传播：返回 forward 的损失对 [C, W, b, U, c] 的梯度（与 params 同形状的列表）。

d loss / d z = (softmax(z) - onehot(tgt)) / T；给了逐样本权重 w 时，损失是 sum_t w_t * CE_t，
把 1/T 换成 w_t。C 的梯度是稀疏的：重复出现的上下文词元要累加（np.add.at）。
输入：params、ctx、tgt 同 forward；cache，forward 返回的缓存；w，可选的长度 T 权重。
输出：[dC, dW, db, dU, dc]。

>>> ps = [np.zeros((3, 2)), np.zeros((2, 4)), np.zeros(4), np.zeros((4, 3)), np.zeros(3)]
>>> ctx, tgt = np.array([0, 1]), np.array([2, 0])
>>> g = backward(ps, ctx, tgt, forward(ps, ctx, tgt)[1])
>>> g[4].round(6).tolist()
[-0.166667, 0.333333, -0.166667]
""",
}

HINTS = {
    "en": (
        "Run the layers forward keeping what backward needs, then apply the chain rule layer by "
        "layer from the logits down to the embedding table.",
        "dz = (softmax - onehot)/T (or times w_t); dU = h^T dz, dc = sum dz; da = (dz U^T)(1 - h^2); "
        "dW = e^T da, db = sum da; dC: scatter-add da W^T into the rows ctx.",
    ),
    "zh": (
        "前向逐层计算并保存反向需要的量，再从 logits 往下到嵌入表逐层用链式法则。",
        "dz = (softmax - onehot)/T（或乘 w_t）；dU = h^T dz，dc = sum dz；da = (dz U^T)(1 - h^2)；"
        "dW = e^T da，db = sum da；dC：把 da W^T 散加到 ctx 对应的行。",
    ),
}


def forward(params, ctx, tgt):
    """Forward pass of a Bengio-style LM: e = C[ctx], h = tanh(e W + b), z = h U + c, and the
    mean cross-entropy (nats) of the targets tgt.

    Input: params = [C (V, d), W (d, H), b (H,), U (H, V), c (V,)]; ctx, previous tokens
    (length-T integer array); tgt, the tokens to predict (length T).
    Output: (loss, cache): loss a float; cache = (e, h, logp) with logp the (T, V)
    log-probabilities, for backward.

    >>> ps = [np.zeros((3, 2)), np.zeros((2, 4)), np.zeros(4), np.zeros((4, 3)), np.zeros(3)]
    >>> round(float(forward(ps, np.array([0, 1]), np.array([2, 0]))[0]), 6)
    1.098612
    """
    C, W, b, U, c = params
    e = C[ctx]  # (T, d) embedding lookup of the previous token
    h = np.tanh(e @ W + b)  # (T, H)
    z = h @ U + c  # (T, V) logits
    z = z - z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = -logp[np.arange(len(tgt)), tgt].mean()
    return loss, (e, h, logp)


def backward(params, ctx, tgt, cache, w=None):
    """Backpropagation: the gradients of forward's loss with respect to [C, W, b, U, c].

    d loss / d z = (softmax(z) - onehot(tgt)) / T; with per-example weights w the loss is
    sum_t w_t CE_t, so w_t replaces 1/T. The gradient of C is sparse: repeated context
    tokens accumulate (np.add.at).
    Input: params, ctx, tgt as forward; cache, forward's cache; w, optional length-T weights.
    Output: [dC, dW, db, dU, dc], shaped like params.

    >>> ps = [np.zeros((3, 2)), np.zeros((2, 4)), np.zeros(4), np.zeros((4, 3)), np.zeros(3)]
    >>> ctx, tgt = np.array([0, 1]), np.array([2, 0])
    >>> g = backward(ps, ctx, tgt, forward(ps, ctx, tgt)[1])
    >>> g[4].round(6).tolist()
    [-0.166667, 0.333333, -0.166667]
    """
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


def _loss_loop(params, ctx, tgt, w=None):
    """The (weighted) loss from np.logaddexp.reduce per token (the reference, not the exercise)."""
    C, W, b, U, c = params
    w = np.full(len(tgt), 1 / len(tgt)) if w is None else w
    z = np.tanh(C[ctx] @ W + b) @ U + c
    return float(w @ (np.logaddexp.reduce(z, axis=1) - z[np.arange(len(tgt)), tgt]))


def run(f=None) -> Report:
    f = solution(f, __name__)
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
    cs, ts = ctx[:50], tgt[:50]
    with r.case("loss == per-token logsumexp (np.logaddexp.reduce)") as c:
        c.close(f.forward(params, cs, ts)[0], _loss_loop(params, cs, ts), rtol=1e-12)
        big = [params[0], params[1], params[2], 3000 * params[3], params[4] + 1000]
        c.close(f.forward(big, cs, ts)[0], _loss_loop(big, cs, ts), rtol=1e-12)

    # Gradient check on a small slice of data: every entry of every parameter.
    def fd_check(c, w):
        _, cache = f.forward(params, cs, ts)
        grads = f.backward(params, cs, ts, cache, w)
        eps = 1e-6
        for p, g in zip(params, grads):
            num = np.zeros_like(p)
            for i in np.ndindex(*p.shape):
                old = p[i]
                p[i] = old + eps
                lp = _loss_loop(params, cs, ts, w)
                p[i] = old - eps
                num[i] = (lp - _loss_loop(params, cs, ts, w)) / (2 * eps)
                p[i] = old
            c.close(g, num, rtol=1e-5, atol=1e-9)

    with r.case("backprop gradients == central finite differences") as c:
        fd_check(c, None)
    with r.case("weighted backprop gradients == finite differences of the weighted loss") as c:
        fd_check(c, rng.random(50))

    # With one token of context there are only V*V distinct (context, target) pairs, so the
    # full-batch loss is a count-weighted sum over them: same gradient, far less work.
    cnt = np.zeros((V, V))
    np.add.at(cnt, (ctx, tgt), 1)
    pc, pt = np.divmod(np.arange(V * V), V)
    w = cnt.ravel() / cnt.sum()
    uni = cnt.sum(0) / cnt.sum()
    ce_uni = -np.sum(cnt.sum(0) * np.log(uni)) / len(tgt)
    Pb = cnt / cnt.sum(1, keepdims=True)
    ce_bi = -np.sum(cnt[cnt > 0] * np.log(Pb[cnt > 0])) / len(tgt)
    r.figure("unigram CE (nats)", ce_uni)
    r.figure("bigram MLE CE (nats)", ce_bi)
    with r.case("neural LM beats the context-free unigram model") as c:
        for _ in range(600):
            _, cache = f.forward(params, pc, pt)
            for p, g in zip(params, f.backward(params, pc, pt, cache, w)):
                p -= 1.0 * g
        loss = _loss_loop(params, ctx, tgt)  # evaluated token by token on the real text
        r.figure("neural LM CE after training (nats)", loss)
        c.true(loss < ce_uni - 0.1, f"{loss:.4f} < {ce_uni:.4f}")
    with r.case("neural LM cannot beat the bigram MLE on its training set") as c:
        c.true(loss >= ce_bi - 1e-9, f"{loss:.4f} >= {ce_bi:.4f}")
    with r.case("and gets within 0.05 nats of it") as c:
        c.true(loss - ce_bi < 0.05, f"gap {loss - ce_bi:.4f}")
    return r


if __name__ == "__main__":
    main(run)
