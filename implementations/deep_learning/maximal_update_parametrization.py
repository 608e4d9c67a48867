"""maximal-update-parametrization: scale init and per-layer learning rates with width (muP, Adam).

Follows Yang et al. (2022, Tensor Programs V) and the reference `mup` package's README
(microsoft/mup): relative to a base width, hidden and output weights get the Adam learning rate
lr / width_mult, the readout's initial variance is divided by width_mult as well, input weights
keep lr, and at the base width everything equals the standard parametrization (SP). The
checks are a "coord check" on a 3-layer ReLU MLP after one Adam step (with eps = 0 the first
Adam step is lr * sign(gradient), independent of bias correction): the muP settings equal SP at
the base width; hidden pre-activations have Theta(1) coordinates at init; the change of the
hidden pre-activations and of the output after one step stays the same size from width 64 to
1024, while in SP the hidden change grows about tenfold and the output change
about 25-fold (shown as figures).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["mup_adam_hparams"]

DOC_ZH = {
    "mup_adam_hparams": """μP（最大更新参数化）下用 Adam 训练 MLP 时，各层的初始化标准差和学习率。

width_mult = width / base_width。输入层 (width, d_in)：std = 1/sqrt(d_in)，学习率 lr；
隐藏层 (width, width)：std = 1/sqrt(width)，学习率 lr / width_mult；
输出层 (1, width)：std = 1/sqrt(width · width_mult)，学习率 lr / width_mult。
在 width = base_width 时，这与标准参数化（std = 1/sqrt(fan_in)，各层学习率都是 lr）完全相同。
输入：width、base_width、d_in、lr。输出：字典 {"in": (std, lr), "hidden": (std, lr), "out": (std, lr)}。

