"""Importing a layer and editing a feature, as ``planner import``/``edit`` and the window do.

:func:`import_layer` is the one import of both front ends (column mapping,
constants, add/replace/update; bad rows reported, never dropped silently);
:func:`import_with_coverage` adds the coverage the window shows;
:func:`import_into_file` and :func:`edit_file` are the CLI's read → change →
save, atomically, leaving the file untouched when nothing changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from planner.core.edits import Edit, edit_feature
from planner.core.errors import InputError
from planner.core.progress import Progress, check
from planner.core.project import Project
from planner.core.rulesets import Ruleset
from planner.io.importers import ImportRequest, ImportResult, check_source_path, import_file
from planner.io.project import DEFAULT_RULESET, read_project, write_project
from planner.io.rulesets import load_ruleset
from planner.services.project import OpenedProject, with_coverage


def import_layer(
    project: Project | None, request: ImportRequest, *, ruleset: str = DEFAULT_RULESET
) -> ImportResult:
    """Read ``request.path`` and merge it into ``project`` (None: a new project around it).

    Errors that concern the whole file name it (:class:`InputError`).
    """
    try:
        return import_file(project, request, ruleset=ruleset)
    except InputError as exc:
        raise exc.located(file=str(request.path)) from None


@dataclass(frozen=True)
class ImportedLayers:
    """An import with the coverage of the project it made: what the window shows next."""

    result: ImportResult
    opened: OpenedProject


def import_with_coverage(
    project: Project | None,
    request: ImportRequest,
    *,
    ruleset: Ruleset | None,
    progress: Progress | None = None,
) -> ImportedLayers:
    """:func:`import_layer`, then the coverage of every zone with the imported layers.

    Problems are those of the imported file (and what computing left out).
    """
    result = import_layer(
        project, request, ruleset=ruleset.id if ruleset is not None else DEFAULT_RULESET
    )
    if progress is not None:
        check(progress, 0.2)
    if ruleset is None or project is None:
        ruleset = load_ruleset(result.project.ruleset)
    opened = with_coverage(
        result.project, ruleset, progress=progress, problems=tuple(result.problems)
    )
    return ImportedLayers(result, opened)


def nothing_imported(result: ImportResult) -> bool:
    """Whether rows were read but none could be imported (the project must not change).

    A ``replace`` of a layer by a file whose every row is bad would otherwise
    empty the layer.
    """
    return any(c.read and not (c.added or c.updated or c.unchanged) for c in result.counts.values())


def import_into_file(path: str | os.PathLike[str], request: ImportRequest) -> ImportResult:
    """Import into the project file at ``path``; save it when rows were imported and changed it.

    When rows were read but none could be imported (:func:`nothing_imported`)
    the file is left as it was.
    """
    check_source_path(request.path)
    result = import_layer(read_project(path), request)
    changed = any(c.added or c.updated or c.removed for c in result.counts.values())
    if changed and not nothing_imported(result):
        write_project(path, result.project)
    return result


def edit_file(
    path: str | os.PathLike[str], layer: str, feature_id: str, changes: dict[str, Any]
) -> Edit:
    """Set fields of one camera or zone of the project file at ``path`` and save it.

    The same validation as the window's edits (:func:`planner.core.edits.edit_feature`);
    only the cells changed differ in the file.
    """
    edit = edit_feature(read_project(path), layer, feature_id, changes)
    write_project(path, edit.project)
    return edit
