"""sampling-decoding: temperature, top-k and top-p (nucleus) sampling of the next token.

Follows Holtzman et al. (2020), Sec. 3: top-k keeps the k most likely tokens, top-p keeps the
smallest set whose probability reaches p, and both renormalise. Checks: the top-k and top-p
supports against brute force over all subsets (also with tied probabilities and a threshold
met exactly), the renormalised values against p / p(S) and against rejection sampling from p,
temperature against the closed form p^(1/T) / sum p^(1/T) and its limits, and empirical sampling
frequencies of the whole pipeline against the target distribution.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["temperature_softmax", "top_k", "top_p"]

DOC_ZH = {
    "temperature_softmax": """温度为 T 的 softmax：softmax(logits / T)，先减去最大值以免溢出。

输入：logits，一维数组；T，正的温度。
输出：概率向量。

>>> temperature_softmax(np.array([0.0, np.log(4.0)]), 2.0).round(6).tolist()
[0.333333, 0.666667]
""",
    "top_k": """Top-k 截断：只保留概率最大的 k 个词元并重新归一化，其余置 0（概率相同时保留下标小的）。

输入：p，概率向量；k，保留的个数。
输出：新的概率向量。

>>> top_k(np.array([0.1, 0.6, 0.3]), 2).round(6).tolist()
[0.0, 0.666667, 0.333333]
""",
    "top_p": """Top-p（nucleus）截断：按概率从大到小保留最短的前缀，使其总概率 >= thresh，重新归一化，其余置 0。

输入：p，概率向量；thresh，阈值 (0, 1]。
输出：新的概率向量。

