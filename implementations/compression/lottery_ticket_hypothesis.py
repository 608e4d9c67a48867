"""lottery-ticket-hypothesis: iterative magnitude pruning with rewinding to the initialisation.

Follows Frankle & Carbin (2019): train, prune the smallest weights, reset the survivors to
their ORIGINAL initial values, retrain; repeat. A 10-32-1 tanh network in numpy learns a
small teacher network. This is a mechanics demo, not evidence: Frankle & Carbin's claim
rests on MNIST/CIFAR-10 networks, and at this toy scale the ticket, a re-initialised copy
and a random mask are reported as figures only. Checks: the backprop gradient matches
central finite differences; each round's sparsity is exactly 1 - 0.5^round on the pruned
layers; masks are nested; pruned weights stay exactly 0 while training.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def init(rng, d, h):
    return [
        rng.normal(0, 1 / np.sqrt(d), (d, h)),
        np.zeros(h),
        rng.normal(0, 1 / np.sqrt(h), (h, 1)),
        np.zeros(1),
    ]


def forward(p, X):
    H = np.tanh(X @ p[0] + p[1])
    return H, H @ p[2] + p[3]


def loss_grad(p, X, y):
    H, out = forward(p, X)
    e = 2 * (out - y) / len(X)  # d(mean squared error)/d(out)
    dH = (e @ p[2].T) * (1 - H**2)
    return float(np.mean((out - y) ** 2)), [X.T @ dH, dH.sum(0), H.T @ e, e.sum(0)]


def train(p, masks, X, y, steps=250, lr=0.02):
    """Adam on the masked parameters; returns params and whether masked entries stayed 0."""
    p = [q.copy() for q in p]
    m, v, ok = [np.zeros_like(q) for q in p], [np.zeros_like(q) for q in p], True
    for t in range(1, steps + 1):
        _, g = loss_grad(p, X, y)
        for i in range(4):
            m[i] = 0.9 * m[i] + 0.1 * g[i]
            v[i] = 0.999 * v[i] + 0.001 * g[i] ** 2
            p[i] -= lr * m[i] / (1 - 0.9**t) / (np.sqrt(v[i] / (1 - 0.999**t)) + 1e-8) * masks[i]
        ok &= bool(np.all(p[0][masks[0] == 0] == 0) and np.all(p[2][masks[2] == 0] == 0))
    return p, ok


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Lottery ticket (iterative magnitude pruning with rewinding)")
    d, h = 10, 32
    teacher = init(rng, d, 4)
    X, Xt = rng.normal(size=(128, d)), rng.normal(size=(1000, d))
    y, yt = forward(teacher, X)[1], forward(teacher, Xt)[1]
    test = lambda p: float(np.mean((forward(p, Xt)[1] - yt) ** 2))

    theta0 = init(rng, d, h)
    # gradient check against central finite differences on a few first-layer weights
    _, g = loss_grad(theta0, X, y)
    fd = []
    for i, j in [(0, 0), (3, 7), (9, 31)]:
        pp = [q.copy() for q in theta0]
        pp[0][i, j] += 1e-6
        pm = [q.copy() for q in theta0]
        pm[0][i, j] -= 1e-6
        fd.append((loss_grad(pp, X, y)[0] - loss_grad(pm, X, y)[0]) / 2e-6)
    r.check_close(
        "backprop gradient = finite differences",
        [g[0][0, 0], g[0][3, 7], g[0][9, 31]],
        fd,
        rtol=1e-5,
        atol=1e-9,
    )

    masks = [np.ones((d, h)), np.ones(h), np.ones((h, 1)), np.ones(1)]  # biases are never pruned
    p, ok_all = train(theta0, masks, X, y)
    results = {"dense": test(p)}
    sparsity_ok, nested_ok = True, True
    for rnd in (1, 2, 3):
        new = [m.copy() for m in masks]
        for i in (0, 2):  # prune half of the surviving weights per layer
            alive = np.flatnonzero(masks[i].ravel())
            order = alive[np.argsort(np.abs(p[i].ravel()[alive]))]
            new[i].ravel()[order[: len(alive) // 2]] = 0
            nested_ok &= bool(np.all(new[i] <= masks[i]))
            sparsity_ok &= abs((1 - new[i].mean()) - (1 - 0.5**rnd)) < 1e-12
        masks = new
        start = [theta0[i] * masks[i] for i in range(4)]  # rewind to theta_0
        p, ok = train(start, masks, X, y)
        ok_all &= ok
    results["ticket (87.5% sparse)"] = test(p)
    fresh = init(rng, d, h)
    results["same mask, new init"] = test(
        train([fresh[i] * masks[i] for i in range(4)], masks, X, y)[0]
    )
    rand = [rng.permutation(m.ravel()).reshape(m.shape) for m in masks]
    results["random mask, theta_0"] = test(
        train([theta0[i] * rand[i] for i in range(4)], rand, X, y)[0]
    )
    r.figure(
        "test MSE (figures only; no claim at this scale)",
        {k: round(v, 4) for k, v in results.items()},
    )
    r.check("sparsity after round r is exactly 1 - 0.5^r", sparsity_ok)
    r.check("masks are nested across rounds", nested_ok)
    r.check("pruned weights stay exactly 0 during training", ok_all)
    return r


if __name__ == "__main__":
    main(run)
