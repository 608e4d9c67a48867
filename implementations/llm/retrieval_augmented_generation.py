"""retrieval-augmented-generation: retrieve top-k passages by similarity, marginalise over them.

Follows Lewis et al. (2020), Sec. 2: p_eta(z|x) proportional to exp(d(z) . q(x)) over the top-k
retrieved documents; RAG-Sequence p(y|x) = sum_z p_eta(z|x) prod_i p_theta(y_i|x,z,y_<i);
RAG-Token p(y|x) = prod_i sum_z p_eta(z|x) p_theta(y_i|x,z,y_<i). Here cosine similarity over
a temperature stands in for the inner product; the toy generator gives each document its own
next-token tables. Checks: vectorised cosine top-k equals a brute-force per-pair loop of
u.v/(|u||v|); both RAG variants are normalised over all V^2 outputs and
coincide for one-token outputs but not for two; with k = all documents the top-k formula equals
the full marginal, and truncating to k changes p(y|x) by at most the dropped retrieval mass.
"""

from __future__ import annotations

from itertools import product

import numpy as np

from implementations._common import Report, main


def softmax(a):
    e = np.exp(a - a.max())
    return e / e.sum()


def top_k_cosine(D, q, k):
    Dn = D / np.linalg.norm(D, axis=1, keepdims=True)
    s = Dn @ (q / np.linalg.norm(q))
    idx = np.argpartition(-s, k - 1)[:k]
    return idx[np.argsort(-s[idx])], s


def run() -> Report:
    rng = np.random.default_rng(0)
    R = Report("Retrieval-augmented generation")
    n_docs, dim, V, k = 200, 16, 5, 5
    D = rng.normal(size=(n_docs, dim))  # document embeddings
    q = D[17] + 0.5 * rng.normal(size=dim)  # a query close to document 17

    # 1. Retrieval: vectorised cosine top-k vs a brute-force loop over all documents.
    idx, s = top_k_cosine(D, q, k)
    cos = [
        float(np.dot(D[i], q)) / (np.sqrt(np.dot(D[i], D[i])) * np.sqrt(np.dot(q, q)))
        for i in range(n_docs)
    ]
    brute = sorted(range(n_docs), key=lambda i: -cos[i])[:k]
    R.check(
        "top-k by normalised dot product equals brute-force cosine ranking",
        [int(i) for i in idx] == brute,
        f"{[int(i) for i in idx]}",
    )
    R.check("the planted neighbour (doc 17) is ranked first", idx[0] == 17)

    # 2. Generator: per document, a first-token table and a second-token table given the first.
    P1 = rng.dirichlet(np.ones(V) * 0.5, size=n_docs)  # p(y1 | x, z)
    P2 = rng.dirichlet(np.ones(V) * 0.5, size=(n_docs, V))  # p(y2 | x, z, y1)
    tau = 0.1

    def rag_seq(docs, y):
        pz = softmax(s[docs] / tau)
        return float(
            sum(
                pz[j] * P1[z, y[0]] * (P2[z, y[0], y[1]] if len(y) > 1 else 1.0)
                for j, z in enumerate(docs)
            )
        )

    def rag_tok(docs, y):
        pz = softmax(s[docs] / tau)
        p = float(pz @ P1[docs, y[0]])
        return p if len(y) == 1 else p * float(pz @ P2[docs, y[0], y[1]])

    outs = list(product(range(V), repeat=2))
    tot_s, tot_t = sum(rag_seq(idx, y) for y in outs), sum(rag_tok(idx, y) for y in outs)
    R.check(
        "RAG-Sequence and RAG-Token each sum to 1 over all V^2 outputs",
        abs(tot_s - 1) < 1e-12 and abs(tot_t - 1) < 1e-12,
    )
    one = max(abs(rag_seq(idx, (y,)) - rag_tok(idx, (y,))) for y in range(V))
    two = max(abs(rag_seq(idx, y) - rag_tok(idx, y)) for y in outs)
    R.check(
        "RAG-Sequence = RAG-Token for one-token outputs, but not for two tokens",
        one < 1e-15 and two > 1e-3,
        f"1 token: {one:.1e}, 2 tokens: {two:.3f}",
    )

    # 3. Top-k marginalisation is an approximation of the marginal over the whole corpus.
    everything = np.argsort(-s)
    full = np.array([rag_seq(everything, y) for y in outs])
    loop = np.array(
        [
            sum(softmax(s / tau)[z] * P1[z, y[0]] * P2[z, y[0], y[1]] for z in range(n_docs))
            for y in outs
        ]
    )
    R.check_close(
        "k = all documents reproduces the full marginal sum_z p(z|x) p(y|x,z)",
        full,
        loop,
        rtol=1e-10,
    )
    dropped = 1 - softmax(s / tau)[idx].sum()
    topk = np.array([rag_seq(idx, y) for y in outs])
    R.check(
        "|p_topk(y|x) - p_full(y|x)| <= retrieval mass outside the top-k",
        bool(np.all(np.abs(topk - full) <= dropped + 1e-12)),
        f"max diff {np.abs(topk - full).max():.2e}, dropped mass {dropped:.2e}",
    )
    R.figure(
        "retrieval distribution over the top-5 docs",
        [round(float(x), 3) for x in softmax(s[idx] / tau)],
    )
    return R


if __name__ == "__main__":
    main(run)
