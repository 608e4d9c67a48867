"""bits-back-coding: lossless compression with a latent-variable model, at the cost of the
negative ELBO, by decoding the latent from the bit stream (Townsend, Bird & Barber 2019).

BB-ANS: to send x with a model p(z) p(x | z) and an approximate posterior q(z | x), the sender
first *decodes* z from the existing stack with q(z | x) (taking -log q bits off it), then
encodes x with p(x | z) and z with p(z). Net cost: -log p(x | z) - log p(z) + log q(z | x), whose
mean over q is the negative ELBO, >= -log p(x) with equality when q is the true posterior.
The coder is rANS (Duda 2013) with an unbounded integer state, so every length is exact.
Checks: push then pop returns every symbol and the initial state; a pushed message grows log2
of the state by sum log2(M / f) within a bit; bits-back decoding (pop z with p(z), pop x with
p(x | z), push z back with q) restores the data and the initial state exactly; the average net
cost equals the negative ELBO computed by enumeration (within a Monte Carlo error; the test q
mixes the posterior with the prior so that the aggregate of q is p(z) and the popped bits stay
uniform, as the derivation assumes), sits below
the cost of sending z explicitly, and with q equal to the exact posterior reaches -log2 p(x).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["rans_push", "rans_pop", "bits_back_encode"]

DOC_ZH = {
    "rans_push": """rANS 编码一个符号（状态为无界整数，不做重归一化）：s' = (s // f) * M + cum + (s % f)。

输入：state，非负 Python 整数；cum、freq，该符号的累计频数和频数；M，频数总和。
输出：新的状态（整数）。

