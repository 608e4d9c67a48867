"""word2vec: skip-gram with negative sampling (SGNS).

Follows Mikolov et al. (2013, "Distributed Representations of Words and Phrases", eq. 4: the
NEG objective log sigma(u_c . v_w) + sum_i log sigma(-u_ni . v_w)) and d2l-en ch. 15 (word2vec,
approximate training), and Levy & Goldberg (2014) for what SGNS converges to (their closed form
uses unigram negatives; word2vec itself draws them from the unigram distribution to the 3/4
power). Checks: the per-pair loss against scipy's log_expit, its value (k+1) log 2 at zero
vectors and its stability for scores of +-800; the three gradients against central finite
differences; and the corpus-level expected objective, minimised over the word-context scores
by scipy.optimize, lands exactly on PMI(w, c) - log k (Levy & Goldberg's closed form).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log_expit

from implementations._common import Report, main, solution

EXERCISE = ["sgns_loss_grad", "sgns_corpus_loss"]

DOC_ZH = {
    "sgns_loss_grad": """skip-gram 负采样的单个训练样本：中心词向量 w、真实上下文向量 c、k 个负样本上下文向量 negs。

损失 L = -log σ(c·w) - Σ_i log σ(-n_i·w)，σ 为 sigmoid；要求对很大的 |得分| 数值稳定（用 logaddexp）。
输入：w (d,)；c (d,)；negs (k, d)。
输出：(L, g_w, g_c, g_negs)，分别是损失与它对 w、c、negs 的梯度。

>>> L, gw, gc, gn = sgns_loss_grad(np.array([1.0, 0.0]), np.array([1.0, 0.0]), np.array([[0.0, 1.0]]))
>>> round(float(L), 6), np.round(gw, 6).tolist()
(1.006409, [-0.268941, 0.5])
""",
    "sgns_corpus_loss": """整个语料上 SGNS 的期望目标，作为词-上下文得分矩阵 S（S[w, c] = v_w·u_c）的函数。

