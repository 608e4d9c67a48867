"""mixture-of-experts: sparse top-k gating over expert FFNs and the load-balancing loss.

Follows Shazeer et al. (2017, top-k gating: softmax over the k largest router logits, the
rest set to zero) and Fedus et al. (2021, top-1 'switch' routing with auxiliary loss
N * sum_i f_i P_i). Checks: the gates equal a per-token brute force (sorted logits, math.exp
softmax over the k largest) also for huge logits, with exactly k non-zeros summing to 1; the
sparse dispatch equals a dense mixture over all experts with the zeroed gates (explicit loops)
and makes exactly T k expert evaluations (k/E of the dense compute); the balance loss equals 1
at perfectly uniform routing, N when everything collapses to one expert, and an explicit
per-token loop on random router logits.
"""

from __future__ import annotations

import math

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["top_k_gates", "moe_forward", "switch_balance_loss"]

DOC_ZH = {
    "top_k_gates": """Top-k 门控：每个词元只在它最大的 k 个路由 logits 上做 softmax，其余门值为 0。

输入：logits，形状 (T, E) 的路由 logits；k，每个词元选用的专家数。
输出：(G, idx)：G 形状 (T, E)，每行恰有 k 个非零且和为 1；idx 形状 (T, k)，按 logit 从大到小排列的专家编号。

>>> G, idx = top_k_gates(np.array([[0.0, 2.0, np.log(3.0) + 2.0]]), 2)
>>> G.round(6).tolist(), idx.tolist()
([[0.0, 0.25, 0.75]], [[2, 1]])
""",
    "moe_forward": """稀疏分派：每个专家只处理被路由给它的词元，输出按门值加权求和。

专家 e 是 FFN：expert_e(x) = max(x W1_e, 0) W2_e。
输入：x，形状 (T, d)；G、idx，top_k_gates 的输出；experts，(W1, W2) 组成的列表。
输出：(y, calls)：y 形状 (T, d)，y_t = sum_e G[t, e] expert_e(x_t)；calls 是专家实际处理的词元总数。

>>> ex = [(np.eye(2), np.eye(2)), (np.eye(2), 2 * np.eye(2))]
>>> y, calls = moe_forward(np.array([[1.0, -1.0]]), np.array([[0.0, 1.0]]), np.array([[1]]), ex)
>>> y.tolist(), calls
([[2.0, 0.0]], 1)
""",
    "switch_balance_loss": """Switch Transformer 的负载均衡损失 N * sum_i f_i P_i。

f_i 是 top-1（argmax）路由到专家 i 的词元比例，P_i 是专家 i 的平均路由概率（对 logits 做 softmax）。
输入：router_logits，形状 (T, N)。
输出：一个 float；均匀路由时为 1，全部塌缩到一个专家时为 N。

>>> round(float(switch_balance_loss(np.array([[50.0, 0.0], [0.0, 50.0]]))), 6)
1.0
""",
}

HINTS = {
    "en": (
        "Pick the k best experts per token, renormalise only among them, and let each expert "
        "see only its own tokens.",
        "idx = argsort(-logits)[:, :k]; softmax the selected logits (minus their max) and "
        "scatter them into zeros. For each expert e, rows = tokens whose idx contains e; "
        "y[rows] += G[rows, e] * expert(x[rows]). Balance loss: N * sum(bincount(argmax p) / T "
        "* mean(p, axis=0)).",
    ),
    "zh": (
        "每个词元挑出最好的 k 个专家，只在它们之间重新归一化，并让每个专家只看到分给它的词元。",
        "idx = argsort(-logits)[:, :k]；对选中的 logits（减去其最大值）做 softmax 并散回全零矩阵。"
        "对每个专家 e，rows 是 idx 中含 e 的词元；y[rows] += G[rows, e] * expert(x[rows])。"
        "均衡损失：N * sum(bincount(argmax p) / T * mean(p, axis=0))。",
    ),
}


def top_k_gates(logits, k):
    """Top-k gating: per token, a softmax over its k largest router logits; zeros elsewhere.

    Input: logits, (T, E) router logits; k, experts per token.
    Output: (G, idx): G (T, E) with exactly k non-zeros per row summing to 1; idx (T, k),
    the chosen experts in decreasing order of logit.

    >>> G, idx = top_k_gates(np.array([[0.0, 2.0, np.log(3.0) + 2.0]]), 2)
    >>> G.round(6).tolist(), idx.tolist()
    ([[0.0, 0.25, 0.75]], [[2, 1]])
    """
    idx = np.argsort(-logits, axis=1)[:, :k]
    sel = np.take_along_axis(logits, idx, 1)
    w = np.exp(sel - sel.max(1, keepdims=True))
    w /= w.sum(1, keepdims=True)
    G = np.zeros_like(logits)
    np.put_along_axis(G, idx, w, 1)
    return G, idx


