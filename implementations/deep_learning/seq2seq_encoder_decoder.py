"""seq2seq-encoder-decoder: an RNN reads the source into a vector, another RNN writes the target.

Follows Sutskever et al. (2014) and Cho et al. (2014): the encoder's last hidden state is a
fixed-length summary c of the source, the decoder starts from c and models
p(y | x) = prod_t p(y_t | y_<t, c), each factor a softmax over the target vocabulary; also d2l-en
ch. 10 (the encoder-decoder architecture, sequence-to-sequence learning). Training uses the
gold previous token as the decoder input (teacher forcing); inference feeds back its own
prediction. Checks: the log-probability against an independent forward pass; the conditional
distribution sums to 1 over all V^T target sequences (so the decoder never sees the token it
predicts); the decoder depends on the source only through the final encoder state (with no
encoder recurrence only the last source token matters); greedy decoding equals step-by-step
argmax and stops at end-of-sequence; and the greedy output is scored by seq2seq_logprob
exactly as its own step probabilities say.
"""

from __future__ import annotations

from itertools import product

import numpy as np
from scipy.special import log_softmax

from implementations._common import Report, main, solution

EXERCISE = ["seq2seq_logprob", "greedy_decode"]

DOC_ZH = {
    "seq2seq_logprob": """编码器-解码器 RNN 给出的 log p(tgt | src)（训练时用教师强制）。

编码器：h = tanh(E_src[x] W_xh + h W_hh + b)，h 从 0 开始，读完源序列后的最终状态就是上下文 c。
解码器：状态从 c 开始；第 t 步的输入是前一个目标词元（t = 0 时是 BOS，下标为 V_tgt，即 E_tgt 的最后一行），
s = tanh(E_tgt[y_prev] U_xh + s U_hh + u_b)，log p(· | ...) = log_softmax(s W_out + b_out)。
输入：src、tgt，整数列表；p，参数字典，键 E_src、W_xh、W_hh、b、E_tgt、U_xh、U_hh、u_b、W_out、b_out。
输出：标量 Σ_t log p(tgt_t | tgt_<t, src)。

>>> p = dict(E_src=np.zeros((2, 1)), W_xh=np.zeros((1, 1)), W_hh=np.zeros((1, 1)), b=np.zeros(1),
...          E_tgt=np.zeros((3, 1)), U_xh=np.zeros((1, 1)), U_hh=np.zeros((1, 1)), u_b=np.zeros(1),
...          W_out=np.zeros((1, 2)), b_out=np.zeros(2))
>>> round(float(seq2seq_logprob([0, 1], [1, 1, 0], p)), 6)
-2.079442
""",
    "greedy_decode": """贪心解码：编码源序列，然后每一步把上一步的 argmax 词元作为下一步输入（从 BOS 开始），
直到生成 eos 或达到 max_len 个词元（eos 本身计入输出）。
输入：src；p（同 seq2seq_logprob）；max_len；eos，结束词元的下标。输出：生成的词元列表。

>>> p = dict(E_src=np.zeros((2, 1)), W_xh=np.zeros((1, 1)), W_hh=np.zeros((1, 1)), b=np.zeros(1),
...          E_tgt=np.zeros((3, 1)), U_xh=np.zeros((1, 1)), U_hh=np.zeros((1, 1)), u_b=np.zeros(1),
...          W_out=np.zeros((1, 2)), b_out=np.array([0.0, 1.0]))
>>> greedy_decode([0], p, 3, 0)
[1, 1, 1]
""",
}

HINTS = {
    "en": (
        "Two RNNs: run the first over the source and keep only its final state; start the "
        "second from that state and feed it the previous target token at every step.",
        "c = encoder final state; s = c, prev = BOS (index V_tgt); for each y: s = tanh(E_tgt[prev] "
        "U_xh + s U_hh + u_b), add log_softmax(s W_out + b_out)[y], prev = y. Greedy: the same "
        "loop with prev = argmax, stopping after eos.",
    ),
    "zh": (
        "两个 RNN：第一个读完源序列，只保留最终状态；第二个从这个状态出发，每一步输入前一个目标词元。",
        "c = 编码器最终状态；s = c，prev = BOS（下标 V_tgt）；对每个 y：s = tanh(E_tgt[prev] U_xh + s U_hh + u_b)，"
        "累加 log_softmax(s W_out + b_out)[y]，prev = y。贪心解码：同样的循环，prev 取 argmax，生成 eos 后停止。",
    ),
}