>>> h = mup_adam_hparams(256, 64, 16, 0.01)
>>> [round(float(v), 6) for v in h["hidden"] + h["out"]]
[0.0625, 0.0025, 0.03125, 0.0025]
""",
}

HINTS = {
    "en": (
        "Everything is relative to a base width where muP equals the usual 1/sqrt(fan_in) init "
        "and one learning rate; only what grows with width is rescaled.",
        "m = width / base_width. in: (1/sqrt(d_in), lr); hidden: (1/sqrt(width), lr / m); out: "
        "(1/sqrt(width * m), lr / m). Adam's update has entries of size lr whatever the gradient, "
        "so a width-n layer's update moves its output by about lr * n unless lr shrinks like 1/n.",
    ),
    "zh": (
        "一切都相对于一个基准宽度：在基准宽度上 μP 就是通常的 1/sqrt(fan_in) 初始化加统一学习率；只对随宽度增长的部分做缩放。",
        "m = width / base_width。输入层：(1/sqrt(d_in), lr)；隐藏层：(1/sqrt(width), lr / m)；输出层：(1/sqrt(width * m), lr / m)。"
        "Adam 的更新每个元素大小约为 lr、与梯度大小无关，所以宽度为 n 的层若学习率不按 1/n 缩小，其输出的变化就约为 lr * n。",
    ),
}


def mup_adam_hparams(width, base_width, d_in, lr):
    """Per-layer initial standard deviation and Adam learning rate of an MLP under muP.

    width_mult = width / base_width. Input layer (width, d_in): std 1/sqrt(d_in), learning rate
    lr; hidden layer (width, width): std 1/sqrt(width), lr / width_mult; output layer
    (1, width): std 1/sqrt(width * width_mult), lr / width_mult. At width = base_width this is
    the standard parametrization (std 1/sqrt(fan_in), lr everywhere). Input: width, base_width,
    d_in, lr. Output: a dict {"in": (std, lr), "hidden": (std, lr), "out": (std, lr)}.

    >>> h = mup_adam_hparams(256, 64, 16, 0.01)
    >>> [round(float(v), 6) for v in h["hidden"] + h["out"]]
    [0.0625, 0.0025, 0.03125, 0.0025]
    """
    m = width / base_width
    return {
        "in": (1 / np.sqrt(d_in), lr),
        "hidden": (1 / np.sqrt(width), lr / m),
        "out": (1 / np.sqrt(width * m), lr / m),
    }


def _one_adam_step(hp, width, d_in, x, y, rng):
    """A 3-layer ReLU MLP at init, one Adam step (eps = 0: lr * sign(grad)); sizes of changes."""
    W1 = rng.normal(size=(width, d_in)) * hp["in"][0]
    W2 = rng.normal(size=(width, width)) * hp["hidden"][0]
    W3 = rng.normal(size=(1, width)) * hp["out"][0]

    def fwd(W1, W2, W3):
        h1 = W1 @ x
        a1 = np.maximum(h1, 0)
        h2 = W2 @ a1
        a2 = np.maximum(h2, 0)
        return h1, a1, h2, a2, (W3 @ a2)[0]

    h1, a1, h2, a2, out = fwd(W1, W2, W3)
    g_out = out - y  # loss 0.5 (out - y)^2
    g3 = g_out * a2[None, :]
    d2 = (W3[0] * g_out) * (h2 > 0)
    g2 = np.outer(d2, a1)
    d1 = (W2.T @ d2) * (h1 > 0)
    g1 = np.outer(d1, x)
    W1n = W1 - hp["in"][1] * np.sign(g1)
    W2n = W2 - hp["hidden"][1] * np.sign(g2)
    W3n = W3 - hp["out"][1] * np.sign(g3)
    _, _, h2n, _, outn = fwd(W1n, W2n, W3n)
    return {"h2_init": np.abs(h2).mean(), "dh2": np.abs(h2n - h2).mean(), "dout": abs(outn - out)}


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Maximal update parametrization (muP) with Adam: a coord check")
    d_in, base, lr = 16, 64, 0.01
    widths = (64, 256, 1024)
    x = np.random.default_rng(0).normal(size=d_in)
    y = 1.0

    with r.case("at the base width muP is the standard parametrization") as c:
        for b in (64, 100):
            hp = f.mup_adam_hparams(b, b, d_in, lr)
            c.close(
                [hp["in"][0], hp["hidden"][0], hp["out"][0]],
                [1 / np.sqrt(d_in), 1 / np.sqrt(b), 1 / np.sqrt(b)],
                rtol=1e-12,
            )
            c.close([hp["in"][1], hp["hidden"][1], hp["out"][1]], [lr] * 3, rtol=1e-12)

    def sp(width):
        return {
            "in": (1 / np.sqrt(d_in), lr),
            "hidden": (1 / np.sqrt(width), lr),
            "out": (1 / np.sqrt(width), lr),
        }

    def coords(hp_fn, seeds=3):
        out = {}
        for n in widths:
            runs = [
                _one_adam_step(hp_fn(n), n, d_in, x, y, np.random.default_rng(s))
                for s in range(seeds)
            ]
            out[n] = {k: float(np.mean([q[k] for q in runs])) for k in runs[0]}
        return out

    with r.case("coord check: muP keeps hidden pre-activations Theta(1) at init") as c:
        mu = coords(lambda n: f.mup_adam_hparams(n, base, d_in, lr))
        h0 = [mu[n]["h2_init"] for n in widths]
        c.true(
            max(h0) / min(h0) < 1.3,
            f"mean |h2| at widths 64, 256, 1024: {np.round(h0, 4).tolist()}",
        )

    with r.case("coord check: the hidden update after one Adam step stays the same size") as c:
        dh = [mu[n]["dh2"] for n in widths]
        r.figure("muP: mean |dh2| at widths 64, 256, 1024", [round(v, 3) for v in dh])
        c.true(0.6 < dh[-1] / dh[0] < 1.6, f"mean |dh2|: {np.round(dh, 4).tolist()}")
        c.true(dh[0] > 0.05, "and it is not vanishing: features are learned")

    with r.case("coord check: the output change after one Adam step stays the same size") as c:
        do = [mu[n]["dout"] for n in widths]
        c.true(0.5 < do[-1] / do[0] < 2.0, f"|d out|: {np.round(do, 4).tolist()}")

    spc = coords(sp, seeds=1)
    r.figure(
        "SP: mean |dh2| at widths 64, 256, 1024 (grows ~ width)",
        [round(spc[n]["dh2"], 3) for n in widths],
    )
    r.figure("SP: |d out| at widths 64, 256, 1024", [round(spc[n]["dout"], 3) for n in widths])
    return r


if __name__ == "__main__":
    main(run)
