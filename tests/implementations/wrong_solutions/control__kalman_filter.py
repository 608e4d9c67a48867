"""Kalman update whose gain uses the measurement noise R alone instead of the innovation
covariance S = C P C' + R.

The learner reads the gain as "prior uncertainty over measurement noise", K = P C' R^-1,
forgetting that the prediction C xh is itself uncertain; the filter over-trusts every
measurement.
"""

import numpy as np

BREAKS = [
    "update = information form (two measurements of three states)",
    "filter covariance -> filtering Riccati solution",
]


def kf_update(xh, P, y, C, R):
    xh = np.asarray(xh, dtype=float)
    S = C @ P @ C.T + R
    K = P @ C.T @ np.linalg.inv(R)  # should be inv(S)
    nu = y - xh @ C.T
    return xh + nu @ K.T, (np.eye(len(P)) - K @ C) @ P, nu, S


def kf_predict(xh, P, A, Q):
    return np.asarray(xh, dtype=float) @ A.T, A @ P @ A.T + Q