def seq2seq_logprob(src, tgt, p):
    """log p(tgt | src) under an RNN encoder-decoder, with teacher forcing.

    Encoder: h = tanh(E_src[x] W_xh + h W_hh + b) from h = 0; its final state is the context c.
    Decoder: the state starts at c; the input at step t is the previous target token (BOS at
    t = 0, index V_tgt, the last row of E_tgt); s = tanh(E_tgt[y_prev] U_xh + s U_hh + u_b) and
    log p(. | ...) = log_softmax(s W_out + b_out). Input: src, tgt, lists of ints; p, a dict
    with keys E_src, W_xh, W_hh, b, E_tgt, U_xh, U_hh, u_b, W_out, b_out. Output: the scalar
    sum_t log p(tgt_t | tgt_<t, src).

    >>> p = dict(E_src=np.zeros((2, 1)), W_xh=np.zeros((1, 1)), W_hh=np.zeros((1, 1)), b=np.zeros(1),
    ...          E_tgt=np.zeros((3, 1)), U_xh=np.zeros((1, 1)), U_hh=np.zeros((1, 1)), u_b=np.zeros(1),
    ...          W_out=np.zeros((1, 2)), b_out=np.zeros(2))
    >>> round(float(seq2seq_logprob([0, 1], [1, 1, 0], p)), 6)
    -2.079442
    """
    h = np.zeros(len(p["b"]))
    for x in src:
        h = np.tanh(p["E_src"][x] @ p["W_xh"] + h @ p["W_hh"] + p["b"])
    s, prev, total = h, len(p["E_tgt"]) - 1, 0.0
    for y in tgt:
        s = np.tanh(p["E_tgt"][prev] @ p["U_xh"] + s @ p["U_hh"] + p["u_b"])
        z = s @ p["W_out"] + p["b_out"]
        total += z[y] - np.max(z) - np.log(np.sum(np.exp(z - np.max(z))))
        prev = y
    return total


def greedy_decode(src, p, max_len, eos):
    """Greedy decoding: encode the source, then feed back the argmax token at every step.

    Starts from BOS and stops after emitting eos or after max_len tokens (eos is included in
    the output). Input: src; p (as for seq2seq_logprob); max_len; eos, the end token's index.
    Output: the generated list of tokens.

    >>> p = dict(E_src=np.zeros((2, 1)), W_xh=np.zeros((1, 1)), W_hh=np.zeros((1, 1)), b=np.zeros(1),
    ...          E_tgt=np.zeros((3, 1)), U_xh=np.zeros((1, 1)), U_hh=np.zeros((1, 1)), u_b=np.zeros(1),
    ...          W_out=np.zeros((1, 2)), b_out=np.array([0.0, 1.0]))
    >>> greedy_decode([0], p, 3, 0)
    [1, 1, 1]
    """
    h = np.zeros(len(p["b"]))
    for x in src:
        h = np.tanh(p["E_src"][x] @ p["W_xh"] + h @ p["W_hh"] + p["b"])
    s, prev, out = h, len(p["E_tgt"]) - 1, []
    while len(out) < max_len:
        s = np.tanh(p["E_tgt"][prev] @ p["U_xh"] + s @ p["U_hh"] + p["u_b"])
        prev = int(np.argmax(s @ p["W_out"] + p["b_out"]))
        out.append(prev)
        if prev == eos:
            break
    return out