负样本按上下文的一元分布 P_n(c) = #c / |D| 抽取，每个正样本配 k 个：
L(S) = Σ_{w,c} [ #(w,c) · softplus(-S[w,c]) + k · #w · P_n(c) · softplus(S[w,c]) ]，softplus(x) = log(1 + e^x)。
输入：S (V_w, V_c)；counts (V_w, V_c) 共现次数 #(w,c)；k。输出：标量 L。

>>> round(float(sgns_corpus_loss(np.zeros((1, 2)), np.array([[1.0, 3.0]]), 2)), 6)
8.317766
""",
}

HINTS = {
    "en": (
        "The true context should get a high score and the k sampled contexts a low one: two "
        "kinds of logistic-regression terms sharing the word vector.",
        "With s = c.w and t_i = n_i.w: L = softplus(-s) + sum softplus(t_i); dL/ds = -sigmoid(-s), "
        "dL/dt_i = sigmoid(t_i); chain to w, c, n_i. Corpus level: each cell (w, c) has #(w,c) "
        "positive and k #w #c/|D| negative terms.",
    ),
    "zh": (
        "真实上下文的得分应当高，k 个采样得到的上下文得分应当低：这是两类共享词向量的逻辑回归项。",
        "记 s = c·w，t_i = n_i·w：L = softplus(-s) + Σ softplus(t_i)；dL/ds = -sigmoid(-s)，dL/dt_i = sigmoid(t_i)；"
        "再用链式法则传到 w、c、n_i。语料层面：每个格子 (w, c) 有 #(w,c) 个正项和 k #w #c/|D| 个负项。",
    ),
}


def sgns_loss_grad(w, c, negs):
    """One skip-gram negative-sampling example: word vector w, true context c, k negatives.

    L = -log sigma(c.w) - sum_i log sigma(-n_i.w), numerically stable for large |scores|
    (use logaddexp). Input: w (d,); c (d,); negs (k, d). Output: (L, g_w, g_c, g_negs), the
    loss and its gradients with respect to w, c and negs.

    >>> L, gw, gc, gn = sgns_loss_grad(np.array([1.0, 0.0]), np.array([1.0, 0.0]), np.array([[0.0, 1.0]]))
    >>> round(float(L), 6), np.round(gw, 6).tolist()
    (1.006409, [-0.268941, 0.5])
    """
    s, t = c @ w, negs @ w
    loss = np.logaddexp(0, -s) + np.sum(np.logaddexp(0, t))
    ds = -expit(-s)  # dL/ds
    dt = expit(t)  # dL/dt_i
    return loss, ds * c + dt @ negs, ds * w, np.outer(dt, w)


def sgns_corpus_loss(S, counts, k):
    """Expected SGNS objective over a corpus, as a function of the scores S[w, c] = v_w . u_c.

    Negatives follow the unigram context distribution P_n(c) = #c / |D|, k per positive pair:
    L(S) = sum_{w,c} [#(w,c) softplus(-S[w,c]) + k #w P_n(c) softplus(S[w,c])] with
    softplus(x) = log(1 + e^x). Input: S (V_w, V_c); counts (V_w, V_c), the co-occurrence
    counts #(w,c); k. Output: the scalar L.

    >>> round(float(sgns_corpus_loss(np.zeros((1, 2)), np.array([[1.0, 3.0]]), 2)), 6)
    8.317766
    """
    D = counts.sum()
    neg = k * np.outer(counts.sum(axis=1), counts.sum(axis=0)) / D
    return np.sum(counts * np.logaddexp(0, -S) + neg * np.logaddexp(0, S))


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(6)
    r = Report("word2vec: skip-gram with negative sampling")
    d, k = 5, 4
    w, c_vec, negs = rng.normal(size=d), rng.normal(size=d), rng.normal(size=(k, d))

    with r.case("loss = -log sigma(c.w) - sum log sigma(-n.w) (scipy log_expit)") as c:
        L, *_ = f.sgns_loss_grad(w, c_vec, negs)
        c.close(L, -log_expit(c_vec @ w) - np.sum(log_expit(-(negs @ w))), rtol=1e-12)
        L0, *_ = f.sgns_loss_grad(np.zeros(d), c_vec, negs)
        c.close(L0, (k + 1) * np.log(2), rtol=1e-12)

    with r.case("stable for scores of +-800 (no overflow)") as c:
        e = np.zeros(d)
        e[0] = 1.0
        L_good, *_ = f.sgns_loss_grad(e * 40, e * 20, -np.tile(e * 20, (k, 1)))  # c.w = 800
        L_bad, *_ = f.sgns_loss_grad(e * 40, -e * 20, np.tile(e * 20, (k, 1)))  # c.w = -800
        c.close(L_good, 0.0, atol=1e-300)
        c.close(L_bad, 800.0 * (k + 1), rtol=1e-12)

    eps = 1e-6

    def loss_at(w_, c_, n_):
        return -log_expit(c_ @ w_) - np.sum(log_expit(-(n_ @ w_)))

    fd_w = np.array(
        [
            (loss_at(w + eps * e, c_vec, negs) - loss_at(w - eps * e, c_vec, negs)) / (2 * eps)
            for e in np.eye(d)
        ]
    )
    fd_c = np.array(
        [
            (loss_at(w, c_vec + eps * e, negs) - loss_at(w, c_vec - eps * e, negs)) / (2 * eps)
            for e in np.eye(d)
        ]
    )
    fd_n = np.zeros((k, d))
    for i in range(k):
        for j in range(d):
            dn = np.zeros((k, d))
            dn[i, j] = eps
            fd_n[i, j] = (loss_at(w, c_vec, negs + dn) - loss_at(w, c_vec, negs - dn)) / (2 * eps)
    with r.case("gradients w.r.t. w, c and the negatives = central finite differences") as c:
        _, gw, gc, gn = f.sgns_loss_grad(w, c_vec, negs)
        c.close(gw, fd_w, rtol=1e-6, atol=1e-9)
        c.close(gc, fd_c, rtol=1e-6, atol=1e-9)
        c.close(gn, fd_n, rtol=1e-6, atol=1e-9)

    counts = rng.integers(1, 30, size=(3, 4)).astype(float)
    counts[0, 0] = 120.0  # a strongly associated pair
    D = counts.sum()
    pmi = np.log(counts * D / np.outer(counts.sum(axis=1), counts.sum(axis=0)))
    with r.case("corpus objective at S = 0 is (1 + k) |D| log 2") as c:
        c.close(
            f.sgns_corpus_loss(np.zeros((3, 4)), counts, k), (1 + k) * D * np.log(2), rtol=1e-12
        )
    with r.case("its minimiser over the scores is PMI(w, c) - log k (Levy & Goldberg)") as c:
        for kk in (1, 5):
            res = minimize(
                lambda s, kk=kk: f.sgns_corpus_loss(s.reshape(3, 4), counts, kk),
                np.zeros(12),
                method="BFGS",
                options={"gtol": 1e-9},
            )
            c.close(res.x.reshape(3, 4), pmi - np.log(kk), atol=2e-4)
        r.figure("PMI of the corpus (row 0, col 0 is the strong pair)", np.round(pmi, 3))
    return r


if __name__ == "__main__":
    main(run)
