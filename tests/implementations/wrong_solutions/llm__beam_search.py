"""Beam search that ranks the candidates by the last token's log-probability alone.

The learner keeps the k extensions with the best per-step score instead of the best
cumulative log-probability of the whole prefix (the reported scores are still the sums).
"""

import numpy as np

BREAKS = [
    "beam size V^T reproduces the exhaustive ranking of all V^T sequences",
    "beam size V^(T-1) returns the exhaustive top V^(T-1)",
]


def beam_search(lp, V, T, k):
    beams = [((), 0.0)]
    for _ in range(T):
        cand = []
        for seq, total in beams:
            a = seq[-2] if len(seq) > 1 else V
            b = seq[-1] if seq else V
            for y in range(V):
                step = float(lp[a, b, y])
                cand.append((step, seq + (y,), total + step))
        cand.sort(key=lambda c: -c[0])  # ranked by this step's score only
        beams = [(seq, total) for _, seq, total in cand[:k]]
    return beams


def viterbi(lp1, V, T):
    score, back = np.array(lp1[V], dtype=float), []
    for _ in range(T - 1):
        tot = score[:, None] + lp1[:V]
        back.append(tot.argmax(axis=0))
        score = tot.max(axis=0)
    y = int(score.argmax())
    best, seq = score[y], [y]
    for bp in reversed(back):
        y = int(bp[y])
        seq.append(y)
    return tuple(reversed(seq)), float(best)
