"""Write a synthetic curriculum folder of N concepts with exactly 3 prerequisites each on
average (3N edges when N is a multiple of 250).

    python benchmarks/synthetic_curriculum.py 100000 /tmp/big

Concepts come in clusters of 250; each takes three prerequisites among the eight before
it in its cluster (the first three take what there is, and six later ones take four to
make up for them), so a goal's closure has about 200 concepts at any size.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

CLUSTER = 250


def write(n: int, folder: Path, seed: int = 0) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "concepts.yaml").open("w", encoding="utf-8") as f:
        f.write("disciplines:\n  - id: general\n    name: {en: General, zh: 通用}\nconcepts:\n")
        for i in range(n):
            base = (i // CLUSTER) * CLUSTER
            window = list(range(max(base, i - 8), i))
            wanted = 4 if 8 <= i - base < 14 else 3  # the first three of a cluster take 0+1+2
            picks = rng.sample(window, min(wanted, len(window)))
            f.write(
                f"  - id: c{i}\n    name: {{en: Concept {i}, zh: 概念 {i}}}\n    discipline: general\n"
                f"    hours: {1 + i % 4}\n"
            )
            if picks:
                f.write("    prerequisites:\n")
                for j in picks:
                    f.write(f"      - {{id: c{j}, reason: c{i} builds on c{j}}}\n")
    (folder / "textbooks.yaml").write_text("books: []\npapers: []\n", encoding="utf-8")


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]))
