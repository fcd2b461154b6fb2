"""Where the time goes: ``tdagdoc build`` under pyinstrument, printed as a call tree.

    python bench/profile_build.py                      # INF + report of 10 000 agreements
    python bench/profile_build.py --agreements 100000
    python bench/profile_build.py --six                # the example report in six languages
    python bench/profile_build.py --cprofile           # cProfile's flat list instead
    python bench/profile_build.py --stages             # each stage's time, no profiler

The build runs through the command line's ``main``, as a user runs it; the
sample data is written first and not profiled. ``--stages`` times the stages
without a profiler (whose overhead inflates Python-heavy code), each in a fresh
process as the command line runs them, and keeps each stage's best of five.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agreements", type=int, default=10_000)
    parser.add_argument("--six", action="store_true",
                        help="profile the example report in six languages instead")
    parser.add_argument("--cprofile", action="store_true", help="use cProfile")
    parser.add_argument("--stages", action="store_true",
                        help="time each stage in fresh processes, without a profiler")
    parser.add_argument("--stages-of", metavar="DATA", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stages_of:
        print(json.dumps(stages(Path(args.stages_of))))
        return
    if args.stages:
        with tempfile.TemporaryDirectory(prefix="tdagdoc-profile-") as tmp:
            data = Path(tmp) / "sample.json"
            subprocess.run([sys.executable, "-m", "tdagdoc", "sample", "--agreements",
                            str(args.agreements), "--seed", "1", "--out", str(data)],
                           check=True, stdout=subprocess.DEVNULL)
            env = {**os.environ, "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache")}
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            runs = [json.loads(subprocess.run(
                [sys.executable, __file__, "--stages-of", str(data)], check=True, env=env,
                stdout=subprocess.PIPE).stdout) for _ in range(6)][1:]  # the first compiles
        best = {name: min(run[name] for run in runs) for name in runs[0]}
        total = sum(best.values())
        for name, seconds in best.items():
            print(f"{name:<28} {seconds:6.3f} s {100 * seconds / total:5.1f} %")
        print(f"{'sum of the stages':<28} {total:6.3f} s")
        return

    from tdagdoc.cli import main as tdagdoc
    from tdagdoc.input import sample

    with tempfile.TemporaryDirectory(prefix="tdagdoc-profile-") as tmp:
        if args.six:
            argv = ["build", str(ROOT / "examples" / "partnerships-2024.yaml"), "--lang", "all"]
        else:
            data = Path(tmp) / "sample.json"
            data.write_text(sample.dumps(sample.generate(args.agreements, 1), ".json"),
                            encoding="utf-8")
            argv = ["build", str(data), "--inf", "--lang", "en"]
        argv += ["--out", str(Path(tmp) / "out"), "--quiet"]
        if args.cprofile:
            profile = cProfile.Profile()
            profile.runcall(tdagdoc, argv)
            pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(25)
            return
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
        tdagdoc(argv)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False))


def stages(data: Path) -> dict[str, float]:
    """Seconds of each stage of ``build DATA --inf --lang en``, as the command line runs it."""
    marks = [("start", time.perf_counter())]
    from tdagdoc import pipeline, process
    from tdagdoc.cli import _load, parser
    from tdagdoc.figures import compute

    marks.append(("imports", time.perf_counter()))
    with tempfile.TemporaryDirectory(prefix="tdagdoc-stages-") as out, process.owned():
        args = parser().parse_args(["build", str(data), "--inf", "--out", out])
        report = _load(args, [])
        marks.append(("load and check the data", time.perf_counter()))
        figures = compute(report)
        marks.append(("figures", time.perf_counter()))
        built = [pipeline.build(report, "en", figures=figures)]
        marks.append(("report (with its charts)", time.perf_counter()))
        built.append(pipeline.build(report, "en", inf=True, figures=figures))
        marks.append(("INF document", time.perf_counter()))
        pipeline.save_all({d.filename: d.data for d in built}, out)
        marks.append(("save", time.perf_counter()))
    return {name: t - marks[i][1] for i, (name, t) in enumerate(marks[1:])}


if __name__ == "__main__":
    main()
