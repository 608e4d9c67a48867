"""retrieval-augmented-generation: retrieve top-k passages by similarity, marginalise over them.

Follows Lewis et al. (2020), Sec. 2: p_eta(z|x) proportional to exp(d(z) . q(x)) over the top-k
retrieved documents; RAG-Sequence p(y|x) = sum_z p_eta(z|x) prod_i p_theta(y_i|x,z,y_<i);
RAG-Token p(y|x) = prod_i sum_z p_eta(z|x) p_theta(y_i|x,z,y_<i). Here cosine similarity over
a temperature stands in for the inner product; the toy generator gives each document its own
next-token tables. Checks: vectorised cosine top-k (scores and order) equals a brute-force
per-pair loop of u.v/(|u||v|); both RAG variants equal explicit loops over documents, are
normalised over all V^2 outputs and coincide for one-token outputs but not for two; with
k = all documents RAG-Sequence equals the full marginal, and truncating to k changes p(y|x) by
at most the dropped retrieval mass.
"""

from __future__ import annotations

import math
from itertools import product

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["top_k_cosine", "rag_sequence", "rag_token"]

DOC_ZH = {
    "top_k_cosine": """按余弦相似度检索：返回与查询 q 最相似的 k 个文档（从高到低）以及所有文档的相似度。

cos(u, v) = u . v / (|u| |v|)。
输入：D，(n_docs, dim) 文档向量；q，(dim,) 查询向量；k，检索个数。
输出：(idx, s)：idx 是长度 k 的整数数组（相似度降序），s 是长度 n_docs 的相似度数组。

>>> idx, s = top_k_cosine(np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]), np.array([0.0, 1.0]), 2)
>>> idx.tolist(), s.round(6).tolist()
([1, 2], [0.0, 1.0, 0.707107])
""",
    "rag_sequence": """RAG-Sequence：p(y|x) = sum_z p(z|x) prod_i p(y_i | x, z, y_<i)，对检索到的文档求和。

p(z|x) = softmax(s[docs] / tau)（只在 docs 上归一化）。生成器：第一个词的表 P1[z, y1]，
第二个词的表 P2[z, y1, y2]。
输入：s，所有文档的相似度；P1，(n_docs, V)；P2，(n_docs, V, V)；docs，检索到的文档编号；
y，长度 1 或 2 的输出序列；tau，温度。
输出：一个 float。

>>> P1 = np.array([[1.0, 0.0], [0.0, 1.0]])
>>> round(rag_sequence(np.zeros(2), P1, np.full((2, 2, 2), 0.5), [0, 1], (0, 1), 1.0), 6)
0.25
""",
    "rag_token": """RAG-Token：p(y|x) = prod_i sum_z p(z|x) p(y_i | x, z, y_<i)，每个词元各自对文档边缘化。

p(z|x)、P1、P2 与 rag_sequence 相同。
输入：同 rag_sequence。
输出：一个 float。

>>> P1 = np.array([[1.0, 0.0], [0.0, 1.0]])
>>> round(rag_token(np.zeros(2), P1, np.full((2, 2, 2), 0.5), [0, 1], (0, 1), 1.0), 6)
0.25
""",
}

HINTS = {
    "en": (
        "Normalise the vectors before the dot products; RAG-Sequence mixes whole sequences over "
        "documents, RAG-Token mixes each token separately.",
        "s = (D / |D|) @ (q / |q|), top-k by sorting -s. With pz = softmax(s[docs] / tau): "
        "sequence = sum_j pz_j P1[z_j, y1] P2[z_j, y1, y2]; token = (pz @ P1[docs, y1]) * "
        "(pz @ P2[docs, y1, y2]) (only the first factor for one-token outputs).",
    ),
    "zh": (
        "做点积之前先把向量归一化；RAG-Sequence 对整条序列在文档上混合，RAG-Token 对每个词元分别混合。",
        "s = (D / |D|) @ (q / |q|)，按 -s 排序取前 k 个。令 pz = softmax(s[docs] / tau)：sequence = "
        "sum_j pz_j P1[z_j, y1] P2[z_j, y1, y2]；token = (pz @ P1[docs, y1]) * (pz @ P2[docs, y1, y2])"
        "（单个词元的输出只取第一个因子）。",
    ),
}


