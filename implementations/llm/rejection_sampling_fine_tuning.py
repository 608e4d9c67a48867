"""rejection-sampling-fine-tuning: sample answers, keep the correct ones, fine-tune on them.

Follows Zelikman et al. (2022), STaR: generate rationales for many questions, keep those whose
final answer is correct, fine-tune on the kept ones and repeat; the paper reads the loop as an
approximation to a policy gradient on the reward 1[answer correct], the filter playing the
role of the reward. On a tabular softmax policy over N responses to one prompt everything is
exact. Checks: the filter on hand cases; the fine-tuning gradient on a batch of m samples,
(1/m) sum_i 1[correct(y_i)] (e_{y_i} - pi), averaged over every possible batch (m = 1, 2, 3
enumerated), equals the finite-difference gradient of the success probability E_pi[correct];
fitting infinitely many kept samples gives pi restricted to the correct responses and
renormalised (checked against scipy minimisation of the cross-entropy on the filtered
distribution), so relative probabilities among correct answers are kept; a prompt whose
batch holds no correct answer gives no gradient at all.
"""

from __future__ import annotations

from itertools import product

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["filter_correct", "rft_gradient", "rft_target"]

DOC_ZH = {
    "filter_correct": """拒绝采样：只保留答案正确的样本（保持原来的顺序和重复）。

输入：samples，采样得到的 (提示下标, 回答下标) 列表；correct，二维布尔数组，correct[x][y] 表示提示 x 的回答 y 是否正确。
输出：被保留的 (提示, 回答) 列表。

>>> filter_correct([(0, 1), (0, 2), (1, 0), (0, 1)], np.array([[0, 1, 0], [0, 0, 1]], bool))
[(0, 1), (0, 1)]
""",
    "rft_gradient": """在一批 m 个采样回答上做拒绝采样微调时，保留样本的对数似然之和除以 m 对 logits 的梯度：
(1/m) sum_i 1[correct(y_i)] (e_{y_i} - pi)，pi = softmax(theta)。

输入：theta，(N,) 一个提示的 logits；samples，m 个回答下标；correct，(N,) 布尔数组。
输出：形状 (N,) 的梯度。

>>> rft_gradient(np.zeros(2), [0, 1], np.array([True, False])).tolist()
[0.25, -0.25]
""",
    "rft_target": """用无穷多个被保留的样本做监督微调所拟合出的分布：pi 限制在正确回答上再归一化。

输入：pi，(N,) 当前策略；correct，(N,) 布尔数组（至少一个正确回答的概率为正）。
输出：(N,) 分布 pi * correct / sum(pi * correct)。

>>> rft_target(np.array([0.5, 0.3, 0.2]), np.array([True, False, True])).round(6).tolist()
[0.714286, 0.0, 0.285714]
""",
}

HINTS = {
    "en": (
        "Filtering then maximising likelihood is a policy gradient whose reward is 1 for a "
        "correct answer and 0 otherwise: wrong samples are simply dropped.",
        "Gradient: sum over kept samples of e_y - softmax(theta), divided by the batch size m "
        "(all samples, kept or not). Target: pi * correct, normalised.",
    ),
    "zh": (
        "先过滤再最大化似然，就是奖励为“答对得 1、答错得 0”的策略梯度：错误样本直接被丢掉。",
        "梯度：对被保留的样本求 e_y - softmax(theta) 之和，再除以批大小 m（全部样本，不论是否保留）。目标分布：pi * correct 再归一化。",
    ),
}


def softmax(a):
    e = np.exp(a - np.max(a))
    return e / e.sum()


def filter_correct(samples, correct):
    """Rejection sampling: keep only the samples whose answer is correct (order and repeats
    kept).

    Input: samples, a list of sampled (prompt index, response index) pairs; correct, a 2-D
    boolean array, correct[x][y] whether response y to prompt x is correct.
    Output: the kept (prompt, response) pairs.

    >>> filter_correct([(0, 1), (0, 2), (1, 0), (0, 1)], np.array([[0, 1, 0], [0, 0, 1]], bool))
    [(0, 1), (0, 1)]
    """
    return [(x, y) for x, y in samples if correct[x][y]]


