"""Perplexity as the inverse of the arithmetic mean of the token probabilities.

The learner reads "perplexity is 1 / the average probability" and averages the
probabilities instead of the log-probabilities (the geometric mean).
"""

import numpy as np

BREAKS = [
    "two tokens with p = 1/2 and 1/8: perplexity 4 (by hand)",
    "inverse geometric mean of the token probabilities (scipy gmean)",
]


def perplexity(logprobs):
    return float(1.0 / np.mean(np.exp(np.asarray(logprobs, dtype=float))))
