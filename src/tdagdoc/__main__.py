"""``python -m tdagdoc``: the command line."""

from .cli import main

raise SystemExit(main())