def softmax(a):
    e = np.exp(a - a.max())
    return e / e.sum()


def top_k_cosine(D, q, k):
    """Retrieve by cosine similarity: the k documents most similar to the query q (best first)
    and the similarities of all documents; cos(u, v) = u . v / (|u| |v|).

    Input: D, (n_docs, dim) document vectors; q, (dim,) query; k, how many to return.
    Output: (idx, s): idx, k integers in decreasing similarity; s, the n_docs similarities.

    >>> idx, s = top_k_cosine(np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]), np.array([0.0, 1.0]), 2)
    >>> idx.tolist(), s.round(6).tolist()
    ([1, 2], [0.0, 1.0, 0.707107])
    """
    Dn = D / np.linalg.norm(D, axis=1, keepdims=True)
    s = Dn @ (q / np.linalg.norm(q))
    return np.argsort(-s, kind="stable")[:k], s  # a full sort: n_docs is small here


def rag_sequence(s, P1, P2, docs, y, tau):
    """RAG-Sequence: p(y|x) = sum_z p(z|x) prod_i p(y_i | x, z, y_<i) over the retrieved docs.

    p(z|x) = softmax(s[docs] / tau) (normalised over docs only). Generator: first-token table
    P1[z, y1], second-token table P2[z, y1, y2].
    Input: s, similarities of all documents; P1, (n_docs, V); P2, (n_docs, V, V); docs,
    the retrieved document ids; y, an output of length 1 or 2; tau, the temperature.
    Output: a float.

    >>> P1 = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> round(rag_sequence(np.zeros(2), P1, np.full((2, 2, 2), 0.5), [0, 1], (0, 1), 1.0), 6)
    0.25
    """
    pz = softmax(s[docs] / tau)
    return float(
        sum(
            pz[j] * P1[z, y[0]] * (P2[z, y[0], y[1]] if len(y) > 1 else 1.0)
            for j, z in enumerate(docs)
        )
    )


def rag_token(s, P1, P2, docs, y, tau):
    """RAG-Token: p(y|x) = prod_i sum_z p(z|x) p(y_i | x, z, y_<i), each token marginalised
    over the documents on its own. p(z|x), P1 and P2 as in rag_sequence.

    Input: as rag_sequence. Output: a float.

    >>> P1 = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> round(rag_token(np.zeros(2), P1, np.full((2, 2, 2), 0.5), [0, 1], (0, 1), 1.0), 6)
    0.25
    """
    pz = softmax(s[docs] / tau)
    p = float(pz @ P1[docs, y[0]])
    return p if len(y) == 1 else p * float(pz @ P2[docs, y[0], y[1]])


