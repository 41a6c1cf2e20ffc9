"""The compliance report (planner report, planner.services.report): read back from the PDF.

The PDF's text is extracted with pypdf. The font's encoding is an embedded
CMap (codes to the CIDs of the CJK font's subset), which pypdf decodes into a
NUL before each character (poppler's pdftotext and browsers read it cleanly),
so texts are compared with NULs and white space removed. A zone "appears with its
figure" when its id is followed, within its table row, by its covered
fraction as the report formats it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from planner.cli import main
from planner.core.summary import zone_table
from planner.io.fonts import find_cjk_font
from planner.io.survey import load_sources, source_specs
from planner.report.compliance import GapMap, MapGrid, build_report
from planner.report.compliance_pdf import _close_fonts, _Document, _wrap
from planner.report.wording import RESTRICTED, percent
from planner.services.export_log import read_export_log
from planner.services.project import OpenedProject, open_project
from planner.services.report import ReportRequest, write_report
from planner.services.survey import reconcile

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "sample_estate.gpkg"
HELSINKI = DATA / "helsinki.gpkg"


def squeeze(text: str) -> str:
    return re.sub(r"[\s\x00]+", "", text)


def pdf_pages(path: Path) -> list[str]:
    return [squeeze(page.extract_text() or "") for page in PdfReader(path).pages]


def assert_every_zone_with_its_figure(text: str, opened: OpenedProject, language: str) -> None:
    zones = zone_table(opened.state)
    assert len(zones)
    for zone_id, fraction in zip(zones["zone_id"], zones["covered_fraction"], strict=True):
        figure = squeeze(percent(float(fraction), language))
        # the zone's row: id, name, category, level, required, covered…
        row = re.search(re.escape(squeeze(str(zone_id))) + r".{0,120}?" + re.escape(figure), text)
        assert row is not None, (zone_id, figure)


@pytest.fixture(scope="module")
def sample() -> OpenedProject:
    return open_project(SAMPLE)


@pytest.fixture(scope="module")
def sample_pdfs(sample: OpenedProject, tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("report")
    out = {}
    for key, request in {
        "zh": ReportRequest(folder / "zh.pdf"),  # Qingdao ruleset: Chinese by default
        "en": ReportRequest(folder / "en.pdf", language="en"),
        "public": ReportRequest(folder / "public.pdf", public=True, language="en"),
        "public_zh": ReportRequest(folder / "public_zh.pdf", public=True),
    }.items():
        out[key] = write_report(sample, request, project_file=str(SAMPLE))
    return out


def test_every_zone_is_named_with_its_figure(sample, sample_pdfs) -> None:
    for language in ("zh", "en"):
        text = "".join(pdf_pages(sample_pdfs[language]))
        assert_every_zone_with_its_figure(text, sample, language)


def test_every_page_is_marked_and_numbered(sample_pdfs) -> None:
    for language, page_words in (("zh", "第{n}页共{pages}页"), ("en", "Page{n}of{pages}")):
        pages = pdf_pages(sample_pdfs[language])
        assert len(pages) >= 2
        for n, text in enumerate(pages, start=1):
            assert squeeze(RESTRICTED[language]) in text, (language, n)
            assert page_words.format(n=n, pages=len(pages)) in text, (language, n)


def test_the_chinese_font_is_embedded(sample_pdfs) -> None:
    reader = PdfReader(sample_pdfs["zh"])
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts
    for name, font in fonts.items():
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        embedded = [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor]
        assert embedded, name
        assert "+" in name  # a subset: only the glyphs used
    assert any("CJK" in name for name in fonts)
    text = "".join(pdf_pages(sample_pdfs["zh"]))
    assert "公共视频监控建设合规报告" in text
    assert "《青岛市公共安全视频图像信息系统管理办法》第七条第（七）项" in text


def test_title_block_cites_the_ruleset(sample, sample_pdfs) -> None:
    text = pdf_pages(sample_pdfs["en"])[0]
    ruleset = sample.ruleset
    assert squeeze(ruleset.name) in text
    assert squeeze(ruleset.source)[:60] in text
    assert squeeze(str(sample.project.metadata.get("title"))) in text
    assert dt.date.today().isoformat() in text


def test_failing_zones_have_a_gap_map(sample) -> None:
    report = build_report(sample.project, sample.state, sample.ruleset)
    grids = [b for b in report.blocks if isinstance(b, MapGrid)]
    zones = zone_table(sample.state)
    failing = zones[zones["passed"].map(lambda v: v is False)]
    assert len(failing)
    maps = grids[0].maps
    assert [m.caption[0].split(" · ")[0] for m in maps] == sorted(
        failing["zone_id"],
        key=lambda z: (failing.set_index("zone_id").at[z, "covered_fraction"], z),
    )
    for gap_map in maps:
        # the gap lies within the zone and the zone within the drawn box
        assert shapely.covered_by(gap_map.gap, shapely.buffer(gap_map.zone, 1e-6))
        assert shapely.covered_by(gap_map.zone, shapely.box(*gap_map.box))


def test_a_half_covered_zone_shows_half_its_area_as_gap(sample) -> None:
    """A 20 m square seen in part by one camera: the map's red area is the uncovered share."""
    from tests.engine_helpers import box, camera, make_cameras, make_zones

    project = sample.project
    zone = box(0, 0, 20, 20)
    zones = make_zones(
        [{"zone_id": "Q", "name": "square", "category": "square", "geometry": zone}],
        crs=project.crs,
    )
    # a camera on the western edge looking east, seeing a wedge of the square
    cams = make_cameras(
        [
            camera(
                camera_id="C",
                geometry=shapely.Point(-0.01, 10),
                bearing_deg=90,
                hfov_deg=179,
                height_m=3,
                tilt_deg=0,
                resolution_px=100000,
            )
        ],
        crs=project.crs,
    )
    from planner.services.project import with_coverage

    small = dataclasses.replace(
        project,
        cameras=cams,
        zones=zones,
        buildings=project.buildings.iloc[0:0],
        private_areas=project.private_areas.iloc[0:0],
    )
    opened = with_coverage(small, sample.ruleset)
    table = zone_table(opened.state)
    covered = float(table["covered_fraction"].iat[0])
    report = build_report(opened.project, opened.state, opened.ruleset)
    grids = [b for b in report.blocks if isinstance(b, MapGrid)]
    if covered >= float(table["required_coverage"].iat[0]):
        pytest.skip("the camera covers the zone")
    (gap_map,) = grids[0].maps
    assert shapely.area(gap_map.gap) == pytest.approx(400.0 * (1 - covered), rel=1e-3)


