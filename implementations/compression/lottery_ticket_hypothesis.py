"""lottery-ticket-hypothesis: iterative magnitude pruning with rewinding to the initialisation.

Follows Frankle & Carbin (2019): train, prune the smallest weights, reset the survivors to
their ORIGINAL initial values, retrain; repeat. A 10-32-1 tanh network in numpy learns a
small teacher network. This is a mechanics demo, not evidence: Frankle & Carbin's claim
rests on MNIST/CIFAR-10 networks, and at this toy scale the ticket, a re-initialised copy
and a random mask are reported as figures only. Checks: the loss and every backprop
gradient match an independently written forward pass and central finite differences; a
pruning round keeps exactly the largest surviving |w| (compared with a sort done by hand,
on weights with ties at zero and negative values), never revives a pruned weight and
rewinds survivors to theta_0 exactly; over three rounds of train / prune / rewind the
sparsity is exactly 1 - 0.5^round, masks are nested and pruned weights stay exactly 0.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["loss_grad", "prune_mask", "lottery_round"]

DOC_ZH = {
    "loss_grad": """单隐层 tanh 网络的均方误差及其对全部参数的梯度（反向传播）。

输入：p = [W1 (d,h), b1 (h,), W2 (h,1), b2 (1,)]；X，形状 (n,d)；y，形状 (n,1)。
网络输出 out = tanh(X W1 + b1) W2 + b2，损失 L = mean((out - y)^2)。
输出：(L 的 float 值，[dL/dW1, dL/db1, dL/dW2, dL/db2])，形状与 p 一致。

>>> p = [np.ones((1, 1)), np.zeros(1), np.ones((1, 1)), np.zeros(1)]
>>> L, g = loss_grad(p, np.zeros((1, 1)), np.ones((1, 1)))
>>> round(L, 6), [round(float(q.ravel()[0]), 6) for q in g]
(1.0, [0.0, -2.0, 0.0, -2.0])
""",
    "prune_mask": """一轮幅值剪枝：在仍存活（mask 为 1）的权重中，把 |w| 最小的 floor(frac·存活数) 个置零。

输入：w，权重数组；mask，与 w 同形状的 0/1 数组；frac，本轮剪掉的存活权重比例。
输出：新的 0/1 mask（同形状，float）；已剪掉的权重不会复活。

>>> prune_mask(np.array([3.0, -1.0, 0.5, -4.0]), np.ones(4))
array([1., 0., 0., 1.])
""",
    "lottery_round": """彩票假设的一轮：按训练后权重的幅值剪枝，再把存活权重重置为初始值 theta0。

输入：theta0，初始参数列表 [W1, b1, W2, b2]；trained，训练后的参数（同结构）；
masks，当前掩码列表（同结构）；frac，每层剪掉的存活权重比例。
只剪权重矩阵 W1、W2（下标 0 和 2），偏置的掩码保持不变。
输出：(新掩码列表，重绕后的起点 [theta0[i] * 新掩码[i]])。

