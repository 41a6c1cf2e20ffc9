"""The standalone app: ``build_app.py`` builds it with PyInstaller, and it runs on its own.

The app is built once for this module into a temporary folder, then run as a
user would: the executable alone, from a folder outside the checkout, with a
clean environment (no PYTHONPATH, no virtualenv, HOME and the Qt settings in
the temporary folder), headless on Qt's offscreen platform. Its answers are
compared with those of the planner installed in this environment: the coverage
JSON (rulesets are found inside the app), the layer files GDAL writes (GDAL and
PROJ find their data inside the app), ``--version``; the window renders, in
English and in Chinese, and Chinese shows through the app's own CJK font on a
machine whose fonts have none.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# the build script at the top of the checkout, for its names (NAME, DEFAULT_FONT)
_spec = importlib.util.spec_from_file_location("build_app", ROOT / "build_app.py")
assert _spec is not None and _spec.loader is not None
build_app = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_app)

pytestmark = [
    pytest.mark.slow,
    # the build takes a minute or two on two idle cores, several on a busy machine
    pytest.mark.timeout(1500),
    pytest.mark.skipif(
        importlib.util.find_spec("PyInstaller") is None,
        reason="PyInstaller is installed by the build extra: pip install -e '.[build]'",
    ),
    pytest.mark.skipif(
        not build_app.DEFAULT_FONT.is_file(),
        reason=f"the bundled CJK font comes from fonts-noto-cjk ({build_app.DEFAULT_FONT})",
    ),
]

SCREENSHOT_SIZE = (1600, 1000)  # planner.ui.app.SCREENSHOT_SIZE
NOTO_FONTS = "/usr/share/fonts/opentype/noto"


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Path:
    """The built executable, ``<tmp>/dist/coverage-planner/coverage-planner``."""
    out = tmp_path_factory.mktemp("build")
    command = [sys.executable, str(ROOT / "build_app.py")]
    command += ["--dist", str(out / "dist"), "--work", str(out / "work")]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=1400, check=False
    )
    assert done.returncode == 0, f"build_app.py exited {done.returncode}:\n{done.stderr[-5000:]}"
    executable = out / "dist" / build_app.NAME / build_app.NAME
    assert executable.is_file(), done.stderr[-2000:]
    return executable


def _environment(home: Path, **extra: str) -> dict[str, str]:
    """A clean environment: nothing of this Python's, HOME and the Qt settings under ``home``."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        **extra,
    }


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 240):
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{command} exited {done.returncode}:\n{done.stderr}"
    for complaint in ("proj.db", "PROJ:", "GDAL_DATA", "Traceback", "internal error"):
        assert complaint not in done.stderr, done.stderr
    return done


def _workspace(app: Path, folder: Path) -> Path:
    """``folder`` with a copy of the sample the app ships, as ``sample_estate.gpkg``."""
    folder.mkdir(parents=True)
    shipped = app.parent / "samples" / "sample_estate.gpkg"
    shutil.copy2(shipped, folder / "sample_estate.gpkg")
    return folder


def _planner_here() -> list[str]:
    """The planner installed in this environment (the reference for the app's answers)."""
    return [sys.executable, "-m", "planner"]


def test_the_folder_holds_what_the_app_needs_and_not_more(app) -> None:
    inside = app.parent / "_internal"
    assert (app.parent / "samples" / "sample_estate.gpkg").is_file()
    for name in ("chongqing", "harbin", "national", "qingdao"):
        assert (inside / "planner" / "rulesets" / f"{name}.toml").is_file()
    assert (inside / "planner" / "translations" / "planner_zh_CN.qm").is_file()
    assert (inside / "pyogrio" / "gdal_data").is_dir()
    assert (inside / "pyogrio" / "proj_data" / "proj.db").is_file()
    assert list((inside / "fonts").glob("NotoSansCJK*"))
    plugins = inside / "PySide6" / "Qt" / "plugins"
    platforms = {p.name for p in (plugins / "platforms").iterdir()}
    assert platforms == {"libqxcb.so", "libqoffscreen.so", "libqminimal.so"}
    everything = [p.relative_to(inside).as_posix() for p in inside.rglob("*")]
    for unwanted in ("wayland", "tkinter", "matplotlib", "pytest", "hypothesis", "libgtk"):
        assert not [p for p in everything if unwanted in p.lower()], unwanted
    # PyInstaller links some libraries twice (a symlink beside the real file): count files once
    files = [p for p in app.parent.rglob("*") if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files)
    assert size < 600e6, f"the app grew to {size / 1e6:.0f} MB"


