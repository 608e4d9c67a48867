"""minhash-deduplication: shingles, MinHash signatures and LSH banding for near-duplicates.

Follows Broder (1997), "On the resemblance and containment of documents": the resemblance of
two documents is the Jaccard similarity of their shingle sets, and for a random permutation
of the shingle universe the two minima agree with probability exactly that resemblance. Lee
et al. (arXiv 2107.06499) show why it matters for LLMs: near-duplicate training examples
cause verbatim memorisation and train-test overlap. Checks: shingles against a brute-force window scan; every
signature entry is the minimum rank of the set under that permutation and a signature of a
union is the elementwise minimum; with ALL |U|! permutations of a 6-element universe the
agreement rate equals the Jaccard similarity exactly (Fraction); with 600 random permutations
the estimate is within 4 binomial standard deviations of exact Jaccard for 12 document pairs;
the banding probability 1 - (1 - s^r)^b equals enumeration of all 2^(b r) agreement patterns
and a Monte Carlo over real signatures.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import permutations, product

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["shingles", "minhash_signature", "lsh_candidate_probability"]

DOC_ZH = {
    "shingles": """文档的 n-gram 瓦片集合（shingles）：所有长度为 n 的连续词元窗口。

输入：tokens，词元列表；n，窗口长度。
输出：由元组组成的 set；len(tokens) < n 时为空集。

>>> sorted(shingles(["a", "b", "a", "b"], 2))
[('a', 'b'), ('b', 'a')]
""",
    "minhash_signature": """MinHash 签名：对每个置换取集合中元素的最小秩。

输入：items，整数元素 id 的集合（0..U-1）；perms，形状 (K, U) 的整数数组，perms[k, x] 为元素 x 在第 k 个置换下的秩。
输出：长度 K 的整数数组，第 k 项为 min_{x in items} perms[k, x]。

>>> minhash_signature({0, 2}, np.array([[2, 0, 1], [0, 2, 1]])).tolist()
[1, 0]
""",
    "lsh_candidate_probability": """LSH 分带：签名分成 b 带、每带 r 行，至少有一带完全相同就成为候选对；求其概率。

输入：s，两文档的 Jaccard 相似度（每行签名相同的概率）；b，带数；r，每带行数。
输出：浮点数 1 - (1 - s^r)^b。