>>> t0 = [np.array([[1.0, 2.0]]), np.zeros(2), np.array([[5.0], [6.0]]), np.zeros(1)]
>>> tr = [np.array([[0.1, -3.0]]), np.zeros(2), np.array([[-1.0], [0.2]]), np.zeros(1)]
>>> ms, start = lottery_round(t0, tr, [np.ones_like(q) for q in t0])
>>> start[0].tolist(), start[2].tolist()
([[0.0, 2.0]], [[5.0], [0.0]])
""",
}

HINTS = {
    "en": (
        "Prune by the magnitude of the TRAINED weights, but restart from the INITIAL ones; "
        "only weights still alive can be pruned.",
        "Sort the surviving |w| ascending and zero the first floor(frac * alive) of them; "
        "the new start is theta0 * mask, so a ticket is a mask applied to the original "
        "initialisation. Backprop: dL/dout = 2(out - y)/n, through tanh' = 1 - tanh^2.",
    ),
    "zh": (
        "按训练后权重的幅值剪枝，却从初始权重重新开始；只有仍存活的权重才能被剪。",
        "把存活权重的 |w| 升序排序，置零前 floor(frac·存活数) 个；新起点是 theta0 * mask，"
        "即“中奖彩票”是作用在原始初始化上的掩码。反向传播：dL/dout = 2(out - y)/n，"
        "经过 tanh' = 1 - tanh^2。",
    ),
}


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
    """Mean squared error of a one-hidden-layer tanh network and its backprop gradients.

    Input: p = [W1 (d,h), b1 (h,), W2 (h,1), b2 (1,)]; X of shape (n,d); y of shape (n,1).
    The network is out = tanh(X W1 + b1) W2 + b2 and L = mean((out - y)^2).
    Output: (L as a float, [dL/dW1, dL/db1, dL/dW2, dL/db2]) with the shapes of p.

    >>> p = [np.ones((1, 1)), np.zeros(1), np.ones((1, 1)), np.zeros(1)]
    >>> L, g = loss_grad(p, np.zeros((1, 1)), np.ones((1, 1)))
    >>> round(L, 6), [round(float(q.ravel()[0]), 6) for q in g]
    (1.0, [0.0, -2.0, 0.0, -2.0])
    """
    H, out = forward(p, X)
    e = 2 * (out - y) / len(X)  # d(mean squared error)/d(out)
    dH = (e @ p[2].T) * (1 - H**2)
    return float(np.mean((out - y) ** 2)), [X.T @ dH, dH.sum(0), H.T @ e, e.sum(0)]


def prune_mask(w, mask, frac=0.5):
    """One round of magnitude pruning: among the surviving weights (mask 1), zero the
    floor(frac * alive) of smallest |w|.

    Input: w, a weight array; mask, a 0/1 array of w's shape; frac, the fraction of the
    surviving weights to prune. Output: the new 0/1 mask (same shape, float); a pruned
    weight never comes back.

    >>> prune_mask(np.array([3.0, -1.0, 0.5, -4.0]), np.ones(4))
    array([1., 0., 0., 1.])
    """
    new = np.array(mask, dtype=float)
    alive = np.flatnonzero(new.ravel())
    order = alive[np.argsort(np.abs(np.ravel(w)[alive]), kind="stable")]
    new.ravel()[order[: int(len(alive) * frac)]] = 0
    return new


def lottery_round(theta0, trained, masks, frac=0.5):
    """One lottery-ticket round: prune by the trained weights' magnitudes, then rewind the
    survivors to their initial values theta0.

    Input: theta0, the initial parameters [W1, b1, W2, b2]; trained, the trained ones (same
    structure); masks, the current masks (same structure); frac, the fraction of each
    layer's surviving weights to prune. Only the weight matrices W1 and W2 (indices 0 and 2)
    are pruned; the bias masks stay as they are.
    Output: (new masks, the rewound start [theta0[i] * new_mask[i]]).

    >>> t0 = [np.array([[1.0, 2.0]]), np.zeros(2), np.array([[5.0], [6.0]]), np.zeros(1)]
    >>> tr = [np.array([[0.1, -3.0]]), np.zeros(2), np.array([[-1.0], [0.2]]), np.zeros(1)]
    >>> ms, start = lottery_round(t0, tr, [np.ones_like(q) for q in t0])
    >>> start[0].tolist(), start[2].tolist()
    ([[0.0, 2.0]], [[5.0], [0.0]])
    """
    new = [np.array(m, dtype=float) for m in masks]
    for i in (0, 2):
        new[i] = prune_mask(trained[i], masks[i], frac)
    return new, [theta0[i] * new[i] for i in range(4)]


def train(p, masks, X, y, grad, steps=250, lr=0.02):
    """Adam on the masked parameters (plumbing); returns params and whether masked entries
    stayed 0. ``grad`` is the loss_grad under test."""
    p = [q.copy() for q in p]
    m, v, ok = [np.zeros_like(q) for q in p], [np.zeros_like(q) for q in p], True
    for t in range(1, steps + 1):
        _, g = grad(p, X, y)
        for i in range(4):
            m[i] = 0.9 * m[i] + 0.1 * g[i]
            v[i] = 0.999 * v[i] + 0.001 * g[i] ** 2
            p[i] -= lr * m[i] / (1 - 0.9**t) / (np.sqrt(v[i] / (1 - 0.999**t)) + 1e-8) * masks[i]
        ok &= bool(np.all(p[0][masks[0] == 0] == 0) and np.all(p[2][masks[2] == 0] == 0))
    return p, ok


def _mse(p, X, y):
    """Independent forward pass for the reference loss (written out, not via forward)."""
    out = np.tanh(X @ p[0] + p[1][None, :]) @ p[2] + p[3]
    return float(((out - y) ** 2).sum() / y.size)


def _keep_ref(w, mask, frac):
    """Reference pruning by a plain loop: keep the alive entries ranked by |w| from the top."""
    flat, m = np.ravel(w), np.ravel(mask)
    alive = [i for i in range(flat.size) if m[i] == 1]
    n_keep = len(alive) - int(len(alive) * frac)
    ranked = sorted(alive, key=lambda i: (-abs(flat[i]), -i))  # ties: drop lower index first
    out = np.zeros(flat.size)
    out[ranked[:n_keep]] = 1
    return out.reshape(np.shape(w))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Lottery ticket (iterative magnitude pruning with rewinding)")
    d, h = 10, 32
    teacher = init(rng, d, 4)
    X, Xt = rng.normal(size=(128, d)), rng.normal(size=(1000, d))
    y, yt = forward(teacher, X)[1], forward(teacher, Xt)[1]
    test = lambda p: _mse(p, Xt, yt)

    theta0 = init(rng, d, h)
    # non-zero biases so that their gradients (and their use in the forward pass) are seen
    q0 = [theta0[0], 0.3 * rng.normal(size=h), theta0[2], np.array([0.2])]
    with r.case("loss equals an independent forward pass") as c:
        c.close(f.loss_grad(q0, X, y)[0], _mse(q0, X, y), rtol=1e-12)

    with r.case("backprop gradient = finite differences") as c:
        _, g = f.loss_grad(q0, X, y)
        eps = 1e-6
        for k in range(4):
            fd = np.zeros_like(q0[k])
            for j in range(q0[k].size):
                pp = [q.copy() for q in q0]
                pm = [q.copy() for q in q0]
                pp[k].ravel()[j] += eps
                pm[k].ravel()[j] -= eps
                fd.ravel()[j] = (_mse(pp, X, y) - _mse(pm, X, y)) / (2 * eps)
            c.close(np.asarray(g[k]).reshape(fd.shape), fd, rtol=1e-5, atol=1e-9)

    # pruning on hand-made weights: negative values, zeros (ties) and already-pruned entries
    w = np.array([[0.5, -2.0, 0.0, 1.5], [-0.1, 0.0, 3.0, -0.7], [0.9, -1.2, 0.05, 0.0]])
    m = np.ones_like(w)
    m[0, 1] = m[1, 2] = 0  # the two largest |w| are already pruned: they must stay pruned
    with r.case("prune_mask keeps the largest surviving |w| (reference sort)") as c:
        for frac in (0.5, 0.25, 0.8):
            new = f.prune_mask(w, m, frac) if frac != 0.5 else f.prune_mask(w, m)
            ref = _keep_ref(w, m, frac)
            c.equal(np.asarray(new).shape, w.shape)
            c.equal(int(np.sum(new)), int(ref.sum()))
            # ties at |w| = 0 may be broken either way: compare the kept magnitudes
            c.close(np.sort(np.abs(w[np.asarray(new) == 1])), np.sort(np.abs(w[ref == 1])))
            c.true(bool(np.all(np.asarray(new) <= m)), "kept entries are a subset of the old mask")
    with r.case("prune_mask on random weights: kept |w| >= dropped |w|") as c:
        W = rng.normal(size=(7, 9))
        M0 = (rng.random((7, 9)) < 0.8).astype(float)
        new = np.asarray(f.prune_mask(W, M0, 0.5))
        kept, dropped = np.abs(W[new == 1]), np.abs(W[(M0 == 1) & (new == 0)])
        c.equal(int(new.sum()), int(M0.sum()) - int(M0.sum()) // 2)
        c.true(bool(kept.min() >= dropped.max()), "min kept |w| >= max dropped |w|")
        c.close(np.sort(kept), np.sort(np.abs(W[M0 == 1]))[int(M0.sum()) // 2 :])

    with r.case("lottery_round prunes by trained weights and rewinds to theta_0") as c:
        tr = [q + rng.normal(size=q.shape) for q in q0]  # trained != initial
        ms = [np.ones_like(q) for q in q0]
        new, start = f.lottery_round(q0, tr, ms, 0.5)
        for i in (0, 2):
            c.equal(np.asarray(new[i]), _keep_ref(tr[i], ms[i], 0.5))
        for i in (1, 3):
            c.equal(np.asarray(new[i]), ms[i])  # biases are never pruned
        for i in range(4):
            c.equal(
                np.asarray(start[i]), q0[i] * _keep_ref(tr[i], ms[i], 0.5) if i in (0, 2) else q0[i]
            )

    masks = [np.ones((d, h)), np.ones(h), np.ones((h, 1)), np.ones(1)]  # biases are never pruned
    sparsity_ok, nested_ok, rewind_ok, ok_all, results = False, True, True, True, {}
    with r.case("sparsity after round r is exactly 1 - 0.5^r") as c:
        p, ok_all = train(theta0, masks, X, y, f.loss_grad)
        results["dense"] = test(p)
        sparsity_ok = True  # set only once the rounds actually run
        for rnd in (1, 2, 3):
            new, start = f.lottery_round(theta0, p, masks)  # default frac = 0.5
            for i in (0, 2):
                ref = _keep_ref(p[i], masks[i], 0.5)
                nested_ok &= bool(np.all(np.asarray(new[i]) <= masks[i]))
                sparsity_ok &= abs((1 - np.mean(new[i])) - (1 - 0.5**rnd)) < 1e-12
                sparsity_ok &= bool(np.array_equal(np.asarray(new[i]), ref))
                rewind_ok &= bool(np.array_equal(start[i], theta0[i] * ref))
            masks = [np.asarray(q, dtype=float) for q in new]
            p, ok = train(start, masks, X, y, f.loss_grad)
            ok_all &= ok
        c.true(sparsity_ok)
    with r.case("masks are nested across rounds") as c:
        c.true(nested_ok and sparsity_ok)
    with r.case("survivors rewind to theta_0 each round") as c:
        c.true(rewind_ok and sparsity_ok)
    with r.case("pruned weights stay exactly 0 during training") as c:
        c.true(ok_all and sparsity_ok)
        results["ticket (87.5% sparse)"] = test(p)
        fresh = init(rng, d, h)
        results["same mask, new init"] = test(
            train([fresh[i] * masks[i] for i in range(4)], masks, X, y, f.loss_grad)[0]
        )
        rand = [rng.permutation(m.ravel()).reshape(m.shape) for m in masks]
        results["random mask, theta_0"] = test(
            train([theta0[i] * rand[i] for i in range(4)], rand, X, y, f.loss_grad)[0]
        )
        r.figure(
            "test MSE (figures only; no claim at this scale)",
            {k: round(v, 4) for k, v in results.items()},
        )
    return r


if __name__ == "__main__":
    main(run)
