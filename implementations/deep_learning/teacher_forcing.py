"""teacher-forcing: train on gold prefixes, generate from your own; exposure bias and scheduled sampling.

Follows Williams & Zipser (1989, teacher-forced recurrent learning: the teacher signal replaces
the network's own output as the next input), Goodfellow et al. sec. 10.2.1 (teacher forcing and
its train/test mismatch) and Bengio et al. (2015, scheduled sampling: at each step feed the
true previous token with probability eps, else the model's own prediction, and decay eps
during training). The model here is a first-order autoregressive decoder given as a table
logp[prev, next] whose last row is BOS, so every quantity is exact. Checks: with eps = 1 the
loss is -log p(gold) by the chain rule and exp(-loss) sums to 1 over all V^T sequences; with
eps = 0 the inputs are the model's own greedy predictions (an independent free run); mixed
runs follow the per-step coin u_t < eps; teacher forcing never reads transitions off the gold
path (exposure bias: editing them leaves the teacher-forced loss unchanged but changes what the
model generates and the eps = 0 loss).
"""

from __future__ import annotations

from itertools import product

import numpy as np
from scipy.special import log_softmax

from implementations._common import Report, main, solution

EXERCISE = ["free_run", "scheduled_sampling_loss"]

DOC_ZH = {
    "free_run": """自由运行（推理时的生成）：从 BOS 开始，每一步输入上一步自己预测的 argmax 词元。

模型是一阶自回归表 logp[prev, next]，形状 (V+1, V)，最后一行（下标 V）是 BOS。
输入：logp；T，生成长度。输出：长度 T 的词元列表。

>>> free_run(np.log(np.array([[0.9, 0.1], [0.3, 0.7], [0.2, 0.8]])), 3)
[1, 1, 1]
""",
    "scheduled_sampling_loss": """计划采样下的负对数似然：-Σ_t logp[input_t, gold_t]。

第 0 步输入是 BOS；第 t ≥ 1 步，若 u[t] < eps 则输入真实的 gold[t-1]（教师强制），否则输入模型上一步的预测
pred_{t-1} = argmax logp[input_{t-1}]。eps = 1 就是纯教师强制，eps = 0 就是按模型自己的预测作为输入。
输入：logp (V+1, V)；gold，长度 T 的词元列表；eps；u，长度 T 的 [0, 1) 均匀随机数。输出：标量损失。

>>> lp = np.log(np.array([[0.9, 0.1], [0.3, 0.7], [0.2, 0.8]]))
>>> round(float(scheduled_sampling_loss(lp, [0, 0], 1.0, np.zeros(2))), 6)
1.714798
""",
}

HINTS = {
    "en": (
        "Walk left to right keeping the previous input; at every step decide whether the next "
        "input is the gold token or what the model itself would have predicted.",
        "prev = BOS; for t: loss -= logp[prev, gold[t]]; pred = argmax logp[prev]; prev = gold[t] "
        "if u[t+1] < eps else pred (the coin for step t+1). Free run: prev = argmax logp[prev].",
    ),
    "zh": (
        "从左到右走，记住上一步的输入；每一步决定下一步的输入是标准答案词元，还是模型自己会预测的词元。",
        "prev = BOS；对每个 t：loss -= logp[prev, gold[t]]；pred = argmax logp[prev]；若 u[t+1] < eps 则 prev = gold[t]，"
        "否则 prev = pred（这是第 t+1 步的硬币）。自由运行：prev = argmax logp[prev]。",
    ),
}


def free_run(logp, T):
    """Free running (generation): start from BOS and feed back the model's own argmax token.

    The model is a first-order autoregressive table logp[prev, next] of shape (V+1, V) whose
    last row (index V) is BOS. Input: logp; T, the length. Output: a list of T tokens.

    >>> free_run(np.log(np.array([[0.9, 0.1], [0.3, 0.7], [0.2, 0.8]])), 3)
    [1, 1, 1]
    """
    prev, out = len(logp) - 1, []
    for _ in range(T):
        prev = int(np.argmax(logp[prev]))
        out.append(prev)
    return out