>>> round(lsh_candidate_probability(0.5, 2, 2), 6)
0.4375
""",
}

HINTS = {
    "en": (
        "Under a random permutation, the first element of A union B to appear lies in both sets "
        "with probability |A & B| / |A | B|: that is why minima agree at the Jaccard rate.",
        "signature[k] = min over x in items of perms[k, x]; Jaccard estimate = mean of equal "
        "entries; a band of r rows matches with probability s^r, so P(candidate) = "
        "1 - (1 - s^r)^b.",
    ),
    "zh": (
        "在随机置换下，A 与 B 的并集中最先出现的元素同时属于两个集合的概率是 |A∩B| / |A∪B|：这就是最小值相同的概率等于 Jaccard 相似度的原因。",
        "signature[k] = min_{x in items} perms[k, x]；Jaccard 估计为签名相等项的比例；"
        "一带 r 行全相同的概率为 s^r，所以候选概率为 1 - (1 - s^r)^b。",
    ),
}


def shingles(tokens, n):
    """The n-gram shingle set of a document: every run of n consecutive tokens.

    Input: tokens, a list of tokens; n, the window length. Output: a set of tuples (empty when
    len(tokens) < n).

    >>> sorted(shingles(["a", "b", "a", "b"], 2))
    [('a', 'b'), ('b', 'a')]
    """
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def minhash_signature(items, perms):
    """MinHash signature: for each permutation, the smallest rank of any element of the set.

    Input: items, a set of integer element ids in 0..U-1; perms, an int array (K, U) with
    perms[k, x] the rank of element x under permutation k. Output: an int array of length K
    whose entry k is min over x in items of perms[k, x].

    >>> minhash_signature({0, 2}, np.array([[2, 0, 1], [0, 2, 1]])).tolist()
    [1, 0]
    """
    idx = np.fromiter(items, dtype=int)
    return perms[:, idx].min(axis=1)


def lsh_candidate_probability(s, b, r):
    """LSH banding: split the signature into b bands of r rows; a pair is a candidate when
    some band agrees in all its rows. The probability of that.

    Input: s, the pair's Jaccard similarity (the chance that one row agrees); b bands; r rows
    per band. Output: the float 1 - (1 - s^r)^b.

    >>> round(lsh_candidate_probability(0.5, 2, 2), 6)
    0.4375
    """
    return 1.0 - (1.0 - s**r) ** b


def jaccard(a, b):
    return len(a & b) / len(a | b)


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("MinHash: signatures estimate Jaccard similarity; LSH bands pick candidates")

    words = "the cat sat on the mat and the dog sat on the log".split()
    with r.case("shingles equal a brute-force scan of all windows") as c:
        for n in (1, 2, 3, 5, 13, 14):
            want = set()
            for i in range(len(words)):
                if i + n <= len(words):
                    want.add(tuple(words[i + j] for j in range(n)))
            got = f.shingles(words, n)
            c.true(set(got) == want, f"n={n}: {len(set(got))} vs {len(want)}")

    U, K = 40, 600
    perms = np.array([rng.permutation(U) for _ in range(K)])
    with r.case("signature entries are minimum ranks; union signature is the elementwise min") as c:
        for _ in range(5):
            A = set(rng.choice(U, 7, replace=False).tolist())
            B = set(rng.choice(U, 9, replace=False).tolist())
            sa, sb = f.minhash_signature(A, perms), f.minhash_signature(B, perms)
            want = [min(int(perms[k, x]) for x in A) for k in range(K)]
            c.equal(np.asarray(sa), np.array(want))
            c.equal(np.asarray(f.minhash_signature(A | B, perms)), np.minimum(sa, sb))

    with r.case("over all 720 permutations of 6 elements, agreement rate = Jaccard exactly") as c:
        allp = np.array([np.argsort(p) for p in permutations(range(6))])  # rank tables
        for A, B in [({0, 1, 2}, {1, 2, 3}), ({0}, {0, 5}), ({0, 1}, {2, 3}), ({1, 4}, {1, 4})]:
            agree = f.minhash_signature(A, allp) == f.minhash_signature(B, allp)
            c.equal(Fraction(int(agree.sum()), len(allp)), Fraction(len(A & B), len(A | B)))

    # Near-duplicate documents built by editing a base text; shingles are mapped to ids.
    vocab = [f"w{i}" for i in range(30)]
    base = rng.choice(vocab, 60).tolist()
    docs = [base]
    for edits in (1, 2, 4, 8, 16, 30, 60):
        d = list(base)
        for pos in rng.choice(len(d), edits, replace=False):
            d[pos] = vocab[rng.integers(len(vocab))]
        docs.append(d)
    sets = [shingles_ref(d, 3) for d in docs]
    universe = sorted(set().union(*sets))
    ids = {g: i for i, g in enumerate(universe)}
    idsets = [{ids[g] for g in s} for s in sets]
    P = np.array([rng.permutation(len(universe)) for _ in range(K)])
    pairs = [(0, j) for j in range(1, 8)] + [(1, 2), (2, 3), (3, 5), (4, 7), (6, 7)]
    errs = []
    with r.case("estimates within 4 binomial standard deviations of exact Jaccard (K = 600)") as c:
        sigs = [f.minhash_signature(s, P) for s in idsets]
        for i, j in pairs:
            J = jaccard(idsets[i], idsets[j])
            est = float(np.mean(sigs[i] == sigs[j]))
            errs.append(round(est - J, 4))
            tol = 4 * np.sqrt(max(J * (1 - J), 1e-3) / K)
            c.true(abs(est - J) <= tol, f"pair {i},{j}: est {est:.3f} vs J {J:.3f}")
    r.figure("MinHash estimate - exact Jaccard, 12 pairs (K = 600)", errs)

    with r.case(
        "banding probability equals enumeration of all 2^(b r) row-agreement patterns"
    ) as c:
        for s, b, rr in [(0.3, 2, 3), (0.8, 3, 2), (0.5, 1, 4), (0.9, 4, 2), (0.6, 2, 1)]:
            tot = 0.0
            for pat in product((0, 1), repeat=b * rr):
                pr = np.prod([s if x else 1 - s for x in pat])
                bands = np.reshape(pat, (b, rr))
                tot += pr * float(any(all(band) for band in bands))
            c.close(f.lsh_candidate_probability(s, b, rr), tot, rtol=1e-12)

    with r.case("banding probability matches a Monte Carlo over real signatures") as c:
        b, rr = 20, 5
        for i, j in [(0, 3), (0, 5), (0, 6)]:
            J = jaccard(idsets[i], idsets[j])
            hits = 0
            trials = 300
            for _ in range(trials):
                Pt = np.array([rng.permutation(len(universe)) for _ in range(b * rr)])
                si = Pt[:, list(idsets[i])].min(1).reshape(b, rr)
                sj = Pt[:, list(idsets[j])].min(1).reshape(b, rr)
                hits += bool(np.any(np.all(si == sj, axis=1)))
            p = f.lsh_candidate_probability(J, b, rr)
            c.true(abs(hits / trials - p) <= 4 * np.sqrt(max(p * (1 - p), 1e-2) / trials))
    return r


def shingles_ref(tokens, n):
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


if __name__ == "__main__":
    main(run)
