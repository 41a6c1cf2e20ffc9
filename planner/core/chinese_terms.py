"""Chinese as a Chinese office writes it: legal citations, numerals, row lists and counts.

Texts the core makes (a finding's detail, a citation, a source's name) reach
offices as files, so the core writes them the way a filing officer would sign
them. The names themselves come from :mod:`planner.core.vocabulary`, the one
vocabulary of the planner; this module writes the sentences around them:

- a ruleset's citation ``Qingdao Measures Art. 19(3)`` in legal style,
  ``《青岛市公共安全视频图像信息系统管理办法》第十九条第（三）项`` — articles
  (条) and paragraphs (款) in Chinese numerals, the enumerated items
  （一）（二）… as 项, as the seed texts number them;
- row lists ``第3、14行`` and counts ``共14项问题，涉及13台设备``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from planner.core.vocabulary import has_label, label

_DIGITS = "零一二三四五六七八九"
# "Art. 19", "Art. 19(3)", "Art. 19(6)(7)", "Art. 16 para. 2", "Art. 16 para. 2(1)"
_ARTICLE = re.compile(
    r"^(?P<law>.+?) Art\. (?P<article>\d+)"
    r"(?: para\. (?P<paragraph>\d+))?"
    r"(?P<items>(?:\(\d+\))*)$"
)
_ITEM = re.compile(r"\((\d+)\)")


def chinese_numeral(number: int) -> str:
    """``number`` (0 to 9999) in Chinese numerals: 19 → 十九, 25 → 二十五, 105 → 一百零五."""
    if not 0 <= number <= 9999:
        raise ValueError(f"{number} is outside 0–9999")
    if number == 0:
        return _DIGITS[0]
    text = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += _DIGITS[0]
            zero = False
        text += _DIGITS[digit] + unit
    # 一十九 is written 十九 when the number starts at the tens
    return text[1:] if text.startswith("一十") else text


def cite(article: str | None, language: str = "en") -> str:
    """A ruleset's citation in ``language`` (``en`` or ``zh``).

    Chinese is legal style with the law's full title: ``Qingdao Measures Art. 19(3)``
    → ``《青岛市公共安全视频图像信息系统管理办法》第十九条第（三）项``;
    ``Art. 16 para. 2`` → ``第十六条第二款``; ``Art. 19(6)(7)`` → ``第十九条第（六）、（七）项``;
    the Harbin draft is marked 征求意见稿 and Decree 799 carries its number. Several
    citations separated by ``;`` are written each and joined with ``；``. English
    returns the citation as written; a citation of another shape, or of a law the
    vocabulary does not name, is shown as written.
    """
    if not article:
        return ""
    text = article.strip()
    if language != "zh":
        return text
    parts = [p.strip() for p in text.split(";")]
    cited = [_cite_zh(p) for p in parts]
    if any(c is None for c in cited):
        return text
    return "；".join(c for c in cited if c is not None)


def _cite_zh(citation: str) -> str | None:
    """One citation in Chinese legal style, None when its shape or law is unknown."""
    if has_label("law", citation):
        return label("law", citation, "zh")
    match = _ARTICLE.match(citation)
    if match is None or not has_label("law", match["law"]):
        return None
    text = label("law", match["law"], "zh") + f"第{chinese_numeral(int(match['article']))}条"
    if match["paragraph"]:
        text += f"第{chinese_numeral(int(match['paragraph']))}款"
    items = [f"（{chinese_numeral(int(n))}）" for n in _ITEM.findall(match["items"])]
    if items:
        text += "第" + "、".join(items) + "项"
    return text


def enumerate_zh(values: Iterable[object]) -> str:
    """Values joined the Chinese way, with the enumeration comma: ``3、14、15``."""
    return "、".join(str(v) for v in values)


def row_list(rows: Iterable[int], language: str = "en") -> str:
    """Rows of a file: ``第3、14行`` in Chinese, ``rows 3, 14`` (``row 3``) in English."""
    numbers = [int(r) for r in rows]
    if language == "zh":
        return f"第{enumerate_zh(numbers)}行"
    return ("row " if len(numbers) == 1 else "rows ") + ", ".join(map(str, numbers))


def count_phrase(items: int, devices: int, language: str = "en") -> str:
    """How many findings on how many devices: ``共14项问题，涉及13台设备``."""
    if language == "zh":
        return f"共{items}项问题，涉及{devices}台设备"
    things = "item" if items == 1 else "items"
    machines = "device" if devices == 1 else "devices"
    return f"{items} {things} for {devices} {machines}"


def source_name(name: str, language: str = "en") -> str:
    """A source's name for display: a role's Chinese name in Chinese, else as given."""
    if language == "zh" and has_label("source", name):
        return label("source", name, "zh")
    return name


def private_category(category: str, language: str = "en") -> str:
    """A private place's category for display (``dormitory`` → ``宿舍`` in Chinese)."""
    if language == "zh":
        return label("private_category", category, "zh")
    return category
