"""A longer schemathesis run than the test suite's: every JSON route, many examples each,
with the learner's token, a wrong one, none, and another learner's. Prints the figures
for docs/reliability.md.

    python benchmarks/fuzz.py [--examples 200]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=200)
    args = ap.parse_args()
    report = Path(tempfile.mkdtemp()) / "fuzz.json"
    env = dict(
        os.environ, STUDYPATH_FUZZ_EXAMPLES=str(args.examples), STUDYPATH_FUZZ_REPORT=str(report)
    )
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/api/test_fuzz.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    tally = json.loads(report.read_text())
    total = sum(sum(v.values()) for v in tally.values())
    server_errors = sum(
        n for v in tally.values() for s, n in v.items() if int(s) >= 500 and s != "503"
    )
    print(
        f"{len(tally)} operations, {total} requests in {seconds:.0f} s "
        f"(up to {args.examples} examples per operation with the learner's token, more with bad tokens)"
    )
    print(f"responses >= 500 other than 503: {server_errors}")
    for op, counts in sorted(tally.items()):
        print(f"  {op:<48} " + ", ".join(f"{s}: {n}" for s, n in sorted(counts.items())))
    print(done.stdout.strip().splitlines()[-1])
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