def scheduled_sampling_loss(logp, gold, eps, u):
    """Negative log-likelihood under scheduled sampling: -sum_t logp[input_t, gold_t].

    The input at step 0 is BOS; at step t >= 1 it is the gold gold[t-1] if u[t] < eps (teacher
    forcing), else the model's own previous prediction pred_{t-1} = argmax logp[input_{t-1}].
    eps = 1 is pure teacher forcing, eps = 0 always feeds the model's predictions. Input:
    logp (V+1, V); gold, a list of T tokens; eps; u, T uniforms in [0, 1). Output: the scalar loss.

    >>> lp = np.log(np.array([[0.9, 0.1], [0.3, 0.7], [0.2, 0.8]]))
    >>> round(float(scheduled_sampling_loss(lp, [0, 0], 1.0, np.zeros(2))), 6)
    1.714798
    """
    prev, loss = len(logp) - 1, 0.0
    for t, y in enumerate(gold):
        loss -= logp[prev, y]
        pred = int(np.argmax(logp[prev]))
        if t + 1 < len(gold):
            prev = y if u[t + 1] < eps else pred
    return loss


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(16)
    r = Report("Teacher forcing, exposure bias and scheduled sampling")
    V, T = 4, 6
    logp = log_softmax(rng.normal(size=(V + 1, V)) * 2.0, axis=1)
    gold = [2, 0, 3, 3, 1, 0]
    BOS = V

    def greedy(lp, n):
        prev, out = BOS, []
        for _ in range(n):
            prev = int(np.argmax(lp[prev]))
            out.append(prev)
        return out

    with r.case("free run = step-by-step argmax from BOS") as c:
        c.equal(list(f.free_run(logp, T)), greedy(logp, T))

    with r.case("eps = 1 (teacher forcing): loss = -log p(gold) by the chain rule") as c:
        ref = -(logp[BOS, gold[0]] + sum(logp[a, b] for a, b in zip(gold, gold[1:])))
        c.close(f.scheduled_sampling_loss(logp, gold, 1.0, rng.random(T)), ref, rtol=1e-12)
    with r.case("... and exp(-loss) sums to 1 over all V^T sequences (T = 4)") as c:
        total = sum(
            np.exp(-f.scheduled_sampling_loss(logp, list(y), 1.0, np.zeros(4)))
            for y in product(range(V), repeat=4)
        )
        c.close(total, 1.0, rtol=1e-10)

    with r.case("eps = 0: inputs are the model's own greedy predictions (free run)") as c:
        pred = greedy(logp, T)
        ref = -(logp[BOS, gold[0]] + sum(logp[a, b] for a, b in zip(pred, gold[1:])))
        c.close(f.scheduled_sampling_loss(logp, gold, 0.0, rng.random(T)), ref, rtol=1e-12)
        c.close(
            f.scheduled_sampling_loss(logp, gold, 0.0, np.zeros(T)), ref, rtol=1e-12
        )  # even if u = 0

    with r.case("mixed runs follow the per-step coin u_t < eps") as c:
        for eps in (0.3, 0.7):
            for _ in range(5):
                u = rng.random(T)
                prev, ref = BOS, 0.0
                for t, y in enumerate(gold):
                    ref -= logp[prev, y]
                    guess = int(np.argmax(logp[prev]))
                    prev = y if t + 1 < T and u[t + 1] < eps else guess
                c.close(f.scheduled_sampling_loss(logp, gold, eps, u), ref, rtol=1e-12)

    # Exposure bias: teacher forcing only ever reads the rows of tokens on the gold path.
    pred = greedy(logp, T)
    row = pred[0]  # the model's own first guess
    others = [v for v in range(V) if v != row]
    gold2 = [others[i % len(others)] for i in (0, 1, 2, 0, 2, 1)]  # a gold path that avoids it
    edited = logp.copy()
    new_row = np.full(V, -3.0)
    new_row[(int(np.argmax(logp[row])) + 1) % V] = 3.0  # a different favourite after `row`
    edited[row] = log_softmax(new_row)
    with r.case("exposure bias: teacher forcing never sees off-path transitions") as c:
        u = rng.random(T)
        tf_a = f.scheduled_sampling_loss(edited, gold2, 1.0, u)
        c.close(tf_a, f.scheduled_sampling_loss(logp, gold2, 1.0, u), rtol=1e-12)
        fr_a = f.scheduled_sampling_loss(edited, gold2, 0.0, u)
        c.true(
            abs(fr_a - f.scheduled_sampling_loss(logp, gold2, 0.0, u)) > 1e-6,
            "the eps = 0 loss changes",
        )
        c.true(
            list(f.free_run(edited, T)) != list(f.free_run(logp, T)),
            "and so does what the model generates",
        )
    r.figure("greedy free run", pred)
    return r


if __name__ == "__main__":
    main(run)
