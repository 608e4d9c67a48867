"""instruction-tuning: supervised fine-tuning on (instruction, response) pairs, loss on the response only.

Follows Wei et al. (2022, FLAN) and the SFT stage of Ouyang et al. (2022): next-token
cross-entropy computed on response tokens, prompt tokens masked out. The toy 'model' is a
table of logits theta[task, prev_token, next_token], so the optimum is known in closed form.
Checks: the masked loss gradient vs finite differences; the trained model equals the empirical
conditional frequencies of response tokens (the MLE); changing prompt tokens' targets leaves
the loss unchanged (masking); one shared model follows different instructions differently.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main

V, TASKS, SEP = 6, 2, 5  # tokens 0..4 are content, 5 separates prompt from response


def make_data(rng, n, Ptrue):
    """n sequences [prompt(3 tokens), SEP, response(4 tokens)] and their task ids."""
    t = rng.integers(TASKS, size=n)
    seqs = np.zeros((n, 8), dtype=int)
    seqs[:, :3] = rng.integers(0, 5, size=(n, 3))
    seqs[:, 3] = SEP
    for i in range(4, 8):  # sample each response token
        cdf = np.cumsum(Ptrue[t, seqs[:, i - 1]], axis=1)
        seqs[:, i] = np.minimum((rng.random((n, 1)) > cdf).sum(1), V - 1)
    return t, seqs


def counts(t, seqs, first_resp=4):
    """C[t, prev, next] over response positions only (the loss mask)."""
    C = np.zeros((TASKS, V, V))
    for i in range(first_resp, seqs.shape[1]):
        np.add.at(C, (t, seqs[:, i - 1], seqs[:, i]), 1)
    return C


def loss_and_grad(theta, C):
    Z = theta - theta.max(-1, keepdims=True)
    logp = Z - np.log(np.exp(Z).sum(-1, keepdims=True))
    N = C.sum()
    loss = -(C * logp).sum() / N
    grad = (C.sum(-1, keepdims=True) * np.exp(logp) - C) / N  # softmax minus one-hot, counted
    return loss, grad


def run() -> Report:
    rng = np.random.default_rng(0)
    R = Report("Instruction tuning (masked SFT loss)")
    Ptrue = rng.dirichlet(np.ones(V) * 0.5, size=(TASKS, V))  # each task's response "style"
    t, seqs = make_data(rng, 3000, Ptrue)
    C = counts(t, seqs)

    # 1. Gradient of the masked cross-entropy vs central finite differences.
    theta = rng.normal(size=(TASKS, V, V))
    _, g = loss_and_grad(theta, C)
    h, fd = 1e-6, np.zeros_like(theta)
    for idx in [(0, 5, 2), (1, 3, 0), (0, 1, 4), (1, 5, 5)]:
        E = np.zeros_like(theta)
        E[idx] = h
        fd[idx] = (loss_and_grad(theta + E, C)[0] - loss_and_grad(theta - E, C)[0]) / (2 * h)
        R.check_close(
            f"d loss / d theta{idx} matches finite differences",
            g[idx],
            fd[idx],
            rtol=1e-6,
            atol=1e-10,
        )

    # 2. Train by gradient descent; the optimum is the empirical conditional distribution (MLE).
    theta = np.zeros((TASKS, V, V))
    for _ in range(3000):
        theta -= 20.0 * loss_and_grad(theta, C)[1]
    P_model = np.exp(theta - theta.max(-1, keepdims=True))
    P_model /= P_model.sum(-1, keepdims=True)
    seen = C.sum(-1) > 200  # well-visited contexts
    P_emp = C[seen] / C[seen].sum(-1, keepdims=True)
    R.check_close(
        "trained model = count-based MLE on visited contexts", P_model[seen], P_emp, atol=2e-3
    )

    # 3. Masking: relabelling prompt tokens does not change the response-only loss.
    scrambled = seqs.copy()
    scrambled[:, :3] = rng.integers(0, 5, size=(len(seqs), 3))
    l1 = loss_and_grad(theta, counts(t, seqs))[0]
    l2 = loss_and_grad(theta, counts(t, scrambled))[0]
    a1 = loss_and_grad(theta, counts(t, seqs, first_resp=1))[0]  # unmasked loss
    a2 = loss_and_grad(theta, counts(t, scrambled, first_resp=1))[0]
    R.check_close(
        "response-only loss unchanged when prompt tokens are replaced", l1, l2, rtol=1e-12
    )
    R.check(
        "... whereas an unmasked loss over all positions does change",
        abs(a1 - a2) > 1e-3,
        f"{a1:.4f} vs {a2:.4f}",
    )

    # 4. One model, two instructions: the first response token follows each task's own rule.
    tv = 0.5 * np.abs(P_model[0, SEP] - P_model[1, SEP]).sum()
    R.figure("TV distance between the two tasks' first-token distributions", float(tv))
    R.check_close(
        "model's first-token distribution per task matches the task's true rule",
        P_model[:, SEP],
        Ptrue[:, SEP],
        atol=0.05,
    )
    R.figure("response tokens used by the loss / all tokens", [int(C.sum()), int(seqs.size)])
    return R


if __name__ == "__main__":
    main(run)
