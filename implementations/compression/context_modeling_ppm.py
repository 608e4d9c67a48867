"""context-modeling-ppm: prediction by partial matching, an adaptive variable-order context
model that escapes to shorter contexts for symbols it has not yet seen.

Follows Cleary & Witten (1984), who introduced PPM, and Moffat (1990), whose method C (PPMC)
gives a symbol seen c times in a context with n occurrences and d distinct successors the
probability c / (n + d) and the escape d / (n + d); symbols predicted by a longer context
that escaped are excluded from the shorter ones; below order 0 every remaining symbol is
equally likely. Arithmetic coding turns these predictions into a code of length
sum -log2 p (the existing arithmetic-coding concept). Checks: a hand-worked PPMC prediction
with exclusion; every prediction gives each symbol a positive probability and sums to 1 up to
the unused final escape; the empty history predicts uniformly; the code length of the from-scratch
predictor equals an incremental count-table implementation; on text from an order-2 Markov
source higher orders compress better (order 2 beats order 0 and the raw log2 V bits), while on
i.i.d. uniform text order 0 is within 6% of log2 V and order 2 pays for learning 16 contexts.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["ppm_predict", "ppm_code_length"]

DOC_ZH = {
    "ppm_predict": """PPMC（Moffat 1990 的方法 C，带排除）的下一符号分布。从 order 阶上下文（历史的最后 order 个符号）开始：
在该上下文之后出现过的未排除符号中，出现 c 次的符号概率为 c / (n + d)，逃逸概率为 d / (n + d)（n 为这些符号的总次数，d 为种类数）；
逃逸后把这些符号排除，转到短一阶的上下文；若某上下文中没有未排除的符号，直接转到下一阶（不付逃逸代价）；
第 -1 阶对剩下的所有符号均匀分配（若所有符号都已出现过，则没有剩下的符号，这部分逃逸概率不使用）。历史不足 order 个符号时，从能取到的最长上下文开始。

输入：history，0..V-1 的整数列表；V，字母表大小；order ≥ 0。
输出：(V,) 概率数组。

>>> np.round(ppm_predict([0, 1, 0, 1], 3, 1), 6).tolist()
[0.5, 0.333333, 0.166667]
""",
    "ppm_code_length": """用 ppm_predict 逐个预测序列中的符号（每次用之前的全部符号作历史）的总码长 Σ -log2 p（比特）。

输入：seq，整数列表；V；order。
输出：浮点数。

