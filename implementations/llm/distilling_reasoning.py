"""distilling-reasoning: fine-tune a small student on a large teacher's generated reasoning.

Follows Kim & Rush (2016), sequence-level knowledge distillation: train the student on
sequences produced by the teacher, minimising -E_{y ~ teacher}[log p_student(y)], i.e. the
forward KL from the teacher's sequence distribution, instead of matching the teacher's
next-token distributions along the training data's prefixes (word-level distillation); and
DeepSeek-AI (2025), who distil DeepSeek-R1 into six smaller dense models by fine-tuning them
on R1-generated samples. Exact setting: a teacher distribution over all V^3 three-token
sequences (two reasoning tokens, then an answer) and a student that is a first-order
(bigram) model, too weak to copy the teacher. Checks: the forward KL against an explicit sum
over all sequences; the sequence-level solution against scipy minimisation of that KL over
the student's logits, and against counts from 20,000 teacher samples (what fine-tuning on
generated data estimates); a teacher that is itself a bigram model is recovered exactly (KL
0); word-level distillation along the teacher's own prefixes gives the same student, but
along a different data distribution it gives another student whose forward KL to the
teacher is larger.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["forward_kl", "sequence_kd", "word_kd"]

DOC_ZH = {
    "forward_kl": """教师序列分布到二元（一阶马尔可夫）学生模型的前向 KL：sum_y T(y) log(T(y) / S(y))，对所有长度 3 的序列求和。

学生 S(y1, y2, y3) = p1[y1] P12[y1, y2] P23[y2, y3]。
输入：T，(V, V, V) 教师的联合分布；student = (p1, P12, P23)，形状 (V,)、(V, V)、(V, V)，每行是一个分布。
输出：非负实数（nat）；T(y) = 0 的序列不计入。

>>> T = np.full((2, 2, 2), 0.125); S = (np.full(2, 0.5), np.full((2, 2), 0.5), np.full((2, 2), 0.5))
>>> round(forward_kl(T, S), 6)
0.0
""",
    "sequence_kd": """序列级蒸馏：在无穷多个教师采样的序列上做监督微调（最大似然）得到的二元学生。
p1 = T(y1)，P12[a, b] = T(y2 = b | y1 = a)，P23[b, c] = T(y3 = c | y2 = b)（对 y1 求边缘）。

输入：T，(V, V, V) 教师联合分布（每个边缘概率都为正）。
输出：(p1, P12, P23)。

>>> T = np.zeros((2, 2, 2)); T[0, 0, 0] = T[1, 1, 1] = 0.5
>>> [x.tolist() for x in sequence_kd(T)][1]
[[1.0, 0.0], [0.0, 1.0]]
""",
    "word_kd": """词级蒸馏：沿数据分布 D 的前缀，让学生的下一词元分布去匹配教师的下一词元分布（最小化期望的逐词元 KL）。
对二元学生：p1 = T(y1)，P12[a, b] = T(y2 = b | y1 = a)，
P23[b, c] = sum_a D(a, b) T(y3 = c | a, b) / sum_a D(a, b)，D(a, b) 为 D 中 (y1, y2) 的概率。

输入：T，(V, V, V) 教师；D，(V, V, V) 提供前缀的数据分布（二者 (y1, y2) 的边缘概率都为正）。
输出：(p1, P12, P23)。

