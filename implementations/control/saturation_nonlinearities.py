"""saturation-nonlinearities: actuator limits, integrator wind-up, anti-windup; clipping as projection.

Follows Khalil, Nonlinear Systems 3e, ch. 7 (feedback loops with a memoryless
nonlinearity such as saturation) and Astrom & Murray 2e ch. 11 (integrator windup).
A PI loop on y' = -y + sat(u): while the actuator is saturated the plant runs open
loop, so y(t) = umax (1 - e^-t) exactly; the integrator keeps integrating the error
(wind-up) and the loop overshoots; back-calculation anti-windup removes most of that.
Gradient-norm clipping (Pascanu et al. 2013) is the same kind of static saturation: it
is checked to be the Euclidean projection onto a ball and to be non-expansive.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main

dt, T = 2e-3, 20.0
kp, ki, umax, ref = 2.0, 3.0, 1.2, 1.0


def loop(saturate, kaw=0.0):
    ad = np.exp(-dt)
    y = z = 0.0
    ys, us = np.empty(int(T / dt)), np.empty(int(T / dt))
    for k in range(len(ys)):
        e = ref - y
        v = kp * e + z  # controller output
        u = min(max(v, -umax), umax) if saturate else v
        z += (ki * e + kaw * (u - v)) * dt  # back-calculation when kaw > 0
        y = ad * y + (1 - ad) * u  # exact ZOH step of y' = -y + u
        ys[k], us[k] = y, u
    return ys, us


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Saturation: wind-up vs anti-windup, clipping as projection")
    y_lin, _ = loop(False)
    y_wu, u_wu = loop(True)
    y_aw, _ = loop(True, kaw=5.0)
    os = [float(y.max() - ref) for y in (y_lin, y_wu, y_aw)]
    r.figure("overshoot: linear, saturated (wind-up), anti-windup", np.round(os, 4).tolist())

    # while u = umax the loop is open: y follows the open-loop step response exactly
    sat = np.nonzero(u_wu < umax)[0][0]  # first step that is not saturated
    t = (np.arange(sat) + 1) * dt
    r.figure("initial saturation lasts [s]", sat * dt)
    r.check_close(
        "saturated phase: y = umax (1 - e^-t)", y_wu[:sat], umax * (1 - np.exp(-t)), rtol=1e-10
    )

    r.check("wind-up makes the overshoot larger than the linear loop", os[1] > os[0] + 0.05)
    r.check("anti-windup overshoot is below the wind-up overshoot", os[2] < 0.5 * os[1])
    r.check_close(
        "all three loops reach the set-point (integral action)",
        [y_lin[-1], y_wu[-1], y_aw[-1]],
        [ref] * 3,
        atol=1e-4,
    )

    # norm clipping g -> g min(1, c/||g||) is the projection onto the ball ||x|| <= c
    c = 1.0
    clip = lambda g: g * min(1.0, c / np.linalg.norm(g))
    ok_proj, ok_lip = True, True
    for _ in range(200):
        g, h = rng.normal(size=5) * 3, rng.normal(size=5) * 3
        pg = clip(g)
        zs = rng.normal(size=(50, 5))
        zs = zs / np.maximum(1.0, np.linalg.norm(zs, axis=1))[:, None] * c  # points in the ball
        ok_proj &= bool(np.all((zs - pg) @ (g - pg) <= 1e-12))  # obtuse-angle test
        ok_lip &= np.linalg.norm(clip(g) - clip(h)) <= np.linalg.norm(g - h) + 1e-12
    r.check("clipping = Euclidean projection (variational inequality)", ok_proj)
    r.check("clipping is non-expansive (1-Lipschitz)", ok_lip)
    g = np.array([3.0, 0.5, -1.0])
    cos_norm = clip(g) @ g / (np.linalg.norm(clip(g)) * np.linalg.norm(g))
    box = np.clip(g, -c, c)
    cos_box = box @ g / (np.linalg.norm(box) * np.linalg.norm(g))
    r.figure("cosine to g: norm clipping, element-wise clipping", [float(cos_norm), float(cos_box)])
    r.check(
        "norm clipping keeps the direction, element-wise clipping does not",
        abs(cos_norm - 1) < 1e-12 and cos_box < 0.99,
    )
    return r


if __name__ == "__main__":
    main(run)