>>> round(float(ppm_code_length([0, 0], 2, 0)), 6)
2.0
""",
}

HINTS = {
    "en": (
        "Count, for each context length from `order` down to 0, which symbols followed that "
        "context earlier in the history; move down one length only through an escape.",
        "At length k: counts c(s) of successors of the last k symbols, restricted to symbols not "
        "excluded; n = sum c, d = number of such symbols. Each gets mass * c / (n + d); mass *= d / (n + d); "
        "exclude them. Skip a context with n = 0 at no cost. Finally spread the remaining mass "
        "uniformly over the symbols never excluded.",
    ),
    "zh": (
        "对从 order 到 0 的每个上下文长度，统计历史中在该上下文之后出现过哪些符号；只有通过逃逸才降到短一阶。",
        "长度 k：最后 k 个符号之后的后继计数 c(s)，只统计未被排除的符号；n = Σ c，d 为这些符号的种类数。"
        "每个符号得到 mass × c / (n + d)；mass ×= d / (n + d)；再排除它们。n = 0 的上下文直接跳过、不付代价。"
        "最后把剩余的 mass 均匀分给从未被排除的符号。",
    ),
}


def ppm_predict(history, V, order):
    """Next-symbol distribution of PPMC (Moffat's method C) with exclusions. Start with the
    context of the last `order` symbols. Among the non-excluded symbols that followed this
    context before, one seen c times gets c / (n + d) and the escape gets d / (n + d) (n their
    total count, d how many there are); after an escape those symbols are excluded and the
    next shorter context is used; a context with no non-excluded successor is skipped at no
    cost; order -1 shares what is left equally among the remaining symbols (once every symbol
    has occurred there are none, and that escape mass is unused). With fewer than `order`
    symbols of history, start from the longest context available.

    Input: history a list of ints in 0..V-1; V the alphabet size; order >= 0.
    Output: a (V,) array of probabilities.

    >>> np.round(ppm_predict([0, 1, 0, 1], 3, 1), 6).tolist()
    [0.5, 0.333333, 0.166667]
    """
    p = np.zeros(V)
    excluded: set = set()
    mass = 1.0
    h = list(history)
    for k in range(min(order, len(h)), -1, -1):
        ctx = h[len(h) - k :] if k else []
        counts: Counter = Counter()
        for i in range(k, len(h)):
            if h[i - k : i] == ctx and h[i] not in excluded:
                counts[h[i]] += 1
        n, d = sum(counts.values()), len(counts)
        if n == 0:
            continue
        for s, c in counts.items():
            p[s] += mass * c / (n + d)
        mass *= d / (n + d)
        excluded |= set(counts)
    rest = [s for s in range(V) if s not in excluded]
    if rest:  # once every symbol has occurred, the last escape's mass is simply unused
        p[rest] += mass / len(rest)
    return p


def ppm_code_length(seq, V, order):
    """Total code length sum -log2 p in bits when each symbol of seq is predicted by
    ppm_predict from all the symbols before it.

    Input: seq a list of ints; V; order. Output: a float.

    >>> round(float(ppm_code_length([0, 0], 2, 0)), 6)
    2.0
    """
    return float(sum(-np.log2(ppm_predict(seq[:t], V, order)[s]) for t, s in enumerate(seq)))


def _final_escape(h, V, order):
    """Mass PPMC sends below order 0, computed from the incremental tables' rule."""
    excluded, mass = set(), 1.0
    for k in range(min(order, len(h)), -1, -1):
        cnt = Counter(h[i] for i in range(k, len(h)) if h[i - k : i] == h[len(h) - k :])
        live = {a: c for a, c in cnt.items() if a not in excluded}
        n, d = sum(live.values()), len(live)
        if n:
            mass *= d / (n + d)
            excluded |= set(live)
    return mass


def _ppmc_incremental(seq, V, order):
    """Independent reference: one pass with count tables updated after every symbol."""
    tables = [defaultdict(Counter) for _ in range(order + 1)]
    total = 0.0
    for t, s in enumerate(seq):
        excluded, mass, prob = set(), 1.0, None
        for k in range(min(order, t), -1, -1):
            cnt = tables[k][tuple(seq[t - k : t])]
            live = {a: c for a, c in cnt.items() if a not in excluded}
            n, d = sum(live.values()), len(live)
            if n == 0:
                continue
            if s in live:
                prob = mass * live[s] / (n + d)
                break
            mass *= d / (n + d)
            excluded |= set(live)
        if prob is None:
            prob = mass / (V - len(excluded))
        total -= np.log2(prob)
        for k in range(min(order, t) + 1):
            tables[k][tuple(seq[t - k : t])][s] += 1
    return total


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Prediction by partial matching (PPMC)")
    V = 4

    with r.case("hand-worked PPMC with exclusion: after a b a b, order 1, V = 3") as c:
        # order 1, context b: {a: 1} -> a 1/2, escape 1/2; order 0 without a: {b: 2} -> b 1/2 * 2/3,
        # escape 1/2 * 1/3; order -1 over {c}: 1/6
        c.close(f.ppm_predict([0, 1, 0, 1], 3, 1), [1 / 2, 1 / 3, 1 / 6], rtol=1e-12)
    with r.case("order 2 after 'a b c a b': context 'a b' predicts c with 1/2") as c:
        got = f.ppm_predict([0, 1, 2, 0, 1], 4, 2)
        # ctx (a, b): {c: 1} -> 1/2; escape 1/2 -> ctx (b): {c: 1} only, excluded -> skipped;
        # order 0 without c: {a: 2, b: 2} -> 1/2 * 2/6 each, escape 1/2 * 2/6 -> d: 1/6
        c.close(got, [1 / 6, 1 / 6, 1 / 2, 1 / 6], rtol=1e-12)
    with r.case("empty history predicts uniformly; a repeated symbol dominates") as c:
        c.close(f.ppm_predict([], 5, 3), np.full(5, 0.2), rtol=1e-12)
        p = f.ppm_predict([1, 1, 1, 1], 3, 2)
        c.close(p, [1 / 6, 2 / 3, 1 / 6], rtol=1e-12)
    seq_iid = [int(v) for v in rng.integers(0, V, 300)]
    with r.case("predictions are positive; they sum to 1 while a symbol is still unseen") as c:
        for t in range(0, 300, 13):
            p = np.asarray(f.ppm_predict(seq_iid[:t], V, 3))
            c.true(np.all(p > 0), f"t={t}")
            if len(set(seq_iid[:t])) < V:
                c.close(p.sum(), 1.0, rtol=1e-12)
            else:  # the final escape (order 0 -> -1) is unused: p sums to 1 - that escape
                c.close(p.sum(), 1.0 - _final_escape(seq_iid[:t], V, 3), rtol=1e-12)

    # order-2 Markov source with strong structure
    T = rng.dirichlet(np.full(V, 0.15), size=(V, V))
    mk = [0, 1]
    for _ in range(298):
        mk.append(int(rng.choice(V, p=T[mk[-2], mk[-1]])))
    with r.case("code length equals an incremental count-table PPMC (orders 0-3)") as c:
        for order in (0, 1, 2, 3):
            c.close(f.ppm_code_length(mk, V, order), _ppmc_incremental(mk, V, order), rtol=1e-10)
        c.close(
            f.ppm_code_length(seq_iid[:120], V, 2),
            _ppmc_incremental(seq_iid[:120], V, 2),
            rtol=1e-10,
        )
    with r.case("Markov-2 text: order 2 compresses better than order 0 and raw bits") as c:
        bits = [f.ppm_code_length(mk, V, o) / len(mk) for o in (0, 1, 2)]
        r.figure(
            "bits/symbol on Markov-2 text, orders 0, 1, 2 (raw: 2)", [round(b, 3) for b in bits]
        )
        c.true(bits[2] < bits[0] < 2.0, f"{bits}")
        c.true(bits[2] < 0.8 * bits[0], "context helps a lot")
    with r.case("i.i.d. uniform text: order 0 costs < 6% over log2 V; order 2 pays to learn") as c:
        b0 = f.ppm_code_length(seq_iid, V, 0) / len(seq_iid)
        b2 = f.ppm_code_length(seq_iid, V, 2) / len(seq_iid)
        r.figure("bits/symbol on uniform i.i.d. text, orders 0 | 2", [round(b0, 3), round(b2, 3)])
        c.true(1.95 <= b0 <= 2.12, f"order 0: {b0:.3f}")
        c.true(b2 > b0 + 0.1, f"order 2: {b2:.3f}")
    return r


if __name__ == "__main__":
    main(run)
