"""Where the time goes: ``tdagdoc build`` under pyinstrument, printed as a call tree.

    python bench/profile_build.py                      # INF + report of 10 000 agreements
    python bench/profile_build.py --agreements 100000
    python bench/profile_build.py --six                # the example report in six languages
    python bench/profile_build.py --cprofile           # cProfile's flat list instead

The build runs through the command line's ``main``, as a user runs it; the
sample data is written first and not profiled.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agreements", type=int, default=10_000)
    parser.add_argument("--six", action="store_true",
                        help="profile the example report in six languages instead")
    parser.add_argument("--cprofile", action="store_true", help="use cProfile")
    args = parser.parse_args()

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


if __name__ == "__main__":
    main()
