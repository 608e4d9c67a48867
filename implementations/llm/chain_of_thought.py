"""chain-of-thought: a toy showing why writing out intermediate steps can help, and its limits.

Wei et al. (2022) report that prompting large models to produce intermediate reasoning steps
improves multi-step tasks. This module makes no claim about LLMs; it only illustrates the
decomposition argument on n-digit addition. A 'direct' learner must map 2n digits to the answer
(a table with 10^(2n) rows); a 'step' learner only needs (digit, digit, carry) -> (digit, carry),
200 rows, applied n times. Checks: a trace worked out by hand; the step table learned from
the traces of worked examples equals divmod; composing the steps gives exactly Python's
integer sum on unseen problems, and the same composition runs a subtract-with-borrow table;
the traces' carry into the hundreds has probability 0.495 over all two-digit pairs. Figures:
the hundreds digit of a sum has conditional entropy h(P(carry)) given its own two digits, and
zero once the carry (the intermediate step) is written down; per-step errors compound as
(1 - e)^n.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["trace", "run_steps"]

DOC_ZH = {
    "trace": """加法的“思维链”：逐位写出每一步 (a 的数字, b 的数字, 进位) -> (和的数字, 新进位)。

输入：a、b，非负整数；n，位数（从最低位开始，不足补 0）。
输出：长度 n 的列表 [((da, db, c_in), (d, c_out)), ...]，d = (da+db+c_in) mod 10，c_out = (da+db+c_in) div 10。

