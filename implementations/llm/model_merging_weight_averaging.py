"""model-merging-weight-averaging: uniform and greedy model soups.

Follows Wortsman et al., "Model soups: averaging weights of multiple fine-tuned models
improves accuracy without increasing inference time" (ICML 2022, arXiv 2203.05482): models
fine-tuned from the same pre-trained weights with different hyperparameters tend to lie in
one low-error basin, so their weights can be averaged into a single model. The uniform soup
averages all of them; the greedy soup sorts the ingredients by held-out score and adds each
one only if the average with it does not lower that score. Checks: the uniform soup against
numpy's mean; on a convex fine-tuning problem (logistic regression) the soup's loss is at
most the ingredients' mean loss (Jensen) and here beats the worst ingredient; a hand-worked
greedy soup; the greedy soup is never worse on held-out data than its best ingredient, its
chosen set starts with the best and it equals the mean of the chosen ingredients; averaging
a network with a copy whose hidden units are permuted (the same function, a different
basin) destroys it, while averaging models fine-tuned from one start does not.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["uniform_soup", "greedy_soup"]

DOC_ZH = {
    "uniform_soup": """均匀模型汤：把若干个参数向量逐元素取平均。

输入：weights，列表，每个元素是同形状的参数数组。
输出：它们的平均数组。

>>> uniform_soup([np.array([1.0, 2.0]), np.array([3.0, 0.0])]).tolist()
[2.0, 1.0]
""",
    "greedy_soup": """贪心模型汤（Wortsman 等 2022）：按各成分在验证集上的得分从高到低排序，从最好的一个开始；依次尝试加入下一个，若加入后平均权重的验证得分不低于当前得分就保留，否则丢弃。

输入：weights，参数数组的列表；score，函数，输入参数数组，返回验证得分（越大越好）。
输出：(soup, chosen)：soup 为被选中成分的平均，chosen 为被选中成分的下标列表（按加入顺序）。

