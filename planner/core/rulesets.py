"""City rules as data: the validated, frozen form of a ruleset file.

A ruleset says, for one jurisdiction, which zone categories must be covered and
at which DORI level, where cameras are forbidden, and which deadlines and
maintenance figures apply — each item citing the article it comes from, so a
report can say *why* a zone fails. The files live in ``planner/rulesets/*.toml``
(format: ``docs/rulesets.md``); this module only checks a parsed mapping and
builds the dataclasses, so a new city needs a new file, not new code.

Everything here is pure: ``planner.io.rulesets`` reads the file and hands the
parsed mapping to :func:`ruleset_from_mapping`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from planner.core.errors import RulesetError
from planner.core.levels import LEVELS
from planner.core.schema import ZONE_CATEGORIES

#: Identifiers of categories, OSM use values and ruleset ids: lower-case snake case.
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
#: Values of ``[ruleset].status``.
STATUSES = ("in_force", "draft", "superseded", "unknown")


def _empty_citations() -> Mapping[str, CitedValue]:
    return MappingProxyType({})


@dataclass(frozen=True)
class ZoneRequirement:
    """What a zone of one category needs: a DORI level over a fraction of it."""

    category: str
    level: str
    coverage: float
    article: str
    description: str
    mandatory: bool
    #: Weight of the category when the optimiser shares out a budget (None: by its level).
    priority: float | None = None


@dataclass(frozen=True)
class PrivateRule:
    """A category of place where cameras are forbidden, and the article forbidding it."""

    category: str
    article: str
    description: str


@dataclass(frozen=True)
class CitedValue:
    """A number from a ruleset with its source; ``note`` says how a chosen number was chosen."""

    value: float
    article: str
    note: str = ""


@dataclass(frozen=True)
class Deadlines:
    """Time limits; ``None`` means the ruleset sets none (the check is then skipped)."""

    filing_days: int | None = None
    removal_filing_days: int | None = None
    removal_notice_days: int | None = None
    restore_coverage_hours: int | None = None
    repair_hours: int | None = None
    offline_after_days: int | None = None
    citations: Mapping[str, CitedValue] = field(default_factory=_empty_citations)

    @property
    def derelict_after_days(self) -> int | None:
        """Former name of :attr:`offline_after_days` (rulesets written before the split)."""
        return self.offline_after_days

    def citation(self, key: str) -> CitedValue:
        """Value, article and note of deadline ``key``; raises if the ruleset sets none."""
        return _citation(self.citations, "deadlines", key)


@dataclass(frozen=True)
class Maintenance:
    """Operating figures; ``None`` means the ruleset sets none (the check is then skipped)."""

    intact_rate_min: float | None = None
    reaim_tolerance_deg: float | None = None
    move_tolerance_m: float | None = None
    retention_days: int | None = None
    retention_counter_terror_days: int | None = None
    retention_evidence_days: int | None = None
    citations: Mapping[str, CitedValue] = field(default_factory=_empty_citations)

    def citation(self, key: str) -> CitedValue:
        """Value, article and note of figure ``key``; raises if the ruleset sets none."""
        return _citation(self.citations, "maintenance", key)


def _citation(citations: Mapping[str, CitedValue], table: str, key: str) -> CitedValue:
    try:
        return citations[key]
    except KeyError:
        raise RulesetError("the ruleset sets no value", field=f"{table}.{key}") from None


@dataclass(frozen=True)
class Obligation:
    """A duty without a number (a sign, a named maintenance owner) and its article."""

    key: str
    article: str
    note: str = ""
    note_zh: str = ""
    """The note in Chinese, for texts that reach Chinese offices (a penalty's range)."""
    action: str = ""
    """The work-list action this duty calls for where rulesets differ (``refile`` in
    Qingdao, ``report_move`` in Chongqing); empty: the finding's usual action."""
    scope: str = "all"
    """``all`` devices, or only those serving the places the rules list
    (``listed_places``: Harbin Art. 19 protects the cameras of Art. 8's places)."""


#: Keys of ``[obligations]``: duties the ownership survey checks devices against.
OBLIGATION_KEYS = (
    "maintenance_owner",
    "sign",
    "no_obstruction",
    "fault_repair",
    "clear_picture",
    "correct_clock",
    "keep_running",
    "keep_aim",
    "report_move",
    "platform_connection",
    "platform_integration",
    "prune_trees",
    "removal_filing",
    "removal_plan",
    "forbidden_removal",
    "filing_penalty",
    "sign_penalty",
    "obstruction_penalty",
    "operation_penalty",
)

#: Values of ``[filing].scope``: which devices the filing duty applies to.
FILING_SCOPES = ("all", "listed_places")
#: Values of ``[filing].exempt``: devices the filing duty does not apply to.
FILING_EXEMPTIONS = ("none", "government_built")


@dataclass(frozen=True)
class FilingRule:
    """To which devices the filing duty applies, and the article saying so.

    ``scope`` ``all``: every device in a public place; ``listed_places``: only
    the systems of the places the rules list (Decree 799 Art. 14 with Art. 7),
    i.e. devices in or near a mandatory zone. ``exempt`` ``government_built``:
    systems built with government money file no builder's filing (Harbin
    Art. 18 with Art. 10(1)).
    """

    scope: str = "all"
    exempt: str = "none"
    article: str = ""
    note: str = ""
    in_use_before: dt.date | None = None
    existing_by: dt.date | None = None
    """Systems in use before ``in_use_before`` file by ``existing_by`` instead of
    30 days after commissioning (Decree 799: in use before 2025-04-01, by 2025-07-01)."""


@dataclass(frozen=True)
class Ruleset:
    """The rules of one jurisdiction, as read from one ruleset file."""

    id: str
    name: str
    name_zh: str
    jurisdiction: str
    city: str
    source: str
    source_url: str
    status: str
    effective: dt.date | None
    published: dt.date | None
    zones: Mapping[str, ZoneRequirement]
    private_categories: Mapping[str, PrivateRule]
    private_building_uses: Mapping[str, str]
    deadlines: Deadlines
    maintenance: Maintenance
    file: str = ""
    obligations: Mapping[str, Obligation] = field(default_factory=lambda: MappingProxyType({}))
    references: Mapping[str, CitedValue] = field(default_factory=_empty_citations)
    """Figures this ruleset does not set, shown for comparison (参照) only — never
    the basis of a finding (e.g. Harbin's 95 % intact rate in Qingdao)."""
    filing: FilingRule = field(default_factory=FilingRule)

    @property
    def is_draft(self) -> bool:
        """True when the text is a draft for comment (征求意见稿), not law in force."""
        return self.status == "draft"

    @property
    def is_chinese(self) -> bool:
        """True for Chinese rules: reports then cite Chinese articles and use Chinese terms."""
        return self.jurisdiction == "CN"

    @property
    def zone_categories(self) -> tuple[str, ...]:
        """Every zone category the ruleset knows, in file order."""
        return tuple(self.zones)

    @property
    def mandatory_categories(self) -> tuple[str, ...]:
        """Zone categories the rules name as places that must be covered."""
        return tuple(c for c, rule in self.zones.items() if rule.mandatory)

    def zone_requirement(self, category: str) -> ZoneRequirement:
        """Requirement for zones of ``category``.

        Raises :class:`RulesetError` naming the category when the ruleset has no
        such category, because silently skipping a zone would overstate coverage.
        """
        try:
            return self.zones[category]
        except KeyError:
            known = ", ".join(self.zones)
            raise RulesetError(
                f"zone category {category!r} is not in ruleset {self.id!r} (known: {known})",
                file=self.file or None,
                field=f"zones.{category}",
            ) from None

    def private_category_for_use(self, use: str | None) -> str | None:
        """Private category of a building or amenity use (OSM value), or ``None``.

        The privacy engine treats the façade of such a building as private, so a
        camera must not look into it (e.g. Qingdao Measures Art. 9: hotel rooms).
        """
        if use is None:
            return None
        return self.private_building_uses.get(str(use).strip().lower())


# --------------------------------------------------------------------------- parsing

#: Allowed keys of each table → whether the key is required.
_RULESET_KEYS = {
    "id": True,
    "name": True,
    "name_zh": False,
    "jurisdiction": True,
    "city": False,
    "source": True,
    "source_url": False,
    "status": False,
    "effective": False,
    "published": False,
}
_TOP_KEYS = {
    "ruleset": True,
    "zones": True,
    "private": True,
    "private_building_uses": False,
    "deadlines": False,
    "maintenance": False,
    "obligations": False,
    "references": False,
    "filing": False,
}
_ZONE_KEYS = {
    "level": True,
    "coverage": True,
    "article": True,
    "description": True,
    "mandatory": True,
    "priority": False,
}
_PRIVATE_KEYS = {"article": True, "description": True}
_CITED_KEYS = {"value": True, "article": True, "note": False}
#: Deadline keys; every deadline is a whole number of days or hours.
_DEADLINE_KEYS = (
    "filing_days",
    "removal_filing_days",
    "removal_notice_days",
    "restore_coverage_hours",
    "repair_hours",
    "offline_after_days",
)
#: Former deadline names still accepted → their name now.
_DEADLINE_ALIASES = {"derelict_after_days": "offline_after_days"}
#: Maintenance keys → (whole number?, maximum or None).
_MAINTENANCE_KEYS: dict[str, tuple[bool, float | None]] = {
    "intact_rate_min": (False, 1.0),
    "reaim_tolerance_deg": (False, 180.0),
    "move_tolerance_m": (False, None),
    "retention_days": (True, None),
    "retention_counter_terror_days": (True, None),
    "retention_evidence_days": (True, None),
}


class _Checker:
    """Type and range checks that raise :class:`RulesetError` naming file and dotted key."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, message: str) -> RulesetError:
        return RulesetError(message, file=self.source, field=key)

    def table(self, value: Any, key: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(key, f"must be a table, not {_kind(value)}")
        return value

    def keys(self, table: Mapping[str, Any], key: str, allowed: Mapping[str, bool]) -> None:
        """Unknown keys are errors (a typo would otherwise silently drop a rule)."""
        prefix = f"{key}." if key else ""
        for name in table:
            if name not in allowed:
                raise self.fail(
                    f"{prefix}{name}", f"unknown key; allowed keys: {', '.join(allowed)}"
                )
        for name, required in allowed.items():
            if required and name not in table:
                raise self.fail(f"{prefix}{name}", "required key is missing")

    def text(self, value: Any, key: str, *, allow_empty: bool = False) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"must be a string, not {_kind(value)}")
        if not allow_empty and not value.strip():
            raise self.fail(key, "must not be empty")
        return value.strip()

    def identifier(self, value: str, key: str, what: str) -> str:
        if not IDENTIFIER.match(value):
            raise self.fail(
                key, f"{what} {value!r} must be lower-case letters, digits and '_' (e.g. fire_lane)"
            )
        return value

    def boolean(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, not {_kind(value)}")
        return value

    def number(
        self,
        value: Any,
        key: str,
        *,
        whole: bool = False,
        minimum: float = 0.0,
        maximum: float | None = None,
    ) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"must be a number, not {_kind(value)}")
        if whole and not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, not {value!r}")
        if value != value or value in (float("inf"), float("-inf")):
            raise self.fail(key, f"must be a finite number, not {value!r}")
        if value < minimum or (maximum is not None and value > maximum):
            upper = f"{maximum:g}" if maximum is not None else "∞"
            raise self.fail(key, f"{value!r} is outside {minimum:g}–{upper}")
        return value

    def date(self, value: Any, key: str) -> dt.date:
        if isinstance(value, dt.datetime):
            raise self.fail(key, "must be a date (YYYY-MM-DD), not a date and time")
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.fail(key, f"must be a date YYYY-MM-DD, not {value!r}")


def _kind(value: Any) -> str:
    """TOML name of a parsed value's type, for messages people can act on."""
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"number {value!r}"
    if isinstance(value, str):
        return f"string {value!r}"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


def ruleset_from_mapping(data: Mapping[str, Any], *, source: str) -> Ruleset:
    """Validate a parsed ruleset file and build the :class:`Ruleset`.

    ``source`` names the file in error messages. Every problem raises
    :class:`RulesetError` whose ``field`` is the dotted key (``zones.square.level``):
    a ruleset is law encoded as data, so a typo must stop the run rather than
    quietly drop a rule. Zone and private categories beyond the contract lists
    are accepted, so a city with more categories needs no code change; the
    contract zone categories (:data:`planner.core.schema.ZONE_CATEGORIES`) must
    all be present, so every zone layer can be judged under every ruleset.
    """
    check = _Checker(source)
    top = check.table(data, "")
    check.keys(top, "", _TOP_KEYS)
    head = check.table(top["ruleset"], "ruleset")
    check.keys(head, "ruleset", _RULESET_KEYS)

    rid = check.identifier(check.text(head["id"], "ruleset.id"), "ruleset.id", "ruleset id")
    jurisdiction = check.text(head["jurisdiction"], "ruleset.jurisdiction")
    if not re.fullmatch(r"[A-Z]{2}", jurisdiction):
        raise check.fail(
            "ruleset.jurisdiction", f"{jurisdiction!r} is not an ISO 3166 country code like 'CN'"
        )
    status = check.text(head.get("status", "unknown"), "ruleset.status")
    if status not in STATUSES:
        raise check.fail("ruleset.status", f"{status!r} is not one of {', '.join(STATUSES)}")

    zones = _zones(check, top["zones"])
    private = _private(check, top["private"])
    uses = _uses(check, top.get("private_building_uses", {}), private)

    return Ruleset(
        id=rid,
        name=check.text(head["name"], "ruleset.name"),
        name_zh=check.text(head.get("name_zh", ""), "ruleset.name_zh", allow_empty=True),
        jurisdiction=jurisdiction,
        city=check.text(head.get("city", ""), "ruleset.city", allow_empty=True),
        source=check.text(head["source"], "ruleset.source"),
        source_url=check.text(head.get("source_url", ""), "ruleset.source_url", allow_empty=True),
        status=status,
        effective=_optional_date(check, head, "effective"),
        published=_optional_date(check, head, "published"),
        zones=zones,
        private_categories=private,
        private_building_uses=uses,
        deadlines=Deadlines(**_cited_table(check, top.get("deadlines", {}), "deadlines")),
        maintenance=Maintenance(**_cited_table(check, top.get("maintenance", {}), "maintenance")),
        file=source,
        obligations=_obligations(check, top.get("obligations", {})),
        references=_cited_table(check, top.get("references", {}), "references")["citations"],
        filing=_filing(check, top.get("filing", {})),
    )


_FILING_KEYS = ("scope", "exempt", "article", "note", "in_use_before", "existing_by")
_OBLIGATION_FIELDS = {"article": True, "note": False, "note_zh": False, "action": False}


def _filing(check: _Checker, value: Any) -> FilingRule:
    """Parse ``[filing]``: scope, exemption, article and note."""
    table = check.table(value, "filing")
    check.keys(
        table,
        "filing",
        dict.fromkeys(_FILING_KEYS, False),
    )
    scope = check.text(table.get("scope", "all"), "filing.scope")
    if scope not in FILING_SCOPES:
        raise check.fail("filing.scope", f"{scope!r} is not one of {', '.join(FILING_SCOPES)}")
    exempt = check.text(table.get("exempt", "none"), "filing.exempt")
    if exempt not in FILING_EXEMPTIONS:
        raise check.fail(
            "filing.exempt", f"{exempt!r} is not one of {', '.join(FILING_EXEMPTIONS)}"
        )
    article = check.text(table.get("article", ""), "filing.article", allow_empty=True)
    dates = {
        key: check.date(table[key], f"filing.{key}") if key in table else None
        for key in ("in_use_before", "existing_by")
    }
    if (dates["in_use_before"] is None) != (dates["existing_by"] is None):
        raise check.fail("filing.existing_by", "give in_use_before and existing_by together")
    if (scope != "all" or exempt != "none") and not article:
        raise check.fail("filing.article", "a filing scope or exemption must cite its article")
    return FilingRule(
        scope=scope,
        exempt=exempt,
        article=article,
        note=check.text(table.get("note", ""), "filing.note", allow_empty=True),
        in_use_before=dates["in_use_before"],
        existing_by=dates["existing_by"],
    )


def _obligations(check: _Checker, value: Any) -> Mapping[str, Obligation]:
    """Parse ``[obligations]``: each key is ``{ article, note }``, no value."""
    table = check.table(value, "obligations")
    check.keys(table, "obligations", dict.fromkeys(OBLIGATION_KEYS, False))
    duties: dict[str, Obligation] = {}
    for item, entry in table.items():
        key = f"obligations.{item}"
        entry = check.table(entry, key)
        check.keys(entry, key, {**_OBLIGATION_FIELDS, "scope": False})
        action = check.text(entry.get("action", ""), f"{key}.action", allow_empty=True)
        if action:
            check.identifier(action, f"{key}.action", "action")
        scope = check.text(entry.get("scope", "all"), f"{key}.scope")
        if scope not in FILING_SCOPES:
            raise check.fail(f"{key}.scope", f"{scope!r} is not one of {', '.join(FILING_SCOPES)}")
        duties[item] = Obligation(
            key=item,
            article=check.text(entry["article"], f"{key}.article"),
            note=check.text(entry.get("note", ""), f"{key}.note", allow_empty=True),
            note_zh=check.text(entry.get("note_zh", ""), f"{key}.note_zh", allow_empty=True),
            action=action,
            scope=scope,
        )
    return MappingProxyType(duties)


def _optional_date(check: _Checker, head: Mapping[str, Any], key: str) -> dt.date | None:
    return check.date(head[key], f"ruleset.{key}") if key in head else None


def _zones(check: _Checker, value: Any) -> Mapping[str, ZoneRequirement]:
    table = check.table(value, "zones")
    zones: dict[str, ZoneRequirement] = {}
    for category, entry in table.items():
        key = f"zones.{category}"
        check.identifier(category, key, "zone category")
        entry = check.table(entry, key)
        check.keys(entry, key, _ZONE_KEYS)
        level = check.text(entry["level"], f"{key}.level")
        if level not in LEVELS:
            raise check.fail(f"{key}.level", f"{level!r} is not one of {', '.join(LEVELS)}")
        zones[category] = ZoneRequirement(
            category=category,
            level=level,
            coverage=float(check.number(entry["coverage"], f"{key}.coverage", maximum=1.0)),
            article=check.text(entry["article"], f"{key}.article"),
            description=check.text(entry["description"], f"{key}.description"),
            mandatory=check.boolean(entry["mandatory"], f"{key}.mandatory"),
            priority=(
                float(check.number(entry["priority"], f"{key}.priority", minimum=0.0))
                if "priority" in entry
                else None
            ),
        )
    for category in ZONE_CATEGORIES:
        if category not in zones:
            raise check.fail(
                f"zones.{category}",
                "required zone category is missing (set mandatory = false if the rules do "
                "not name it)",
            )
    return MappingProxyType(zones)


def _private(check: _Checker, value: Any) -> Mapping[str, PrivateRule]:
    table = check.table(value, "private")
    rules: dict[str, PrivateRule] = {}
    for category, entry in table.items():
        key = f"private.{category}"
        check.identifier(category, key, "private category")
        entry = check.table(entry, key)
        check.keys(entry, key, _PRIVATE_KEYS)
        rules[category] = PrivateRule(
            category=category,
            article=check.text(entry["article"], f"{key}.article"),
            description=check.text(entry["description"], f"{key}.description"),
        )
    return MappingProxyType(rules)


def _uses(check: _Checker, value: Any, private: Mapping[str, PrivateRule]) -> Mapping[str, str]:
    table = check.table(value, "private_building_uses")
    uses: dict[str, str] = {}
    for use, category in table.items():
        key = f"private_building_uses.{use}"
        check.identifier(use, key, "building use")
        category = check.identifier(check.text(category, key), key, "private category")
        if category not in private:
            raise check.fail(
                key, f"{category!r} is not a category of [private] ({', '.join(private)})"
            )
        uses[use] = category
    return MappingProxyType(uses)


def _cited_table(check: _Checker, value: Any, name: str) -> dict[str, Any]:
    """Parse ``[deadlines]``, ``[maintenance]`` or ``[references]``: ``{ value, article, note }``.

    ``[references]`` takes the maintenance keys: figures shown for comparison.
    """
    table = check.table(value, name)
    if name == "deadlines":
        limits: dict[str, tuple[bool, float | None]] = dict.fromkeys(_DEADLINE_KEYS, (True, None))
        limits.update(dict.fromkeys(_DEADLINE_ALIASES, (True, None)))
        if "offline_after_days" in table and any(a in table for a in _DEADLINE_ALIASES):
            raise check.fail(
                "deadlines.derelict_after_days",
                "give offline_after_days only (derelict_after_days is its former name)",
            )
    else:
        limits = _MAINTENANCE_KEYS
    check.keys(table, name, dict.fromkeys(limits, False))
    values: dict[str, Any] = {}
    citations: dict[str, CitedValue] = {}
    for item, entry in table.items():
        key = f"{name}.{item}"
        entry = check.table(entry, key)
        check.keys(entry, key, _CITED_KEYS)
        whole, maximum = limits[item]
        number = check.number(entry["value"], f"{key}.value", whole=whole, maximum=maximum)
        item = _DEADLINE_ALIASES.get(item, item) if name == "deadlines" else item
        values[item] = number if whole else float(number)
        citations[item] = CitedValue(
            value=values[item],
            article=check.text(entry["article"], f"{key}.article"),
            note=check.text(entry.get("note", ""), f"{key}.note", allow_empty=True),
        )
    values["citations"] = MappingProxyType(citations)
    return values
