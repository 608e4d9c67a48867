"""instruction-tuning: supervised fine-tuning on (instruction, response) pairs, loss on the response only.

Follows Wei et al. (2022, FLAN) and the SFT stage of Ouyang et al. (2022): next-token
cross-entropy computed on response tokens, prompt tokens masked out. The toy 'model' is a
table of logits theta[task, prev_token, next_token], so the optimum is known in closed form.
Checks: masked counts vs a loop over every position; the loss vs scipy's log_softmax (with a
logit of 800); its
gradient vs finite differences; the trained model equals the empirical
conditional frequencies of response tokens (the MLE); changing prompt tokens' targets leaves
the loss unchanged (masking); one shared model follows different instructions differently.
"""

from __future__ import annotations

import numpy as np
from scipy.special import log_softmax

from implementations._common import Report, main, solution

V, TASKS, SEP = 6, 2, 5  # tokens 0..4 are content, 5 separates prompt from response

EXERCISE = ["counts", "loss_and_grad"]

DOC_ZH = {
    "counts": """带损失掩码的二元组计数：C[t, prev, next] 只统计回复位置 i >= first_resp 上的 (seqs[:, i-1], seqs[:, i])。

输入：t，长度 n 的任务编号；seqs (n, L) 整数序列；first_resp，第一个计入损失的位置；n_tasks、vocab，任务数与词表大小（默认 2 与 6）。
输出：形状 (n_tasks, vocab, vocab) 的计数数组。

>>> int(counts(np.array([1]), np.array([[0, 1, 5, 2, 2]]), first_resp=3)[1, 5, 2])
1
""",
    "loss_and_grad": """表格模型 theta[task, prev, next]（logits）上按计数 C 加权的平均交叉熵及其梯度。

输入：theta (TASKS, V, V)；C，同形计数。loss = -sum C log softmax(theta) / sum C（softmax 沿最后一轴）。
输出：(loss, grad)，grad = (C.sum(-1) * softmax(theta) - C) / sum C，与 theta 同形。

>>> l, g = loss_and_grad(np.zeros((1, 1, 2)), np.array([[[3.0, 1.0]]]))
>>> round(float(l), 6), g.tolist()
(0.693147, [[[-0.25, 0.25]]])
""",
}

HINTS = {
    "en": (
        "The instruction is context, not a target: only response positions contribute to the "
        "loss, and for a table model the loss depends on the data only through counts.",
        "Count (task, prev, next) over positions from the first response token on; the loss is "
        "-sum C log softmax(theta) / sum C and its gradient (rowsum(C) softmax(theta) - C) / sum C.",
    ),
    "zh": (
        "指令是上下文而不是目标：只有回复位置计入损失；对表格模型，损失只通过计数依赖数据。",
        "从第一个回复 token 起统计 (task, prev, next)；损失为 -sum C log softmax(theta) / sum C，"
        "梯度为 (行和(C) softmax(theta) - C) / sum C。",
    ),
}


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


def counts(t, seqs, first_resp=4, n_tasks=2, vocab=6):
    """Masked bigram counts: C[t, prev, next] over the pairs (seqs[:, i-1], seqs[:, i]) at
    response positions i >= first_resp only (the loss mask).

    Input: t, n task ids; seqs (n, L) integer sequences; first_resp, the first position the
    loss sees; n_tasks, vocab (default 2 and 6). Output: an (n_tasks, vocab, vocab) array.

    >>> int(counts(np.array([1]), np.array([[0, 1, 5, 2, 2]]), first_resp=3)[1, 5, 2])
    1
    """
    C = np.zeros((n_tasks, vocab, vocab))
    for i in range(first_resp, seqs.shape[1]):
        np.add.at(C, (t, seqs[:, i - 1], seqs[:, i]), 1)
    return C


def loss_and_grad(theta, C):
    """Count-weighted mean cross-entropy of a table model theta[task, prev, next] (logits),
    and its gradient.

    Input: theta (TASKS, V, V); C, counts of the same shape. loss = -sum C log softmax(theta)
    / sum C (softmax over the last axis). Output: (loss, grad), grad = (C.sum(-1) *
    softmax(theta) - C) / sum C, shaped like theta.

    >>> l, g = loss_and_grad(np.zeros((1, 1, 2)), np.array([[[3.0, 1.0]]]))
    >>> round(float(l), 6), g.tolist()
    (0.693147, [[[-0.25, 0.25]]])
    """
    Z = theta - theta.max(-1, keepdims=True)
    logp = Z - np.log(np.exp(Z).sum(-1, keepdims=True))
    N = C.sum()
    loss = -(C * logp).sum() / N
    grad = (C.sum(-1, keepdims=True) * np.exp(logp) - C) / N  # softmax minus one-hot, counted
    return loss, grad


