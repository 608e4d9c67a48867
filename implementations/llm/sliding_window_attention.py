"""sliding-window-attention: each token attends only to the last W positions.

Follows Jiang et al. (2023, Mistral 7B) and Beltagy et al. (2020, Longformer): a causal band
mask restricts token i to positions i-W+1..i (W positions, itself included; counting W from
i-W instead only shifts every figure by one), so attention costs O(T W) and the KV cache is a
rolling buffer of W slots, the key and value of position t stored in slot t mod W. Stacking L
layers lets information travel up to L (W - 1) positions, which is how Mistral's 4096-token
window over 32 layers gives a theoretical attention span of about 131K tokens. Checks: the
mask against its definition; W >= T gives full causal attention and W = 1 returns V; the
attention against explicit per-query loops; decoding with the rolling buffer equals the
windowed attention and the buffer holds exactly the last W keys; and in a stack of L
attention layers, perturbing token j changes exactly the outputs at j..j + L (W - 1).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["sliding_window_mask", "swa_attention", "rolling_buffer_decode"]

DOC_ZH = {
    "sliding_window_mask": """滑动窗口因果掩码：位置 i 可以看位置 j，当且仅当 i - W < j <= i（含自身共 W 个位置）。

输入：T，序列长度；W，窗口大小（>= 1）。
输出：(T, T) 的布尔数组，True 表示允许注意。

>>> sliding_window_mask(4, 2).astype(int).tolist()
[[1, 0, 0, 0], [1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1]]
""",
    "swa_attention": """滑动窗口注意力：softmax(Q K^T / sqrt(dk))，只保留 sliding_window_mask 允许的位置，再乘 V。

输入：Q、K，(T, dk)；V，(T, dv)；W。
输出：(T, dv)。

>>> swa_attention(np.zeros((3, 1)), np.zeros((3, 1)), np.array([[0.0], [2.0], [4.0]]), 2).ravel().tolist()
[0.0, 1.0, 3.0]
""",
    "rolling_buffer_decode": """用大小为 W 的滚动缓存逐词元解码：第 t 步把 K[t]、V[t] 写入槽位 t mod W，
再让 Q[t] 对缓存中已写入的槽位做注意力。

输入：Q、K，(T, dk)；V，(T, dv)；W。
输出：(Y, Kbuf)：Y 为 (T, dv)，应等于 swa_attention(Q, K, V, W)；Kbuf 为最后的键缓存，形状 (W, dk)。