def test_public_report_names_no_camera(sample, sample_pdfs) -> None:
    for key in ("public", "public_zh"):
        text = "".join(pdf_pages(sample_pdfs[key]))
        for camera_id in sample.project.cameras["camera_id"]:
            assert not re.search(re.escape(str(camera_id)) + r"(?!\d)", text), camera_id
        assert squeeze(RESTRICTED["en"]) not in text
        assert squeeze(RESTRICTED["zh"]) not in text
        # zones still carry their coverage
        assert_every_zone_with_its_figure(text, sample, "en" if key == "public" else "zh")
    public = build_report(sample.project, sample.state, sample.ruleset, public=True)
    assert not any(isinstance(b, MapGrid) for b in public.blocks)
    assert public.marking is None


def test_html_report_is_self_contained(sample, tmp_path: Path) -> None:
    path = write_report(sample, ReportRequest(tmp_path / "r.html"), project_file=str(SAMPLE))
    page = path.read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#|data:)""", page)
    assert "url(" not in page
    assert RESTRICTED["zh"] in page
    text = re.sub(r"<[^>]+>", " ", page)
    for zone_id, fraction in zip(
        *zone_table(sample.state)[["zone_id", "covered_fraction"]].T.values, strict=True
    ):
        assert zone_id in text and percent(float(fraction), "zh") in text
    assert page.count("<figure>") == int((zone_table(sample.state)["passed"] == False).sum())  # noqa: E712


def test_survey_findings_and_rates(sample, tmp_path: Path) -> None:
    inventories = DATA / "inventories"
    specs = source_specs(
        [
            ("filings", inventories / "filings.xlsx"),
            ("platform", inventories / "platform.csv"),
            ("property", inventories / "property.csv"),
            ("survey", inventories / "survey.csv"),
        ]
    )
    loaded = load_sources(specs, project_crs=sample.project.crs)
    result = reconcile(
        loaded, ruleset=sample.ruleset, as_of=dt.date(2026, 11, 25), project=sample.project
    )
    with_survey = dataclasses.replace(
        sample, project=sample.project.with_extra_layers(**result.tables)
    )
    path = write_report(with_survey, ReportRequest(tmp_path / "s.pdf", language="en"))
    text = "".join(pdf_pages(path))
    assert "Surveyofexistingcameras" in text
    assert "Surveyasof2026-11-25" in text
    findings = result.tables["survey_findings"]
    counts = findings["finding"].value_counts()
    from planner.core.vocabulary import label

    for code, n in counts.items():
        assert re.search(re.escape(squeeze(label("finding", code, "en"))) + str(n), text), code
    intact = result.tables["survey_intact"]
    overall = intact[intact["group_by"] == "all"].iloc[0]
    assert squeeze(percent(float(overall["rate"]), "en")) in text
    if overall["online_rate"] == overall["online_rate"]:
        assert squeeze(percent(float(overall["online_rate"]), "en")) in text
    # the public edition counts findings but names no device
    public = write_report(with_survey, ReportRequest(tmp_path / "p.pdf", public=True))
    public_text = "".join(pdf_pages(public))
    for code in (*findings["device_id"].dropna(), *findings["pole_no"].dropna()):
        if str(code).strip():
            assert squeeze(str(code)) not in public_text, code


