"""adam: momentum on the gradient plus RMSProp scaling, with bias correction.

Follows Kingma & Ba (2015), Algorithm 1 and sec. 2.1-3, and d2l-en sec. 12.10.
Checks: the first step is exactly lr per coordinate (bias correction); a constant gradient
gives steps of exactly lr; the bias-corrected moments equal the normalised weighted sums;
the efficient form with alpha_t = lr sqrt(1-b2^t)/(1-b1^t) gives the same iterates; every
step respects the paper's bound |step| <= lr (1-b1)/sqrt(1-b2) (case 1-b1 > sqrt(1-b2)).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def adam(grads, lr, b1=0.9, b2=0.999, eps=0.0):
    x = np.zeros(grads.shape[1])
    m = v = np.zeros_like(x)
    xs, mh, vh = [x.copy()], [], []
    for t, g in enumerate(grads, start=1):
        m = b1 * m + (1 - b1) * g  # first moment (momentum)
        v = b2 * v + (1 - b2) * g * g  # second moment (RMSProp)
        m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)  # undo the zero initialisation
        x = x - lr * m_hat / (np.sqrt(v_hat) + eps)
        xs.append(x.copy())
        mh.append(m_hat)
        vh.append(v_hat)
    return np.array(xs), np.array(mh), np.array(vh)


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Adam")
    lr, b1, b2 = 1e-3, 0.9, 0.999

    g1 = np.array([[5.0, -1e-4, 300.0]])
    xs, _, _ = adam(g1, lr)
    r.check_close(
        "first step = -lr * sign(g) per coordinate", xs[1], -lr * np.sign(g1[0]), rtol=1e-12
    )
    xs, _, _ = adam(np.tile(g1, (50, 1)), lr)
    r.check_close(
        "constant gradient: every step is exactly lr",
        np.abs(np.diff(xs, axis=0)),
        np.full((50, 3), lr),
        rtol=1e-10,
    )

    grads = rng.standard_t(df=2, size=(200, 4)) * np.array([1.0, 100.0, 0.01, 5.0])  # heavy tails
    xs, mh, vh = adam(grads, lr)
    t = 200
    w1 = (1 - b1) * b1 ** np.arange(t - 1, -1, -1)
    w2 = (1 - b2) * b2 ** np.arange(t - 1, -1, -1)
    r.check_close(
        "m_hat = weighted average of gradients, weights normalised to 1",
        mh[-1],
        w1 @ grads / w1.sum(),
        rtol=1e-10,
    )
    r.check_close(
        "v_hat = weighted average of squared gradients",
        vh[-1],
        w2 @ grads**2 / w2.sum(),
        rtol=1e-10,
    )

    # Kingma & Ba sec. 2: the same update written with alpha_t and the raw moments
    x, m, v = np.zeros(4), np.zeros(4), np.zeros(4)
    for k, g in enumerate(grads, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        x = x - lr * np.sqrt(1 - b2**k) / (1 - b1**k) * m / np.sqrt(v)
    r.check_close("efficient alpha_t form gives the same iterates", x, xs[-1], rtol=1e-10)

    bound = lr * (1 - b1) / np.sqrt(1 - b2)
    steps = np.abs(np.diff(xs, axis=0))
    r.figure("largest |step| / lr", float(steps.max() / lr))
    r.figure("paper's bound / lr = (1-b1)/sqrt(1-b2)", float(bound / lr))
    r.check("every step obeys |step| <= lr (1-b1)/sqrt(1-b2)", np.all(steps <= bound * (1 + 1e-12)))

    # and Adam minimises a badly scaled quadratic
    H = np.array([100.0, 1.0, 0.01])
    x, m, v = np.ones(3), np.zeros(3), np.zeros(3)
    for k in range(1, 3001):
        g = H * x
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        x = x - 0.01 * (m / (1 - b1**k)) / (np.sqrt(v / (1 - b2**k)) + 1e-12)
    r.check(
        "Adam drives every coordinate of (100x^2 + y^2 + 0.01 z^2)/2 below 0.05",
        np.all(np.abs(x) < 0.05),
        f"max |x| {np.abs(x).max():.3g}",
    )
    return r


if __name__ == "__main__":
    main(run)
