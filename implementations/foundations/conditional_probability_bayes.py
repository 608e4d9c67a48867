"""conditional-probability-bayes: conditioning, the chain rule of probability, Bayes' rule.

Follows Goodfellow et al. 3.5-3.7 and 3.11, MacKay ch. 2. Checks: Bayes' rule for a
diagnostic test against counting in a large simulated population and against the joint
table; the chain rule rebuilding a joint table exactly; a grid posterior for a coin's bias
against the conjugate Beta closed form.
"""

from __future__ import annotations

import numpy as np
from scipy.special import betaln

from implementations._common import Report, main


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Conditional probability and Bayes' rule")

    # Diagnostic test: prior 1%, sensitivity 95%, false-positive rate 10%.
    prior, sens, fpr = 0.01, 0.95, 0.10
    evidence = sens * prior + fpr * (1 - prior)  # P(+) by total probability
    post = sens * prior / evidence  # P(ill | +)
    r.figure("P(ill | positive)", post)
    joint = np.array(
        [
            [prior * sens, prior * (1 - sens)],  # rows: ill, healthy
            [(1 - prior) * fpr, (1 - prior) * (1 - fpr)],
        ]
    )  # cols: +, -
    r.check_close(
        "Bayes' rule equals joint / marginal", post, joint[0, 0] / joint[:, 0].sum(), rtol=1e-12
    )
    n = 1_000_000
    ill = rng.random(n) < prior
    pos = np.where(ill, rng.random(n) < sens, rng.random(n) < fpr)
    freq = ill[pos].mean()
    se = np.sqrt(post * (1 - post) / pos.sum())
    r.check(
        "simulated frequency of ill among positives matches Bayes (4 s.e.)",
        abs(freq - post) < 4 * se,
        f"{freq:.4f} vs {post:.4f}",
    )

    # Chain rule: P(a, b, c) = P(a) P(b | a) P(c | a, b) rebuilds any joint table.
    P = rng.random((2, 3, 4))
    P /= P.sum()
    pa = P.sum(axis=(1, 2))
    pb_a = P.sum(axis=2) / pa[:, None]
    pc_ab = P / P.sum(axis=2, keepdims=True)
    rebuilt = pa[:, None, None] * pb_a[:, :, None] * pc_ab
    r.check_close("chain rule of probability rebuilds the joint", rebuilt, P, rtol=1e-12)

    # Coin bias: uniform prior, h heads in m flips; grid posterior vs Beta(h+1, m-h+1).
    m, h = 30, 21
    theta = np.linspace(0, 1, 20_001)
    unnorm = theta**h * (1 - theta) ** (m - h)  # likelihood x flat prior
    dx = theta[1] - theta[0]
    grid_post = unnorm / (unnorm.sum() * dx)
    beta_pdf = np.exp(
        h * np.log(np.clip(theta, 1e-300, None))
        + (m - h) * np.log(np.clip(1 - theta, 1e-300, None))
        - betaln(h + 1, m - h + 1)
    )
    r.figure("posterior mean of coin bias", float(np.sum(theta * grid_post) * dx))
    r.check_close(
        "grid posterior equals Beta(h+1, m-h+1) density", grid_post, beta_pdf, rtol=1e-9, atol=1e-12
    )
    r.check_close(
        "posterior mean = (h+1)/(m+2)", np.sum(theta * grid_post) * dx, (h + 1) / (m + 2), rtol=1e-6
    )
    return r


if __name__ == "__main__":
    main(run)