def test_cli_report_logs_one_row(tmp_path: Path, capsys) -> None:
    project = tmp_path / "p.gpkg"
    shutil.copy(SAMPLE, project)
    before = len(read_export_log(project))
    out = tmp_path / "r.pdf"
    assert main(["report", str(project), "-o", str(out), "--purpose", "for the district"]) == 0
    assert out.stat().st_size > 10_000
    assert main(["report", str(project), "-o", str(tmp_path / "r.html"), "--public"]) == 0
    log = read_export_log(project)
    assert len(log) == before + 2
    first, second = log.iloc[-2], log.iloc[-1]
    assert (first["kind"], first["path"], first["purpose"], int(first["public"])) == (
        "report",
        str(out.absolute()),
        "for the district",
        0,
    )
    assert (second["kind"], int(second["public"])) == ("report", 1)


@pytest.mark.parametrize(
    "args, words",
    [
        (["-o", "{tmp}/r.txt"], "written as .pdf or .html"),
        (["-o", "{tmp}/r.pdf", "--font", "{tmp}/none.ttf"], "font file does not exist"),
        (["-o", "{tmp}/r.pdf", "--font", "{latin}"], "not a font with Chinese glyphs"),
        (["-o", "{project}"], "--output"),
    ],
)
def test_bad_requests_exit_2_and_log_nothing(tmp_path: Path, capsys, args, words) -> None:
    project = tmp_path / "p.gpkg"
    shutil.copy(SAMPLE, project)
    latin = next(Path("/usr/share/fonts/truetype").rglob("*.ttf"), None)
    if latin is None and "{latin}" in args:
        pytest.skip("no Latin-only font on this machine")
    argv = [a.format(tmp=tmp_path, latin=latin, project=project) for a in args]
    assert main(["report", str(project), *argv]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert len(read_export_log(project)) == 0


def test_no_cjk_font_is_a_clear_error(monkeypatch, tmp_path: Path) -> None:
    import planner.io.fonts as fonts

    monkeypatch.setattr(fonts, "KNOWN_FONTS", ())
    monkeypatch.setattr(fonts, "_fontconfig", lambda: [])
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    with pytest.raises(fonts.InputError, match="fonts-noto-cjk"):
        find_cjk_font()


def test_helsinki_report_names_every_zone(tmp_path: Path) -> None:
    if not HELSINKI.exists():
        pytest.skip("the Helsinki sample is made by .ci/setup")
    opened = open_project(HELSINKI)
    path = write_report(opened, ReportRequest(tmp_path / "h.pdf", language="en"))
    pages = pdf_pages(path)
    text = "".join(pages)
    assert_every_zone_with_its_figure(text, opened, "en")
    assert "©OpenStreetMapcontributors(ODbL)" in pages[0]
    report = build_report(opened.project, opened.state, opened.ruleset)
    (grid,) = [b for b in report.blocks if isinstance(b, MapGrid)]
    zones = zone_table(opened.state)
    assert len(grid.maps) == int((zones["passed"] == False).sum())  # noqa: E712
    assert all(isinstance(m, GapMap) for m in grid.maps)


@pytest.fixture(scope="module")
def pdf_for_wrapping(sample_pdfs) -> Iterator[_Document]:
    from planner.report.compliance import ComplianceReport

    report = ComplianceReport("en", False, "t", None, "{page}", "")
    pdf = _Document(report, find_cjk_font())
    pdf.add_page()
    yield pdf
    _close_fonts(pdf)  # fpdf2 reads the font files lazily and keeps them open


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("abc xyz-_0123456789 公共视频监控，（）。")), max_size=80
    ),
    width=st.floats(min_value=3.0, max_value=60.0),
)
def test_wrapped_lines_fit_and_keep_every_character(pdf_for_wrapping, text, width) -> None:
    pdf = pdf_for_wrapping
    lines = _wrap(pdf, text, width, 7.0)
    for line in lines:
        # a line is wider than the cell only when it is a single character
        assert pdf.get_string_width(line) <= width + 1e-6 or len(line) <= 1
    assert squeeze("".join(lines)) == squeeze(text)


def test_one_chinese_text_per_english_text() -> None:
    """The documents' word tables agree wherever they share an English text."""
    from planner.report.wording import PARTS, ZH

    for part in PARTS:
        for english, chinese in part.items():
            assert ZH[english] == chinese, english
