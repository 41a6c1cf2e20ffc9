"""Findings of the ownership survey: what is wrong with each reconciled device.

Pure engine (no files, no Qt). Input: the :class:`~planner.core.reconcile.Matching`
of all inventories, the date of the survey and the ruleset; output: one
:class:`SurveyFinding` per device and problem, each citing the article it rests
on and naming the next action, and the intact rate (完好率) per owner,
maintainer and district. Seed 000 asks districts to *survey every device,
clarify ownership, label it, locate it precisely, remove abandoned ones and
update the filings*; the findings are that list.

Roles give the sources their meaning (:data:`planner.core.reconcile.ROLES`):
``filings`` are the police filings, ``survey`` the field walk (the truth on the
ground), ``platform`` the big-data platform (last time online), ``property`` the
property office. A check that needs a role nobody supplied is skipped (no
filings → nobody can be *unregistered*), never guessed.

The findings, in order of priority:

=====================  ==========================================================
``forbidden_placement`` the device stands inside a private place (privacy engine)
``derelict``            the survey or platform says broken, offline, black screen
                        or blocked by trees/vines/ads, or it was last online more
                        than ``derelict_after_days`` before the survey date
``unowned``             no source names an owner or a maintainer
``unregistered``        not in the police filings although installed more than
                        ``filing_days`` ago (or at an unknown date)
``removed_but_filed``   in the filings, within reach of the field walk, but the
                        walk did not find it (or found it removed)
``re_aimed``            surveyed bearing more than ``reaim_tolerance_deg`` from the
                        filed one
``no_sign``             the survey saw no sign
``duplicate``           several records of one source describe this one device
=====================  ==========================================================
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.core.chinese_terms import private_category, source_name
from planner.core.errors import InputError
from planner.core.reconcile import (
    FIELDS,
    Claim,
    Device,
    Matching,
    SourceRecords,
    angle_between,
    bearing_value,
)
from planner.core.rulesets import Ruleset

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
"""Columns of the intact-rate table; ``group_by`` is ``owner``, ``maintainer``, ``district`` or
``all``."""

CONFLICT_COLUMNS = ("device_key", "device_id", "field", "claims", "detail", "settled", "value")
"""Columns of the conflicts table; ``claims`` is readable text naming source and row per value."""

PRIORITY: Mapping[str, int] = MappingProxyType(
    {
        "forbidden_placement": 1,
        "derelict": 2,
        "unowned": 2,
        "unregistered": 3,
        "removed_but_filed": 3,
        "re_aimed": 3,
        "no_sign": 4,
        "duplicate": 5,
    }
)
"""Priority of each finding, 1 = most urgent: privacy first (an unlawful camera),
then gaps in working cover and in accountability, then paperwork."""

UNOWNED_NAME = "(unowned)"
"""Group name of devices without owner (or maintainer) in the intact-rate table."""

# Status words seen in real inventories and field notes. Checked in this order:
# the first class whose words occur wins ("被藤蔓遮挡" is vegetation, not a
# generic obstruction; "不在线" is a fault although it contains "在线").
_STATUS_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (name, tuple(words.split("|")))
    for name, words in (
        (
            "removed",
            "已拆除|拆除|未找到|找不到|不存在|缺失|已移除|removed|missing|not found|"
            "dismantled|gone",
        ),
        ("vegetation", "藤|树|枝|叶|植被|绿化|vine|tree|branch|foliage|ivy|overgrown|hedge"),
        ("obstructed", "遮挡|遮蔽|广告|线缆|obstructed|blocked|covered|advert|banner"),
        (
            "fault",
            "故障|损坏|坏|离线|掉线|黑屏|花屏|无图像|无画面|无信号|不在线|断电|模糊|broken|"
            "fault|faulty|offline|black screen|no signal|no video|no picture|damaged|dead|blurred|"
            "not working",
        ),
        ("ok", "正常|在线|完好|良好|ok|online|normal|working|good|fine"),
    )
)
_WORD_CHARS = re.compile(r"[a-z]")


def _class_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # English words must stand alone ("ok" is not in "broken"); Chinese ones are substrings.
    english = [re.escape(w) for w in words if _WORD_CHARS.search(w)]
    chinese = [re.escape(w) for w in words if not _WORD_CHARS.search(w)]
    parts = [f"(?<![a-z])(?:{'|'.join(english)})(?![a-z])"] if english else []
    return re.compile("|".join(parts + chinese))


_STATUS_PATTERNS = tuple((name, _class_pattern(words)) for name, words in _STATUS_WORDS)
# Faults that are written as a negation ("不在线" offline, "无图像" no picture)…
_NEGATIVE_FAULTS = re.compile(
    r"不在线|不清晰|不清楚|无图像|无画面|无信号|无视频|无法|不能|"
    r"(?<![a-z])(?:no signal|no video|no picture|not working|not online)(?![a-z])"
)
# …must be told apart from negated problems ("正常，无遮挡", "未被树木遮挡", "no fault"):
# a negation cancels the rest of its clause.
_NEGATED_CLAUSE = re.compile(
    r"(?:无|未|没有|没|不|非)[^，,;；。.、\s]*|(?<![a-z])(?:no|not|without|never)(?![a-z])[^,;.]*"
)


class SurveyInputError(InputError):
    """Bad options or settlements for the survey; the message names the device or field."""


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyFinding:
    """One problem of one device: what, why (the article), and what to do next."""

    device_key: str
    finding: str
    rule: str
    action: str
    priority: int
    detail: str
    contact: str = ""
    template: str = ""
    params: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """``detail`` is ``DETAILS[template]`` filled with ``params`` in English;
    :func:`detail_text` gives it in another language."""


#: Detail sentences per template: (English, Simplified Chinese). The work list
#: goes to offices that read Chinese; the numbers and quoted values are filled in.
DETAILS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "forbidden": (
            "stands inside a private place ({category}); cameras are forbidden there",
            "位于隐私场所（{category}）内，此处禁止安装摄像机",
        ),
        "blocked": (
            "blocked: {status} ({source} row {row})",
            "被遮挡：{status}（{source} 第 {row} 行）",
        ),
        "fault": (
            "out of order: {status} ({source} row {row})",
            "故障：{status}（{source} 第 {row} 行）",
        ),
        "offline": (
            "last online {seen} ({source} row {row}), {days} days before {as_of} (limit {limit})",
            "最后在线 {seen}（{source} 第 {row} 行），至 {as_of} 已 {days} 天（上限 {limit} 天）",
        ),
        "abandoned_fault": (
            "abandoned, out of order: {status} ({source} row {row})",
            "无主且故障：{status}（{source} 第 {row} 行）",
        ),
        "abandoned_offline": (
            "abandoned, last online {seen} ({source} row {row}), {days} days before {as_of} "
            "(limit {limit})",
            "无主且长期离线：最后在线 {seen}（{source} 第 {row} 行），至 {as_of} 已 {days} 天"
            "（上限 {limit} 天）",
        ),
        "unowned": ("no source names an owner or maintainer", "各来源均未记载权属单位或维护单位"),
        "unowned_project": (
            "no source names an owner or maintainer; trace it by project {project}",
            "各来源均未记载权属单位或维护单位；可按项目“{project}”追查",
        ),
        "unowned_pole": (
            "no source names an owner or maintainer; trace it by pole {pole}",
            "各来源均未记载权属单位或维护单位；可按杆号 {pole} 追查",
        ),
        "unowned_project_pole": (
            "no source names an owner or maintainer; trace it by project {project}, pole {pole}",
            "各来源均未记载权属单位或维护单位；可按项目“{project}”、杆号 {pole} 追查",
        ),
        "unregistered_dated": (
            "not in the police filings; installed {installed}, {days} days ago "
            "(limit {limit} days)",
            "未在公安机关备案；安装于 {installed}，已 {days} 天（期限 {limit} 天）",
        ),
        "unregistered_undated": (
            "not in the police filings; installation date unknown (limit {limit} days)",
            "未在公安机关备案；安装日期不详（期限 {limit} 天）",
        ),
        "removed_seen": (
            "the field survey found it removed: {status} ({source} row {row})",
            "实地核查发现已拆除：{status}（{source} 第 {row} 行）",
        ),
        "removed_missing": (
            "filed, inside the surveyed area, but not found by the field survey",
            "已备案且位于核查范围内，但实地核查未找到",
        ),
        "re_aimed": (
            "filed bearing {filed}°, surveyed {seen}°: turned {turned}° (tolerance "
            "{tolerance}°); restore it or refile",
            "备案朝向 {filed}°，实测 {seen}°：偏转 {turned}°（容差 {tolerance}°）；"
            "恢复备案朝向或重新备案",
        ),
        "no_sign": ("no sign ({source} row {row})", "未见提示标识（{source} 第 {row} 行）"),
        "duplicate_code": (
            "source '{source}' rows {rows} describe one camera (same device code)",
            "来源 {source} 第 {rows} 行是同一台摄像机（设备编码相同）",
        ),
        "duplicate_pole": (
            "source '{source}' rows {rows} describe one camera (same pole, same place)",
            "来源 {source} 第 {rows} 行是同一台摄像机（同一灯杆、同一位置）",
        ),
    }
)
LANGUAGES = ("en", "zh")
"""Languages :func:`detail_text` speaks."""


def detail_text(finding: SurveyFinding, language: str = "en") -> str:
    """The finding's detail sentence in ``language`` (``en`` or ``zh``)."""
    if language not in LANGUAGES:
        raise SurveyInputError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    if finding.template not in DETAILS:
        return finding.detail
    params = dict(finding.params)
    if "source" in params:
        params["source"] = source_name(params["source"], language)
    if "category" in params:
        params["category"] = private_category(params["category"], language)
    return DETAILS[finding.template][LANGUAGES.index(language)].format(**params)


