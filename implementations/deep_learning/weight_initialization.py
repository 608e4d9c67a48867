"""weight-initialization: Xavier/Glorot and He (Kaiming) scaling of random initial weights.

Follows Glorot & Bengio (2010) (normalized initialization U[-sqrt(6/(n_in+n_out)),
+sqrt(6/(n_in+n_out))], variance 2/(n_in+n_out)), He et al. (2015), sec. 2.2 (std sqrt(2/n_in)
for ReLU layers), d2l-en ch. 5 and qiu-nndl ch. 7.
Checks (10^6 draws): Glorot weights lie in the interval, reach its ends, and have variance
2/(n_in+n_out) (uniform: a^2/3) and mean 0; He weights have variance 2/n_in and the kurtosis 3
of a Gaussian; both use the generator they are given (same seed, same weights). Through 10
ReLU layers of width 128 He keeps the mean square of the pre-activations within a factor 8
(He et al.: the product of (n/2) Var w over the layers is 1), while Glorot's 1/n for square layers
halves it at every layer (the closed form 2^-9 within a factor 8; finite width adds noise
with a log standard deviation of about 0.44, so 8x is more than 4.5 standard deviations).
"""

from __future__ import annotations

import numpy as np
from scipy.stats import kurtosis

from implementations._common import Report, main, solution

EXERCISE = ["glorot_uniform", "he_normal"]

DOC_ZH = {
    "glorot_uniform": """Xavier/Glorot 均匀初始化：从 U[-a, a] 抽取形状 (fan_in, fan_out) 的权重，a = sqrt(6 / (fan_in + fan_out))，
使方差为 2 / (fan_in + fan_out)。随机数只能来自传入的 rng（numpy Generator）。

>>> w = glorot_uniform(3, 5, np.random.default_rng(0))
>>> w.shape, bool(np.all(np.abs(w) <= np.sqrt(6 / 8)))
((3, 5), True)
""",
    "he_normal": """He（Kaiming）正态初始化：形状 (fan_in, fan_out)，均值 0、标准差 sqrt(2 / fan_in) 的高斯权重，适用于 ReLU 层。
随机数只能来自传入的 rng。

>>> w = he_normal(400, 300, np.random.default_rng(0))
>>> w.shape, round(float(w.std() * np.sqrt(400 / 2)), 1)
((400, 300), 1.0)
""",
}

HINTS = {
    "en": (
        "Pick the scale so that a layer neither grows nor shrinks the variance of what flows "
        "through it: forward (fan_in), backward (fan_out), or a compromise.",
        "Glorot: a = sqrt(6/(fan_in+fan_out)), rng.uniform(-a, a, (fan_in, fan_out)) (Var = a^2/3). "
        "He: rng.normal(0, sqrt(2/fan_in), (fan_in, fan_out)); the 2 makes up for ReLU zeroing "
        "half of its inputs.",
    ),
    "zh": (
        "选择缩放，使一层既不放大也不缩小流过它的信号的方差：前向看 fan_in，反向看 fan_out，或取二者折中。",
        "Glorot：a = sqrt(6/(fan_in+fan_out))，rng.uniform(-a, a, (fan_in, fan_out))（方差 a^2/3）。"
        "He：rng.normal(0, sqrt(2/fan_in), (fan_in, fan_out))；因子 2 补偿 ReLU 把一半输入置零。",
    ),
}


def glorot_uniform(fan_in, fan_out, rng):
    """Xavier/Glorot uniform initialization: a (fan_in, fan_out) draw from U[-a, a] with
    a = sqrt(6 / (fan_in + fan_out)), so the variance is 2 / (fan_in + fan_out). All randomness
    comes from rng (a numpy Generator).

    >>> w = glorot_uniform(3, 5, np.random.default_rng(0))
    >>> w.shape, bool(np.all(np.abs(w) <= np.sqrt(6 / 8)))
    ((3, 5), True)
    """
    a = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


def he_normal(fan_in, fan_out, rng):
    """He (Kaiming) normal initialization for ReLU layers: (fan_in, fan_out) Gaussian weights
    with mean 0 and standard deviation sqrt(2 / fan_in). All randomness comes from rng.

    >>> w = he_normal(400, 300, np.random.default_rng(0))
    >>> w.shape, round(float(w.std() * np.sqrt(400 / 2)), 1)
    ((400, 300), 1.0)
    """
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))


def _depth_ratio(init, rng, depth=10, width=128, batch=128):
    """Mean square of the last pre-activation over the first, through ReLU layers."""
    x = rng.normal(size=(batch, width))
    z = x @ init(width, width, rng)
    first = np.mean(z**2)
    for _ in range(depth - 1):
        z = np.maximum(z, 0) @ init(width, width, rng)
    return float(np.mean(z**2) / first)


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Weight initialization (Glorot, He)")
    fi, fo = 1000, 1000  # 10^6 draws

    with r.case("Glorot: shape, inside [-a, a], reaches the ends") as c:
        w = f.glorot_uniform(fi, fo, np.random.default_rng(1))
        a = np.sqrt(6 / (fi + fo))
        c.equal(w.shape, (fi, fo))
        c.true(np.all(np.abs(w) <= a), f"max |w| {np.abs(w).max():.5g}, a = {a:.5g}")
        c.true(np.abs(w).max() > 0.999 * a, "the draws fill the interval")
    with r.case("Glorot: variance 2/(n_in+n_out), mean 0") as c:
        w = f.glorot_uniform(fi, fo, np.random.default_rng(2))
        c.close(w.var(), 2 / (fi + fo), rtol=0.005)
        c.close(w.mean(), 0.0, atol=5 * np.sqrt(2 / (fi + fo) / w.size))
        c.close(f.glorot_uniform(20, 60, np.random.default_rng(3)).shape, (20, 60))
    with r.case("He: variance 2/n_in, mean 0, Gaussian (kurtosis 3)") as c:
        w = f.he_normal(fi, fo, np.random.default_rng(4))
        c.equal(w.shape, (fi, fo))
        c.close(w.var(), 2 / fi, rtol=0.007)
        c.close(w.mean(), 0.0, atol=5 * np.sqrt(2 / fi / w.size))
        k = kurtosis(w.ravel(), fisher=False)
        c.close(k, 3.0, atol=0.03)
        w2 = f.he_normal(50, 2000, np.random.default_rng(5))
        c.close(w2.var(), 2 / 50, rtol=0.02)
    with r.case("both use the generator they are given") as c:
        c.equal(
            f.glorot_uniform(7, 9, np.random.default_rng(11)),
            f.glorot_uniform(7, 9, np.random.default_rng(11)),
        )
        c.equal(
            f.he_normal(7, 9, np.random.default_rng(12)),
            f.he_normal(7, 9, np.random.default_rng(12)),
        )

    with r.case("10 ReLU layers: He keeps the signal's mean square within 8x") as c:
        he = _depth_ratio(f.he_normal, np.random.default_rng(6))
        r.figure("10 ReLU layers, mean-square ratio last/first: He", he)
        c.true(1 / 8 < he < 8.0, f"ratio {he:.3g}")
    with r.case("10 ReLU layers: Glorot halves it per layer (2^-9 within 8x)") as c:
        gl = _depth_ratio(f.glorot_uniform, np.random.default_rng(7))
        r.figure("10 ReLU layers, mean-square ratio last/first: Glorot", gl)
        c.true(2.0**-9 / 8 < gl < 2.0**-9 * 8, f"ratio {gl:.3g} vs {2.0**-9:.3g}")
    return r


if __name__ == "__main__":
    main(run)
