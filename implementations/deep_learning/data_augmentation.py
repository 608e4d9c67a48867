"""data-augmentation: label-preserving transformations, and noise injection as regularisation.

Follows Goodfellow et al. ch. 7 (dataset augmentation; noise added to the inputs of a linear
model acts like a weight penalty), d2l-en ch. 14 (image augmentation: flips and crops) and
qiu-nndl ch. 7. Two exercises: the pad-crop-flip transform used for image classifiers, and
least squares fitted on many noisy copies of the inputs.
Checks: crop-and-flip against numpy.pad slicing and np.fliplr; the centre crop without a flip
is the identity and flipping twice undoes a flip; a crop keeps the shape and only brings in
zeros; for linear least squares, training on noisy copies X + sigma E converges to ridge
regression (X^T X + n sigma^2 I)^-1 X^T y (the expectation of the augmented normal
equations), and more noise means smaller weights.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["crop_flip", "noise_augmented_fit"]

DOC_ZH = {
    "crop_flip": """图像增广：四周各补 pad 个 0 像素，在偏移 (dy, dx) 处截取与原图同样大小的窗口，flip 为真时再水平翻转。

输入：img (H, W)；pad；dy、dx，取值 0..2*pad；flip，布尔值。输出：(H, W)。

>>> crop_flip(np.array([[1.0, 2.0], [3.0, 4.0]]), 1, 0, 0, False).tolist()
[[0.0, 0.0], [0.0, 1.0]]
""",
    "noise_augmented_fit": """输入噪声增广的线性最小二乘：把 X 复制 copies 份，每份加上独立的高斯噪声 sigma * N(0, 1)，
标签 y 重复 copies 份，对整个增广数据做最小二乘，返回权重 w (d,)。随机数只能来自 rng。