@dataclass(frozen=True)
class Settlement:
    """A person's decision on a conflict, remembered across re-imports.

    ``field`` is ``owner``, ``maintainer`` or ``position``; ``value`` is the
    chosen owner/maintainer text, or for ``position`` the name of the source
    whose position is right.
    """

    device_key: str
    field: str
    value: str
    note: str = ""
    settled_on: dt.date | None = None


@dataclass(frozen=True)
class Survey:
    """Everything the survey found: findings, intact rates, open and settled conflicts."""

    matching: Matching
    findings: tuple[SurveyFinding, ...]
    intact: pd.DataFrame
    as_of: dt.date
    ruleset: str
    settled: tuple[Settlement, ...] = ()
    stale_settlements: tuple[Settlement, ...] = ()
    skipped_checks: tuple[str, ...] = ()
    unsettled: Matching | None = None
    """The matching before the settlements: judge it again with new ones, no re-matching."""

    def of_device(self, device_key: str) -> tuple[SurveyFinding, ...]:
        """The findings of one device, most urgent first."""
        return tuple(f for f in self.findings if f.device_key == device_key)

    def count(self, finding: str) -> int:
        """How many findings of one kind."""
        return sum(f.finding == finding for f in self.findings)


# ---------------------------------------------------------------------------
# Reading values
# ---------------------------------------------------------------------------