def counts_loops(t, seqs, first_resp):
    C = np.zeros((TASKS, V, V))
    for task, row in zip(t, seqs):
        for i in range(first_resp, len(row)):
            C[task, row[i - 1], row[i]] += 1
    return C


def loss_ref(theta, C):
    return -(C * log_softmax(theta, axis=-1)).sum() / C.sum()


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Instruction tuning (masked SFT loss)")
    Ptrue = rng.dirichlet(np.ones(V) * 0.5, size=(TASKS, V))  # each task's response "style"
    t, seqs = make_data(rng, 3000, Ptrue)
    C = counts_loops(t, seqs, 4)

    with R.case("masked counts equal a loop over every sequence and response position") as c:
        c.equal(np.asarray(f.counts(t, seqs)), C)
        c.equal(
            np.asarray(f.counts(t[:50], seqs[:50], first_resp=1)),
            counts_loops(t[:50], seqs[:50], 1),
        )
        c.equal(float(np.sum(f.counts(t, seqs))), 3000.0 * 4)

    theta = rng.normal(size=(TASKS, V, V))
    with R.case("masked loss equals -sum C log softmax / sum C (scipy)") as c:
        c.close(f.loss_and_grad(theta, C)[0], loss_ref(theta, C), rtol=1e-12)
        c.close(f.loss_and_grad(theta + 50.0, C)[0], loss_ref(theta, C), rtol=1e-12)
        big = theta.copy()
        big[0, 5, 1] += 800.0  # a confident row: exp(800) overflows unless shifted by its max
        lb, gb = f.loss_and_grad(big, C)
        c.close(lb, loss_ref(big, C), rtol=1e-12)
        c.true(bool(np.all(np.isfinite(gb))), "finite gradient")

    # 1. Gradient of the masked cross-entropy vs central finite differences of scipy's loss.
    h = 1e-6
    for idx in [(0, 5, 2), (1, 3, 0), (0, 1, 4), (1, 5, 5)]:
        with R.case(f"d loss / d theta{idx} matches finite differences") as c:
            E = np.zeros_like(theta)
            E[idx] = h
            fd = (loss_ref(theta + E, C) - loss_ref(theta - E, C)) / (2 * h)
            c.close(f.loss_and_grad(theta, C)[1][idx], fd, rtol=1e-6, atol=1e-10)
    with R.case("gradient of every entry matches finite differences") as c:
        fd = np.zeros_like(theta)
        for idx in np.ndindex(theta.shape):
            E = np.zeros_like(theta)
            E[idx] = h
            fd[idx] = (loss_ref(theta + E, C) - loss_ref(theta - E, C)) / (2 * h)
        c.close(f.loss_and_grad(theta, C)[1], fd, rtol=1e-5, atol=1e-9)

    # 2. Train by gradient descent; the optimum is the empirical conditional distribution (MLE).
    with R.case("trained model = count-based MLE on visited contexts") as c:
        theta = np.zeros((TASKS, V, V))
        for _ in range(3000):
            theta = theta - 20.0 * f.loss_and_grad(theta, C)[1]
        P_model = np.exp(log_softmax(theta, axis=-1))
        seen = C.sum(-1) > 200  # well-visited contexts
        P_emp = C[seen] / C[seen].sum(-1, keepdims=True)
        c.close(P_model[seen], P_emp, atol=2e-3)

    # 3. Masking: relabelling prompt tokens does not change the response-only loss.
    scrambled = seqs.copy()
    scrambled[:, :3] = rng.integers(0, 5, size=(len(seqs), 3))
    with R.case("response-only loss unchanged when prompt tokens are replaced") as c:
        l1 = loss_ref(theta, f.counts(t, seqs))
        l2 = loss_ref(theta, f.counts(t, scrambled))
        c.close(l1, l2, rtol=1e-12)
    with R.case("... whereas an unmasked loss over all positions does change") as c:
        a1 = loss_ref(theta, f.counts(t, seqs, first_resp=1))  # unmasked loss
        a2 = loss_ref(theta, f.counts(t, scrambled, first_resp=1))
        c.true(abs(a1 - a2) > 1e-3, f"{a1:.4f} vs {a2:.4f}")

    # 4. One model, two instructions: the first response token follows each task's own rule.
    with R.case("model's first-token distribution per task matches the task's true rule") as c:
        tv = 0.5 * np.abs(P_model[0, SEP] - P_model[1, SEP]).sum()
        R.figure("TV distance between the two tasks' first-token distributions", float(tv))
        c.close(P_model[:, SEP], Ptrue[:, SEP], atol=0.05)
    R.figure("response tokens used by the loss / all tokens", [int(C.sum()), int(seqs.size)])
    return R


if __name__ == "__main__":
    main(run)