>>> trace(58, 67, 2)
[((8, 7, 0), (5, 1)), ((5, 6, 1), (2, 1))]
""",
    "run_steps": """用一张步骤表逐位组合出答案：从最低位开始查表 table[(da, db, c)] = (d, c')，最后把末位进位放在第 n 位。

输入：table，字典 {(da, db, c): (d, c')}；a、b；n，位数。
输出：整数 sum_i d_i 10^i + c_n 10^n。

>>> t = {(x, y, c): ((x + y + c) % 10, (x + y + c) // 10) for x in range(10) for y in range(10) for c in (0, 1)}
>>> run_steps(t, 58, 67, 2)
125
""",
}

HINTS = {
    "en": (
        "Schoolbook addition is one small rule applied again and again: the only thing passed "
        "from one column to the next is the carry.",
        "Walk the digits least significant first; at each column s = da + db + c gives the "
        "digit s mod 10 and the carry s div 10. Composing a step table means feeding each "
        "step's carry into the next lookup and placing the last carry at 10^n.",
    ),
    "zh": (
        "竖式加法就是一条小规则反复应用：从一列传到下一列的只有进位。",
        "从最低位开始逐位处理；每一列 s = da + db + c，数字为 s mod 10，进位为 s div 10。组合步骤表时，"
        "把每步的进位送入下一次查表，最后的进位放在 10^n 位。",
    ),
}


def digits(x, n):
    return [(x // 10**i) % 10 for i in range(n)]  # least significant first


def trace(a, b, n):
    """The 'chain of thought' of an addition: one (digit_a, digit_b, carry_in) ->
    (digit_out, carry_out) per column.

    Input: a, b non-negative integers; n, the number of columns (least significant first,
    missing digits are 0). Output: a list of n pairs ((da, db, c_in), (d, c_out)) with
    d = (da + db + c_in) mod 10 and c_out = (da + db + c_in) div 10.

    >>> trace(58, 67, 2)
    [((8, 7, 0), (5, 1)), ((5, 6, 1), (2, 1))]
    """
    steps, c = [], 0
    for da, db in zip(digits(a, n), digits(b, n)):
        s = da + db + c
        steps.append(((da, db, c), (s % 10, s // 10)))
        c = s // 10
    return steps


def run_steps(table, a, b, n):
    """Compose a step table into an answer: look up table[(da, db, c)] = (d, c') column by
    column from the least significant, then put the last carry at 10^n.

    Input: table, {(da, db, c): (d, c')}; a, b; n columns. Output: the integer
    sum_i d_i 10^i + c_n 10^n.

    >>> t = {(x, y, c): ((x + y + c) % 10, (x + y + c) // 10) for x in range(10) for y in range(10) for c in (0, 1)}
    >>> run_steps(t, 58, 67, 2)
    125
    """
    out, c = 0, 0
    for i, (da, db) in enumerate(zip(digits(a, n), digits(b, n))):
        d, c = table[(da, db, c)]
        out += d * 10**i
    return out + c * 10**n


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    R = Report("Chain of thought as step decomposition (toy)")
    n = 6
    train = [(int(rng.integers(10**n)), int(rng.integers(10**n))) for _ in range(2000)]
    test = [(int(rng.integers(10**n)), int(rng.integers(10**n))) for _ in range(2000)]
    truth = {
        (x, y, c): divmod(x + y + c, 10)[::-1] for x in range(10) for y in range(10) for c in (0, 1)
    }

    with R.case("the trace of 958 + 67 over 4 columns, by hand") as c:
        flat = lambda tr: [int(x) for k, v in tr for x in (*k, *v)]
        c.equal(
            flat(f.trace(958, 67, 4)), [8, 7, 0, 5, 1, 5, 6, 1, 2, 1, 9, 0, 1, 0, 1, 0, 0, 1, 1, 0]
        )
        c.equal(flat(f.trace(0, 0, 2)), [0] * 10)

    # Learn from worked examples: the step table sees every intermediate step.
    with R.case("step table learned from traces equals (x+y+c) mod 10, div 10") as c:
        table = {}
        for a, b in train:
            for k, v in f.trace(a, b, n):
                table[tuple(k)] = tuple(v)
        c.true(table == truth, f"{len(table)} of {len(truth)} entries")

    with R.case("composing the steps solves all 2000 unseen 6-digit problems exactly") as c:
        acc_steps = np.mean([f.run_steps(truth, a, b, n) == a + b for a, b in test])
        c.true(acc_steps == 1.0, f"acc {acc_steps:.3f}")
        c.equal(f.run_steps(truth, 999999, 1, n), 1000000)
    # The composition does not know it is adding: a subtract-with-borrow table gives
    # (a - b) mod 10^n plus the final borrow at 10^n.
    sub = {
        (x, y, c): ((x - y - c) % 10, int(x - y - c < 0))
        for x in range(10)
        for y in range(10)
        for c in (0, 1)
    }
    with R.case("the same composition runs a subtract-with-borrow table") as c:
        got = [f.run_steps(sub, a, b, n) for a, b in test[:300]]
        c.equal(got, [(a - b) % 10**n + 10**n * (a < b) for a, b in test[:300]])

    # Answer-only lookup table trained on the same examples: no generalisation at all.
    direct = {(a, b): a + b for a, b in train}
    R.figure(
        "answer-only lookup accuracy on unseen problems",
        float(np.mean([(a, b) in direct for a, b in test])),
    )
    R.figure("table sizes: step rule vs all 6-digit pairs", [len(truth), 10 ** (2 * n)])

    # Why the written carry matters: over all 3-digit pairs, the hundreds digit of the sum is
    # not determined by (a_2, b_2) alone; its conditional entropy equals h(P(carry into it)),
    # and it is 0 given the carry too.
    A, B = np.meshgrid(np.arange(1000), np.arange(1000), indexing="ij")
    a2, b2, out2 = A // 100, B // 100, ((A + B) // 100) % 10
    carry = ((A % 100) + (B % 100)) >= 100

    def H(keys):
        c = np.unique(keys, return_counts=True)[1] / keys.size
        return float(-(c * np.log2(c)).sum())

    cond_entropy = lambda y, x: H(x * 10 + y) - H(x)  # H(Y|X) = H(X,Y) - H(X)
    R.figure(
        "H(sum digit | a_2, b_2) and given the carry too, bits (h(0.495) and 0)",
        [cond_entropy(out2, a2 * 10 + b2), abs(cond_entropy(out2, (a2 * 10 + b2) * 2 + carry))],
    )
    # The carry into the hundreds, from the learner's traces of all two-digit pairs.
    with R.case("P(carry into the hundreds) from the traces = 4950/10000") as c:
        pc = np.mean([f.trace(x, y, 2)[-1][1][1] for x in range(100) for y in range(100)])
        c.close(pc, carry.mean(), rtol=1e-12)
        c.close(pc, 0.495, rtol=1e-12)

    # Limits: if each step is wrong with probability e, a chain of n steps is right w.p. (1-e)^n.
    e, trials = 0.02, 40000
    p_hat = float(np.mean(np.all(rng.random((trials, n)) > e, axis=1)))
    R.figure(f"simulated P(all {n} steps right) vs (1-e)^n", [p_hat, (1 - e) ** n])
    R.figure("(1 - 0.02)^n for n = 6, 20, 50 steps", [round((1 - e) ** k, 3) for k in (6, 20, 50)])
    return R


if __name__ == "__main__":
    main(run)