>>> T = np.full((2, 2, 2), 0.1); T[0, 0, 0] = T[1, 1, 1] = 0.2
>>> [x.round(6).tolist() for x in word_kd(T, np.full((2, 2, 2), 0.125))][2]
[[0.583333, 0.416667], [0.416667, 0.583333]]
""",
}

HINTS = {
    "en": (
        "Maximum likelihood on the teacher's samples matches the teacher's own conditional "
        "frequencies; the bigram student simply cannot see y1 when it predicts y3.",
        "Sequence level: p1 = T.sum((1, 2)); P12 = T.sum(2) / p1[:, None]; P23 = T.sum(0) / "
        "T.sum((0, 2))[:, None]. Word level weights the teacher's T(y3 | y1, y2) by the data's "
        "D(y1, y2) instead of the teacher's. KL: sum T log(T / S) over T > 0.",
    ),
    "zh": (
        "在教师样本上做最大似然，就是去匹配教师自己的条件频率；二元学生在预测 y3 时根本看不到 y1。",
        "序列级：p1 = T.sum((1, 2))；P12 = T.sum(2) / p1[:, None]；P23 = T.sum(0) / T.sum((0, 2))[:, None]。"
        "词级则用数据的 D(y1, y2) 而非教师的概率去加权教师的 T(y3 | y1, y2)。KL：在 T > 0 处求 sum T log(T / S)。",
    ),
}


def forward_kl(T, student):
    """Forward KL from the teacher's sequence distribution to a bigram (first-order Markov)
    student: sum_y T(y) log(T(y) / S(y)) over all length-3 sequences.

    The student is S(y1, y2, y3) = p1[y1] P12[y1, y2] P23[y2, y3].
    Input: T (V, V, V), the teacher's joint distribution; student = (p1, P12, P23) of shapes
    (V,), (V, V), (V, V), each row a distribution. Output: a non-negative float (nats);
    sequences with T(y) = 0 do not count.

    >>> T = np.full((2, 2, 2), 0.125); S = (np.full(2, 0.5), np.full((2, 2), 0.5), np.full((2, 2), 0.5))
    >>> round(forward_kl(T, S), 6)
    0.0
    """
    p1, P12, P23 = student
    S = p1[:, None, None] * P12[:, :, None] * P23[None, :, :]
    keep = T > 0
    return float(np.sum(T[keep] * np.log(T[keep] / S[keep])))


def sequence_kd(T):
    """Sequence-level distillation: the bigram student that supervised fine-tuning (maximum
    likelihood) on infinitely many teacher-sampled sequences produces.
    p1 = T(y1), P12[a, b] = T(y2 = b | y1 = a), P23[b, c] = T(y3 = c | y2 = b) (y1 summed out).

    Input: T (V, V, V), the teacher's joint distribution (all marginals positive).
    Output: (p1, P12, P23).

    >>> T = np.zeros((2, 2, 2)); T[0, 0, 0] = T[1, 1, 1] = 0.5
    >>> [x.tolist() for x in sequence_kd(T)][1]
    [[1.0, 0.0], [0.0, 1.0]]
    """
    p1 = T.sum(axis=(1, 2))
    P12 = T.sum(axis=2) / p1[:, None]
    T23 = T.sum(axis=0)
    P23 = T23 / T23.sum(axis=1, keepdims=True)
    return p1, P12, P23


def word_kd(T, D):
    """Word-level distillation: along prefixes drawn from a data distribution D, make the
    student's next-token distributions match the teacher's (minimise the expected per-token
    KL). For the bigram student: p1 = T(y1), P12[a, b] = T(y2 = b | y1 = a),
    P23[b, c] = sum_a D(a, b) T(y3 = c | a, b) / sum_a D(a, b), D(a, b) the probability of
    (y1, y2) under D.

    Input: T (V, V, V), the teacher; D (V, V, V), the data supplying the prefixes (the (y1, y2)
    marginals of both positive). Output: (p1, P12, P23).

    >>> T = np.full((2, 2, 2), 0.1); T[0, 0, 0] = T[1, 1, 1] = 0.2
    >>> [x.round(6).tolist() for x in word_kd(T, np.full((2, 2, 2), 0.125))][2]
    [[0.583333, 0.416667], [0.416667, 0.583333]]
    """
    p1 = T.sum(axis=(1, 2))
    P12 = T.sum(axis=2) / p1[:, None]
    T12 = T.sum(axis=2)
    cond = T / T12[:, :, None]  # the teacher's T(y3 | y1, y2)
    D12 = D.sum(axis=2)
    P23 = np.einsum("ab,abc->bc", D12, cond) / D12.sum(axis=0)[:, None]
    return p1, P12, P23


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Distilling reasoning: sequence-level vs word-level distillation")
    V = 3
    T = rng.dirichlet(np.ones(V**3) * 0.6).reshape(V, V, V)  # a teacher with long-range structure

    def student_probs(st):
        p1, P12, P23 = st
        S = np.zeros((V, V, V))
        for a in range(V):
            for b in range(V):
                for c in range(V):
                    S[a, b, c] = p1[a] * P12[a, b] * P23[b, c]
        return S

    with R.case("forward KL equals the explicit sum over all V^3 sequences") as c:
        st = (rng.dirichlet(np.ones(V)), rng.dirichlet(np.ones(V), V), rng.dirichlet(np.ones(V), V))
        S = student_probs(st)
        c.close(f.forward_kl(T, st), float(np.sum(T * np.log(T / S))), rtol=1e-12)
        Tz = T.copy()
        Tz[0, 0, 0] = 0.0
        Tz /= Tz.sum()
        kz = float(sum(Tz[i] * np.log(Tz[i] / S[i]) for i in np.ndindex(Tz.shape) if Tz[i] > 0))
        c.close(f.forward_kl(Tz, st), kz, rtol=1e-12)

    from scipy.optimize import minimize

    def unpack(z):
        def sm(a):
            e = np.exp(a - a.max(-1, keepdims=True))
            return e / e.sum(-1, keepdims=True)

        return sm(z[:V]), sm(z[V : V + V * V].reshape(V, V)), sm(z[V + V * V :].reshape(V, V))

    with R.case("sequence-level KD = scipy minimiser of KL(teacher || bigram student)") as c:
        seq = f.sequence_kd(T)

        def fast(st):
            return st[0][:, None, None] * st[1][:, :, None] * st[2][None, :, :]

        res = minimize(
            lambda z: float(np.sum(T * np.log(T / fast(unpack(z))))),
            np.zeros(V + 2 * V * V),
            method="BFGS",
            options={"gtol": 1e-10},
        )
        for got, want in zip(seq, unpack(res.x)):
            c.close(got, want, atol=2e-4)
        c.true(f.forward_kl(T, seq) <= res.fun + 1e-9, "no student has a smaller KL")

    with R.case("fine-tuning on 20,000 teacher samples estimates the same student") as c:
        idx = rng.choice(V**3, p=T.ravel(), size=20000)
        counts = np.bincount(idx, minlength=V**3).reshape(V, V, V).astype(float)
        emp = (
            counts.sum((1, 2)) / counts.sum(),
            counts.sum(2) / counts.sum((1, 2))[:, None],
            counts.sum(0) / counts.sum((0, 2))[:, None],
        )
        for got, want in zip(seq, emp):
            c.close(got, want, atol=0.03)

    with R.case("a teacher that is itself a bigram model is recovered exactly (KL = 0)") as c:
        bi = (rng.dirichlet(np.ones(V)), rng.dirichlet(np.ones(V), V), rng.dirichlet(np.ones(V), V))
        Tb = student_probs(bi)
        got = f.sequence_kd(Tb)
        for g, w in zip(got, bi):
            c.close(g, w, rtol=1e-10)
        c.close(f.forward_kl(Tb, got), 0.0, atol=1e-12)

    D = rng.dirichlet(np.ones(V**3)).reshape(V, V, V)  # ground-truth data, not the teacher
    with R.case("word-level KD along the teacher's prefixes = sequence-level KD") as c:
        for g, w in zip(f.word_kd(T, T), seq):
            c.close(g, w, rtol=1e-10)
    with R.case(
        "word-level KD along other data: the prefix-weighted teacher, larger forward KL"
    ) as c:
        wk = f.word_kd(T, D)
        for b in range(V):
            want = sum(D[a, b].sum() * T[a, b] / T[a, b].sum() for a in range(V))
            c.close(wk[2][b], want / D[:, b].sum(), rtol=1e-10)
        k_seq, k_word = f.forward_kl(T, seq), f.forward_kl(T, wk)
        c.true(k_word > k_seq, f"word {k_word:.4f} vs sequence {k_seq:.4f}")
        R.figure(
            "KL(teacher || student): sequence-level | word-level on other data (nats)",
            [round(k_seq, 4), round(k_word, 4)],
        )
    return R


if __name__ == "__main__":
    main(run)
