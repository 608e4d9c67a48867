"""Discrete-time LQR with the continuous-time gain K = R^-1 B' P.

The learner carries the continuous-time formula over to the discrete recursion, dropping
the B'PB term and the trailing A: the Riccati iteration is right but the feedback is not.
"""

import numpy as np

BREAKS = [
    "N Riccati steps = minimum over all input sequences (least squares)",
    "recursion fixed point = scipy solve_discrete_are",
]


def lqr_gain(A, B, R, P):
    return np.linalg.solve(R, B.T @ P)


def riccati_step(A, B, Q, R, P):
    K = np.linalg.solve(R + B.T @ P @ B, B.T @ P @ A)
    return Q + A.T @ P @ A - A.T @ P @ B @ K


def dlqr(A, B, Q, R, tol=1e-13, max_iter=10000):
    P = np.array(Q, dtype=float)
    for _ in range(max_iter):
        Pn = riccati_step(A, B, Q, R, P)
        if np.abs(Pn - P).max() < tol:
            P = Pn
            break
        P = Pn
    return P, lqr_gain(A, B, R, P)