def test_no_arguments_open_the_window(app, tmp_path) -> None:
    """Without arguments the app is the window (its event loop runs), not the CLI's help."""
    process = subprocess.Popen(
        [str(app)],
        cwd=tmp_path,
        env=_environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=8)
    finally:
        process.kill()
        _, stderr = process.communicate()
    assert "usage:" not in stderr, stderr


def test_version_is_the_installed_one(app, tmp_path) -> None:
    frozen = _run([str(app), "--version"], tmp_path, _environment(tmp_path))
    here = _run([*_planner_here(), "--version"], tmp_path, _environment(tmp_path))
    assert frozen.stdout == here.stdout
    assert frozen.stdout.startswith("coverage-planner ")


def test_coverage_json_matches_the_installed_planner(app, tmp_path) -> None:
    command = ["coverage", "sample_estate.gpkg", "--format", "json"]
    frozen_dir = _workspace(app, tmp_path / "frozen")
    here_dir = _workspace(app, tmp_path / "here")
    frozen = _run([str(app), *command], frozen_dir, _environment(tmp_path))
    here = _run([*_planner_here(), *command], here_dir, _environment(tmp_path))
    frozen_report, here_report = json.loads(frozen.stdout), json.loads(here.stdout)
    assert frozen_report["zones"], "no zones in the app's report"
    assert frozen_report["zones"] == here_report["zones"]
    assert frozen_report == here_report


def test_the_offline_web_map_is_the_installed_one(app, tmp_path) -> None:
    """planner export --web works frozen (Leaflet and folium's templates bundled)."""
    frozen_dir = _workspace(app, tmp_path / "frozen")
    here_dir = _workspace(app, tmp_path / "here")
    command = ["export", "sample_estate.gpkg", "--web", "map.html", "--public"]
    _run([str(app), *command], frozen_dir, _environment(tmp_path))
    _run([*_planner_here(), *command], here_dir, _environment(tmp_path))
    frozen = (frozen_dir / "map.html").read_text(encoding="utf-8")
    assert "L.map(" in frozen or "L.map (" in frozen  # Leaflet is inlined and used
    assert len(frozen) == len((here_dir / "map.html").read_text(encoding="utf-8"))


def test_the_compliance_report_embeds_the_bundled_font(app, tmp_path) -> None:
    """planner report works frozen: fpdf2 and fontTools bundled, the app's own CJK font found."""
    from pypdf import PdfReader

    frozen_dir = _workspace(app, tmp_path / "frozen")
    here_dir = _workspace(app, tmp_path / "here")
    command = ["report", "sample_estate.gpkg", "-o", "report.pdf", "--author", "test"]
    _run([str(app), *command], frozen_dir, _environment(tmp_path))
    _run([*_planner_here(), *command], here_dir, _environment(tmp_path))
    frozen = PdfReader(frozen_dir / "report.pdf")
    here = PdfReader(here_dir / "report.pdf")
    assert len(frozen.pages) == len(here.pages) >= 2
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in frozen.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("NotoSansCJKSC" in name for name in fonts), fonts


def test_the_optimiser_runs_frozen(app, tmp_path) -> None:
    """planner optimise works frozen (HiGHS in scipy, the shipped catalogue) and agrees."""
    import json

    frozen_dir = _workspace(app, tmp_path / "frozen")
    here_dir = _workspace(app, tmp_path / "here")
    command = [
        "optimise",
        "sample_estate.gpkg",
        "--cameras",
        "2",
        "--road-spacing",
        "10",
        "--format",
        "json",
    ]
    frozen = json.loads(_run([str(app), *command], frozen_dir, _environment(tmp_path)).stdout)
    here = json.loads(_run([*_planner_here(), *command], here_dir, _environment(tmp_path)).stdout)
    assert frozen["status"] == here["status"] == "optimal"
    assert frozen["objective"] == here["objective"]


