"""Ruleset files: shipped cities load and say what their articles say; bad files fail loudly."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from planner.core.errors import RulesetError
from planner.core.levels import LEVELS
from planner.core.rulesets import Ruleset, ruleset_from_mapping
from planner.core.schema import PRIVATE_CATEGORIES, ZONE_CATEGORIES
from planner.io.rulesets import RULESET_DIR, available_rulesets, load_ruleset

SHIPPED = ("national", "qingdao", "harbin", "chongqing")

PRIVATE_BY_CITY = {
    "qingdao": {
        "hotel_room",
        "dormitory",
        "bathhouse",
        "toilet",
        "changing_room",
        "nursing_room",
        "fitting_room",
    },
    "harbin": {
        "hospital_ward",
        "treatment_room",
        "dormitory",
        "hotel_room",
        "bathhouse",
        "changing_room",
        "toilet",
    },
    "chongqing": {
        "hotel_room",
        "entertainment_room",
        "dormitory",
        "bathhouse",
        "changing_room",
        "toilet",
        "nursing_room",
        "bank_customer_area",
        "polling_point",
    },
    "national": {
        "hotel_room",
        "homestay_room",
        "dormitory",
        "staff_rest_room",
        "bathhouse",
        "toilet",
        "changing_room",
        "nursing_room",
        "fitting_room",
        "private_room",  # 包间: "客房或者包间内部" (REGULATIONS.md §2, national)
    },
}
ARTICLE_PREFIX = {
    "qingdao": "Qingdao Measures Art. ",
    "harbin": "Harbin Measures Art. ",
    "chongqing": "Chongqing Measures Art. ",
    "national": "State Council Decree 799",
}

# ---------------------------------------------------------------- a minimal valid file

MINIMAL = """\
[ruleset]
id = "testville"
name = "Testville"
jurisdiction = "CN"
source = "Testville measures"

[private.toilet]
article = "Testville Art. 9"
description = "Toilets."

[private_building_uses]
toilets = "toilet"
"""


def _zone_block(category: str, *, level: str = "observe", coverage: str = "0.9") -> str:
    return (
        f"[zones.{category}]\n"
        f'level = "{level}"\n'
        f"coverage = {coverage}\n"
        f'article = "Testville Art. 8"\n'
        f'description = "{category}"\n'
        f"mandatory = true\n\n"
    )


def _minimal_text(**overrides: str) -> str:
    """A valid file; ``overrides`` replaces one zone's whole block."""
    zones = "".join(overrides.get(c, _zone_block(c)) for c in ZONE_CATEGORIES)
    return MINIMAL + "\n" + zones


