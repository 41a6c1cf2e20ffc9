"""Chinese words for what the core writes into work lists and reports.

The window translates its own labels with Qt; texts made by the core (a
finding's detail, a citation, a source's name) reach offices as files, so
the core carries the few Chinese terms they need. One place for them: the
window uses the same functions for the same texts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

LAW_NAMES_ZH: Mapping[str, str] = MappingProxyType(
    {
        "Qingdao Measures": "青岛办法",
        "Harbin Measures": "哈尔滨办法",
        "Chongqing Measures": "重庆办法",
        "State Council Decree 799": "国务院令第799号",
    }
)
"""Short Chinese names of the laws the shipped rulesets cite."""

ROLE_NAMES_ZH: Mapping[str, str] = MappingProxyType(
    {
        "filings": "公安备案",
        "survey": "实地核查",
        "platform": "大数据平台",
        "property": "物业台账",
    }
)
"""Chinese names of the source roles (a source named after its role reads so)."""

PRIVATE_CATEGORY_ZH: Mapping[str, str] = MappingProxyType(
    {
        "hotel_room": "旅馆客房",
        "homestay_room": "民宿客房",
        "dormitory": "宿舍",
        "staff_rest_room": "员工休息室",
        "bathhouse": "浴室",
        "toilet": "卫生间",
        "changing_room": "更衣室",
        "nursing_room": "哺乳室",
        "fitting_room": "试衣间",
        "hospital_ward": "病房",
        "treatment_room": "诊疗室",
        "entertainment_room": "娱乐场所包房",
        "bank_customer_area": "银行客户信息区域",
        "polling_point": "投票点",
    }
)
"""Chinese names of the private-place categories of :data:`planner.core.schema`."""

_ARTICLE = re.compile(r"^(?P<law>.+?) Art\. (?P<number>\d+)(?:\((?P<item>\d+)\))?$")


def cite(article: str | None, language: str = "en") -> str:
    """A ruleset's citation in ``language`` (``en`` or ``zh``).

    ``Qingdao Measures Art. 19(3)`` reads ``青岛办法第19条第（3）项`` in Chinese.
    English returns the citation as written; a citation of another shape, or
    of a law without a Chinese name here, is shown as written.
    """
    if not article:
        return ""
    text = article.strip()
    if language != "zh":
        return text
    match = _ARTICLE.match(text)
    if match is None:
        return LAW_NAMES_ZH.get(text, text)
    law = LAW_NAMES_ZH.get(match["law"], match["law"])
    item = f"第（{match['item']}）项" if match["item"] else ""
    return f"{law}第{match['number']}条{item}"


def source_name(name: str, language: str = "en") -> str:
    """A source's name for display: a role's Chinese name in Chinese, else as given."""
    return ROLE_NAMES_ZH.get(name, name) if language == "zh" else name


def private_category(category: str, language: str = "en") -> str:
    """A private place's category for display (``dormitory`` → ``宿舍`` in Chinese)."""
    return PRIVATE_CATEGORY_ZH.get(category, category) if language == "zh" else category
