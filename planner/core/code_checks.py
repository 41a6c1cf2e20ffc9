"""What a device's GB/T 28181 code says against what its records say (issue 10).

A device's merged values carry a 20-digit code (``device_id``), a district and
perhaps a declared kind (``device_type`` such as 硬盘录像机, NVR, 球机). The code
names the administrative division and the type of the device, so it can fill
an empty district and contradict a wrong one or a wrong kind. Pure: the names
of divisions come from a :data:`~planner.core.codes.DivisionLookup` the caller
passes (:func:`planner.io.divisions.division_name`).

API:

- :func:`declared_kind` ``(text) -> "camera" | "recorder" | None``: what a
  record's device type or status text calls the device (摄像机, 球机, IPC →
  camera; 硬盘录像机, NVR, DVR, 编码器 → recorder; both or neither → None).
- :func:`code_mismatches` ``(values, lookup) -> tuple[CodeMismatch, ...]``:
  the contradictions between the code and the record (finding ``code_mismatch``):
  field ``district`` when the district names another division than the code's
  (:func:`planner.core.codes.district_agrees`), field ``device_type`` when the
  record says camera and the code's type is a recorder, or the reverse, or the
  code's type is a definite other device (an alarm input, a server). Nothing
  for a value that is not a GB/T 28181 code, an empty or undecidable district,
  a division the list does not know, or a type that says little (139 other
  peripheral, extension ranges). The industry code is not checked: nothing in
  a survey record says which 行业 a device was registered under.
- :func:`district_from_code` ``(values, lookup) -> DerivedDistrict | None``:
  the county-level district to fill when the record has none, with the note
  that it comes from the code (由设备编码推得); None when the district is given,
  the code is no GB/T 28181 code, or its division is above the county level or
  unknown to the list.

``values`` is any mapping of the merged fields; read are ``device_id``,
``district``, ``device_type`` and, when the type says nothing, ``status``.
What the code itself does wrong (an undefined type, a reserved industry) is in
:attr:`planner.core.codes.Gb28181Code.issues`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from planner.core.codes import (
    DivisionLookup,
    DivisionName,
    Gb28181Code,
    decode_gb28181,
    district_agrees,
)

CAMERA = "camera"
RECORDER = "recorder"

# How records call a camera or a recorder (upper-cased, full-width folded).
# 录像机 covers 硬盘录像机 and 网络录像机; a text with words of both kinds says neither.
CAMERA_WORDS = (
    "摄像",  # 摄像机, 摄像头, 网络摄像机
    "探头",
    "球机",
    "枪机",
    "半球",
    "云台",
    "卡口",
    "相机",
    "IPC",
    "CAMERA",
    "DOME",
    "BULLET",
    "PTZ",
)
RECORDER_WORDS = (
    "录像机",
    "硬盘录像",
    "NVR",
    "DVR",
    "HVR",
    "编码器",
    "视频服务器",
    "RECORDER",
    "ENCODER",
    "VIDEO SERVER",
)

_KIND_ZH = {CAMERA: "摄像机", RECORDER: "录像机"}
_KIND_EN = {CAMERA: "a camera", RECORDER: "a recorder"}

DERIVED_NOTE_EN = "derived from the device code"
DERIVED_NOTE_ZH = "由设备编码推得"


@dataclass(frozen=True)
class CodeMismatch:
    """One contradiction between a device's GB/T 28181 code and its record.

    ``field`` is the record's field (``district`` or ``device_type``),
    ``record_value`` what the record says, ``code_value`` the part of the code
    that says otherwise (the division code ``370202`` or the type code ``118``)
    and ``code_says_en``/``code_says_zh`` what that part means (山东省青岛市市南区;
    NVR (network video recorder)); the messages are a work list's detail.
    """

    field: str
    record_value: str
    code_value: str
    code_says_en: str
    code_says_zh: str
    message_en: str
    message_zh: str


@dataclass(frozen=True)
class DerivedDistrict:
    """A district filled from the device code: ``value`` (市南区) of ``division`` (370202).

    ``note_en``/``note_zh`` say where it comes from, for the work list
    (由设备编码推得).
    """

    value: str
    division: DivisionName
    code: str
    note_en: str = DERIVED_NOTE_EN
    note_zh: str = DERIVED_NOTE_ZH


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def declared_kind(text: object) -> str | None:
    """What a record's device-type or status text calls the device.

    ``camera`` for 摄像机, 摄像头, 球机, 枪机, 半球, IPC, camera …; ``recorder``
    for 硬盘录像机, NVR, DVR, 编码器, 视频服务器 …; None when the text names
    neither, or both (摄像机（接NVR）).
    """
    folded = unicodedata.normalize("NFKC", _text(text)).upper()
    folded = re.sub(r"\s+", " ", folded)
    if not folded:
        return None
    camera = any(word in folded for word in CAMERA_WORDS)
    recorder = any(word in folded for word in RECORDER_WORDS)
    if camera == recorder:
        return None
    return CAMERA if camera else RECORDER


def _record_kind(values: Mapping[str, object]) -> tuple[str | None, str]:
    """The declared kind and the text that declared it: ``device_type`` first, then ``status``."""
    for field in ("device_type", "status"):
        text = _text(values.get(field))
        kind = declared_kind(text)
        if kind is not None:
            return kind, text
    return None, ""


def _district_mismatch(
    code: Gb28181Code, district: str, lookup: DivisionLookup | None
) -> CodeMismatch | None:
    division = lookup(code.division_code) if lookup is not None else None
    if division is None or district_agrees(district, division) is not False:
        return None
    says = division.full_name
    return CodeMismatch(
        field="district",
        record_value=district,
        code_value=code.division_code,
        code_says_en=says,
        code_says_zh=says,
        message_en=(
            f"The record's district {district} contradicts the device code: "
            f"its division {code.division_code} is {says}."
        ),
        message_zh=(
            f"记录所填区县“{district}”与设备编码不符：编码所含行政区划代码"
            f"{code.division_code}为{says}。"
        ),
    )


def _kind_mismatch(code: Gb28181Code, kind: str | None, text: str) -> CodeMismatch | None:
    if kind is None or not code.type_definite or code.kind == kind:
        return None
    return CodeMismatch(
        field="device_type",
        record_value=text,
        code_value=code.type_code,
        code_says_en=code.type_en,
        code_says_zh=code.type_zh,
        message_en=(
            f"The record says {_KIND_EN[kind]} ({text}) but the device code's type "
            f"{code.type_code} is {code.type_en}."
        ),
        message_zh=(
            f"记录为{_KIND_ZH[kind]}（“{text}”），而设备编码类型码{code.type_code}"
            f"为{code.type_zh}。"
        ),
    )


def code_mismatches(
    values: Mapping[str, object], lookup: DivisionLookup | None = None
) -> tuple[CodeMismatch, ...]:
    """The contradictions between a device's GB/T 28181 code and its merged values.

    Without ``lookup`` the district is not checked. See the module docstring for
    what is and is not reported.
    """
    code = decode_gb28181(values.get("device_id"))
    if code is None:
        return ()
    kind, kind_text = _record_kind(values)
    found = (
        _district_mismatch(code, _text(values.get("district")), lookup),
        _kind_mismatch(code, kind, kind_text),
    )
    return tuple(mismatch for mismatch in found if mismatch is not None)


def district_from_code(
    values: Mapping[str, object], lookup: DivisionLookup
) -> DerivedDistrict | None:
    """The district to fill from the code when the record's ``district`` is empty.

    The county-level name (市南区 for 37020200001320000001), never a city's or a
    province's; None when the record has a district, the device has no GB/T 28181
    code, or the list does not name the code's county.
    """
    if _text(values.get("district")):
        return None
    code = decode_gb28181(values.get("device_id"))
    if code is None or code.level not in ("county", "unit"):
        return None
    division = lookup(code.division_code)
    if division is None or division.county is None:
        return None
    return DerivedDistrict(value=division.county, division=division, code=code.code)
