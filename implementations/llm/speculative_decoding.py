"""speculative-decoding: a cheap draft q proposes tokens, the target p accepts or resamples.

Follows Leviathan, Kalman & Matias (2023), Alg. 1 (= speculative sampling of Chen et al. 2023):
accept a drafted x with prob min(1, p(x)/q(x)); on rejection sample from norm(max(0, p - q)).
Toy first-order models over V tokens make everything exactly computable. Checks: the exact
distribution of the first L emitted tokens (chaining the exact per-iteration distributions)
equals the target model's joint distribution for every sequence, also with a draft that puts
zero mass where the target does not; the acceptance rate equals sum_x min(p, q) by a loop,
1 - TV(p, q), and obeys Pinsker's bound; the expected tokens per target call matches
(1 - b^(g+1))/(1 - b); a Monte Carlo run of the one-token sampler reproduces p and accepts at
rate b (5 standard errors), and accepts every draft when q = p.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["acceptance_rate", "speculative_sample", "block_dist"]

DOC_ZH = {
    "acceptance_rate": """草稿分布 q 提出的词元被目标分布 p 接受的概率 beta = sum_x q(x) min(1, p(x)/q(x)) = sum_x min(p(x), q(x))。

输入：p、q，概率向量。
输出：一个 float。

>>> round(acceptance_rate(np.array([0.5, 0.5]), np.array([0.8, 0.2])), 6)
0.7
""",
    "speculative_sample": """一个词元的投机采样（向量化，n 次独立）：从 q 抽草稿 x，以概率 min(1, p(x)/q(x)) 接受；
被拒绝时从残差分布 norm(max(0, p - q)) 重新抽样。

输入：p、q，概率向量；n，样本数；rng，numpy 的 Generator。
输出：(y, accepted)：y 是 n 个输出词元，accepted 是布尔数组（草稿是否被接受）。

>>> y, acc = speculative_sample(np.array([0.0, 1.0]), np.array([0.5, 0.5]), 4, np.random.default_rng(0))
>>> y.tolist()
[1, 1, 1, 1]
""",
    "block_dist": """一次“起草-验证”迭代所输出词元序列的精确分布（一阶模型，上下文为上一个词元）。

草稿最多 gamma 个：每步从 Q[ctx] 提出 x，以 min(1, P[ctx, x]/Q[ctx, x]) 接受并把 x 作为新上下文；第一次拒绝时，
从 norm(max(0, P[ctx] - Q[ctx])) 抽一个词元并结束；若 gamma 个全被接受，再从 P[ctx] 抽一个额外词元。
输入：P、Q，(V+1, V) 的条件概率表（行是上下文）；prev，起始上下文；gamma，草稿长度。
输出：字典 {输出的词元元组: 概率}。

