"""`python -m checker`: the same as the `gradecheck` command."""

from checker.cli import main

raise SystemExit(main())
