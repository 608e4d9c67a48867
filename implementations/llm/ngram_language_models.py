"""ngram-language-models: a bigram language model with add-k smoothing and its perplexity.

Follows the classical count-based n-gram model (Goodfellow et al. 2016, ch. 12; d2l ch. 9):
P(w_t | w_{t-1}) = (c(w_{t-1}, w_t) + k) / (c(w_{t-1}) + kV). Checks: every conditional
distribution sums to one, perplexity computed two independent ways agrees, k -> infinity
gives the uniform model (perplexity = V), and the MLE (k = 0) has the smallest training
cross-entropy (Gibbs' inequality).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main

TRAIN = (
    "the cat sat on the mat . the dog sat on the log . "
    "the cat saw the dog . the dog saw the cat on the mat ."
).split()
TEST = "the dog sat on the mat . the cat saw the log .".split()


def bigram_table(tokens, vocab, k):
    idx = {w: i for i, w in enumerate(vocab)}
    V = len(vocab)
    C = np.zeros((V, V))
    for a, b in zip(tokens, tokens[1:]):
        C[idx[a], idx[b]] += 1
    P = (C + k) / (C.sum(axis=1, keepdims=True) + k * V)  # add-k smoothing, row = context
    return P, idx


def nll_per_token(P, idx, tokens):
    lp = [np.log(P[idx[a], idx[b]]) for a, b in zip(tokens, tokens[1:])]
    return -float(np.mean(lp)), np.array(lp)


def run() -> Report:
    r = Report("Bigram language model with add-k smoothing")
    vocab = sorted(set(TRAIN) | set(TEST))
    V = len(vocab)
    P, idx = bigram_table(TRAIN, vocab, k=0.5)
    ce, lp = nll_per_token(P, idx, TEST)
    ppl_exp = np.exp(ce)  # exp of cross-entropy (nats)
    ppl_geo = np.prod(np.exp(-lp)) ** (1.0 / len(lp))  # geometric mean of 1/p
    r.figure("vocabulary size V", V)
    r.figure("test cross-entropy (nats/token)", ce)
    r.figure("test perplexity", ppl_exp)

    # Contexts that never occur in TRAIN still get a proper (uniform) distribution.
    r.check_close("each row P(.|w) sums to one", P.sum(axis=1), np.ones(V), rtol=1e-12)
    r.check_close("perplexity: exp(mean NLL) == (prod 1/p)^(1/N)", ppl_exp, ppl_geo, rtol=1e-10)
    r.check_close(
        "perplexity in bits agrees: 2^(CE/ln 2)", 2 ** (ce / np.log(2)), ppl_exp, rtol=1e-12
    )

    # Huge k washes out the counts: the model tends to uniform, whose perplexity is exactly V.
    Pu, _ = bigram_table(TRAIN, vocab, k=1e12)
    r.check_close(
        "k -> inf gives perplexity V", np.exp(nll_per_token(Pu, idx, TEST)[0]), V, rtol=1e-6
    )

    # On the training text the unsmoothed MLE is the best bigram model (Gibbs' inequality),
    # so its training cross-entropy is below every smoothed model's.
    ce_mle = nll_per_token(bigram_table(TRAIN, vocab, 0.0)[0], idx, TRAIN)[0]
    ce_k = [
        nll_per_token(bigram_table(TRAIN, vocab, k)[0], idx, TRAIN)[0] for k in (0.01, 0.1, 1.0)
    ]
    r.figure("train CE for k = 0, 0.01, 0.1, 1", [ce_mle] + ce_k)
    r.check("MLE has the lowest training cross-entropy", all(ce_mle < c for c in ce_k))
    return r


if __name__ == "__main__":
    main(run)