def _pz_loop(s, docs, tau):
    e = [math.exp(s[z] / tau) for z in docs]
    return [v / sum(e) for v in e]


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Retrieval-augmented generation")
    n_docs, dim, V, k = 200, 16, 5, 5
    D = rng.normal(size=(n_docs, dim)) * rng.uniform(0.1, 10, size=(n_docs, 1))  # varied norms
    q = D[17] / np.linalg.norm(D[17]) + 0.5 * rng.normal(size=dim) / 4  # close to doc 17

    # 1. Retrieval: vectorised cosine top-k vs a brute-force loop over all documents.
    cos = [
        float(np.dot(D[i], q)) / (np.sqrt(np.dot(D[i], D[i])) * np.sqrt(np.dot(q, q)))
        for i in range(n_docs)
    ]
    brute = sorted(range(n_docs), key=lambda i: -cos[i])[:k]
    with R.case("top-k by normalised dot product equals brute-force cosine ranking") as c:
        idx, s = f.top_k_cosine(D, q, k)
        idx = [int(i) for i in idx]
        c.equal(idx, brute)
        c.close(s, cos, rtol=1e-12)
        c.equal([int(i) for i in f.top_k_cosine(D, q, 1)[0]], brute[:1])
        c.equal([int(i) for i in f.top_k_cosine(D, 3 * q, 12)[0]],
                sorted(range(n_docs), key=lambda i: -cos[i])[:12])
    with R.case("the planted neighbour (doc 17) is ranked first") as c:
        c.equal(idx[0], 17)

    # 2. Generator: per document, a first-token table and a second-token table given the first.
    P1 = rng.dirichlet(np.ones(V) * 0.5, size=n_docs)  # p(y1 | x, z)
    P2 = rng.dirichlet(np.ones(V) * 0.5, size=(n_docs, V))  # p(y2 | x, z, y1)
    tau = 0.1
    s = np.array(cos)
    outs = list(product(range(V), repeat=2))
    pz = _pz_loop(s, brute, tau)
    with R.case("RAG-Sequence and RAG-Token == explicit loops over the top-k documents") as c:
        for y in outs[:7]:
            seq = sum(pz[j] * P1[z, y[0]] * P2[z, y[0], y[1]] for j, z in enumerate(brute))
            tok = (sum(pz[j] * P1[z, y[0]] for j, z in enumerate(brute))
                   * sum(pz[j] * P2[z, y[0], y[1]] for j, z in enumerate(brute)))
            c.close(f.rag_sequence(s, P1, P2, brute, y, tau), seq, rtol=1e-10)
            c.close(f.rag_token(s, P1, P2, brute, y, tau), tok, rtol=1e-10)
        c.close(f.rag_sequence(s, P1, P2, brute, (2,), tau),
                sum(pz[j] * P1[z, 2] for j, z in enumerate(brute)), rtol=1e-10)
        c.close(f.rag_token(s * 0 + 100.0, P1, P2, brute, (2,), 1e-3),
                np.mean(P1[brute, 2]), rtol=1e-10)  # equal, huge scores: uniform over docs
    with R.case("RAG-Sequence and RAG-Token each sum to 1 over all V^2 outputs") as c:
        tot_s = sum(f.rag_sequence(s, P1, P2, brute, y, tau) for y in outs)
        tot_t = sum(f.rag_token(s, P1, P2, brute, y, tau) for y in outs)
        c.close([tot_s, tot_t], [1.0, 1.0], rtol=1e-12)
    with R.case("RAG-Sequence = RAG-Token for one-token outputs, but not for two tokens") as c:
        one = max(abs(f.rag_sequence(s, P1, P2, brute, (y,), tau)
                      - f.rag_token(s, P1, P2, brute, (y,), tau)) for y in range(V))
        two = max(abs(f.rag_sequence(s, P1, P2, brute, y, tau)
                      - f.rag_token(s, P1, P2, brute, y, tau)) for y in outs)
        c.true(one < 1e-15 and two > 1e-3, f"1 token: {one:.1e}, 2 tokens: {two:.3f}")

    # 3. Top-k marginalisation is an approximation of the marginal over the whole corpus.
    everything = list(np.argsort(-s))
    pfull = softmax(s / tau)
    loop = np.array([sum(pfull[z] * P1[z, y[0]] * P2[z, y[0], y[1]] for z in range(n_docs))
                     for y in outs])
    with R.case("k = all documents reproduces the full marginal sum_z p(z|x) p(y|x,z)") as c:
        full = np.array([f.rag_sequence(s, P1, P2, everything, y, tau) for y in outs])
        c.close(full, loop, rtol=1e-10)
    with R.case("|p_topk(y|x) - p_full(y|x)| <= retrieval mass outside the top-k") as c:
        dropped = 1 - pfull[brute].sum()
        topk = np.array([f.rag_sequence(s, P1, P2, brute, y, tau) for y in outs])
        c.true(bool(np.all(np.abs(topk - loop) <= dropped + 1e-12)),
               f"max diff {np.abs(topk - loop).max():.2e}, dropped mass {dropped:.2e}")
        c.true(np.abs(topk - loop).max() > 0)
    R.figure("retrieval distribution over the top-5 docs", [round(float(x), 3) for x in pz])
    return R


if __name__ == "__main__":
    main(run)
