"""``planner check``: every problem of a project file, one list for the command line and window.

The list holds what reading found (values the engine cannot use, unknown
values computed as a default, repaired geometry, tables kept as they are) and
what the engine finds on the data itself (duplicate building footprints,
zone categories the ruleset does not know). Each problem names file, layer,
row, id, field and value; ``error`` means the row is left out of computing.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from planner.core.coverage import judgeable_zones
from planner.core.errors import InputError
from planner.core.project import Project
from planner.core.schema import SEVERITIES, RowProblem
from planner.core.views import merge_duplicate_footprints
from planner.io.project import read_project


@dataclass(frozen=True)
class CheckReport:
    """The problems of one project file, worst first."""

    file: str
    problems: tuple[RowProblem, ...]

    @property
    def counts(self) -> dict[str, int]:
        """Number of problems per severity (every severity present, zero included)."""
        return {s: sum(p.severity == s for p in self.problems) for s in SEVERITIES}

    @property
    def ok(self) -> bool:
        """Whether nothing is an error."""
        return self.counts["error"] == 0

    def as_document(self) -> dict[str, object]:
        """The report as ``planner check --format json`` prints it."""
        return {
            "file": self.file,
            "ok": self.ok,
            "counts": self.counts,
            "problems": [p.as_record() for p in self.problems],
        }


def check_project(path: str | os.PathLike[str], *, ruleset: str | None = None) -> CheckReport:
    """Read ``path`` and list every problem; a file that cannot be read is one error."""
    file = str(path)
    try:
        project = read_project(path, ruleset=ruleset)
    except InputError as exc:
        fatal = RowProblem(
            exc.layer or "-",
            str(exc.row) if exc.row is not None else "-",
            exc.field or "-",
            exc.detail,
            "the project cannot be opened",
            file=file,
        )
        return CheckReport(file, (fatal,))
    return CheckReport(file, sort_problems([*project.problems, *data_problems(project)]))


def data_problems(project: Project) -> list[RowProblem]:
    """Problems the engine finds in usable rows (beyond what reading found)."""
    problems: list[RowProblem] = []
    try:
        from planner.io.rulesets import load_ruleset

        ruleset = load_ruleset(project.ruleset)
    except InputError as exc:
        return [
            RowProblem(
                "project_meta",
                "-",
                "ruleset",
                exc.detail,
                "coverage cannot be judged",
                value=project.ruleset,
            )
        ]
    problems.extend(merge_duplicate_footprints(project.buildings).problems)
    problems.extend(judgeable_zones(project.zones, ruleset)[1])
    return problems


def sort_problems(problems: Sequence[RowProblem]) -> tuple[RowProblem, ...]:
    """Worst first, then by layer and row number."""
    rank = {s: k for k, s in enumerate(SEVERITIES)}

    def key(p: RowProblem) -> tuple[int, str, int, str]:
        row = int(p.row) if p.row.isdigit() else 0
        return (rank.get(p.severity, 0), p.layer, row, p.field)

    return tuple(sorted(problems, key=key))
