"""maximum-likelihood: choose parameters that make the observed data most probable.

Follows Goodfellow et al. 5.5 (Maximum Likelihood Estimation), Murphy PML1 ch. 4, d2l-en
22.7. Checks: the Gaussian MLE closed form (sample mean, biased variance) against brute-force
maximisation of the log-likelihood on a grid and against a zero gradient; the Bernoulli MLE
(the frequency) against a grid; average negative log-likelihood of a categorical model
minimised by the empirical frequencies (against random alternatives).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def gauss_loglik(x, mu, var):
    return -0.5 * len(x) * np.log(2 * np.pi * var) - np.sum((x - mu) ** 2) / (2 * var)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Maximum likelihood")

    x = rng.normal(3.0, 2.0, size=500)
    mu_hat = x.mean()
    var_hat = np.mean((x - mu_hat) ** 2)  # MLE divides by n, not n - 1
    r.figure("mu_hat, sigma2_hat", [float(mu_hat), float(var_hat)])

    # Brute force: evaluate the log-likelihood on a 2-D grid and take the argmax.
    mus = np.linspace(2.0, 4.0, 801)  # step 0.0025
    vs = np.linspace(2.5, 5.5, 1201)  # step 0.0025
    S = np.sum(x**2) - 2 * mus[:, None] * np.sum(x) + len(x) * mus[:, None] ** 2
    LL = -0.5 * len(x) * np.log(2 * np.pi * vs[None, :]) - S / (2 * vs[None, :])
    i, j = np.unravel_index(np.argmax(LL), LL.shape)
    r.check_close(
        "grid argmax of log-likelihood matches closed-form MLE",
        [mus[i], vs[j]],
        [mu_hat, var_hat],
        atol=0.0025,
    )
    grad_mu = np.sum(x - mu_hat) / var_hat
    grad_var = -len(x) / (2 * var_hat) + np.sum((x - mu_hat) ** 2) / (2 * var_hat**2)
    r.check_close(
        "score (gradient) vanishes at the MLE", [grad_mu, grad_var], [0.0, 0.0], atol=1e-9
    )
    r.check(
        "MLE beats the unbiased variance in likelihood",
        gauss_loglik(x, mu_hat, var_hat) > gauss_loglik(x, mu_hat, x.var(ddof=1)),
    )

    # Bernoulli: MLE of p is the frequency of ones.
    b = rng.random(300) < 0.37
    ps = np.linspace(0.001, 0.999, 9_981)
    ll = b.sum() * np.log(ps) + (~b).sum() * np.log(1 - ps)
    r.check_close("Bernoulli MLE equals frequency", ps[np.argmax(ll)], b.mean(), atol=1e-4)

    # Categorical: empirical frequencies minimise the average negative log-likelihood.
    y = rng.choice(5, size=2_000, p=[0.4, 0.3, 0.15, 0.1, 0.05])
    freq = np.bincount(y, minlength=5) / len(y)

    def nll(q):
        return -np.mean(np.log(q[y]))

    others = rng.dirichlet(np.ones(5) * 20, size=2_000) * 0.2 + freq * 0.8  # nearby alternatives
    r.check(
        "frequencies give lower NLL than 2000 nearby alternatives",
        all(nll(freq) <= nll(q) for q in others),
        f"NLL={nll(freq):.4f}",
    )
    return r


if __name__ == "__main__":
    main(run)
