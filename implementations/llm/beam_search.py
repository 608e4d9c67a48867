"""beam-search: keep the k best partial sequences by summed log-probability.

Follows d2l-en Sec. 10.8 (greedy, exhaustive and beam search; greedy = beam size 1). The toy
language model is a random second-order Markov model over V tokens. Checks: beam size 1 equals
step-by-step greedy decoding; beam size V^T returns exactly the exhaustive ranking of all V^T
sequences; the Viterbi dynamic programme (first-order model) equals exhaustive search; and no
beam size beats the exhaustive optimum.
"""

from __future__ import annotations

from itertools import product

import numpy as np

from implementations._common import Report, main


def make_model(rng, V):
    """log P(y_t | y_{t-2}, y_{t-1}); index V stands for the start symbol."""
    logits = rng.normal(0, 1.5, (V + 1, V + 1, V))
    return logits - np.log(np.exp(logits).sum(-1, keepdims=True))


def seq_logp(lp, seq, V):
    a, b, s = V, V, 0.0
    for y in seq:
        s += lp[a, b, y]
        a, b = b, y
    return s


def beam_search(lp, V, T, k):
    beams = [((), 0.0)]
    for _ in range(T):
        cand = []
        for seq, s in beams:
            a = seq[-2] if len(seq) > 1 else V
            b = seq[-1] if seq else V
            cand += [(seq + (y,), s + lp[a, b, y]) for y in range(V)]
        cand.sort(key=lambda c: -c[1])
        beams = cand[:k]
    return beams


def greedy(lp, V, T):
    seq, a, b = [], V, V
    for _ in range(T):
        y = int(np.argmax(lp[a, b]))
        seq.append(y)
        a, b = b, y
    return tuple(seq)


def viterbi(lp1, V, T):
    """Exact argmax for a first-order model lp1[prev, y] (prev = V is the start)."""
    score, back = lp1[V].copy(), []
    for _ in range(T - 1):
        tot = score[:, None] + lp1[:V]  # tot[prev, y]
        back.append(tot.argmax(0))
        score = tot.max(0)
    y = int(score.argmax())
    best, seq = score[y], [y]
    for bp in reversed(back):
        y = int(bp[y])
        seq.append(y)
    return tuple(reversed(seq)), best


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Beam search vs greedy and exhaustive search")
    V, T = 4, 5
    all_seqs = list(product(range(V), repeat=T))
    lp = make_model(rng, V)
    while beam_search(lp, V, T, 1)[0][1] >= max(seq_logp(lp, s, V) for s in all_seqs) - 1e-9:
        lp = make_model(rng, V)  # pick a model on which greedy is not optimal
    exhaustive = sorted(((s, seq_logp(lp, s, V)) for s in all_seqs), key=lambda c: -c[1])

    r.check(
        "beam size 1 equals greedy decoding", beam_search(lp, V, T, 1)[0][0] == greedy(lp, V, T)
    )

    full = beam_search(lp, V, T, V**T)
    same_order = [s for s, _ in full] == [s for s, _ in exhaustive]
    r.check(
        "beam size V^T reproduces the exhaustive ranking of all V^T sequences",
        same_order,
        f"{len(full)} sequences",
    )
    r.check_close(
        "... and the same log-probabilities",
        [c[1] for c in full],
        [c[1] for c in exhaustive],
        rtol=1e-12,
    )

    best = exhaustive[0][1]
    scores = [beam_search(lp, V, T, k)[0][1] for k in (1, 2, 3, 4, 8, 16)]
    r.figure(
        "best log-prob for beam 1,2,3,4,8,16 | exhaustive",
        [round(float(s), 4) for s in scores] + [round(float(best), 4)],
    )
    r.check("no beam size exceeds the exhaustive optimum", all(s <= best + 1e-12 for s in scores))

    # Probabilities of all sequences sum to 1 (the model is a proper distribution over V^T).
    r.check_close(
        "sum over all V^T sequences of P(seq) = 1",
        np.exp([c[1] for c in exhaustive]).sum(),
        1.0,
        rtol=1e-12,
    )

    # First-order model: dynamic programming finds the exact argmax in O(T V^2), not O(V^T).
    lp1 = make_model(rng, V)[V]  # rows: prev token (or start) -> next
    vit_seq, vit_score = viterbi(lp1, V, T)

    def lp1_seq(s):
        prev, tot = V, 0.0
        for y in s:
            tot, prev = tot + lp1[prev, y], y
        return tot

    ex_seq = max(all_seqs, key=lp1_seq)
    r.check(
        "Viterbi DP equals exhaustive argmax (first-order model)",
        vit_seq == ex_seq and abs(vit_score - lp1_seq(ex_seq)) < 1e-12,
        f"{vit_seq}",
    )

    # How often is greedy sub-optimal on random models?
    worse = sum(
        beam_search(m, V, T, 1)[0][1] < max(seq_logp(m, s, V) for s in all_seqs) - 1e-12
        for m in (make_model(rng, V) for _ in range(20))
    )
    r.figure("random models (of 20) where greedy misses the most likely sequence", int(worse))
    return r


if __name__ == "__main__":
    main(run)
