"""data-quality-filtering: keep the web documents a reference language model finds likely.

Follows Wenzek et al., "CCNet: Extracting High Quality Monolingual Datasets from Web Crawl
Data" (LREC 2020, arXiv 1911.00359): after deduplication and language identification, each
web document is scored by the perplexity of a language model trained on a high-quality
corpus (Wikipedia), and documents close to that corpus, i.e. with low perplexity, are kept.
Here an add-alpha bigram model plays the reference model, to keep the example small. Checks:
the bigram table against brute-force counts (and rows summing to one); document perplexity
against the definition written out, with a uniform model giving exactly V; the filter returns
exactly the lowest-perplexity fraction (against a sort); on planted data (documents from the
reference source mixed with shuffled and random-token junk) the kept set is almost all
clean, and keeping more lowers precision.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["bigram_logprobs", "doc_perplexity", "perplexity_filter"]

DOC_ZH = {
    "bigram_logprobs": """加 alpha 平滑的二元语言模型：log P(b | a) = log((count(a, b) + alpha) / (count(a) + alpha V))。

输入：docs，训练文档（词编号 0..V-1 的列表）的列表；V，词表大小；alpha，平滑系数。count(a, b) 统计每篇文档内相邻词对，count(a) = sum_b count(a, b)。
输出：形状 (V, V) 的数组，第 a 行第 b 列为 log P(b | a)。

>>> lp = bigram_logprobs([[0, 1, 0, 1]], 2, 1.0); np.round(np.exp(lp), 4).tolist()
[[0.25, 0.75], [0.6667, 0.3333]]
""",
    "doc_perplexity": """文档困惑度：exp(-mean_{t>=1} log P(w_t | w_{t-1}))，对第 2 个词起的每个词取平均。

输入：tokens，词编号列表（长度至少 2）；logp，bigram_logprobs 的结果。
输出：浮点数。

>>> round(float(doc_perplexity([0, 1], np.log(np.full((2, 2), 0.5)))), 6)
2.0
""",
    "perplexity_filter": """困惑度过滤：只保留困惑度最低的 keep_fraction 比例的文档（个数取 round(keep_fraction * 文档数)）。

输入：docs；logp；keep_fraction。
输出：被保留文档的下标列表，按困惑度从低到高排列。