def status_class(text: object) -> str | None:
    """Class of a free-text status: removed, vegetation, obstructed, fault, ok; None if unknown.

    Matches Chinese and English words (NFKC, case-folded); English words must
    stand alone ("ok" does not match "broken"), Chinese ones are substrings. A
    negation cancels the rest of its clause ("正常，无遮挡", "未拆除", "no fault"
    are not problems), except faults written as one ("不在线", "无图像", "no signal").
    """
    if text is None:
        return None
    return _status_class(str(text))


@functools.lru_cache(maxsize=4096)
def _status_class(text: str) -> str | None:
    # Inventories repeat a handful of status texts thousands of times: cached.
    norm = unicodedata.normalize("NFKC", text).casefold().strip()
    norm = _NEGATED_CLAUSE.sub(" ", _NEGATIVE_FAULTS.sub("故障", norm))
    for name, pattern in _STATUS_PATTERNS:
        if pattern.search(norm):
            return name
    return None


def as_date(value: object) -> dt.date | None:
    """A claim value as a date (``date``, ``datetime``, ``Timestamp`` or ISO text); else None."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _as_bool(value: object) -> bool | None:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, str):
        # the registry stores signs as yes/no (see _cell)
        return {"yes": True, "no": False}.get(value.strip().casefold())
    if isinstance(value, (int, float)) and not (isinstance(value, float) and math.isnan(value)):
        return bool(value)
    return None


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _claims_of(device: Device, name: str, role: str | None = None) -> tuple[Claim, ...]:
    found = device.claims.get(name, ())
    return tuple(c for c in found if role is None or c.role == role)


# ---------------------------------------------------------------------------
# Settlements
# ---------------------------------------------------------------------------


def settle(
    matching: Matching, settlements: Iterable[Settlement]
) -> tuple[Matching, tuple[Settlement, ...], tuple[Settlement, ...]]:
    """Apply remembered decisions: ``(matching, applied, stale)``.

    A settled owner/maintainer becomes the device's merged value and its
    conflict is closed; a settled position takes the named source's position.
    A settlement whose device or conflict no longer exists is *stale*: it is
    returned (kept on file for the user) but changes nothing. The latest
    settlement of a device and field wins.
    """
    latest: dict[tuple[str, str], Settlement] = {}
    for s in settlements:
        if s.field not in ("owner", "maintainer", "position"):
            raise SurveyInputError(
                f"cannot settle {s.field!r}: only owner, maintainer or position",
                row=s.device_key,
                field="field",
            )
        latest[(s.device_key, s.field)] = s
    by_key = {d.device_key: k for k, d in enumerate(matching.devices)}
    devices = list(matching.devices)
    applied: list[Settlement] = []
    stale: list[Settlement] = []
    for (key, name), s in latest.items():
        k = by_key.get(key)
        conflict = None
        if k is not None:
            conflict = next((c for c in devices[k].conflicts if c.field == name), None)
        if k is None or conflict is None:
            stale.append(s)
            continue
        device = devices[k]
        merged = dict(device.merged)
        position = device.position
        if name == "position":
            chosen = [c for c in conflict.claims if c.source == s.value]
            if not chosen:
                stale.append(s)
                continue
            x, y = np.median(np.array([c.value for c in chosen], dtype=float), axis=0)
            position = (float(x), float(y))
        else:
            merged[name] = s.value
        devices[k] = replace(
            device,
            merged=MappingProxyType(merged),
            position=position,
            conflicts=tuple(c for c in device.conflicts if c is not conflict),
        )
        applied.append(s)
    settled = replace(matching, devices=tuple(devices))
    return settled, tuple(applied), tuple(stale)


# ---------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rules:
    """The ruleset's numbers and articles the findings need, with fallbacks resolved."""

    derelict_after_days: int | None
    derelict_article: str
    filing_days: int | None
    filing_article: str
    removal_article: str
    reaim_deg: float | None
    reaim_article: str
    intact_min: float | None
    intact_article: str
    owner_article: str
    sign_article: str
    obstruction_article: str
    repair_article: str


