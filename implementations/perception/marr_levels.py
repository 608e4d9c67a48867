"""marr-levels: one computation, several algorithms, judged at Marr's three levels.

Follows Marr, Vision (1982), ch. 1: a process is understood at the level of computational theory
(what is computed and why), of representation and algorithm (how), and of implementation
(physical realisation). Marr's own example is the cash register, whose theory is addition. Here
two algorithms on different representations (decimal digit lists with carries, binary ripple-carry
with bit operations) are checked against the machine's integer addition, and both are checked
against the constraints the computational theory imposes (identity, commutativity, associativity).
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def add_decimal(a: int, b: int) -> int:
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
    # Representation: bits. Algorithm: XOR gives the sum without carries, AND<<1 the carries.
    while b:
        a, b = a ^ b, (a & b) << 1
    return a


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Marr's levels: one theory, two algorithms")
    pairs = rng.integers(0, 10**12, size=(300, 2))
    algos = {"decimal carry": add_decimal, "binary ripple-carry": add_binary}
    for name, f in algos.items():
        ok = all(f(int(a), int(b)) == int(a) + int(b) for a, b in pairs)
        r.check(f"{name} agrees with machine addition on 300 pairs", ok)

    # Computational-theory constraints: any correct algorithm must satisfy them.
    for name, f in algos.items():
        a, b, c = (int(v) for v in rng.integers(0, 10**9, size=3))
        laws = [f(a, 0) == a, f(a, b) == f(b, a), f(f(a, b), c) == f(a, f(b, c))]
        r.check(f"{name}: identity, commutativity, associativity", all(laws), str(laws))

    # Algorithms differ in cost even when they agree in what they compute.
    a, b = 2**40 - 1, 1  # worst case for ripple carry: one long carry chain
    steps, x, y = 0, a, b
    while y:
        x, y = x ^ y, (x & y) << 1
        steps += 1
    r.figure("ripple-carry iterations for (2^40 - 1) + 1", steps)
    r.figure("decimal digit steps for the same sum", len(str(a)))
    r.check("worst-case ripple carry needs one step per bit plus one", steps == 41, str(steps))
    return r


if __name__ == "__main__":
    main(run)
