"""Opening a project with its coverage, as ``planner coverage`` and the window do.

:func:`open_project` reads the file (never dropping a row or table, see
``docs/project-format.md``), loads the project's ruleset (or the one asked
for) and computes the coverage of every zone; :func:`with_coverage` does the
computing for a project already in memory (a new one, an OSM import). Both
front ends report the same problems: what reading found and what computing
left out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from planner.core.coverage import CoverageState, coverage_state
from planner.core.progress import Progress, check
from planner.core.project import Project
from planner.core.rulesets import Ruleset
from planner.core.schema import RowProblem
from planner.io.project import read_project
from planner.io.rulesets import load_ruleset


@dataclass(frozen=True)
class OpenedProject:
    """A project, its ruleset and coverage, and every problem met on the way."""

    project: Project
    ruleset: Ruleset
    state: CoverageState
    problems: tuple[RowProblem, ...]


def with_coverage(
    project: Project,
    ruleset: Ruleset,
    *,
    progress: Progress | None = None,
    problems: tuple[RowProblem, ...] | None = None,
) -> OpenedProject:
    """``project`` with its coverage computed.

    ``problems`` replaces the project's own (an import reports its file's problems).
    """
    state = coverage_state(
        project.cameras, project.zones, project.buildings, ruleset=ruleset, progress=progress
    )
    found = (*(project.problems if problems is None else problems), *state.problems)
    return OpenedProject(project, ruleset, state, tuple(found))


def open_project(
    path: str | os.PathLike[str],
    *,
    ruleset: str | None = None,
    progress: Progress | None = None,
) -> OpenedProject:
    """Read ``path``, load its ruleset (or ``ruleset``: a name or TOML file), compute coverage.

    Bad input raises the typed errors of :func:`planner.io.project.read_project`.
    """
    project = read_project(path, ruleset=ruleset)
    if progress is not None:
        check(progress, 0.05)
    return with_coverage(project, load_ruleset(project.ruleset), progress=progress)