def _rules(ruleset: Ruleset) -> _Rules:
    deadlines, maintenance, duties = ruleset.deadlines, ruleset.maintenance, ruleset.obligations

    def cited(table: object, key: str) -> str:
        citations = table.citations  # type: ignore[attr-defined]
        return citations[key].article if key in citations else ""

    def duty(key: str, fallback: str = "") -> str:
        return duties[key].article if key in duties else fallback

    filing = cited(deadlines, "filing_days")
    derelict = cited(deadlines, "derelict_after_days")
    repair = duty("fault_repair", derelict)
    return _Rules(
        derelict_after_days=deadlines.derelict_after_days,
        derelict_article=derelict,
        filing_days=deadlines.filing_days,
        filing_article=filing,
        removal_article=(
            cited(deadlines, "removal_filing_days")
            or cited(deadlines, "removal_notice_days")
            or filing
        ),
        reaim_deg=maintenance.reaim_tolerance_deg,
        reaim_article=duty("keep_aim", cited(maintenance, "reaim_tolerance_deg")),
        intact_min=maintenance.intact_rate_min,
        intact_article=cited(maintenance, "intact_rate_min"),
        owner_article=duty("maintenance_owner"),
        sign_article=duty("sign"),
        obstruction_article=duty("no_obstruction", repair),
        repair_article=repair,
    )


def _contact(device: Device, *, prefer: str) -> str:
    other = "owner" if prefer == "maintainer" else "maintainer"
    return _text(device.value(prefer)) or _text(device.value(other))


def _is_unowned(device: Device) -> bool:
    return not (_text(device.value("owner")) or _text(device.value("maintainer")))


def _survey_state(device: Device) -> tuple[str | None, Claim | None]:
    """Status class and the claim saying it: the field survey's, else any source's (best first)."""
    claims = _claims_of(device, "status", "survey") or _claims_of(device, "status")
    for claim in claims:
        found = status_class(claim.value)
        if found is not None:
            return found, claim
    return None, None


def _last_seen(device: Device) -> tuple[dt.date | None, Claim | None]:
    best: tuple[dt.date | None, Claim | None] = (None, None)
    for claim in _claims_of(device, "last_seen_on"):
        day = as_date(claim.value)
        if day is not None and (best[0] is None or day > best[0]):
            best = (day, claim)
    return best


def _surveyed_area(matching: Matching, reach_m: float) -> object | None:
    """Where the field walk passed: within ``reach_m`` of any of its located records.

    Not the hull of the walk: a survey of two estates says nothing about the
    streets between them, and a device there must not be called removed.
    """
    points = [c.value for d in matching.devices for c in d.locations if c.role == "survey"]
    if not points:
        return None
    discs = shapely.buffer(shapely.points(np.array(points, dtype=float)), reach_m, quad_segs=8)
    return shapely.union_all(discs)


def survey_findings(
    matching: Matching,
    *,
    as_of: dt.date,
    ruleset: Ruleset,
    forbidden: Mapping[str, tuple[str, str]] | None = None,
    settlements: Iterable[Settlement] = (),
    survey_reach_m: float = 100.0,
) -> Survey:
    """All findings of the survey and the intact rates (see the module docstring).

    Options (keyword-only): ``as_of`` — the survey date the deadlines count
    to; ``ruleset`` — numbers and articles; ``forbidden`` — device key →
    ``(category, article)`` for devices standing in private places (from
    :func:`forbidden_devices`); ``settlements`` — decisions on conflicts applied
    first (:func:`settle`); ``survey_reach_m`` — how near a surveyed record a
    filed device must be to count as visited (the walkers passed by and would
    have seen it); a device farther from every surveyed record was simply not
    visited and is never called *removed*.
    """
    if not isinstance(as_of, dt.date):
        raise SurveyInputError(f"as_of must be a date, not {as_of!r}", field="as_of")
    if not (math.isfinite(survey_reach_m) and survey_reach_m >= 0):
        raise SurveyInputError(
            f"must be a non-negative number, not {survey_reach_m!r}", field="survey_reach_m"
        )
    unsettled = matching
    matching, applied, stale = settle(matching, settlements)
    rules = _rules(ruleset)
    roles = set(matching.source_roles.values()) or {
        r.role for d in matching.devices for r in d.records
    }
    skipped: list[str] = []
    if "filings" not in roles:
        skipped.append("unregistered, removed_but_filed, re_aimed: no police filings given")
    if "survey" not in roles:
        skipped.append("removed_but_filed, no_sign: no field survey given")
    if rules.reaim_deg is None:
        skipped.append(f"re_aimed: ruleset {ruleset.id!r} sets no reaim_tolerance_deg")
    if rules.derelict_after_days is None:
        skipped.append(
            f"derelict (last online): ruleset {ruleset.id!r} sets no derelict_after_days"
        )

    area = _surveyed_area(matching, survey_reach_m) if "survey" in roles else None
    positions = np.array(
        [d.position if d.position is not None else (np.nan, np.nan) for d in matching.devices],
        dtype=float,
    ).reshape(len(matching.devices), 2)
    in_survey = (
        shapely.contains_xy(area, positions[:, 0], positions[:, 1])
        if area is not None
        else np.zeros(len(positions), dtype=bool)
    )

    findings: list[SurveyFinding] = []
    derelict_keys: set[str] = set()
    removed_keys: set[str] = set()
    # _removed runs first: a device not on the ground gets its removal filed, not repaired
    checks: tuple[Callable[..., Iterable[SurveyFinding]], ...] = (
        _unowned,
        _unregistered,
        _re_aimed,
        _no_sign,
    )
    for k, device in enumerate(matching.devices):
        if forbidden and device.device_key in forbidden:
            category, article = forbidden[device.device_key]
            findings.append(
                _finding(
                    device,
                    "forbidden_placement",
                    article,
                    "relocate",
                    "forbidden",
                    contact=_contact(device, prefer="owner"),
                    category=category,
                )
            )
        options = {"rules": rules, "roles": roles, "as_of": as_of, "in_survey": in_survey[k]}
        gone = list(_removed(device, **options))
        if gone:
            removed_keys.add(device.device_key)
            findings.extend(gone)
        else:
            broken = list(_derelict(device, **options))
            if broken:
                derelict_keys.add(device.device_key)
                findings.extend(broken)
        for check in checks:
            findings.extend(check(device, **options))
    findings.extend(_duplicates(matching, rules))
    order = {name: i for i, name in enumerate(FINDINGS)}
    findings.sort(key=lambda f: (f.priority, order[f.finding], f.device_key))
    intact = intact_rates(
        matching,
        derelict=derelict_keys,
        removed=removed_keys,
        required=rules.intact_min,
        article=rules.intact_article,
    )
    return Survey(
        matching=matching,
        findings=tuple(findings),
        intact=intact,
        as_of=as_of,
        ruleset=ruleset.id,
        settled=applied,
        stale_settlements=stale,
        skipped_checks=tuple(skipped),
        unsettled=unsettled,
    )


