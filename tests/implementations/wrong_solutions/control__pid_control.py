"""Discrete PID whose integral adds up the errors without multiplying by the sample time.

The learner treats the integral as a plain running sum of errors, so the effective integral
gain is ki / dt (1000 times too large at dt = 1 ms).
"""

import numpy as np

BREAKS = ["sampled loop = scipy step response of the closed loop"]


def pid_loop(kp, ki, kd, ref=1.0, K=2.0, tau=1.0, dt=0.001, T=15.0):
    ad = np.exp(-dt / tau)
    bd = K * (1 - ad)
    y = y_prev = z = 0.0
    ys = np.empty(int(round(T / dt)))
    for k in range(len(ys)):
        z += ki * (ref - y)  # missing "* dt"
        u = z - kp * y - kd * (y - y_prev) / dt
        y_prev, y = y, ad * y + bd * u
        ys[k] = y
    return ys


def second_order(kp, ki, kd, K=2.0, tau=1.0):
    m = tau + K * kd
    wn = np.sqrt(K * ki / m)
    return float(wn), float((1 + K * kp) / (2 * m * wn))
