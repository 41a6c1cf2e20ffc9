"""Findings of the ownership survey: what is wrong with each reconciled device.

Placeholder for the column contracts; the engine follows in the next commit.
"""

from __future__ import annotations

FINDINGS = (
    "forbidden_placement",
    "derelict",
    "unowned",
    "unregistered",
    "removed_but_filed",
    "re_aimed",
    "no_sign",
    "duplicate",
)
"""Finding names (the ``finding`` column of the work list), most urgent first."""

ACTIONS = (
    "relocate",
    "remove",
    "repair",
    "prune_tree",
    "clear_obstruction",
    "name_owner",
    "contact_owner",
    "file",
    "file_removal",
    "restore_bearing",
    "add_sign",
    "merge_records",
)
"""Action codes (the ``action`` column of the work list)."""

WORKLIST_COLUMNS = (
    "device_id",
    "pole_no",
    "finding",
    "rule",
    "action",
    "priority",
    "sources",
    "device_key",
    "contact",
    "detail",
    "owner",
    "maintainer",
    "project_name",
    "district",
    "address",
)
"""Columns of the work list frame (plus ``geometry``, a point in the project CRS or None)."""

INTACT_COLUMNS = ("group_by", "name", "devices", "intact", "rate", "required", "meets", "rule")
"""Columns of the intact-rate table; ``group_by`` is ``owner``, ``maintainer`` or ``district``."""

CONFLICT_COLUMNS = ("device_key", "device_id", "field", "claims", "detail", "settled", "value")
"""Columns of the conflicts table; ``claims`` is readable text naming source and row per value."""