def _finding(
    device: Device,
    finding: str,
    rule: str,
    action: str,
    template: str,
    *,
    contact: str = "",
    **params: object,
) -> SurveyFinding:
    texts = {name: str(value) for name, value in params.items()}
    return SurveyFinding(
        device_key=device.device_key,
        finding=finding,
        rule=rule,
        action=action,
        priority=PRIORITY[finding],
        detail=DETAILS[template][0].format(**texts),
        contact=contact,
        template=template,
        params=MappingProxyType(texts),
    )


def _said(claim: Claim | None) -> dict[str, object]:
    """Template parameters naming what one record said and where."""
    if claim is None:
        return {"status": "", "source": "", "row": ""}
    return {"status": claim.value, "source": claim.source, "row": claim.row}


def _derelict(
    device: Device, *, rules: _Rules, roles: set[str], as_of: dt.date, in_survey: bool
) -> Iterable[SurveyFinding]:
    state, said = _survey_state(device)
    if state == "removed":
        return
    abandoned = _is_unowned(device)
    contact = _contact(device, prefer="maintainer")
    if state in ("vegetation", "obstructed"):
        action = "prune_tree" if state == "vegetation" else "clear_obstruction"
        yield _finding(
            device,
            "derelict",
            rules.obstruction_article,
            action,
            "blocked",
            contact=contact,
            **_said(said),
        )
        return
    if state == "fault":
        reason, rule, params = "fault", rules.repair_article, _said(said)
    elif rules.derelict_after_days is not None:
        seen, where = _last_seen(device)
        if seen is None or (as_of - seen).days <= rules.derelict_after_days:
            return
        reason, rule = "offline", rules.derelict_article
        params = {
            **_said(where),
            "seen": seen.isoformat(),
            "days": (as_of - seen).days,
            "as_of": as_of.isoformat(),
            "limit": rules.derelict_after_days,
        }
    else:
        return
    if abandoned:
        # Broken and claimed by nobody: the abandoned devices seed 000 asks to remove.
        yield _finding(device, "derelict", rule, "remove", f"abandoned_{reason}", **params)
    else:
        yield _finding(device, "derelict", rule, "repair", reason, contact=contact, **params)


def _unowned(
    device: Device, *, rules: _Rules, roles: set[str], as_of: dt.date, in_survey: bool
) -> Iterable[SurveyFinding]:
    if not _is_unowned(device):
        return
    project, pole = _text(device.value("project_name")), _text(device.value("pole_no"))
    template = "unowned" + ("_project" if project else "") + ("_pole" if pole else "")
    yield _finding(
        device, "unowned", rules.owner_article, "name_owner", template, project=project, pole=pole
    )