def moe_forward(x, G, idx, experts):
    """Sparse dispatch: each expert runs only on the tokens routed to it, outputs mixed by G.

    Expert e is the FFN expert_e(x) = max(x W1_e, 0) W2_e.
    Input: x, (T, d); G, idx, as returned by top_k_gates; experts, a list of (W1, W2).
    Output: (y, calls): y (T, d) with y_t = sum_e G[t, e] expert_e(x_t); calls, the total
    number of tokens the experts processed.

    >>> ex = [(np.eye(2), np.eye(2)), (np.eye(2), 2 * np.eye(2))]
    >>> y, calls = moe_forward(np.array([[1.0, -1.0]]), np.array([[0.0, 1.0]]), np.array([[1]]), ex)
    >>> y.tolist(), calls
    ([[2.0, 0.0]], 1)
    """
    y, calls = np.zeros_like(x), 0
    for e, (W1, W2) in enumerate(experts):
        rows = np.where((idx == e).any(1))[0]
        if len(rows):
            y[rows] += G[rows, e : e + 1] * (np.maximum(x[rows] @ W1, 0) @ W2)
            calls += len(rows)
    return y, calls


def switch_balance_loss(router_logits):
    """Switch Transformer load-balancing loss N * sum_i f_i P_i.

    f_i: fraction of tokens routed top-1 (argmax) to expert i; P_i: mean router probability
    (softmax of the logits) of expert i. Input: router_logits, (T, N).
    Output: a float, 1 for perfectly uniform routing and N when all tokens go to one expert.

    >>> round(float(switch_balance_loss(np.array([[50.0, 0.0], [0.0, 50.0]]))), 6)
    1.0
    """
    N = router_logits.shape[1]
    p = np.exp(router_logits - router_logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    f = np.bincount(p.argmax(1), minlength=N) / len(p)
    return N * np.sum(f * p.mean(0))


def _gates_brute(row, k):
    top = sorted(range(len(row)), key=lambda e: -row[e])[:k]
    m = max(row[e] for e in top)
    z = sum(math.exp(row[e] - m) for e in top)
    g = np.zeros(len(row))
    for e in top:
        g[e] = math.exp(row[e] - m) / z
    return g, top


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Mixture of experts with top-k routing")
    T, d, E, k = 32, 8, 6, 2
    x = rng.standard_normal((T, d))
    logits = x @ rng.standard_normal((d, E))
    experts = [
        (rng.standard_normal((d, 16)) / 3, rng.standard_normal((16, d)) / 4) for _ in range(E)
    ]
    ref = [_gates_brute(row, k) for row in logits]
    G, idx = np.array([g for g, _ in ref]), np.array([t for _, t in ref])
    with r.case("gates == brute-force softmax over the k largest logits") as c:
        Gf, idxf = f.top_k_gates(logits, k)
        c.close(Gf, G, rtol=1e-12, atol=1e-15)
        c.equal(np.asarray(idxf), idx)
    with r.case("gate weights of each token sum to 1 with exactly k non-zeros") as c:
        c.close(Gf.sum(1), np.ones(T), rtol=1e-12)
        c.equal((Gf > 0).sum(1), np.full(T, k))
    with r.case("huge logits and k = 1, k = E") as c:
        for kk in (1, 3, E):
            Gb, _ = f.top_k_gates(400 * logits, kk)
            c.close(Gb, [_gates_brute(row, kk)[0] for row in 400 * logits], rtol=1e-9,
                    atol=1e-300)

    # Dense reference: every expert on every token, mixed with the (mostly zero) gates.
    dense = np.zeros((T, d))
    for t in range(T):
        for e, (W1, W2) in enumerate(experts):
            dense[t] += G[t, e] * (np.maximum(x[t] @ W1, 0) @ W2)
    with r.case("sparse dispatch == dense mixture restricted to top-k") as c:
        y, calls = f.moe_forward(x, G, idx, experts)
        c.close(y, dense, rtol=1e-12, atol=1e-12)
    with r.case("compute fraction == k/E") as c:
        y, calls = f.moe_forward(x, G, idx, experts)
        r.figure("expert evaluations: sparse vs dense", [calls, T * E])
        c.equal(calls, T * k)

    uniform = np.zeros((E * 10, E))
    uniform[np.arange(E * 10), np.arange(E * 10) % E] = 50.0  # confident, evenly spread
    collapsed = np.zeros((100, E))
    collapsed[:, 0] = 50.0
    with r.case("balance loss == 1 at uniform routing and == N when collapsed") as c:
        lu, lc = f.switch_balance_loss(uniform), f.switch_balance_loss(collapsed)
        r.figure("switch loss: uniform vs collapsed routing", [float(lu), float(lc)])
        c.close([lu, lc], [1.0, E], rtol=1e-9)
    with r.case("balance loss == explicit loop over tokens and experts") as c:
        for Z in (logits, 300 * rng.standard_normal((50, E))):
            fr, P = np.zeros(E), np.zeros(E)
            for row in Z:
                m = max(row)
                pr = [math.exp(v - m) for v in row]
                fr[max(range(E), key=lambda e: row[e])] += 1 / len(Z)
                P += np.array(pr) / sum(pr) / len(Z)
            c.close(f.switch_balance_loss(Z), E * float(fr @ P), rtol=1e-10)
    return r


if __name__ == "__main__":
    main(run)
