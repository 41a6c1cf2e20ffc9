"""Entry point of the standalone app that ``build_app.py`` builds (``coverage-planner``).

Without arguments it opens the window, as a double-clicked application should;
with arguments it is the ``planner`` command line (``coverage-planner coverage
PROJECT.gpkg``, ``coverage-planner gui PROJECT.gpkg --screenshot out.png``).

It lives outside the ``planner`` package on purpose: it imports both front ends
(the window and the CLI), which no module of the package may do (see
tests/test_architecture.py: ``ui`` and ``cli`` never import each other), and it is
only the frozen app's ``__main__``, never imported by the package.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """No arguments: the window; any arguments: ``planner.cli.main``. Returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        # the CLI's commands other than gui never load Qt: import it only here
        from planner.ui.app import run

        return run()
    from planner.cli import main as planner_main

    return planner_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