>>> X = np.array([[1.0], [2.0]]); y = np.array([1.0, 2.0])
>>> np.round(noise_augmented_fit(X, y, 0.0, 3, np.random.default_rng(0)), 6).tolist()
[1.0]
""",
}

HINTS = {
    "en": (
        "A crop of a padded image is just a slice; a horizontal flip reverses the column order. "
        "For noise augmentation stack the noisy copies into one tall design matrix.",
        "crop_flip: P = np.pad(img, pad); out = P[dy:dy+H, dx:dx+W]; if flip: out[:, ::-1]. "
        "noise: Xa = vstack(X + sigma * rng.normal(size=X.shape) for each copy), ya = tile(y), "
        "w = lstsq(Xa, ya).",
    ),
    "zh": (
        "对补零后的图像裁剪就是切片；水平翻转就是把列的顺序倒过来。噪声增广则把各份加噪的副本叠成一个更高的设计矩阵。",
        "crop_flip：P = np.pad(img, pad)；out = P[dy:dy+H, dx:dx+W]；若 flip 则 out[:, ::-1]。"
        "噪声：Xa = 每份 X + sigma * rng.normal(size=X.shape) 纵向堆叠，ya = tile(y)，w = lstsq(Xa, ya)。",
    ),
}


def crop_flip(img, pad, dy, dx, flip):
    """Image augmentation: pad by pad zero pixels on every side, take the window of the original
    size at offset (dy, dx), and mirror it left-right when flip is true.

    Input: img (H, W); pad; dy, dx in 0..2*pad; flip, a bool. Output: (H, W).

    >>> crop_flip(np.array([[1.0, 2.0], [3.0, 4.0]]), 1, 0, 0, False).tolist()
    [[0.0, 0.0], [0.0, 1.0]]
    """
    H, W = img.shape
    padded = np.zeros((H + 2 * pad, W + 2 * pad))
    padded[pad : pad + H, pad : pad + W] = img
    out = padded[dy : dy + H, dx : dx + W]
    return out[:, ::-1] if flip else out


def noise_augmented_fit(X, y, sigma, copies, rng):
    """Linear least squares on input-noise augmented data: copies copies of X, each with its own
    Gaussian noise sigma * N(0, 1), labels y repeated; returns the weights w (d,). All
    randomness comes from rng.

    >>> X = np.array([[1.0], [2.0]]); y = np.array([1.0, 2.0])
    >>> np.round(noise_augmented_fit(X, y, 0.0, 3, np.random.default_rng(0)), 6).tolist()
    [1.0]
    """
    Xa = np.vstack([X + sigma * rng.normal(size=X.shape) for _ in range(copies)])
    ya = np.tile(y, copies)
    return np.linalg.lstsq(Xa, ya, rcond=None)[0]


def run(f=None) -> Report:
    f = solution(f, __name__)
    r = Report("Data augmentation")
    rng = np.random.default_rng(0)
    img = rng.integers(1, 10, size=(5, 7)).astype(float)

    with r.case("crop and flip = numpy.pad slice (+ np.fliplr), all offsets") as c:
        pad = 2
        P = np.pad(img, pad)
        for dy in range(2 * pad + 1):
            for dx in range(2 * pad + 1):
                c.equal(f.crop_flip(img, pad, dy, dx, False), P[dy : dy + 5, dx : dx + 7])
                c.equal(f.crop_flip(img, pad, dy, dx, True), np.fliplr(P[dy : dy + 5, dx : dx + 7]))
    with r.case("centre crop is the identity; flipping twice undoes a flip") as c:
        c.equal(f.crop_flip(img, 3, 3, 3, False), img)
        c.equal(f.crop_flip(img, 0, 0, 0, True), img[:, ::-1])
        once = f.crop_flip(img, 0, 0, 0, True)
        c.equal(f.crop_flip(once, 0, 0, 0, True), img)
    with r.case("a shifted crop keeps the shape and only brings in zeros") as c:
        out = f.crop_flip(img, 2, 0, 4, False)  # window 2 rows up, 2 columns right
        c.equal(out.shape, img.shape)
        c.equal(np.sort(out[out > 0]), np.sort(img[:3, 2:].ravel()))
        c.equal(int(np.sum(out == 0)), 5 * 7 - 3 * 5)

    n, d = 30, 3
    X = rng.normal(size=(n, d))
    y = X @ np.array([1.5, -2.0, 0.5]) + 0.1 * rng.normal(size=n)
    sigma = 0.5
    ridge = np.linalg.solve(X.T @ X + n * sigma**2 * np.eye(d), X.T @ y)
    ols = np.linalg.lstsq(X, y, rcond=None)[0]
    r.figure("ridge (lambda = n sigma^2) weights", np.round(ridge, 4).tolist())
    with r.case("noise augmentation -> ridge with lambda = n sigma^2 (2000 copies)") as c:
        w = f.noise_augmented_fit(X, y, sigma, 2000, np.random.default_rng(1))
        r.figure("noise-augmented weights", np.round(w, 4).tolist())
        c.close(w, ridge, rtol=0.03, atol=0.01)
        c.true(np.linalg.norm(w - ols) > 10 * np.linalg.norm(w - ridge), "far from plain OLS")
    with r.case("sigma = 0 gives ordinary least squares; more noise, smaller weights") as c:
        c.close(f.noise_augmented_fit(X, y, 0.0, 4, np.random.default_rng(2)), ols, rtol=1e-9)
        norms = [
            np.linalg.norm(f.noise_augmented_fit(X, y, s, 500, np.random.default_rng(3)))
            for s in (0.2, 0.6, 1.2)
        ]
        c.true(norms[0] > norms[1] > norms[2], str(np.round(norms, 3).tolist()))
    with r.case("uses the generator it is given") as c:
        a = f.noise_augmented_fit(X, y, sigma, 3, np.random.default_rng(4))
        b = f.noise_augmented_fit(X, y, sigma, 3, np.random.default_rng(4))
        c.equal(a, b)
    return r


if __name__ == "__main__":
    main(run)
