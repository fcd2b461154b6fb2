"""Peak memory of ``tdagdoc build DATA --inf``, in a fresh process, against a limit.

Run by hand (not in the test suite: 100 000 agreements take a while), from the
repository root::

    python bench/memory.py                          # 100 000 agreements, limit 300 MB
    python bench/memory.py --agreements 10000 --limit 150

The data set is written by ``tdagdoc sample`` (seed 1) into a temporary
directory; the build runs as the command line runs (``python -m tdagdoc``), and
its peak is the child's own maximum resident set size (``os.wait4``'s
``ru_maxrss``), so neither this script nor the sample's generation counts.
Exits with status 1 when the peak is over the limit.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def peak_mb(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``argv``; its peak resident memory in MB and its wall time in seconds."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with status {proc.returncode}")
    return usage.ru_maxrss / 1024, time.perf_counter() - start  # ru_maxrss: KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agreements", type=int, default=100_000)
    parser.add_argument("--limit", type=float, default=300.0, help="MB (default: 300)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tdagdoc-memory-") as tmp:
        data = Path(tmp) / "data.json"
        tdagdoc = [sys.executable, "-m", "tdagdoc"]
        peak_mb([*tdagdoc, "sample", "--agreements", str(args.agreements), "--seed", "1",
                 "--out", str(data)], Path(tmp))
        peak, seconds = peak_mb([*tdagdoc, "build", str(data), "--inf", "--lang", "en",
                                 "--out", str(Path(tmp) / "out"), "--quiet"], Path(tmp))
    verdict = "within" if peak <= args.limit else "OVER"
    print(f"{args.agreements:,} agreements, --inf --lang en: peak {peak:.0f} MB, "
          f"{seconds:.1f} s ({verdict} the {args.limit:.0f} MB limit)")
    return 0 if peak <= args.limit else 1


if __name__ == "__main__":
    raise SystemExit(main())
