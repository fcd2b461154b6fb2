"""``python -m tdagdoc``: the command line."""

from tdagdoc.cli import main

raise SystemExit(main())