>>> rans_push(10, 2, 3, 8)
27
""",
    "rans_pop": """rANS 解码一个符号：slot = s % M，找出满足 cum[k] ≤ slot < cum[k] + freq[k] 的 k，再令 s = freq[k] * (s // M) + slot - cum[k]。

输入：state；freqs，整数频数列表（和为 M）；M。
输出：(symbol, new_state)。

>>> rans_pop(27, [2, 3, 3], 8)
(1, 10)
""",
    "bits_back_encode": """BB-ANS 编码：对每个 x（依次）先用 q(z | x) 从栈上解码出 z，再用 p(x | z) 编码 x、用 p(z) 编码 z。

输入：state；xs，整数列表；pz，(Kz,) 整数频数；px_z，(Kz, Kx)，第 z 行是 p(x | z) 的频数；
qz_x，(Kx, Kz)，第 x 行是 q(z | x) 的频数；M，每行频数之和。
输出：编码后的状态（整数）。

>>> bits_back_encode(10**6, [1], [4, 4], [[6, 2], [2, 6]], [[6, 2], [2, 6]], 8)
2000010
""",
}

HINTS = {
    "en": (
        "rANS is a stack: pushing a symbol of frequency f multiplies the state by about M / f, "
        "and popping undoes the last push exactly. Bits back means popping the latent first.",
        "push: s -> (s // f) M + cum + s % f; pop: slot = s % M, find k with cum_k <= slot < cum_k + "
        "f_k, s -> f_k (s // M) + slot - cum_k. Encode x: z, s = pop(s, q[x]); s = push x with "
        "p(x|z); s = push z with p(z). The decoder runs the mirror image in reverse order.",
    ),
    "zh": (
        "rANS 是一个栈：压入频数为 f 的符号会把状态大约乘以 M / f，弹出恰好撤销最后一次压入。“比特回收”就是先把潜变量弹出来。",
        "压入：s -> (s // f) M + cum + s % f；弹出：slot = s % M，找出 cum_k ≤ slot < cum_k + f_k 的 k，"
        "s -> f_k (s // M) + slot - cum_k。编码 x：z, s = pop(s, q[x])；用 p(x|z) 压入 x；用 p(z) 压入 z。"
        "解码器按相反顺序做镜像操作。",
    ),
}


def rans_push(state, cum, freq, M):
    """rANS encode of one symbol (unbounded integer state, no renormalisation):
    s' = (s // f) * M + cum + (s % f).

    Input: state a non-negative Python int; cum, freq the symbol's cumulative frequency and
    frequency; M the total. Output: the new state (int).

    >>> rans_push(10, 2, 3, 8)
    27
    """
    return (state // freq) * M + cum + state % freq


def rans_pop(state, freqs, M):
    """rANS decode of one symbol: slot = s % M, find k with cum[k] <= slot < cum[k] + freq[k],
    then s = freq[k] * (s // M) + slot - cum[k].

    Input: state; freqs a list of integer frequencies summing to M; M.
    Output: (symbol, new_state).

    >>> rans_pop(27, [2, 3, 3], 8)
    (1, 10)
    """
    slot = state % M
    cum = 0
    for k, fk in enumerate(freqs):
        if slot < cum + fk:
            return k, int(fk) * (state // M) + slot - cum
        cum += int(fk)
    raise ValueError("frequencies do not sum to M")


def _push_sym(push, state, freqs, k, M):
    return push(state, int(sum(freqs[:k])), int(freqs[k]), M)


def bits_back_encode(state, xs, pz, px_z, qz_x, M):
    """BB-ANS encoding: for each x in turn, decode z from the stack with q(z | x), then encode
    x with p(x | z) and z with p(z).

    Input: state; xs a list of ints; pz (Kz,) integer frequencies; px_z (Kz, Kx), row z the
    frequencies of p(x | z); qz_x (Kx, Kz), row x those of q(z | x); M the sum of every row.
    Output: the state after encoding (int).

    >>> bits_back_encode(10**6, [1], [4, 4], [[6, 2], [2, 6]], [[6, 2], [2, 6]], 8)
    2000010
    """
    for x in xs:
        z, state = rans_pop(state, list(qz_x[x]), M)
        state = _push_sym(rans_push, state, list(px_z[z]), x, M)
        state = _push_sym(rans_push, state, list(pz), z, M)
    return state


def log2_int(s):
    """log2 of a huge Python int, without converting it to float."""
    shift = max(0, s.bit_length() - 60)
    return shift + np.log2(float(s >> shift))


def quantize(p, M):
    """Integer frequencies >= 1 summing to M, close to M p (largest remainder)."""
    p = np.asarray(p, dtype=float)
    q = np.maximum(1, np.floor(p * (M - len(p))).astype(int))
    q[np.argmax(p)] += M - q.sum()
    return [int(v) for v in q]


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Bits-back coding with rANS")
    M = 1 << 12
    Kz, Kx = 4, 6
    pz = quantize(rng.dirichlet(np.ones(Kz) * 2), M)
    px_z = [quantize(rng.dirichlet(np.ones(Kx) * 0.5), M) for _ in range(Kz)]
    P = np.array(pz)[:, None] / M * (np.array(px_z) / M)  # joint p(z, x) of the quantised model
    px = P.sum(0)
    post = [quantize(P[:, x] / px[x], M) for x in range(Kx)]  # ~ exact posterior
    # a worse q that mixes in the prior: its aggregate sum_x p(x) q(z|x) is still p(z), which
    # keeps the bits popped from the stack uniform, so the net cost is the negative ELBO
    rough = [quantize(0.5 * P[:, x] / px[x] + 0.5 * np.array(pz) / M, M) for x in range(Kx)]
    s0 = int(rng.integers(1 << 62)) << 64 | int(rng.integers(1 << 62))  # initial bits to borrow

    with r.case("push then pop returns each symbol in reverse and the initial state") as c:
        freqs = quantize(rng.dirichlet(np.ones(5)), M)
        msg = [int(v) for v in rng.integers(0, 5, 200)]
        s = s0
        for k in msg:
            s = f.rans_push(s, int(sum(freqs[:k])), freqs[k], M)
        out = []
        for _ in msg:
            k, s = f.rans_pop(s, freqs, M)
            out.append(k)
        c.equal(out[::-1], msg)
        c.equal(s, s0)
    with r.case("pushed bits = sum log2(M / f) within 1 bit") as c:
        ideal = sum(np.log2(M / freqs[k]) for k in msg)
        s = s0
        for k in msg:
            s = f.rans_push(s, int(sum(freqs[:k])), freqs[k], M)
        grown = s.bit_length() - s0.bit_length()
        r.figure("200 symbols: state growth | ideal bits", [grown, round(float(ideal), 2)])
        c.true(abs(grown - ideal) <= 1.5, f"{grown} vs {ideal:.2f}")

    xs = [int(v) for v in rng.choice(Kx, size=3000, p=px)]

    def decode(s, n, q):
        out = []
        for _ in range(n):
            z, s = f.rans_pop(s, pz, M)
            x, s = f.rans_pop(s, px_z[z], M)
            s = f.rans_push(s, int(sum(q[x][:z])), q[x][z], M)
            out.append(x)
        return out[::-1], s

    with r.case("bits-back decoding restores the data and the initial state exactly") as c:
        s = f.bits_back_encode(s0, xs, pz, px_z, rough, M)
        back, s_end = decode(s, len(xs), rough)
        c.equal(back, xs)
        c.equal(s_end, s0)

    def neg_elbo_bits(q):
        Q = np.array(q) / M  # (Kx, Kz)
        return np.mean([np.sum(Q[x] * (np.log2(Q[x]) - np.log2(P[:, x]))) for x in xs])

    with r.case("net cost per symbol = negative ELBO (enumerated), for a rough q") as c:
        s = f.bits_back_encode(s0, xs, pz, px_z, rough, M)
        net = (log2_int(s) - log2_int(s0)) / len(xs)
        r.figure(
            "bits/symbol: net | -ELBO | -log2 p(x)",
            [
                round(float(net), 4),
                round(float(neg_elbo_bits(rough)), 4),
                round(float(np.mean(-np.log2(px[xs]))), 4),
            ],
        )
        c.close(net, neg_elbo_bits(rough), atol=0.05)
    with r.case("with q = posterior the net cost reaches -log2 p(x)") as c:
        s = f.bits_back_encode(s0, xs, pz, px_z, post, M)
        net = (log2_int(s) - log2_int(s0)) / len(xs)
        c.close(net, np.mean(-np.log2(px[xs])), atol=0.05)
        c.true(neg_elbo_bits(rough) > np.mean(-np.log2(px[xs])) + 0.05, "rough q is worse")
    with r.case("bits back beats sending z explicitly by about H(q(z|x))") as c:
        s = f.bits_back_encode(s0, xs, pz, px_z, post, M)
        net = (log2_int(s) - log2_int(s0)) / len(xs)
        z_explicit = [int(np.argmax(np.array(post[x]))) for x in xs]
        explicit = np.mean([-np.log2(P[z, x]) for z, x in zip(z_explicit, xs)])
        c.true(net < explicit - 0.1, f"{net:.3f} vs {explicit:.3f}")
    return r


if __name__ == "__main__":
    main(run)