def _unregistered(
    device: Device, *, rules: _Rules, roles: set[str], as_of: dt.date, in_survey: bool
) -> Iterable[SurveyFinding]:
    if "filings" not in roles or "filings" in device.roles or rules.filing_days is None:
        return
    if _survey_state(device)[0] == "removed":
        return
    installed = as_date(device.value("installed_on"))
    if installed is not None and (as_of - installed).days <= rules.filing_days:
        return  # still within the filing period
    if installed is not None:
        template = "unregistered_dated"
        params = {"installed": installed.isoformat(), "days": (as_of - installed).days}
    else:
        template, params = "unregistered_undated", {}
    yield _finding(
        device,
        "unregistered",
        rules.filing_article,
        "file",
        template,
        contact=_contact(device, prefer="owner"),
        limit=rules.filing_days,
        **params,
    )


def _removed(
    device: Device, *, rules: _Rules, roles: set[str], as_of: dt.date, in_survey: bool
) -> Iterable[SurveyFinding]:
    if "filings" not in device.roles or "survey" not in roles:
        return
    state, said = _survey_state(device)
    if "survey" in device.roles and state != "removed":
        return
    template, params = "removed_seen", _said(said)
    if state != "removed":
        if not in_survey:
            return  # outside the walked area: not visited, not missing
        seen, _ = _last_seen(device)
        limit = rules.derelict_after_days or 0
        if seen is not None and (as_of - seen).days <= limit:
            return  # online lately: the walk missed it rather than it being gone
        template, params = "removed_missing", {}
    yield _finding(
        device,
        "removed_but_filed",
        rules.removal_article,
        "file_removal",
        template,
        contact=_contact(device, prefer="owner"),
        **params,
    )


def _re_aimed(
    device: Device, *, rules: _Rules, roles: set[str], as_of: dt.date, in_survey: bool
) -> Iterable[SurveyFinding]:
    if rules.reaim_deg is None:
        return
    filed = next(
        (
            b
            for c in _claims_of(device, "bearing_deg", "filings")
            if (b := bearing_value(c.value)) is not None
        ),
        None,
    )
    seen = next(
        (
            b
            for c in _claims_of(device, "bearing_deg", "survey")
            if (b := bearing_value(c.value)) is not None
        ),
        None,
    )
    if filed is None or seen is None:
        return
    turned = angle_between(filed, seen)
    if turned > rules.reaim_deg:
        yield _finding(
            device,
            "re_aimed",
            rules.reaim_article,
            "restore_bearing",
            "re_aimed",
            contact=_contact(device, prefer="owner"),
            filed=f"{filed:.0f}",
            seen=f"{seen:.0f}",
            turned=f"{turned:.0f}",
            tolerance=f"{rules.reaim_deg:.0f}",
        )


def _no_sign(
    device: Device, *, rules: _Rules, roles: set[str], as_of: dt.date, in_survey: bool
) -> Iterable[SurveyFinding]:
    if not rules.sign_article or _survey_state(device)[0] == "removed":
        return
    claims = _claims_of(device, "has_sign", "survey") or _claims_of(device, "has_sign")
    said = next((b for c in claims if (b := _as_bool(c.value)) is not None), None)
    if said is False:
        source = claims[0]
        yield _finding(
            device,
            "no_sign",
            rules.sign_article,
            "add_sign",
            "no_sign",
            contact=_contact(device, prefer="owner"),
            source=source.source,
            row=source.row,
        )


def _duplicates(matching: Matching, rules: _Rules) -> Iterable[SurveyFinding]:
    by_key = {d.device_key: d for d in matching.devices}
    for dup in matching.duplicates:
        device = by_key[dup.device_key]
        yield _finding(
            device,
            "duplicate",
            rules.filing_article,
            "merge_records",
            "duplicate_code" if dup.reason == "device_id" else "duplicate_pole",
            contact=dup.source,
            source=dup.source,
            rows=", ".join(str(r) for r in dup.rows),
        )


# ---------------------------------------------------------------------------
# Intact rate
# ---------------------------------------------------------------------------