>>> top_p(np.array([0.5, 0.25, 0.125, 0.125]), 0.75).round(6).tolist()
[0.666667, 0.333333, 0.0, 0.0]
""",
}

HINTS = {
    "en": (
        "Sort the tokens by probability once; top-k cuts the sorted list at a fixed length, "
        "top-p where the running total first reaches the threshold.",
        "Temperature: softmax((z - max z) / T). top_k: keep argsort(-p, stable)[:k] and divide "
        "by their sum. top_p: cum = cumsum of sorted p, n = searchsorted(cum, thresh) + 1 "
        "(first prefix with mass >= thresh), keep those n and renormalise.",
    ),
    "zh": (
        "先按概率把词元排一次序；top-k 在固定长度处截断排序后的列表，top-p 在累计概率第一次达到阈值处截断。",
        "温度：softmax((z - max z) / T)。top_k：保留 argsort(-p, stable)[:k] 并除以它们的和。top_p：cum 为排序后 p 的累积和，"
        "n = searchsorted(cum, thresh) + 1（第一个总概率 >= thresh 的前缀），保留这 n 个并重新归一化。",
    ),
}


def temperature_softmax(logits, T):
    """Softmax at temperature T, softmax(logits / T), shifted by the max to avoid overflow.

    Input: logits, a 1-D array; T, a positive temperature. Output: a probability vector.

    >>> temperature_softmax(np.array([0.0, np.log(4.0)]), 2.0).round(6).tolist()
    [0.333333, 0.666667]
    """
    a = np.asarray(logits, dtype=float) / T
    e = np.exp(a - a.max())
    return e / e.sum()


def top_k(p, k):
    """Top-k truncation: keep the k most likely tokens, renormalise, zero the rest (ties keep
    the lower index).

    Input: p, a probability vector; k, how many to keep. Output: a probability vector.

    >>> top_k(np.array([0.1, 0.6, 0.3]), 2).round(6).tolist()
    [0.0, 0.666667, 0.333333]
    """
    keep = np.argsort(-p, kind="stable")[:k]
    out = np.zeros_like(p)
    out[keep] = p[keep]
    return out / out.sum()


def top_p(p, thresh):
    """Top-p (nucleus) truncation: keep the shortest most-likely-first prefix whose mass
    reaches thresh (>=), renormalise, zero the rest.

    Input: p, a probability vector; thresh, in (0, 1]. Output: a probability vector.

    >>> top_p(np.array([0.5, 0.25, 0.125, 0.125]), 0.75).round(6).tolist()
    [0.666667, 0.333333, 0.0, 0.0]
    """
    order = np.argsort(-p, kind="stable")
    cum = np.cumsum(p[order])
    n = int(np.searchsorted(cum, thresh) + 1)  # first prefix whose mass reaches thresh
    out = np.zeros_like(p)
    out[order[:n]] = p[order[:n]]
    return out / out.sum()


def _brute_nucleus(p, thresh):
    """Smallest subset with mass >= thresh (ties broken by max mass), by brute force."""
    for size in range(1, len(p) + 1):
        subsets = [S for S in combinations(range(len(p)), size) if p[list(S)].sum() >= thresh]
        if subsets:
            return set(max(subsets, key=lambda S: p[list(S)].sum()))
    return set(range(len(p)))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Temperature, top-k and top-p sampling")
    V = 10
    logits = rng.normal(0, 2, V)
    p = np.exp(logits) / np.exp(logits).sum()

    # 1. Top-k support = the k tokens of highest probability, found by brute force.
    with r.case("top-k support equals brute-force max-mass k-subset") as c:
        for k in (1, 3, V):
            S = list(max(combinations(range(V), k), key=lambda S: p[list(S)].sum()))
            want = np.zeros(V)
            want[S] = p[S] / p[S].sum()
            c.close(f.top_k(p, k), want, rtol=1e-12, atol=1e-300)
        tied = np.array([0.1, 0.3, 0.2, 0.3, 0.1])
        c.close(f.top_k(tied, 2), [0, 0.5, 0, 0.5, 0], rtol=1e-12)
        c.close(f.top_k(tied, 4), np.array([0.1, 0.3, 0.2, 0.3, 0]) / 0.9, rtol=1e-12)

    # 2. Top-p support = smallest subset with mass >= p (ties broken by max mass), by brute force.
    for thresh in (0.5, 0.9, 0.95):
        with r.case(f"top-p support (p={thresh}) equals brute-force smallest subset") as c:
            S = sorted(_brute_nucleus(p, thresh))
            want = np.zeros(V)
            want[S] = p[S] / p[S].sum()
            c.close(f.top_p(p, thresh), want, rtol=1e-12)
    with r.case("top-p with the threshold met exactly, and p = 1 keeps everything") as c:
        d = np.array([0.125, 0.5, 0.125, 0.25])
        c.close(f.top_p(d, 0.75), [0, 2 / 3, 0, 1 / 3], rtol=1e-12)
        c.close(f.top_p(d, 0.5), [0, 1, 0, 0], rtol=1e-12)
        c.close(f.top_p(d, 0.76), [1 / 7, 4 / 7, 0, 2 / 7], rtol=1e-12)
        c.close(f.top_p(p, 1.0), p, rtol=1e-12)

    # 3. Renormalisation = conditioning on the nucleus: sample from p, reject tokens outside it.
    with r.case("top-p distribution = p conditioned on the nucleus (rejection sampling, 5 SE)") as c:
        q = f.top_p(p, 0.9)
        raw = rng.choice(V, size=300_000, p=p)
        kept = raw[q[raw] > 0]
        freq_c = np.bincount(kept, minlength=V) / kept.size
        se_c = np.sqrt(q * (1 - q) / kept.size)
        c.true(bool(np.all(np.abs(freq_c - q) <= 5 * se_c + 1e-12)),
               f"max diff {np.abs(freq_c - q).max():.2e}")

    # 4. Temperature: closed form p^(1/T) / sum; T -> 0 is greedy (argmax), T = 1 leaves p.
    with r.case("temperature T gives p^(1/T) / sum p^(1/T); T = 1 leaves p") as c:
        for T in (0.5, 2.0, 7.0):
            c.close(f.temperature_softmax(logits, T), p ** (1 / T) / (p ** (1 / T)).sum(),
                    rtol=1e-10)
        c.close(f.temperature_softmax(logits, 1.0), p, rtol=1e-12)
        c.close(f.temperature_softmax(logits + 800, 0.5), p**2 / (p**2).sum(), rtol=1e-10)
    with r.case("T = 1e-4 collapses onto the argmax") as c:
        c.close(f.temperature_softmax(logits, 1e-4), np.eye(V)[np.argmax(p)], atol=1e-12)

    # 5. Sampling through the pipeline (T, then top-k, then top-p) reproduces the target.
    T = 0.7
    pt = p ** (1 / T) / (p ** (1 / T)).sum()
    S6 = np.argsort(-pt)[:6]
    pk = np.zeros(V)
    pk[S6] = pt[S6] / pt[S6].sum()
    Sn = sorted(_brute_nucleus(pk, 0.9))
    target = np.zeros(V)
    target[Sn] = pk[Sn] / pk[Sn].sum()
    with r.case("empirical frequencies within 5 standard errors of the target") as c:
        pipe = f.top_p(f.top_k(f.temperature_softmax(logits, T), 6), 0.9)
        c.close(pipe, target, rtol=1e-10)
        n = 200_000
        draws = rng.choice(V, size=n, p=pipe / pipe.sum())
        freq = np.bincount(draws, minlength=V) / n
        se = np.sqrt(target * (1 - target) / n)
        c.true(bool(np.all(np.abs(freq - target) <= 5 * se + 1e-12)),
               f"max |freq - target| = {np.abs(freq - target).max():.2e}")

    ent = lambda x: float(-(x[x > 0] * np.log2(x[x > 0])).sum())
    r.figure("entropy bits: full p, T=0.7, +top-k 6, +top-p 0.9",
             [ent(p), ent(pt), ent(pk), ent(target)])
    r.figure("nucleus size at p=0.5, 0.9, 0.95",
             [len(_brute_nucleus(p, t)) for t in (0.5, 0.9, 0.95)])
    return r


if __name__ == "__main__":
    main(run)
