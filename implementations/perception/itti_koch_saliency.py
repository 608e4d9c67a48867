"""itti-koch-saliency: bottom-up saliency from centre-surround feature maps and map normalisation.

Follows Itti, Koch & Niebur (1998), simplified: one map per colour and one intensity map (the paper
uses colour-opponent pairs, intensity and orientation over a Gaussian pyramid). Centre-surround
differences |G_c * F - G_s * F| feed the normalisation operator N(.), which multiplies a map by
(1 - mean of its other local maxima)^2: a map with one peak is promoted, a map with many similar
peaks is suppressed. Checks: the saliency peak falls on the planted odd-one-out at each of 25
placements; N keeps a one-peak map and suppresses a many-peak map; centre-surround ignores
uniform illumination.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from implementations._common import Report, main


@cache
def blur_matrix(n, sigma):
    # Gaussian blur with edge replication as an n x n matrix B, so blur(F) = B F B^T.
    x = np.arange(-int(3 * sigma), int(3 * sigma) + 1)
    g = np.exp(-(x**2) / (2 * sigma**2))
    g /= g.sum()
    B = np.zeros((n, n))
    for i in range(n):
        for off, w in zip(x, g):
            B[i, min(max(i + off, 0), n - 1)] += w  # clamp index = replicate the border
    return B


def blur(img, sigma):
    B = blur_matrix(img.shape[0], sigma)
    return B @ img @ B.T


def centre_surround(F, pairs=((1, 4), (1, 8), (2, 8))):
    return sum(np.abs(blur(F, c) - blur(F, s)) for c, s in pairs)


def local_max(M, size=13):  # window about one item spacing
    # A square max filter is separable: max over rows, then over columns.
    h = size // 2
    P = np.pad(M, h, constant_values=-np.inf)
    rows = np.max([P[:, j : j + M.shape[1]] for j in range(size)], axis=0)
    big = np.max([rows[i : i + M.shape[0]] for i in range(size)], axis=0)
    return (M == big) & (M > 0.05 * M.max())


def normalise(M):
    M = M / M.max()
    peaks = M[local_max(M)]
    others = np.sort(peaks)[:-1]  # all local maxima except the global one
    mbar = others.mean() if len(others) else 0.0
    return M * (1 - mbar) ** 2


N_PIX = 72
CENTRES = [(8 + 14 * i, 8 + 14 * j) for i in range(5) for j in range(5)]


def scene(odd):
    R, G = np.zeros((N_PIX, N_PIX)), np.zeros((N_PIX, N_PIX))
    for c in CENTRES:
        target = R if c == odd else G  # one red item among 24 green ones
        target[c[0] - 2 : c[0] + 3, c[1] - 2 : c[1] + 3] = 1.0
    return R, G, (R + G) / 2  # every item equally bright


def saliency(R, G, I):
    maps = {"red": centre_surround(R), "green": centre_surround(G), "intensity": centre_surround(I)}
    normed = {k: normalise(v) for k, v in maps.items()}
    return sum(normed.values()) / 3, normed


def run() -> Report:
    r = Report("Itti-Koch saliency")
    hits = 0
    for odd in CENTRES:  # the odd item at each of the 25 places in turn
        S, _ = saliency(*scene(odd))
        win = np.unravel_index(np.argmax(S), S.shape)
        hits += max(abs(win[0] - odd[0]), abs(win[1] - odd[1])) <= 2
    r.figure("odd item found first (out of 25 placements)", int(hits))
    r.check(
        "saliency peak lies on the odd (red) item for every placement", hits == 25, f"{hits}/25"
    )

    odd = CENTRES[7]
    S, normed = saliency(*scene(odd))
    win = np.unravel_index(np.argmax(S), S.shape)

    gain = {k: normed[k].max() for k in normed}  # maps were scaled to max 1 before weighting
    r.figure("N() gain: red / green / intensity", ", ".join(f"{gain[k]:.3f}" for k in gain))
    r.check("N() keeps the single-peak map (gain > 0.9)", gain["red"] > 0.9, f"{gain['red']:.3f}")
    r.check(
        "N() suppresses the 24-peak maps (gain < 0.05)",
        max(gain["green"], gain["intensity"]) < 0.05,
    )

    flat = np.full((N_PIX, N_PIX), 0.8)
    r.check_close(
        "centre-surround response to uniform light is zero",
        centre_surround(flat).max(),
        0.0,
        atol=1e-12,
    )
    # Without N() (plain average of maps scaled to max 1) the 24 green items compete equally.
    raw = sum(m / m.max() for m in (centre_surround(x) for x in scene(odd))) / 3
    r.figure(
        "saliency contrast odd / best other item, with N()",
        S[odd] / max(S[c] for c in CENTRES if c != odd),
    )
    r.figure("same contrast without N()", raw[odd] / max(raw[c] for c in CENTRES if c != odd))
    return r


if __name__ == "__main__":
    main(run)