def intact_rates(
    matching: Matching,
    *,
    derelict: set[str],
    removed: set[str],
    required: float | None,
    article: str,
) -> pd.DataFrame:
    """Intact rate per owner, maintainer and district, and over all devices.

    Devices removed (or found removed) do not count; a device is intact unless
    derelict. Columns :data:`INTACT_COLUMNS`; ``required`` is NaN and ``meets``
    None when the ruleset sets no minimum.
    """
    rows = []
    for device in matching.devices:
        key = device.device_key
        if key in removed or _survey_state(device)[0] == "removed":
            continue
        rows.append(
            {
                "owner": _text(device.value("owner")) or UNOWNED_NAME,
                "maintainer": _text(device.value("maintainer")) or UNOWNED_NAME,
                "district": _text(device.value("district")) or "(unknown)",
                "all": "",
                "intact": key not in derelict,
            }
        )
    table = pd.DataFrame(rows, columns=["owner", "maintainer", "district", "all", "intact"])
    parts = []
    for group_by in ("all", "owner", "maintainer", "district"):
        grouped = table.groupby(group_by, sort=True)["intact"].agg(["size", "sum"]).reset_index()
        parts.append(
            pd.DataFrame(
                {
                    "group_by": group_by,
                    "name": grouped[group_by].astype(str),
                    "devices": grouped["size"].astype(int),
                    "intact": grouped["sum"].astype(int),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=INTACT_COLUMNS)
    out["rate"] = out["intact"] / out["devices"].where(out["devices"] > 0)
    out["required"] = np.nan if required is None else float(required)
    out["meets"] = None if required is None else (out["rate"] >= float(required) - 1e-12)
    out["rule"] = article
    return out[list(INTACT_COLUMNS)]


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------


def forbidden_devices(
    matching: Matching, places: object, *, articles: Mapping[str, str]
) -> dict[str, tuple[str, str]]:
    """Device key → (category, article) for located devices inside private places.

    ``places`` is a :class:`planner.core.privacy.PrivatePlaces`; ``articles``
    maps a private category to its article (``ruleset.private_categories``).
    """
    from planner.core.privacy import placements_in_private_places

    located = [d for d in matching.devices if d.position is not None]
    if not located:
        return {}
    points = shapely.points(np.array([d.position for d in located], dtype=float))
    out: dict[str, tuple[str, str]] = {}
    for k, place in placements_in_private_places(points, places):  # type: ignore[arg-type]
        category = str(places.category[place])  # type: ignore[attr-defined]
        out.setdefault(located[k].device_key, (category, articles.get(category, "")))
    return out


def work_list(survey: Survey, *, crs: object, language: str = "en") -> gpd.GeoDataFrame:
    """One row per finding, most urgent first: the cleanup work list (:data:`WORKLIST_COLUMNS`).

    ``geometry`` is the device position in ``crs`` (the project CRS), or None;
    ``detail`` is written in ``language`` (:func:`detail_text`). The codes in
    ``finding`` and ``action`` are the same in every language.
    """
    by_key = {d.device_key: d for d in survey.matching.devices}
    rows = []
    points = []
    for f in survey.findings:
        device = by_key[f.device_key]
        rows.append(
            {
                "device_id": _text(device.value("device_id")),
                "pole_no": _text(device.value("pole_no")),
                "finding": f.finding,
                "rule": f.rule,
                "action": f.action,
                "priority": f.priority,
                "sources": ";".join(device.sources),
                "device_key": f.device_key,
                "contact": f.contact,
                "detail": detail_text(f, language),
                "owner": _text(device.value("owner")),
                "maintainer": _text(device.value("maintainer")),
                "project_name": _text(device.value("project_name")),
                "district": _text(device.value("district")),
                "address": _text(device.value("address")),
            }
        )
        points.append(None if device.position is None else shapely.Point(device.position))
    frame = pd.DataFrame(rows, columns=list(WORKLIST_COLUMNS))
    frame["priority"] = frame["priority"].astype(int)
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(points, crs=crs), crs=crs)


def claim_text(value: object) -> str:
    """A claimed value as text: positions ``(x, y)`` to 0.1 m, dates ISO, signs yes/no."""
    if isinstance(value, tuple) and len(value) == 2:
        return f"({value[0]:.1f}, {value[1]:.1f})"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()[:10]
    return _text(value)


def _claims_text(claims: Sequence[Claim]) -> str:
    return "; ".join(f"{claim_text(c.value)} ({c.source} row {c.row})" for c in claims)


def conflicts_table(survey: Survey) -> pd.DataFrame:
    """Open and settled conflicts, one row each (:data:`CONFLICT_COLUMNS`)."""
    rows = []
    for device, conflict in survey.matching.conflicts:
        rows.append(
            {
                "device_key": device.device_key,
                "device_id": _text(device.value("device_id")),
                "field": conflict.field,
                "claims": _claims_text(conflict.claims),
                "detail": conflict.detail,
                "settled": False,
                "value": "",
            }
        )
    by_key = {d.device_key: d for d in survey.matching.devices}
    for s in survey.settled:
        device = by_key.get(s.device_key)
        rows.append(
            {
                "device_key": s.device_key,
                "device_id": _text(device.value("device_id")) if device else "",
                "field": s.field,
                "claims": "",
                "detail": s.note,
                "settled": True,
                "value": s.value,
            }
        )
    return pd.DataFrame(rows, columns=list(CONFLICT_COLUMNS))


def device_frames(survey: Survey, *, crs: object) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The reconciled registry: ``(devices, records)`` with provenance.

    ``devices`` has one row per device: its key, every merged field, the
    sources that know it, its findings and open conflicts, and its position.
    ``records`` has one row per input record: device key, source, role, row,
    what that record said about each field — which source said what — and
    where it put the device (its point; empty when the record had none). The
    records are enough to match and judge again (:func:`sources_from_records`).
    """
    findings: dict[str, list[str]] = {}
    for f in survey.findings:
        findings.setdefault(f.device_key, []).append(f.finding)
    dev_rows, dev_points, rec_rows, rec_points = [], [], [], []
    order = {name: k for k, name in enumerate(survey.matching.source_roles)}
    for device in survey.matching.devices:
        where = {(c.source, c.row): c.value for c in device.locations}
        row = {"device_key": device.device_key}
        row.update({name: _cell(device.value(name)) for name in FIELDS})
        row["sources"] = ";".join(device.sources)
        row["n_records"] = len(device.records)
        row["findings"] = ";".join(dict.fromkeys(findings.get(device.device_key, ())))
        row["conflicts"] = ";".join(c.field for c in device.conflicts)
        dev_rows.append(row)
        dev_points.append(None if device.position is None else shapely.Point(device.position))
        said: dict[tuple[str, int], dict[str, object]] = {}
        for name, claims in device.claims.items():
            for c in claims:
                said.setdefault((c.source, c.row), {})[name] = _cell(c.value)
        for ref in device.records:
            rec = {
                "device_key": device.device_key,
                "source": ref.source,
                "role": ref.role,
                "row": ref.row,
                "source_index": order.get(ref.source, len(order)),
            }
            rec.update({name: said.get((ref.source, ref.row), {}).get(name) for name in FIELDS})
            rec_rows.append(rec)
            point = where.get((ref.source, ref.row))
            rec_points.append(None if point is None else shapely.Point(point))
    dev_columns = ["device_key", *FIELDS, "sources", "n_records", "findings", "conflicts"]
    devices = gpd.GeoDataFrame(
        pd.DataFrame(dev_rows, columns=dev_columns),
        geometry=gpd.GeoSeries(dev_points, crs=crs),
        crs=crs,
    )
    rec_columns = ["device_key", "source", "role", "row", "source_index", *FIELDS]
    records = gpd.GeoDataFrame(
        pd.DataFrame(rec_rows, columns=rec_columns),
        geometry=gpd.GeoSeries(rec_points, crs=crs),
        crs=crs,
    )
    return devices, records


def sources_from_records(
    records: pd.DataFrame, source_roles: Mapping[str, str]
) -> tuple[SourceRecords, ...]:
    """The matcher's inputs back from :func:`device_frames`' records table.

    Matching them again gives the same devices, keys and conflicts as the run
    that wrote the table (records in source order, each source in row order),
    so a saved registry can be judged again — with new settlements, a new
    date — without the inventory files. ``source_roles`` (name → role, in
    input order) also names sources that had no records.
    """
    missing = {"source", "role", "row"} - set(records.columns)
    if missing:
        raise SurveyInputError(f"missing column(s) {', '.join(sorted(missing))}", field="records")
    frame = pd.DataFrame(records).copy()
    if isinstance(records, gpd.GeoDataFrame) and len(records):
        points = records.geometry.to_numpy()
        frame["x"], frame["y"] = shapely.get_x(points), shapely.get_y(points)
    else:
        frame["x"] = frame["y"] = np.nan
    roles = dict(source_roles)
    for source, role in zip(frame["source"], frame["role"], strict=True):
        roles.setdefault(str(source), str(role))
    out = []
    for name, role in roles.items():
        part = frame[frame["source"] == name].sort_values("row", kind="stable")
        columns = ["row", "x", "y", *(f for f in FIELDS if f in part.columns)]
        part = part[columns].reset_index(drop=True)
        part["row"] = part["row"].astype(int)
        if "has_sign" in part.columns:
            part["has_sign"] = [_as_bool(v) for v in part["has_sign"]]
        out.append(SourceRecords(name, role, part))
    return tuple(out)


def _cell(value: object) -> object:
    """A claim value as a GeoPackage-friendly cell: dates as ISO text, bools kept."""
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return as_date(value).isoformat() if as_date(value) else None
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if value is None:
        return None
    return str(value) if not isinstance(value, (int, float)) else value


def settlements_frame(settlements: Iterable[Settlement]) -> pd.DataFrame:
    """Settlements as a table (device_key, field, value, note, settled_on)."""
    return pd.DataFrame(
        [
            {
                "device_key": s.device_key,
                "field": s.field,
                "value": s.value,
                "note": s.note,
                "settled_on": s.settled_on.isoformat() if s.settled_on else None,
            }
            for s in settlements
        ],
        columns=["device_key", "field", "value", "note", "settled_on"],
    )


def settlements_from_frame(frame: pd.DataFrame) -> tuple[Settlement, ...]:
    """Settlements back from :func:`settlements_frame`'s table; bad rows raise naming the row."""
    out = []
    for k, row in enumerate(frame.to_dict("records")):
        key, name, value = (_text(row.get(c)) for c in ("device_key", "field", "value"))
        if not key or not name:
            raise SurveyInputError("settlement without device_key or field", row=k)
        out.append(
            Settlement(
                device_key=key,
                field=name,
                value=value,
                note=_text(row.get("note")),
                settled_on=as_date(row.get("settled_on")),
            )
        )
    return tuple(out)


__all__ = [
    "ACTIONS",
    "CONFLICT_COLUMNS",
    "FINDINGS",
    "INTACT_COLUMNS",
    "PRIORITY",
    "WORKLIST_COLUMNS",
    "Settlement",
    "Survey",
    "SurveyFinding",
    "SurveyInputError",
    "as_date",
    "claim_text",
    "conflicts_table",
    "detail_text",
    "device_frames",
    "forbidden_devices",
    "intact_rates",
    "settle",
    "settlements_frame",
    "settlements_from_frame",
    "sources_from_records",
    "status_class",
    "survey_findings",
    "work_list",
]
