"""kraft-inequality: a prefix code with lengths l_i exists iff sum 2^-l_i <= 1.

Follows Cover & Thomas ch 5 and MacKay ITILA ch 5. Checks: the canonical construction
from any Kraft-satisfying lengths is prefix-free (checked pair by pair); an exhaustive
search over all binary codewords finds no prefix code for lengths with Kraft sum > 1;
every prefix-free set among all 4-word codes of length <= 3 satisfies Kraft; and a
uniquely decodable but non-prefix code also obeys it (McMillan), verified by the
Sardinas-Patterson test.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from implementations._common import Report, main


def kraft_sum(lengths) -> Fraction:
    return sum((Fraction(1, 2**l) for l in lengths), Fraction(0))


def canonical_code(lengths) -> list[str]:
    # Assign codewords in order of length: next codeword = (previous + 1) shifted left.
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    code, value, prev = [""] * len(lengths), 0, lengths[order[0]]
    for j, i in enumerate(order):
        if j > 0:
            value = (value + 1) << (lengths[i] - prev)
        prev = lengths[i]
        code[i] = format(value, f"0{lengths[i]}b")
    return code


def prefix_free(words) -> bool:
    return not any(a != b and b.startswith(a) for a in words for b in words) and len(
        set(words)
    ) == len(words)


def uniquely_decodable(words) -> bool:
    """Sardinas-Patterson: UD iff no dangling suffix is itself a codeword."""
    C = set(words)

    def dangling(A, B):
        return {b[len(a) :] for a in A for b in B if b.startswith(a) and b != a}

    S, seen = dangling(C, C), set()
    while S:
        if S & C:
            return False
        key = frozenset(S)
        if key in seen:
            return True
        seen.add(key)
        S = dangling(S, C) | dangling(C, S)
    return True


def run() -> Report:
    r = Report("Kraft inequality and prefix codes")
    lengths = [1, 2, 3, 4, 5, 5]
    code = canonical_code(lengths)
    r.figure("lengths", lengths)
    r.figure("canonical code", code)
    r.check(
        "Kraft sum of a complete code is exactly 1",
        kraft_sum(lengths) == 1,
        str(kraft_sum(lengths)),
    )
    r.check("canonical construction is prefix-free", prefix_free(code))

    # Lengths with Kraft sum > 1: exhaustively try every assignment of binary words.
    bad = [1, 2, 2, 2]
    pools = [[format(v, f"0{l}b") for v in range(2**l)] for l in bad]
    found = any(prefix_free(ws) for ws in itertools.product(*pools))
    r.check(
        "no prefix code exists when Kraft sum > 1 (exhaustive)", not found, f"sum={kraft_sum(bad)}"
    )

    # Every prefix-free 4-word set of binary strings of length <= 3 satisfies Kraft.
    words = [format(v, f"0{l}b") for l in (1, 2, 3) for v in range(2**l)]
    sets = [s for s in itertools.combinations(words, 4) if prefix_free(s)]
    worst = max(kraft_sum(len(w) for w in s) for s in sets)
    r.figure("prefix-free 4-word sets found", len(sets))
    r.check("all prefix-free sets obey Kraft (max sum <= 1)", worst <= 1, f"max sum={worst}")

    # McMillan: a code that is not prefix-free but still uniquely decodable.
    ud = ["0", "01", "011", "0111"]
    r.check(
        "{0,01,011,0111} is uniquely decodable but not prefix-free",
        uniquely_decodable(ud) and not prefix_free(ud),
    )
    r.check(
        "its Kraft sum is <= 1 (McMillan)",
        kraft_sum(len(w) for w in ud) <= 1,
        str(kraft_sum(len(w) for w in ud)),
    )
    r.check(
        "Sardinas-Patterson rejects {0,01,10}",
        not uniquely_decodable(["0", "01", "10"]),
        "'010' parses two ways",
    )
    return r


if __name__ == "__main__":
    main(run)
