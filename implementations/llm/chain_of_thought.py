"""chain-of-thought: a toy showing why writing out intermediate steps can help, and its limits.

Wei et al. (2022) report that prompting large models to produce intermediate reasoning steps
improves multi-step tasks. This module makes no claim about LLMs; it only illustrates the
decomposition argument on n-digit addition. A 'direct' learner must map 2n digits to the answer
(a table with 10^(2n) rows); a 'step' learner only needs (digit, digit, carry) -> (digit, carry),
200 rows, applied n times. Checks: the step table learned from worked examples equals divmod;
composing its steps gives exactly Python's integer sum on unseen problems; and per-step errors
compound: P(all n steps right) = (1 - e)^n, checked by simulation. An information view: the
hundreds digit of a sum has conditional entropy h(P(carry)) given its own two digits, and
zero once the carry (the intermediate step) is written down, counted over all 3-digit pairs.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def digits(x, n):
    return [(x // 10**i) % 10 for i in range(n)]  # least significant first


def trace(a, b, n):
    """The 'chain of thought': one (digit_a, digit_b, carry_in) -> (digit_out, carry_out) per step."""
    steps, c = [], 0
    for da, db in zip(digits(a, n), digits(b, n)):
        s = da + db + c
        steps.append(((da, db, c), (s % 10, s // 10)))
        c = s // 10
    return steps


def run_steps(table, a, b, n):
    out, c = 0, 0
    for i, (da, db) in enumerate(zip(digits(a, n), digits(b, n))):
        d, c = table[(da, db, c)]
        out += d * 10**i
    return out + c * 10**n


def run() -> Report:
    rng = np.random.default_rng(0)
    R = Report("Chain of thought as step decomposition (toy)")
    n = 6
    train = [(int(rng.integers(10**n)), int(rng.integers(10**n))) for _ in range(2000)]
    test = [(int(rng.integers(10**n)), int(rng.integers(10**n))) for _ in range(2000)]

    # Learn from worked examples: the step table sees every intermediate step.
    table = {}
    for a, b in train:
        for k, v in trace(a, b, n):
            table[k] = v
    truth = {
        (x, y, c): divmod(x + y + c, 10)[::-1] for x in range(10) for y in range(10) for c in (0, 1)
    }
    R.check(
        "step table learned from traces equals (x+y+c) mod 10, div 10",
        table == truth,
        f"{len(table)} of {len(truth)} entries",
    )

    acc_steps = np.mean([run_steps(table, a, b, n) == a + b for a, b in test])
    R.check(
        "composing the steps solves all 2000 unseen 6-digit problems exactly",
        acc_steps == 1.0,
        f"acc {acc_steps:.3f}",
    )

    # Answer-only lookup table trained on the same examples: no generalisation at all.
    direct = {(a, b): a + b for a, b in train}
    R.figure(
        "answer-only lookup accuracy on unseen problems",
        float(np.mean([(a, b) in direct for a, b in test])),
    )
    R.figure("table sizes: step rule vs all 6-digit pairs", [len(truth), 10 ** (2 * n)])

    # Why the written carry matters: over all 3-digit pairs, the hundreds digit of the sum is
    # not determined by (a_2, b_2) alone; its conditional entropy equals h(P(carry into it)).
    A, B = np.meshgrid(np.arange(1000), np.arange(1000), indexing="ij")
    a2, b2, out2 = A // 100, B // 100, ((A + B) // 100) % 10
    carry = ((A % 100) + (B % 100)) >= 100

    def H(keys):
        c = np.unique(keys, return_counts=True)[1] / keys.size
        return float(-(c * np.log2(c)).sum())

    cond_entropy = lambda y, x: H(x * 10 + y) - H(x)  # H(Y|X) = H(X,Y) - H(X)
    pc = carry.mean()
    h = float(-(pc * np.log2(pc) + (1 - pc) * np.log2(1 - pc)))
    R.check_close(
        "H(sum digit | a_2, b_2) = h(P(carry)) = h(0.495) bits",
        cond_entropy(out2, a2 * 10 + b2),
        h,
        rtol=1e-9,
    )
    R.check(
        "H(sum digit | a_2, b_2, carry) = 0: with the intermediate step written down it is determined",
        abs(cond_entropy(out2, (a2 * 10 + b2) * 2 + carry)) < 1e-12,
    )

    # Limits: if each step is wrong with probability e, a chain of n steps is right w.p. (1-e)^n.
    e, trials = 0.02, 40000
    p_hat = float(np.mean(np.all(rng.random((trials, n)) > e, axis=1)))
    se = np.sqrt(p_hat * (1 - p_hat) / trials)
    R.check(
        f"simulated P(all {n} steps right) matches (1-e)^n within 4 SE",
        abs(p_hat - (1 - e) ** n) < 4 * se,
        f"{p_hat:.4f} vs {(1 - e) ** n:.4f}",
    )
    R.figure("(1 - 0.02)^n for n = 6, 20, 50 steps", [round((1 - e) ** k, 3) for k in (6, 20, 50)])
    return R


if __name__ == "__main__":
    main(run)