>>> soup, chosen = greedy_soup([np.array([0.9]), np.array([3.0]), np.array([1.05])], lambda w: -float((w[0] - 1) ** 2))
>>> chosen, round(float(soup[0]), 3)
([2, 0], 0.975)
""",
}

HINTS = {
    "en": (
        "Averaging weights only makes sense when the models share a starting point; then the "
        "greedy recipe keeps an ingredient only if it helps on held-out data.",
        "uniform = mean over the list; greedy: order = argsort(-score(w_i)); chosen = [order[0]]; "
        "for i in order[1:]: if score(mean(chosen + [i])) >= score(mean(chosen)): keep i.",
    ),
    "zh": (
        "只有各模型共享同一个起点时，对权重取平均才有意义；贪心做法只在某个成分对验证集有帮助时才保留它。",
        "均匀汤 = 对列表取平均；贪心：order = argsort(-score(w_i))；chosen = [order[0]]；"
        "对 order[1:] 中每个 i：若 score(mean(chosen + [i])) >= score(mean(chosen)) 就保留 i。",
    ),
}


def uniform_soup(weights):
    """Uniform model soup: the elementwise average of several parameter arrays.

    Input: weights, a list of parameter arrays of one shape. Output: their mean.

    >>> uniform_soup([np.array([1.0, 2.0]), np.array([3.0, 0.0])]).tolist()
    [2.0, 1.0]
    """
    return np.mean(np.stack(weights), axis=0)


def greedy_soup(weights, score):
    """Greedy model soup (Wortsman et al. 2022): sort the ingredients by held-out score, best
    first; start from the best and try each next one, keeping it only if the averaged
    weights score no lower than before.

    Input: weights, a list of parameter arrays; score, a function from a parameter array to a
    held-out score (higher is better). Output: (soup, chosen): the mean of the chosen
    ingredients and their indices in the order they were added.

    >>> soup, chosen = greedy_soup([np.array([0.9]), np.array([3.0]), np.array([1.05])], lambda w: -float((w[0] - 1) ** 2))
    >>> chosen, round(float(soup[0]), 3)
    ([2, 0], 0.975)
    """
    order = sorted(range(len(weights)), key=lambda i: -score(weights[i]))
    chosen = [order[0]]
    best = score(weights[order[0]])
    for i in order[1:]:
        trial = np.mean([weights[j] for j in chosen + [i]], axis=0)
        s = score(trial)
        if s >= best:
            chosen.append(i)
            best = s
    return np.mean([weights[j] for j in chosen], axis=0), chosen


def logloss(w, X, y):
    z = X @ w
    return float(np.mean(np.logaddexp(0, z) - y * z))


def finetune(w0, X, y, lr, steps, l2):
    w = w0.copy()
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(X @ w)))
        w -= lr * (X.T @ (p - y) / len(y) + l2 * (w - w0))
    return w


def mlp_loss(params, X, y):
    W1, W2 = params[:-8].reshape(6, 8), params[-8:]
    return float(np.mean((np.tanh(X @ W1) @ W2 - y) ** 2))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Model soups: uniform and greedy weight averaging")

    with r.case("uniform soup equals the elementwise mean") as c:
        ws = [rng.normal(size=(3, 4)) for _ in range(5)]
        c.close(f.uniform_soup(ws), sum(ws) / 5, rtol=1e-12)

    d = 20
    w_true = rng.normal(size=d)
    X = rng.normal(size=(400, d))
    y = (rng.random(400) < 1 / (1 + np.exp(-X @ w_true))).astype(float)
    Xv = rng.normal(size=(2000, d))
    yv = (rng.random(2000) < 1 / (1 + np.exp(-Xv @ w_true))).astype(float)
    w0 = w_true + rng.normal(size=d)  # the shared "pre-trained" starting point
    # Ingredients: fine-tuned from w0 with different learning rates, lengths, L2 strengths
    # and random halves of the data (the hyperparameter sweep of the paper, in miniature).
    hps = [(1.0, 300, 0.0), (0.5, 300, 0.01), (1.0, 200, 0.0), (0.8, 300, 0.003), (1.0, 300, 0.0)]
    ings = []
    for lr, steps, l2 in hps:
        idx = rng.choice(len(y), len(y) // 2, replace=False)
        ings.append(finetune(w0, X[idx], y[idx], lr, steps, l2))
    ings.append(finetune(w0, X, y, 0.01, 20, 0.0))  # barely moved from w0

    def val_score(w):
        return -logloss(w, Xv, yv)

    with r.case("convex fine-tuning: soup loss <= mean ingredient loss (Jensen)") as c:
        soup = f.uniform_soup(ings)
        ls = [logloss(w, Xv, yv) for w in ings]
        c.true(logloss(soup, Xv, yv) <= np.mean(ls) + 1e-12)
        c.true(logloss(soup, Xv, yv) < max(ls))
        r.figure("held-out loss: ingredients", np.round(ls, 4).tolist())
        r.figure("held-out loss: uniform soup", round(logloss(soup, Xv, yv), 4))

    with r.case("hand-worked greedy soup on -(w - 1)^2") as c:
        pts = [np.array([v]) for v in (0.9, 1.3, 0.5, 3.0, 1.05, 1.05)]
        soup1, chosen = f.greedy_soup(pts, lambda w: -float((w[0] - 1) ** 2))
        c.equal(list(chosen), [4, 5, 0])  # a tie (the duplicate) is kept: 'does not lower'
        c.close(soup1, [1.0], rtol=1e-12)
        soup2, chosen2 = f.greedy_soup(
            [np.array([1.6]), np.array([1.0])], lambda w: -float((w[0] - 1) ** 2)
        )
        c.equal(list(chosen2), [1])  # averaging to 1.3 would lower the best score 0
        c.close(soup2, [1.0], rtol=1e-12)

    with r.case("greedy soup: never below its best ingredient; equals the mean of its choice") as c:
        gs, chosen = f.greedy_soup(ings, val_score)
        scores = [val_score(w) for w in ings]
        c.equal(int(chosen[0]), int(np.argmax(scores)))
        c.true(val_score(gs) >= max(scores) - 1e-12)
        c.true(val_score(gs) > max(scores) + 1e-3, "here it beats every ingredient")
        c.true(5 not in chosen and len(chosen) >= 2, "the barely fine-tuned model is left out")
        c.close(gs, np.mean([ings[i] for i in chosen], axis=0), rtol=1e-12)
        c.true(len(set(chosen)) == len(chosen), "no ingredient twice")
        r.figure(
            "greedy soup: chosen ingredients | held-out loss",
            [list(map(int, chosen)), round(-val_score(gs), 4)],
        )

    # Same function, different basin: permuting hidden units breaks weight averaging.
    Xm = rng.normal(size=(300, 6))
    ym = np.sin(Xm[:, 0]) + 0.5 * Xm[:, 1]
    W1, W2 = rng.normal(size=(6, 8)), rng.normal(size=8)
    for _ in range(600):  # a quick fit so the network is a low-loss point
        H = np.tanh(Xm @ W1)
        e = H @ W2 - ym
        gW2 = H.T @ e / 150
        gW1 = Xm.T @ ((e[:, None] * W2) * (1 - H**2)) / 150
        W1, W2 = W1 - 0.05 * gW1, W2 - 0.05 * gW2
    A = np.r_[W1.ravel(), W2]
    perm = rng.permutation(8)
    B = np.r_[W1[:, perm].ravel(), W2[perm]]
    near = A + 0.02 * rng.normal(size=A.size)
    with r.case("averaging with a permuted copy fails; averaging nearby models does not") as c:
        la = mlp_loss(A, Xm, ym)
        c.close(mlp_loss(B, Xm, ym), la, rtol=1e-10)  # the permuted copy is the same function
        l_perm = mlp_loss(f.uniform_soup([A, B]), Xm, ym)
        l_near = mlp_loss(f.uniform_soup([A, near]), Xm, ym)
        r.figure(
            "MLP loss: model | soup with permuted copy | soup with nearby model",
            [la, l_perm, l_near],
        )
        c.true(l_perm > 3 * la and l_near < 1.5 * la, f"{la:.4f}, {l_perm:.4f}, {l_near:.4f}")
    return r


if __name__ == "__main__":
    main(run)
