"""The Simplified Chinese translation: complete, compiled, current, and rendered.

``planner/translations/planner_zh_CN.ts`` is the source the translators edit;
``planner_zh_CN.qm`` is what the application loads. These tests fail when a
string is left untranslated, a placeholder is lost, the ``.qm`` was not rebuilt
after the ``.ts`` changed, or the code has strings the ``.ts`` does not have yet
(see ``planner/translations/README.md`` for the update steps).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDockWidget

from planner.ui.app import _use_cjk_font
from planner.ui.document import ProjectDocument
from planner.ui.i18n import TRANSLATIONS, Translations
from planner.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "planner" / "translations" / "planner_zh_CN.ts"
QM = TS.with_suffix(".qm")
ESTATE = ROOT / "data" / "sample_estate.gpkg"
PLACEHOLDER = re.compile(r"%(?:n|\d+)")
#: Messages lupdate no longer finds in the code: kept in the .ts, not compiled.
RETIRED = {"vanished", "obsolete"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _tool(name: str) -> str:
    """A Qt tool installed beside the interpreter (``.venv/bin/pyside6-lrelease``)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} not found next to {sys.executable}: install PySide6-Essentials"
    return found


def _messages(ts: Path, *, retired: bool = False) -> list[tuple[str, ET.Element]]:
    """(context, message) pairs of a .ts file; current ones, or with ``retired`` only those."""
    pairs = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            kind = message.find("translation").get("type")
            if (kind in RETIRED) == retired:
                pairs.append((name, message))
    return pairs


def _translations(message: ET.Element) -> list[str]:
    """The translated text, one per plural form (Chinese has one)."""
    translation = message.find("translation")
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.findall("numerusform")]
    return [translation.text or ""]


def _key(context: str, message: ET.Element) -> tuple[str, str, str]:
    return (context, message.findtext("source"), message.findtext("comment") or "")


def test_every_message_is_translated_with_its_placeholders() -> None:
    messages = _messages(TS)
    assert len(messages) > 150
    problems = []
    for context, message in messages + _messages(TS, retired=True):
        source = message.findtext("source")
        kind = message.find("translation").get("type")
        texts = _translations(message)
        if kind == "unfinished" or not texts or not all(t.strip() for t in texts):
            problems.append(f"{context}: {source!r} is not translated")
            continue
        if message.get("numerus") == "yes" and len(texts) != 1:
            problems.append(f"{context}: {source!r} needs exactly one plural form in Chinese")
        for text in texts:
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                problems.append(f"{context}: {source!r} → {text!r} changes the placeholders")
    assert not problems, "\n".join(problems)


def test_the_ts_file_is_for_simplified_chinese() -> None:
    assert ET.parse(TS).getroot().get("language") == "zh_CN"


def test_the_window_loads_the_qm_from_the_package() -> None:
    # package data, so an installed wheel has it (tests/test_install.py checks a real install)
    assert Path(str(TRANSLATIONS / "planner_zh_CN.qm")) == QM


def test_the_committed_qm_is_built_from_the_ts(tmp_path) -> None:
    built = tmp_path / "planner_zh_CN.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), str(TS), "-qm", str(built)],
        check=True,
        capture_output=True,
    )
    assert built.read_bytes() == QM.read_bytes(), (
        "planner_zh_CN.qm is stale: run pyside6-lrelease (planner/translations/README.md)"
    )


def test_every_string_in_the_code_is_in_the_ts(tmp_path) -> None:
    fresh = tmp_path / "planner_zh_CN.ts"
    subprocess.run(
        [_tool("pyside6-lupdate"), "-extensions", "py", "planner/ui", "-ts", str(fresh)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    in_code = {_key(c, m) for c, m in _messages(fresh)}
    in_ts = {_key(c, m) for c, m in _messages(TS)}
    assert len(in_code) > 150
    new = sorted(in_code - in_ts)
    gone = sorted(in_ts - in_code)
    assert not new, "strings nobody translated yet (run lupdate, translate):\n" + "\n".join(
        map(repr, new)
    )
    assert not gone, "strings no longer in the code (run lupdate):\n" + "\n".join(map(repr, gone))


@pytest.fixture
def chinese(qapp, tmp_path):
    """The application with the Chinese translation and the CJK font, as a Chinese user has it."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    translations = Translations(qapp, settings)
    font = qapp.font()
    assert translations.install("zh_CN"), f"cannot load {QM}"
    _use_cjk_font(qapp)
    try:
        yield translations, settings
    finally:
        translations.install("en")  # the other tests see the English source texts
        qapp.setFont(font)


def test_panel_labels_are_translated(chinese) -> None:
    # names of fields, statuses, levels and categories come from labels.py, context "labels"
    from planner.ui.labels import category_label, field_label, level_label, value_label

    assert field_label("bearing_deg") == "方位角"
    assert value_label("status", "planned") == "规划中"
    assert level_label("identify") == "辨认"
    assert category_label("fire_lane") == "消防车通道"  # the vocabulary's word


def test_articles_are_cited_in_chinese(chinese) -> None:
    from planner.ui.labels import article_label

    qingdao = "《青岛市公共安全视频图像信息系统管理办法》"
    harbin = "《哈尔滨市公共视频图像信息系统管理办法（试行）（征求意见稿）》"
    decree = "《公共安全视频图像信息系统管理条例》（国务院令第799号）"
    assert article_label("Qingdao Measures Art. 19(3)") == f"{qingdao}第十九条第（三）项"
    assert article_label("Harbin Measures Art. 23") == f"{harbin}第二十三条"
    assert article_label("State Council Decree 799 Art. 14") == f"{decree}第十四条"
    assert article_label("State Council Decree 799") == decree
    assert article_label("Shenzhen Rules §4") == "Shenzhen Rules §4"  # a ruleset's own text


def test_articles_stay_as_written_in_english() -> None:
    from planner.ui.labels import article_label

    assert article_label("Qingdao Measures Art. 19(3)") == "Qingdao Measures Art. 19(3)"
    assert article_label("Harbin Measures Art. 23") == "Harbin Measures Art. 23"
    assert article_label(None) == ""


def test_the_window_renders_in_chinese(qtbot, chinese, tmp_path, monkeypatch) -> None:
    translations, settings = chinese
    window = MainWindow(ProjectDocument(), settings, translations)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    project = tmp_path / "estate.gpkg"
    shutil.copy(ESTATE, project)
    assert window.files.open_path_blocking(project)
    # closing at teardown must never wait on a "save changes?" dialog
    monkeypatch.setattr(window.files, "maybe_save", lambda: True)
    window.apply_default_layout()
    document = window.document
    document.select_cameras([document.camera_ids()[0]])  # the camera form, filled in
    QApplication.processEvents()
    window.map_view.zoom_to_extent()
    QApplication.processEvents()

    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[0] == "文件(&F)"
    assert all(CJK.search(title) for title in menus), menus
    docks = [dock.windowTitle() for dock in window.findChildren(QDockWidget)]
    assert docks and all(CJK.search(title) for title in docks), docks
    zones = window.zone_panel.model
    headers = [zones.headerData(c, Qt.Orientation.Horizontal) for c in range(zones.columnCount())]
    assert all(CJK.search(str(h)) for h in headers), headers

    image = window.grab()
    # for a person to look at: Chinese glyphs, nothing cut off
    assert image.save(str(tmp_path / "window_zh.png"))