def rft_gradient(theta, samples, correct):
    """Gradient with respect to the logits of the kept samples' summed log-likelihood divided
    by the batch size m: (1/m) sum_i 1[correct(y_i)] (e_{y_i} - pi), pi = softmax(theta).

    Input: theta (N,) one prompt's logits; samples, m response indices; correct (N,) booleans.
    Output: the (N,) gradient.

    >>> rft_gradient(np.zeros(2), [0, 1], np.array([True, False])).tolist()
    [0.25, -0.25]
    """
    pi = softmax(theta)
    g = np.zeros_like(pi)
    for y in samples:
        if correct[y]:
            g += np.eye(len(pi))[y] - pi
    return g / len(samples)


def rft_target(pi, correct):
    """The distribution that supervised fine-tuning on infinitely many kept samples fits: pi
    restricted to the correct responses and renormalised.

    Input: pi (N,) the current policy; correct (N,) booleans (some correct response has
    positive probability). Output: (N,) pi * correct / sum(pi * correct).

    >>> rft_target(np.array([0.5, 0.3, 0.2]), np.array([True, False, True])).round(6).tolist()
    [0.714286, 0.0, 0.285714]
    """
    w = np.asarray(pi, dtype=float) * np.asarray(correct, dtype=float)
    return w / w.sum()


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Rejection-sampling fine-tuning (STaR) as a policy gradient")

    correct2 = np.array([[1, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0]], dtype=bool)
    with R.case("the filter keeps exactly the correct samples, in order, with repeats") as c:
        samples = [(0, 0), (1, 3), (0, 1), (2, 2), (0, 2), (1, 0), (0, 0)]
        c.equal(f.filter_correct(samples, correct2), [(0, 0), (1, 3), (0, 2), (0, 0)])
        c.equal(len(f.filter_correct([(2, y) for y in range(4)], correct2)), 0)

    N = 5
    theta = rng.normal(size=N)
    correct = np.array([True, False, True, False, False])

    def success(th):
        return float(softmax(th) @ correct)

    fd = np.array(
        [(success(theta + 1e-6 * e) - success(theta - 1e-6 * e)) / 2e-6 for e in np.eye(N)]
    )
    pi = softmax(theta)
    with R.case("E over all batches of the RFT gradient = grad of the success probability") as c:
        for m in (1, 2, 3):
            exp_g = np.zeros(N)
            for batch in product(range(N), repeat=m):
                exp_g += np.prod(pi[list(batch)]) * f.rft_gradient(theta, list(batch), correct)
            c.close(exp_g, fd, atol=1e-8)
        R.figure("grad P(correct) (finite differences)", np.round(fd, 4).tolist())
    with R.case("one batch: kept samples pull up, dropped ones add nothing") as c:
        batch = [0, 1, 1, 2, 4, 0]
        want = sum(np.eye(N)[y] - pi for y in batch if correct[y]) / len(batch)
        c.close(f.rft_gradient(theta, batch, correct), want, rtol=1e-12)
        c.close(f.rft_gradient(theta, [1, 3, 4, 1], correct), np.zeros(N), atol=1e-15)

    from scipy.optimize import minimize

    with R.case("fitting infinitely many kept samples gives pi restricted to correct answers") as c:
        filtered = pi * correct / (pi @ correct)

        def xent(z):  # cross-entropy of softmax(z) on the filtered data distribution
            lq = z - np.log(np.exp(z).sum())
            return -float(filtered[correct] @ lq[correct])

        z = minimize(xent, np.zeros(N), method="BFGS", options={"gtol": 1e-10}).x
        fit = softmax(z)
        tgt = f.rft_target(pi, correct)
        c.close(tgt, filtered, rtol=1e-12, atol=1e-15)
        c.close(tgt[correct], fit[correct], atol=2e-4)
        c.close(tgt[0] / tgt[2], pi[0] / pi[2], rtol=1e-12)
        c.close(f.rft_target(pi, np.ones(N, bool)), pi, rtol=1e-12)

    with R.case("Monte Carlo: the kept samples' frequencies approach rft_target") as c:
        draws = rng.choice(N, p=pi, size=20000)
        kept = [y for _, y in f.filter_correct([(0, int(y)) for y in draws], correct[None, :])]
        freq = np.bincount(kept, minlength=N) / len(kept)
        tgt = f.rft_target(pi, correct)
        se = np.sqrt(tgt * (1 - tgt) / len(kept))
        c.true(bool(np.all(np.abs(freq - tgt) <= 4 * se + 1e-12)), f"{np.round(freq, 4)}")
    return R


if __name__ == "__main__":
    main(run)