def _params(rng, V_src, V_tgt, d):
    return {
        "E_src": rng.normal(size=(V_src, d)),
        "W_xh": rng.normal(size=(d, d)) * 0.7,
        "W_hh": rng.normal(size=(d, d)) * 0.5,
        "b": rng.normal(size=d) * 0.2,
        "E_tgt": rng.normal(size=(V_tgt + 1, d)) * 1.5,  # last row: BOS
        "U_xh": rng.normal(size=(d, d)) * 0.7,
        "U_hh": rng.normal(size=(d, d)) * 0.8,
        "u_b": rng.normal(size=d) * 0.2,
        "W_out": rng.normal(size=(d, V_tgt)) * 3.0,
        "b_out": rng.normal(size=V_tgt) * 0.3,
    }


def _encode(src, p):
    h = np.zeros(len(p["b"]))
    for x in src:
        h = np.tanh(p["E_src"][x] @ p["W_xh"] + h @ p["W_hh"] + p["b"])
    return h


def _step_logp(p, s, prev):
    s = np.tanh(p["E_tgt"][prev] @ p["U_xh"] + s @ p["U_hh"] + p["u_b"])
    return s, log_softmax(s @ p["W_out"] + p["b_out"])


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(26)
    r = Report("Sequence-to-sequence encoder-decoder RNN")
    V_src, V_tgt, d = 5, 4, 6
    p = _params(rng, V_src, V_tgt, d)
    src, tgt = [3, 1, 4, 1, 0], [2, 0, 3, 1]

    with r.case("log p(tgt | src) = sum of decoder step log-softmax (independent forward)") as c:
        s, prev, ref = _encode(src, p), V_tgt, 0.0
        for y in tgt:
            s, lp = _step_logp(p, s, prev)
            ref, prev = ref + lp[y], y
        c.close(f.seq2seq_logprob(src, tgt, p), ref, rtol=1e-12)

    with r.case("p(. | src) sums to 1 over all V^T targets of length T (no peeking)") as c:
        for T in (1, 3):
            total = sum(
                np.exp(f.seq2seq_logprob(src, list(y), p)) for y in product(range(V_tgt), repeat=T)
            )
            c.close(total, 1.0, rtol=1e-10)

    with r.case("the decoder sees the source only through the final encoder state") as c:
        q = dict(
            p, W_hh=np.zeros((d, d))
        )  # no recurrence: the final state reads the last token only
        a = f.seq2seq_logprob([0, 2, 4], tgt, q)
        b = f.seq2seq_logprob([3, 1, 1, 4], tgt, q)
        c.close(a, b, rtol=1e-12)
        c.true(abs(f.seq2seq_logprob([0, 2, 3], tgt, q) - a) > 1e-6, "but the last token matters")
        c.true(
            abs(f.seq2seq_logprob([1, 1, 4], tgt, p) - f.seq2seq_logprob([3, 2, 4], tgt, p)) > 1e-6,
            "and with recurrence every token matters",
        )

    with r.case("greedy decoding = step-by-step argmax; stops after eos") as c:
        for sr in ([3, 1, 4], [0], [2, 2, 1, 0]):
            s, prev, ref = _encode(sr, p), V_tgt, []
            for _ in range(6):
                s, lp = _step_logp(p, s, prev)
                prev = int(np.argmax(lp))
                ref.append(prev)
            out = f.greedy_decode(sr, p, 6, eos=-1)  # no eos: runs to max_len
            c.equal(list(out), ref)
            eos = ref[2]
            cut = ref[: ref.index(eos) + 1]
            c.equal(list(f.greedy_decode(sr, p, 6, eos=eos)), cut)

    with r.case("the greedy output's score = the sum of its own step maxima") as c:
        s, prev, best = _encode(src, p), V_tgt, 0.0
        for _ in range(5):
            s, lp = _step_logp(p, s, prev)
            prev = int(np.argmax(lp))
            best += lp[prev]
        out = f.greedy_decode(src, p, 5, eos=-1)
        c.close(f.seq2seq_logprob(src, list(out), p), best, rtol=1e-12)
        r.figure(
            "greedy translation of [3, 1, 4, 1, 0] and its log-probability",
            [list(map(int, out)), round(float(best), 4)],
        )
    return r


if __name__ == "__main__":
    main(run)