>>> Y, Kb = rolling_buffer_decode(np.zeros((3, 1)), np.array([[1.0], [2.0], [3.0]]), np.array([[0.0], [2.0], [4.0]]), 2)
>>> Y.ravel().tolist(), Kb.ravel().tolist()
([0.0, 1.0, 3.0], [3.0, 2.0])
""",
}

HINTS = {
    "en": (
        "Allowed keys form a band of width W just left of the diagonal; a cache of W slots is "
        "enough because older keys are never looked at again.",
        "mask[i, j] = (j <= i) and (j > i - W). Attention: scores where mask, -inf elsewhere, "
        "row softmax, times V. Decoding: slot = t % W; write K[t], V[t] there; attend over slots "
        "0..min(t, W-1) (their order does not matter to attention).",
    ),
    "zh": (
        "允许的键构成对角线左侧宽为 W 的一条带；W 个槽位的缓存就够了，因为更早的键再也不会被看到。",
        "mask[i, j] = (j <= i) 且 (j > i - W)。注意力：掩码内取得分，其余为 -inf，按行 softmax 后乘 V。"
        "解码：槽位 = t % W；把 K[t]、V[t] 写进去；对槽位 0..min(t, W-1) 做注意力（槽位顺序不影响注意力）。",
    ),
}


def sliding_window_mask(T, W):
    """Sliding-window causal mask: position i may attend to j iff i - W < j <= i (W positions,
    itself included).

    Input: T the length; W the window (>= 1). Output: a (T, T) boolean array, True = allowed.

    >>> sliding_window_mask(4, 2).astype(int).tolist()
    [[1, 0, 0, 0], [1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1]]
    """
    i = np.arange(T)[:, None]
    j = np.arange(T)[None, :]
    return (j <= i) & (j > i - W)


def swa_attention(Q, K, V, W):
    """Sliding-window attention: softmax(Q K^T / sqrt(dk)) restricted to sliding_window_mask,
    times V.

    Input: Q, K (T, dk); V (T, dv); W. Output: (T, dv).

    >>> swa_attention(np.zeros((3, 1)), np.zeros((3, 1)), np.array([[0.0], [2.0], [4.0]]), 2).ravel().tolist()
    [0.0, 1.0, 3.0]
    """
    T, dk = Q.shape
    S = np.where(sliding_window_mask(T, W), Q @ K.T / np.sqrt(dk), -np.inf)
    P = np.exp(S - S.max(axis=1, keepdims=True))
    return (P / P.sum(axis=1, keepdims=True)) @ V


def rolling_buffer_decode(Q, K, V, W):
    """Decode token by token with a rolling cache of W slots: at step t write K[t], V[t] to
    slot t mod W, then let Q[t] attend over the slots written so far.

    Input: Q, K (T, dk); V (T, dv); W. Output: (Y, Kbuf): Y (T, dv), equal to
    swa_attention(Q, K, V, W); Kbuf the final key buffer, shape (W, dk).

    >>> Y, Kb = rolling_buffer_decode(np.zeros((3, 1)), np.array([[1.0], [2.0], [3.0]]), np.array([[0.0], [2.0], [4.0]]), 2)
    >>> Y.ravel().tolist(), Kb.ravel().tolist()
    ([0.0, 1.0, 3.0], [3.0, 2.0])
    """
    T, dk = Q.shape
    Kbuf = np.zeros((W, dk))
    Vbuf = np.zeros((W, V.shape[1]))
    out = []
    for t in range(T):
        Kbuf[t % W] = K[t]
        Vbuf[t % W] = V[t]
        n = min(t + 1, W)  # slots filled so far
        s = Kbuf[:n] @ Q[t] / np.sqrt(dk)
        w = np.exp(s - s.max())
        out.append(w @ Vbuf[:n] / w.sum())
    return np.array(out), Kbuf


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Sliding-window attention and the rolling buffer cache")

    with R.case("mask: i may see j iff i - W < j <= i") as c:
        for T, W in ((6, 1), (6, 3), (7, 7), (5, 9)):
            want = [[int(i - W < j <= i) for j in range(T)] for i in range(T)]
            c.equal(np.asarray(f.sliding_window_mask(T, W)).astype(int), np.array(want))

    def loop_attention(Q, K, V, W):
        out = []
        for i in range(len(Q)):
            js = [j for j in range(len(Q)) if i - W < j <= i]
            s = np.array([Q[i] @ K[j] for j in js]) / np.sqrt(Q.shape[1])
            w = np.exp(s - s.max())
            out.append(sum(wj * V[j] for wj, j in zip(w / w.sum(), js)))
        return np.array(out)

    T, dk, dv = 9, 4, 3
    Q, K, V = rng.normal(size=(T, dk)), rng.normal(size=(T, dk)), rng.normal(size=(T, dv))
    with R.case("windowed attention equals explicit per-query loops (W = 2, 3, 5)") as c:
        for W in (2, 3, 5):
            c.close(f.swa_attention(Q, K, V, W), loop_attention(Q, K, V, W), rtol=1e-10, atol=1e-12)
    with R.case("W >= T is full causal attention; W = 1 returns V") as c:
        S = Q @ K.T / 2.0 + np.triu(np.full((T, T), -np.inf), 1)
        P = np.exp(S - S.max(1, keepdims=True))
        full = P / P.sum(1, keepdims=True) @ V
        c.close(f.swa_attention(Q, K, V, T), full, rtol=1e-10, atol=1e-12)
        c.close(f.swa_attention(Q, K, V, 50), full, rtol=1e-10, atol=1e-12)
        c.close(f.swa_attention(Q, K, V, 1), V, rtol=1e-12)

    with R.case("rolling-buffer decoding equals windowed attention") as c:
        for W in (1, 3, 4, 12):
            Y, _ = f.rolling_buffer_decode(Q, K, V, W)
            c.close(Y, loop_attention(Q, K, V, W), rtol=1e-10, atol=1e-12)
    with R.case("large scores (|q.k| ~ 1e3) stay finite and exact, full pass and decoding") as c:
        Qb = 400 * Q
        want = loop_attention(Qb, K, V, 4)
        c.close(f.swa_attention(Qb, K, V, 4), want, rtol=1e-9, atol=1e-12)
        c.close(f.rolling_buffer_decode(Qb, K, V, 4)[0], want, rtol=1e-9, atol=1e-12)

    with R.case("the buffer holds exactly the last W keys, key t in slot t mod W") as c:
        for W in (3, 4):
            _, Kb = f.rolling_buffer_decode(Q, K, V, W)
            c.equal(np.asarray(Kb).shape, (W, dk))
            for t in range(T - W, T):
                c.close(Kb[t % W], K[t], rtol=1e-15)

    # Receptive field of a stack of L windowed self-attention layers, found by perturbation.
    T2, d = 24, 3
    X = rng.normal(size=(T2, d))
    mats = [rng.normal(size=(3, d, d)) / np.sqrt(d) for _ in range(3)]

    def stack(X, W, L):
        for Wq, Wk, Wv in mats[:L]:
            X = X + f.swa_attention(X @ Wq, X @ Wk, X @ Wv, W)
        return X

    with R.case("L layers: perturbing token j moves exactly outputs j .. j + L (W - 1)") as c:
        for W, L in ((3, 1), (3, 2), (4, 3), (2, 3)):
            j = 5
            Xp = X.copy()
            Xp[j] += 0.5
            moved = np.any(np.abs(stack(Xp, W, L) - stack(X, W, L)) > 1e-12, axis=1)
            want = (np.arange(T2) >= j) & (np.arange(T2) <= j + L * (W - 1))
            c.equal(moved, want)
        R.figure("theoretical span of a 4096 window over 32 layers: 32 x 4095 + 1", 32 * 4095 + 1)
    return R


if __name__ == "__main__":
    main(run)