def _write(tmp_path: Path, text: str, name: str = "testville.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _load_error(tmp_path: Path, text: str) -> RulesetError:
    path = _write(tmp_path, text)
    with pytest.raises(RulesetError) as info:
        load_ruleset(str(path))
    assert str(path) in str(info.value), "the message must name the file"
    assert info.value.file == str(path)
    return info.value


# ---------------------------------------------------------------- shipped rulesets


def test_every_shipped_ruleset_is_listed() -> None:
    assert set(SHIPPED) <= set(available_rulesets())
    assert available_rulesets() == sorted(available_rulesets())


def test_ruleset_dir_is_rulesets_inside_the_package() -> None:
    # package data, so an installed wheel has them (tests/test_install.py checks a real install)
    assert Path(__file__).resolve().parents[1] / "planner" / "rulesets" == RULESET_DIR


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_ruleset_loads_and_covers_every_contract_zone(name: str) -> None:
    rs = load_ruleset(name)
    assert isinstance(rs, Ruleset)
    assert rs.id == name
    assert rs.is_chinese
    assert rs.name and rs.source
    for category in ZONE_CATEGORIES:
        req = rs.zone_requirement(category)
        assert req.category == category
        assert req.level in LEVELS
        assert 0.0 < req.coverage <= 1.0
        assert req.article.startswith(ARTICLE_PREFIX[name])
        assert isinstance(req.mandatory, bool)
        assert req.description


@pytest.mark.parametrize("name", SHIPPED)
def test_private_categories_match_the_articles(name: str) -> None:
    rs = load_ruleset(name)
    assert set(rs.private_categories) == PRIVATE_BY_CITY[name]
    assert set(rs.private_categories) <= set(PRIVATE_CATEGORIES)
    for category, rule in rs.private_categories.items():
        assert rule.category == category
        assert rule.description
        if name == "national":
            # REGULATIONS.md §6: only Art. 14 of the decree is cited by number.
            assert rule.article == "State Council Decree 799"
        else:
            assert rule.article == f"{ARTICLE_PREFIX[name]}9"


@pytest.mark.parametrize("name", SHIPPED)
def test_every_article_cited_is_well_formed(name: str) -> None:
    rs = load_ruleset(name)
    articles = [z.article for z in rs.zones.values()]
    articles += [r.article for r in rs.private_categories.values()]
    articles += [c.article for c in rs.deadlines.citations.values()]
    articles += [c.article for c in rs.maintenance.citations.values()]
    articles += [o.article for o in rs.obligations.values()]
    pattern = re.compile(
        r"^(Qingdao Measures|Harbin Measures|Chongqing Measures|State Council Decree 799)"
        r"( Art\. \d+(\(\d+\))?( para\. \d+)?)?$"
    )
    for article in articles:
        assert pattern.match(article), article
        if article.startswith("State Council Decree 799 Art."):
            # REGULATIONS.md §6: Art. 7 and Art. 14 are confirmed, no other number
            assert article.removeprefix("State Council Decree 799 ") in ("Art. 7", "Art. 14")


def test_cities_mark_fire_lanes_not_mandatory_and_the_rest_mandatory() -> None:
    for name in ("qingdao", "harbin", "chongqing"):
        rs = load_ruleset(name)
        assert rs.zone_requirement("fire_lane").mandatory is False
        assert set(ZONE_CATEGORIES) - {"fire_lane"} <= set(rs.mandatory_categories)


def test_city_texts_that_differ_give_different_requirements() -> None:
    qingdao, chongqing = load_ruleset("qingdao"), load_ruleset("chongqing")
    # Chongqing Art. 8(5) names only important road sections, Art. 8(7) only
    # the passages and entrances of large squares.
    assert chongqing.zone_requirement("trunk_road").coverage < (
        qingdao.zone_requirement("trunk_road").coverage
    )
    assert chongqing.zone_requirement("square").coverage < (
        qingdao.zone_requirement("square").coverage
    )
    assert qingdao.zone_requirement("intersection").article == "Qingdao Measures Art. 8"
    assert load_ruleset("harbin").zone_requirement("intersection").article == (
        "Harbin Measures Art. 8(1)"
    )


def test_deadlines_and_maintenance_of_harbin() -> None:
    rs = load_ruleset("harbin")
    assert rs.deadlines.filing_days == 30
    assert rs.deadlines.citation("filing_days").article == "Harbin Measures Art. 18"
    assert rs.deadlines.restore_coverage_hours == 24
    assert rs.deadlines.citation("restore_coverage_hours").article == (
        "Harbin Measures Art. 19 para. 2"
    )
    assert rs.deadlines.repair_hours == 72
    assert rs.deadlines.citation("repair_hours").article == "Harbin Measures Art. 30"
    assert rs.deadlines.offline_after_days == 30
    # offline is judged by the operation article, not the retention one (Art. 28)
    assert rs.deadlines.citation("offline_after_days").article == "Harbin Measures Art. 25(3)"
    assert rs.maintenance.intact_rate_min == pytest.approx(0.95)
    assert rs.maintenance.citation("intact_rate_min").article == "Harbin Measures Art. 25(3)"
    assert rs.maintenance.reaim_tolerance_deg == pytest.approx(20.0)
    assert rs.maintenance.retention_days == 30
    assert rs.status == "draft"
    assert rs.published == dt.date(2023, 10, 25)


def test_deadlines_of_qingdao_and_national() -> None:
    qingdao = load_ruleset("qingdao")
    assert qingdao.deadlines.filing_days == 30
    assert qingdao.deadlines.removal_filing_days == 30
    assert qingdao.deadlines.citation("removal_filing_days").article == (
        "Qingdao Measures Art. 16 para. 2"
    )
    # Harbin's 24 h / 72 h have no Qingdao counterpart: the check is skipped, not invented.
    assert qingdao.deadlines.restore_coverage_hours is None
    assert qingdao.deadlines.repair_hours is None
    # Qingdao sets no intact rate: Harbin's draft figure is a reference, never the basis.
    assert qingdao.maintenance.intact_rate_min is None
    assert qingdao.references["intact_rate_min"].article == "Harbin Measures Art. 25(3)"
    assert "comparison" in qingdao.references["intact_rate_min"].note
    assert qingdao.deadlines.citation("offline_after_days").article == (
        "Qingdao Measures Art. 19(3)"
    )
    assert qingdao.obligations["correct_clock"].article == "Qingdao Measures Art. 19(3)"
    assert qingdao.obligations["forbidden_removal"].article == "Qingdao Measures Art. 27"
    assert qingdao.obligations["sign"].article == "Qingdao Measures Art. 17"
    assert "keep_aim" not in qingdao.obligations
    with pytest.raises(RulesetError, match=r"deadlines\.repair_hours"):
        qingdao.deadlines.citation("repair_hours")
    national = load_ruleset("national")
    assert national.deadlines.citation("filing_days").article == (
        "State Council Decree 799 Art. 14"
    )
    assert national.effective == dt.date(2025, 4, 1)


def test_private_category_for_use() -> None:
    qingdao, harbin = load_ruleset("qingdao"), load_ruleset("harbin")
    assert qingdao.private_category_for_use("hotel") == "hotel_room"
    assert qingdao.private_category_for_use(" Dormitory ") == "dormitory"
    assert qingdao.private_category_for_use("residential") is None
    assert qingdao.private_category_for_use(None) is None
    # Harbin Art. 9 forbids wards, not hospitals (Art. 8(6) requires them covered).
    assert harbin.private_category_for_use("hospital") is None
    assert qingdao.private_category_for_use("hospital") is None
    assert load_ruleset("national").private_category_for_use("guest_house") == "homestay_room"


def test_unknown_zone_category_raises_naming_it() -> None:
    rs = load_ruleset("qingdao")
    with pytest.raises(RulesetError, match=r"zones\.skate_park") as info:
        rs.zone_requirement("skate_park")
    assert info.value.field == "zones.skate_park"


def test_ruleset_is_frozen() -> None:
    rs = load_ruleset("qingdao")
    with pytest.raises(AttributeError):
        rs.id = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        rs.zones["square"] = rs.zones["intersection"]  # type: ignore[index]


# ---------------------------------------------------------------- a new city, no code


def test_new_city_with_extra_category_loads_without_code_change(tmp_path: Path) -> None:
    text = _minimal_text() + _zone_block("ferry_pier", level="identify", coverage="1")
    text += '[private.sauna_cabin]\narticle = "Testville Art. 9"\ndescription = "Saunas."\n'
    path = _write(tmp_path, text)
    rs = load_ruleset(str(path))
    assert rs.id == "testville"
    req = rs.zone_requirement("ferry_pier")
    assert (req.level, req.coverage, req.mandatory) == ("identify", 1.0, True)
    assert isinstance(req.coverage, float)
    assert "sauna_cabin" in rs.private_categories
    assert rs.deadlines.filing_days is None
    assert rs.maintenance.retention_days is None
    assert rs.city == "" and rs.effective is None and rs.status == "unknown"


def test_ruleset_from_mapping_needs_no_file() -> None:
    import tomllib

    rs = ruleset_from_mapping(tomllib.loads(_minimal_text()), source="<memory>")
    assert rs.file == "<memory>"
    assert rs.private_category_for_use("toilets") == "toilet"


def test_a_missing_shipped_name_lists_the_available_ones() -> None:
    with pytest.raises(RulesetError, match="qingdao") as info:
        load_ruleset("atlantis")
    assert "atlantis.toml" in str(info.value)


# ---------------------------------------------------------------- bad files


BAD_FILES = [
    (
        _minimal_text(square=_zone_block("square") + "colour = 'red'\n"),
        "zones.square.colour",
        "unknown key",
    ),
    (
        _minimal_text(square=_zone_block("square", level="super")),
        "zones.square.level",
        "'super' is not one of detect, observe, recognise, identify",
    ),
    (
        _minimal_text(square=_zone_block("square", coverage="1.5")),
        "zones.square.coverage",
        "outside 0–1",
    ),
    (
        _minimal_text(square=_zone_block("square", coverage="-0.1")),
        "zones.square.coverage",
        "outside 0–1",
    ),
    (
        _minimal_text(square=_zone_block("square", coverage='"high"')),
        "zones.square.coverage",
        "must be a number",
    ),
    (
        _minimal_text(
            square=_zone_block("square").replace("mandatory = true", 'mandatory = "yes"')
        ),
        "zones.square.mandatory",
        "true or false",
    ),
    (
        _minimal_text(square=_zone_block("square").replace('article = "Testville Art. 8"\n', "")),
        "zones.square.article",
        "required key is missing",
    ),
    (_minimal_text(square=""), "zones.square", "required zone category is missing"),
    (
        _minimal_text(square=_zone_block("square").replace("[zones.square]", "[zones.Big-Square]")),
        "zones.Big-Square",
        "lower-case",
    ),
    (MINIMAL.replace("[ruleset]", "[rules]"), "rules", "unknown key"),
    (
        _minimal_text().replace('name = "Testville"\n', ""),
        "ruleset.name",
        "required key is missing",
    ),
    (
        _minimal_text().replace('jurisdiction = "CN"', 'jurisdiction = "China"'),
        "ruleset.jurisdiction",
        "country code",
    ),
    (
        _minimal_text().replace('id = "testville"', 'id = "testville"\neffective = "soon"'),
        "ruleset.effective",
        "YYYY-MM-DD",
    ),
    (
        _minimal_text().replace('toilets = "toilet"', 'hotel = "hotel_room"'),
        "private_building_uses.hotel",
        "not a category of [private]",
    ),
    (
        _minimal_text() + "[deadlines]\nfiling_days = 30\n",
        "deadlines.filing_days",
        "must be a table",
    ),
    (
        _minimal_text() + '[deadlines]\nfiling_days = { value = 30.5, article = "A" }\n',
        "deadlines.filing_days.value",
        "whole number",
    ),
    (
        _minimal_text() + '[deadlines]\nfiling_weeks = { value = 4, article = "A" }\n',
        "deadlines.filing_weeks",
        "unknown key",
    ),
    (
        _minimal_text() + "[maintenance]\nintact_rate_min = { value = 95 }\n",
        "maintenance.intact_rate_min.article",
        "required key is missing",
    ),
    (
        _minimal_text() + '[maintenance]\nintact_rate_min = { value = 95, article = "A" }\n',
        "maintenance.intact_rate_min.value",
        "outside 0–1",
    ),
    (
        _minimal_text() + '[obligations]\nsigns = { article = "A" }\n',
        "obligations.signs",
        "unknown key",
    ),
    (
        _minimal_text() + '[obligations]\nsign = { value = 1, article = "A" }\n',
        "obligations.sign.value",
        "unknown key",
    ),
    (
        _minimal_text() + '[obligations]\nsign = { note = "n" }\n',
        "obligations.sign.article",
        "required key is missing",
    ),
]


@pytest.mark.parametrize(("text", "field", "words"), BAD_FILES, ids=[c[1] for c in BAD_FILES])
def test_bad_file_raises_naming_file_and_key(
    tmp_path: Path, text: str, field: str, words: str
) -> None:
    error = _load_error(tmp_path, text)
    assert error.field == field
    assert f"field '{field}'" in str(error)
    assert words in str(error)


def test_missing_ruleset_table_is_named(tmp_path: Path) -> None:
    text = _minimal_text().split("[private.toilet]", 1)[1]
    error = _load_error(tmp_path, "[private.toilet]" + text)
    assert error.field == "ruleset"
    assert "required key is missing" in str(error)


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    text = _minimal_text().replace('name = "Testville"', 'name = "Testville')
    error = _load_error(tmp_path, text)
    assert "TOML syntax error at line 3" in str(error)


def test_toml_syntax_error_at_end_of_file_names_the_last_line(tmp_path: Path) -> None:
    error = _load_error(tmp_path, _minimal_text() + "[deadlines]\nfiling_days = [\n")
    line = (_minimal_text() + "[deadlines]\nfiling_days = [\n").count("\n")
    assert f"TOML syntax error at line {line}" in str(error)


def test_non_utf8_file_is_a_ruleset_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(_minimal_text().replace("Testville", "Tëstville").encode("latin-1"))
    with pytest.raises(RulesetError, match="UTF-8"):
        load_ruleset(str(path))


@pytest.mark.parametrize("name", SHIPPED)
def test_no_finding_rests_on_another_citys_rule(name: str) -> None:
    """A figure one city sets is never the basis of a finding in another."""
    rs = load_ruleset(name)
    own = ARTICLE_PREFIX[name]
    cited = [c.article for c in rs.deadlines.citations.values()]
    cited += [c.article for c in rs.maintenance.citations.values()]
    cited += [o.article for o in rs.obligations.values()]
    cited += [z.article for z in rs.zones.values()] + [rs.filing.article]
    national = "State Council Decree 799"
    for article in filter(None, cited):
        assert article.startswith((own, national)), article
    for reference in rs.references.values():
        assert not reference.article.startswith(own)


def test_chongqing_signs_cite_article_10() -> None:
    assert load_ruleset("chongqing").obligations["sign"].article == "Chongqing Measures Art. 10"


@pytest.mark.parametrize(
    ("name", "article"),
    [
        ("qingdao", "Qingdao Measures Art. 19(3)"),
        ("harbin", "Harbin Measures Art. 25(3)"),
        ("chongqing", "Chongqing Measures Art. 19(7)"),
    ],
)
def test_offline_cites_the_operation_article(name: str, article: str) -> None:
    rs = load_ruleset(name)
    assert rs.deadlines.citation("offline_after_days").article == article
    assert rs.obligations["keep_running"].article == article


def test_moves_and_removals_cite_their_own_articles() -> None:
    chongqing = load_ruleset("chongqing")
    assert chongqing.obligations["report_move"].article == "Chongqing Measures Art. 19(5)"
    assert chongqing.obligations["forbidden_removal"].article == "Chongqing Measures Art. 24"
    harbin = load_ruleset("harbin")
    # Harbin Art. 19 is a plan reported before removal, not a filing
    assert "removal_filing" not in harbin.obligations
    assert harbin.obligations["removal_plan"].article == "Harbin Measures Art. 19 para. 2"
    assert harbin.deadlines.removal_filing_days is None
    # Art. 18: government-built systems (Art. 10(1)) are exempt from filing
    assert harbin.filing.exempt == "government_built"
    assert harbin.filing.article == "Harbin Measures Art. 18"


def test_harbin_does_not_map_a_hospital_to_a_ward() -> None:
    harbin = load_ruleset("harbin")
    for use in ("hospital", "clinic", "doctors"):
        assert harbin.private_category_for_use(use) is None
    assert harbin.private_category_for_use("hotel") == "hotel_room"


def test_national_art_7_places_are_mandatory() -> None:
    national = load_ruleset("national")
    listed = {
        "square",
        "trunk_road",
        "transit_hub",
        "car_park_entrance",
        "school_entrance",
        "hospital_entrance",
        "bridge_tunnel",
        "park",
    }
    assert set(national.mandatory_categories) == listed
    for category in listed:
        assert national.zone_requirement(category).article == "State Council Decree 799 Art. 7"
    # estates and fire lanes are not on Art. 7's list
    assert not national.zone_requirement("estate_entrance").mandatory
    assert not national.zone_requirement("fire_lane").mandatory
    assert national.filing.scope == "listed_places"
    assert "private_room" in national.private_categories


def test_former_deadline_name_is_still_read(tmp_path: Path) -> None:
    text = _minimal_text() + '[deadlines]\nderelict_after_days = { value = 9, article = "A" }\n'
    path = tmp_path / "old.toml"
    path.write_text(text, encoding="utf-8")
    rs = load_ruleset(str(path))
    assert rs.deadlines.offline_after_days == 9
    assert rs.deadlines.derelict_after_days == 9


def test_filing_scope_must_be_known(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(_minimal_text() + '[filing]\nscope = "some"\narticle = "A"\n', "utf-8")
    with pytest.raises(RulesetError, match=r"filing\.scope"):
        load_ruleset(str(path))
