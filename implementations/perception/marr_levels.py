"""marr-levels: one computation, several algorithms, judged at Marr's three levels.

Follows Marr, Vision (1982), ch. 1: a process is understood at the level of computational theory
(what is computed and why), of representation and algorithm (how), and of implementation
(physical realisation). Marr's own example is the cash register, whose theory is addition. Here
two algorithms on different representations (decimal digit lists with carries, binary ripple-carry
with bit operations) are checked against the machine's integer addition (random pairs and carry
edge cases), against the constraints the computational theory imposes (identity, commutativity,
associativity), and the ripple-carry algorithm's cost against closed forms (no carries: 1 step;
(2^n - 1) + 1: n + 1 steps; adding 0: no step).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main, solution

EXERCISE = ["add_decimal", "add_binary", "ripple_steps"]

DOC_ZH = {
    "add_decimal": """十进制竖式加法：把 a、b 表示为个位在前的十进制数字列表，逐位相加并进位，
再把数字拼回整数（不能直接用 a + b）。

输入：a、b，非负整数。
输出：一个 int。

>>> add_decimal(958, 67)
1025
""",
    "add_binary": """二进制行波进位加法：a ^ b 是不计进位的和，(a & b) << 1 是进位，
重复直到没有进位（不能直接用 a + b）。

输入：a、b，非负整数。
输出：一个 int。

>>> add_binary(11, 5)
16
""",
    "ripple_steps": """行波进位算法的迭代次数：循环 a, b = a ^ b, (a & b) << 1 直到 b = 0，执行了几次。

输入：a、b，非负整数。
输出：一个 int（b = 0 时为 0）。

>>> ripple_steps(7, 1)
4
""",
}

HINTS = {
    "en": (
        "Both algorithms compute the same function; they differ in how numbers are written down "
        "and in how a carry travels.",
        "Decimal: digits of str(n) reversed, s = da[i] + db[i] + carry, keep s % 10, carry s // 10, "
        "append a final carry. Binary: while b: a, b = a ^ b, (a & b) << 1 (count the loops "
        "for ripple_steps).",
    ),
    "zh": (
        "两个算法计算的是同一个函数；不同在于数字的写法以及进位如何传播。",
        "十进制：str(n) 的数字倒序，s = da[i] + db[i] + carry，保留 s % 10，进位 s // 10，"
        "最后补上剩余进位。二进制：while b: a, b = a ^ b, (a & b) << 1（ripple_steps 数循环次数）。",
    ),
}


def add_decimal(a: int, b: int) -> int:
    """Schoolbook decimal addition on little-endian digit lists with carries (not a + b).

    Input: non-negative integers a, b. Output: an int.

    >>> add_decimal(958, 67)
    1025
    """
    # Representation: little-endian lists of decimal digits. Algorithm: schoolbook carry.
    da = [int(c) for c in str(a)][::-1]
    db = [int(c) for c in str(b)][::-1]
    out, carry = [], 0
    for i in range(max(len(da), len(db))):
        s = (da[i] if i < len(da) else 0) + (db[i] if i < len(db) else 0) + carry
        out.append(s % 10)
        carry = s // 10
    if carry:
        out.append(carry)
    return int("".join(map(str, out[::-1])))


def add_binary(a: int, b: int) -> int:
    """Binary ripple-carry addition: XOR is the sum without carries, AND << 1 the carries.

    Repeat until no carry is left (not a + b). Input: non-negative integers a, b.
    Output: an int.

    >>> add_binary(11, 5)
    16
    """
    while b:
        a, b = a ^ b, (a & b) << 1
    return a


def ripple_steps(a: int, b: int) -> int:
    """Number of iterations of a, b = a ^ b, (a & b) << 1 until b = 0 (0 when b = 0).

    Input: non-negative integers a, b. Output: an int.

    >>> ripple_steps(7, 1)
    4
    """
    steps = 0
    while b:
        a, b = a ^ b, (a & b) << 1
        steps += 1
    return steps


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Marr's levels: one theory, two algorithms")
    pairs = [tuple(int(v) for v in p) for p in rng.integers(0, 10**12, size=(300, 2))]
    edges = [(0, 0), (0, 7), (7, 0), (999, 1), (1, 999999), (5, 5), (10**15, 10**15 - 1),
             (2**40 - 1, 1), (123456789, 987654321)]
    for name in ("add_decimal", "add_binary"):
        label = {"add_decimal": "decimal carry", "add_binary": "binary ripple-carry"}[name]
        with r.case(f"{label} agrees with machine addition on 300 pairs") as c:
            fn = getattr(f, name)
            c.equal([fn(a, b) for a, b in pairs], [a + b for a, b in pairs])
        with r.case(f"{label} handles carries, zeros and unequal lengths") as c:
            c.equal([fn(a, b) for a, b in edges], [a + b for a, b in edges])
        # Computational-theory constraints: any correct algorithm must satisfy them.
        with r.case(f"{label}: identity, commutativity, associativity") as c:
            a, b, d = (int(v) for v in rng.integers(0, 10**9, size=3))
            laws = [fn(a, 0) == a, fn(a, b) == fn(b, a), fn(fn(a, b), d) == fn(a, fn(b, d))]
            c.true(all(laws), str(laws))

    # Algorithms differ in cost even when they agree in what they compute.
    with r.case("worst-case ripple carry needs one step per bit plus one") as c:
        steps = f.ripple_steps(2**40 - 1, 1)  # one long carry chain
        r.figure("ripple-carry iterations for (2^40 - 1) + 1", steps)
        r.figure("decimal digit steps for the same sum", len(str(2**40 - 1)))
        c.equal(steps, 41)
        c.equal([f.ripple_steps(2**n - 1, 1) for n in (1, 5, 13)], [2, 6, 14])
    with r.case("no carries: one step; adding 0: none") as c:
        c.equal([f.ripple_steps(0b101000, 0b010111), f.ripple_steps(12345, 0), f.ripple_steps(0, 6)],
                [1, 0, 1])
    return r


if __name__ == "__main__":
    main(run)