>>> P = np.array([[0.5, 0.5]] * 3)
>>> sorted((k, round(float(v), 6)) for k, v in block_dist(P, P, 2, 1).items())
[((0, 0), 0.25), ((0, 1), 0.25), ((1, 0), 0.25), ((1, 1), 0.25)]
""",
}

HINTS = {
    "en": (
        "Accepting with probability min(1, p/q) keeps exactly min(p, q) of each token's mass; "
        "the residual max(0, p - q) supplies the rest, so the output is distributed as p.",
        "beta = sum min(p, q). Sampler: x ~ q, accept if u < min(1, p[x]/q[x]), otherwise draw "
        "from max(0, p - q) / its sum. Exact block distribution: recurse over drafted tokens "
        "with probability q(x) min(1, p(x)/q(x)); at each step add (1 - beta) times the "
        "residual for a rejection; after gamma acceptances add one token from p.",
    ),
    "zh": (
        "以 min(1, p/q) 的概率接受，恰好保留每个词元 min(p, q) 的质量；残差 max(0, p - q) 补上其余部分，所以输出服从 p。",
        "beta = sum min(p, q)。采样器：x ~ q，若 u < min(1, p[x]/q[x]) 则接受，否则从 max(0, p - q) / 其和 中抽样。"
        "精确的块分布：对草稿词元递归，概率为 q(x) min(1, p(x)/q(x))；每一步加上拒绝的情形（1 - beta 乘以残差分布）；"
        "gamma 个都被接受后再从 p 加一个词元。",
    ),
}


def tables(rng, V, scale):
    P = rng.dirichlet(np.ones(V) * 0.7, size=V + 1)  # target p(. | prev), row V = start
    noise = rng.dirichlet(np.ones(V), size=V + 1)
    Q = (1 - scale) * P + scale * noise  # a draft close to the target
    return P, Q


def acceptance_rate(p, q):
    """Probability that a token drafted from q is accepted by the target p:
    beta = sum_x q(x) min(1, p(x)/q(x)) = sum_x min(p(x), q(x)).

    Input: p, q, probability vectors. Output: a float.

    >>> round(acceptance_rate(np.array([0.5, 0.5]), np.array([0.8, 0.2])), 6)
    0.7
    """
    return float(np.minimum(p, q).sum())


def speculative_sample(p, q, n, rng):
    """One-token speculative sampling, n independent times (vectorised): draft x ~ q, accept
    with probability min(1, p(x)/q(x)); on rejection resample from norm(max(0, p - q)).

    Input: p, q, probability vectors; n, samples; rng, a numpy Generator.
    Output: (y, accepted): the n emitted tokens and a boolean array (draft accepted).

    >>> y, acc = speculative_sample(np.array([0.0, 1.0]), np.array([0.5, 0.5]), 4, np.random.default_rng(0))
    >>> y.tolist()
    [1, 1, 1, 1]
    """
    V = len(p)
    x = rng.choice(V, size=n, p=q)  # drafts
    accept = rng.random(n) * q[x] < p[x]  # u < min(1, p/q), written without dividing by q
    y, rej = x.copy(), ~accept
    if rej.any():  # resample the rejected drafts from the residual (never empty when p != q)
        res = np.maximum(p - q, 0)
        y[rej] = rng.choice(V, size=rej.sum(), p=res / res.sum())
    return y, accept


def block_dist(P, Q, prev, gamma):
    """Exact distribution of the tokens emitted by one draft-and-verify iteration of
    first-order models (the context is the previous token).

    Up to gamma drafts: each proposes x ~ Q[ctx], accepted with min(1, P[ctx, x]/Q[ctx, x])
    and x becomes the context; at the first rejection one token is drawn from
    norm(max(0, P[ctx] - Q[ctx])) and the iteration ends; if all gamma are accepted, a bonus
    token is drawn from P[ctx]. Input: P, Q, (V+1, V) conditional tables (row = context);
    prev, the starting context; gamma, the draft length.
    Output: a dict {tuple of emitted tokens: probability}.

    >>> P = np.array([[0.5, 0.5]] * 3)
    >>> sorted((k, round(float(v), 6)) for k, v in block_dist(P, P, 2, 1).items())
    [((0, 0), 0.25), ((0, 1), 0.25), ((1, 0), 0.25), ((1, 1), 0.25)]
    """
    out = defaultdict(float)

    def rec(ctx, emitted, prob, i):
        p, q = P[ctx], Q[ctx]
        if i == gamma:  # all drafts accepted: bonus token from p
            for y in range(len(p)):
                out[emitted + (y,)] += prob * p[y]
            return
        res = np.maximum(p - q, 0)
        beta = np.minimum(p, q).sum()
        if beta < 1:
            for y in range(len(p)):  # some draft rejected: resample from residual
                out[emitted + (y,)] += prob * (1 - beta) * res[y] / res.sum()
        for x in range(len(p)):  # draft x proposed by q and accepted
            acc = min(q[x], p[x])  # = q(x) min(1, p(x)/q(x))
            if acc > 0:
                rec(x, emitted + (x,), prob * acc, i + 1)

    rec(prev, (), 1.0, 0)
    return out


def first_tokens(block, P, Q, prev, gamma, L):
    """Exact distribution of the first L emitted tokens, chaining iterations of block."""
    if L == 0:
        return {(): 1.0}
    out = defaultdict(float)
    for blk, pr in block(P, Q, prev, gamma).items():
        if len(blk) >= L:
            out[blk[:L]] += pr
        else:
            for rest, pr2 in first_tokens(block, P, Q, blk[-1], gamma, L - len(blk)).items():
                out[blk + rest] += pr * pr2
    return out


def _joint_err(dist, P, start):
    err = 0.0
    for seq, pr in dist.items():
        prev, joint = start, 1.0
        for y in seq:
            joint, prev = joint * P[prev, y], y
        err = max(err, abs(pr - joint))
    return err


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Speculative decoding")
    V, gamma, L = 4, 2, 3
    P, Q = tables(rng, V, 0.5)
    start = V

    # 1. Output distribution of speculative decoding == target model, exactly.
    with r.case("P(first 3 tokens) equals the target's joint for all V^3 sequences") as c:
        dist = first_tokens(f.block_dist, P, Q, start, gamma, L)
        c.true(len(dist) == V**L, f"{len(dist)} sequences")
        c.close(_joint_err(dist, P, start), 0.0, atol=1e-13)
        c.close(sum(dist.values()), 1.0, rtol=1e-12)
    with r.case("... also for gamma = 1, 3 and a draft with zeros where p > 0") as c:
        Qz = Q.copy()
        Qz[:, 0] = 0.0  # the draft never proposes token 0: only the residual can emit it
        Qz /= Qz.sum(1, keepdims=True)
        for g_, Qq in ((1, Q), (3, Q), (2, Qz), (2, P)):  # Q = P: nothing is rejected
            dist = first_tokens(f.block_dist, P, Qq, start, g_, L)
            c.close(_joint_err(dist, P, start), 0.0, atol=1e-13)
            c.close(sum(dist.values()), 1.0, rtol=1e-12)

    # 2. Acceptance rate beta = sum min(p, q) = 1 - TV(p, q) >= 1 - sqrt(KL(p||q)/2) (Pinsker).
    p, q = P[start], Q[start]
    with r.case("beta = sum min(p,q) = 1 - 0.5*||p - q||_1") as c:
        beta = f.acceptance_rate(p, q)
        c.close(beta, sum(min(a, b) for a, b in zip(p, q)), rtol=1e-12)
        c.close(beta, 1 - 0.5 * np.abs(p - q).sum(), rtol=1e-12)
        c.close(f.acceptance_rate(p, p), 1.0, rtol=1e-12)
    with r.case("Pinsker: beta >= 1 - sqrt(KL(p||q)/2)") as c:
        kl = float((p * np.log(p / q)).sum())
        c.true(beta >= 1 - np.sqrt(kl / 2), f"beta {beta:.4f}, bound {1 - np.sqrt(kl / 2):.4f}")

    # 3. Context-free p, q: expected tokens per target call = (1 - b^(g+1)) / (1 - b).
    g = 3
    Pc, Qc = np.tile(p, (V + 1, 1)), np.tile(q, (V + 1, 1))
    b = float(np.minimum(p, q).sum())
    with r.case("E[tokens per iteration] = (1 - b^(g+1))/(1 - b) (Leviathan et al.)") as c:
        exp_len = sum(len(s) * pr for s, pr in f.block_dist(Pc, Qc, start, g).items())
        c.close(exp_len, (1 - b ** (g + 1)) / (1 - b), rtol=1e-12)
        r.figure("acceptance rate b, expected tokens per target call (g=3)", [b, float(exp_len)])

    # 4. Monte Carlo run of the actual sampler: first emitted token ~ p(. | start).
    n = 50_000
    with r.case("sampled first-token frequencies within 5 SE of p(.|start)") as c:
        y, acc = f.speculative_sample(p, q, n, rng)
        freq = np.bincount(y, minlength=V) / n
        se = np.sqrt(p * (1 - p) / n)
        c.true(bool(np.all(np.abs(freq - p) < 5 * se)), f"max diff {np.abs(freq - p).max():.2e}")
        c.true(abs(np.mean(acc) - b) < 5 * np.sqrt(b * (1 - b) / n),
               f"acceptance {np.mean(acc):.4f} vs {b:.4f}")
        y2, _ = f.speculative_sample(p, Qz[start], n, rng)
        freq2 = np.bincount(y2, minlength=V) / n
        c.true(bool(np.all(np.abs(freq2 - p) < 5 * se)), "draft with a zero")
        y3, acc3 = f.speculative_sample(p, p, 1000, rng)  # draft == target: all accepted
        c.true(bool(np.all(acc3)) and np.all(np.bincount(y3, minlength=V) > 0), "q == p")
    return r


if __name__ == "__main__":
    main(run)