>>> perplexity_filter([[0, 0, 0], [0, 1, 0]], np.log(np.array([[0.9, 0.1], [0.5, 0.5]])), 0.5)
[0]
""",
}

HINTS = {
    "en": (
        "Train the scorer on clean text only; a web document that reads like that text gets a "
        "low perplexity under it, junk gets a high one.",
        "C[a, b] += 1 for each adjacent pair; logp = log((C + alpha) / (C.sum(1) + alpha V)); "
        "ppl = exp(-mean(logp[w[:-1], w[1:]])); keep argsort(ppl)[:round(frac * n)].",
    ),
    "zh": (
        "只用干净文本训练打分模型；读起来像这类文本的网页在它之下困惑度低，垃圾文本困惑度高。",
        "对每个相邻词对 C[a, b] += 1；logp = log((C + alpha) / (C.sum(1) + alpha V))；"
        "ppl = exp(-mean(logp[w[:-1], w[1:]]))；保留 argsort(ppl)[:round(frac * n)]。",
    ),
}


def bigram_logprobs(docs, V, alpha):
    """Add-alpha smoothed bigram model: log P(b | a) = log((count(a, b) + alpha) /
    (count(a) + alpha V)).

    Input: docs, a list of training documents (lists of word ids 0..V-1); V, the vocabulary
    size; alpha, the smoothing constant. count(a, b) counts adjacent pairs inside each
    document and count(a) = sum_b count(a, b). Output: a (V, V) array whose entry [a, b] is
    log P(b | a).

    >>> lp = bigram_logprobs([[0, 1, 0, 1]], 2, 1.0); np.round(np.exp(lp), 4).tolist()
    [[0.25, 0.75], [0.6667, 0.3333]]
    """
    C = np.zeros((V, V))
    for d in docs:
        for a, b in zip(d, d[1:]):
            C[a, b] += 1
    return np.log((C + alpha) / (C.sum(axis=1, keepdims=True) + alpha * V))


def doc_perplexity(tokens, logp):
    """Document perplexity: exp(-mean over t >= 1 of log P(w_t | w_{t-1})), averaged over
    every word from the second on.

    Input: tokens, a list of word ids (at least 2); logp, from bigram_logprobs. Output: a
    float.

    >>> round(float(doc_perplexity([0, 1], np.log(np.full((2, 2), 0.5)))), 6)
    2.0
    """
    t = np.asarray(tokens)
    return float(np.exp(-np.mean(logp[t[:-1], t[1:]])))


def perplexity_filter(docs, logp, keep_fraction):
    """Perplexity filtering: keep the keep_fraction of documents with the lowest perplexity
    (round(keep_fraction * number of documents) of them).

    Input: docs; logp; keep_fraction. Output: the kept document indices, lowest perplexity
    first.

    >>> perplexity_filter([[0, 0, 0], [0, 1, 0]], np.log(np.array([[0.9, 0.1], [0.5, 0.5]])), 0.5)
    [0]
    """
    ppl = [doc_perplexity(d, logp) for d in docs]
    k = int(round(keep_fraction * len(docs)))
    return [int(i) for i in np.argsort(ppl, kind="stable")[:k]]


def markov_docs(rng, T, n_docs, length):
    V = T.shape[0]
    docs = []
    for _ in range(n_docs):
        w = [int(rng.integers(V))]
        for _ in range(length - 1):
            w.append(int(rng.choice(V, p=T[w[-1]])))
        docs.append(w)
    return docs


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Perplexity filtering of web text (CCNet)")
    V = 30
    T = rng.dirichlet(np.full(V, 0.1), size=V)  # the "Wikipedia" source: a peaked Markov chain
    wiki = markov_docs(rng, T, 40, 60)

    with r.case("bigram table equals brute-force counts; rows sum to one") as c:
        for alpha in (1.0, 0.1):
            lp = np.asarray(f.bigram_logprobs(wiki, V, alpha))
            cnt = {}
            for d in wiki:
                for i in range(len(d) - 1):
                    cnt[(d[i], d[i + 1])] = cnt.get((d[i], d[i + 1]), 0) + 1
            for a in (0, 7, 29):
                row_total = sum(v for (x, _), v in cnt.items() if x == a)
                want = [
                    np.log((cnt.get((a, b), 0) + alpha) / (row_total + alpha * V)) for b in range(V)
                ]
                c.close(lp[a], want, rtol=1e-12)
            c.close(np.exp(lp).sum(1), np.ones(V), rtol=1e-12)
    lp = np.asarray(bigram_logprobs(wiki, V, 0.1))

    with r.case("document perplexity equals the definition; uniform model gives V") as c:
        for d in wiki[:5]:
            s = sum(lp[d[i - 1], d[i]] for i in range(1, len(d)))
            c.close(f.doc_perplexity(d, lp), np.exp(-s / (len(d) - 1)), rtol=1e-12)
        c.close(f.doc_perplexity(wiki[0], np.log(np.full((V, V), 1 / V))), V, rtol=1e-12)

    clean = markov_docs(rng, T, 60, 50)
    shuffled = [list(rng.permutation(d)) for d in markov_docs(rng, T, 20, 50)]
    noise = [list(rng.integers(0, V, 50)) for _ in range(20)]
    web = clean + shuffled + noise
    is_clean = np.array([True] * 60 + [False] * 40)
    with r.case("filter keeps exactly the lowest-perplexity fraction") as c:
        ppl = np.array([doc_perplexity(d, lp) for d in web])
        for frac in (0.1, 0.37, 0.6, 1.0):
            kept = f.perplexity_filter(web, lp, frac)
            k = int(round(frac * len(web)))
            c.equal(sorted(kept), sorted(np.argsort(ppl)[:k].tolist()))
            c.true(all(ppl[a] <= ppl[b] for a, b in zip(kept, kept[1:])), "lowest first")
    with r.case("kept documents are almost all clean; keeping more lowers precision") as c:
        prec = []
        for frac in (0.3, 0.6, 0.9):
            kept = f.perplexity_filter(web, lp, frac)
            prec.append(float(is_clean[kept].mean()))
        r.figure("precision of the kept set at 30% | 60% | 90% kept", prec)
        c.true(prec[0] == 1.0 and prec[1] >= 0.9 and prec[2] < prec[1], str(prec))
    return r


if __name__ == "__main__":
    main(run)