def test_gdal_and_proj_find_their_data(app, tmp_path) -> None:
    """A shapefile's .prj (ESRI WKT from GDAL's proj.db) and WGS84 GeoJSON, as installed."""
    outputs = {}
    for name, planner in (("frozen", [str(app)]), ("here", _planner_here())):
        folder = _workspace(app, tmp_path / name)
        env = _environment(tmp_path)
        _run([*planner, "views", "sample_estate.gpkg", "-o", "views.shp"], folder, env)
        _run([*planner, "coverage", "sample_estate.gpkg", "--gaps", "gaps.geojson"], folder, env)
        outputs[name] = (
            (folder / "views.prj").read_text(encoding="utf-8"),
            json.loads((folder / "gaps.geojson").read_text(encoding="utf-8")),
        )
    assert outputs["frozen"][0].startswith("PROJCS[")
    assert outputs["frozen"] == outputs["here"]


def _screenshot(app: Path, folder: Path, name: str, env: dict[str, str]) -> Path:
    _run([str(app), "gui", "sample_estate.gpkg", "--screenshot", name], folder, env)
    return folder / name


def _pixels(path: Path):
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert (image.width(), image.height()) == SCREENSHOT_SIZE, path
    return image


def _difference(a: Path, b: Path) -> float:
    """Share of pixels that differ between two screenshots (every other pixel both ways)."""
    first, second = _pixels(a), _pixels(b)
    points = [(x, y) for y in range(0, first.height(), 2) for x in range(0, first.width(), 2)]
    return sum(first.pixel(x, y) != second.pixel(x, y) for x, y in points) / len(points)


def test_window_screenshot(app, tmp_path) -> None:
    folder = _workspace(app, tmp_path / "en")
    shot = _screenshot(app, folder, "window.png", _environment(tmp_path))
    image = _pixels(shot)
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 6) for y in range(0, image.height(), 6)
    }
    assert len(colours) > 60  # map layers, zone colours, tables: not a blank window


def test_chinese_shows_through_the_bundled_font(app, tmp_path) -> None:
    """In Chinese, on fonts without any CJK one, the window looks as with Noto CJK installed.

    Reference: the window in Chinese with the system's fonts (fonts-noto-cjk).
    Then fontconfig is told to reject every Noto CJK file of the system: the app
    must look the same (its own Noto Sans CJK), and with its ``fonts`` folder
    hidden it must not (boxes instead of Chinese): so the comparison can tell.
    """
    fonts_conf = Path("/etc/fonts/fonts.conf")
    if not fonts_conf.is_file():
        pytest.skip("no fontconfig configuration to derive one without CJK fonts from")
    home = tmp_path / "home"
    settings = home / ".config" / "CoveragePlanner" / "planner.conf"
    settings.parent.mkdir(parents=True)
    settings.write_text("[ui]\nlanguage=zh_CN\n", encoding="utf-8")
    without_cjk = tmp_path / "no-cjk-fonts.conf"
    without_cjk.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{fonts_conf}</include>\n'
        f"  <selectfont><rejectfont><glob>{NOTO_FONTS}/*</glob></rejectfont></selectfont>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    listed = subprocess.run(
        ["fc-list", ":lang=zh-cn", "file"],
        env={"FONTCONFIG_FILE": str(without_cjk), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert listed.returncode != 0 or "CJK" not in listed.stdout, listed.stdout
    folder = _workspace(app, tmp_path / "zh")
    system = _screenshot(app, folder, "zh-system-fonts.png", _environment(home))
    no_cjk = _environment(home, FONTCONFIG_FILE=str(without_cjk))
    bundled = _screenshot(app, folder, "zh-bundled-font.png", no_cjk)
    fonts = app.parent / "_internal" / "fonts"
    hidden = fonts.with_name("fonts.hidden")
    fonts.rename(hidden)
    try:
        boxes = _screenshot(app, folder, "zh-no-font.png", no_cjk)
    finally:
        hidden.rename(fonts)
    assert _difference(bundled, system) < 0.05
    assert _difference(boxes, system) > 0.15
