"""A real install: the wheel ``pip install .`` builds, run outside the checkout.

An editable install reads everything from the clone, so it cannot show what a
new user's ``pip install .`` leaves out. These tests build the wheel from a copy
of the sources (so a stale ``build/`` of the checkout cannot leak into it),
check what it holds, install it with ``pip install --no-deps --target`` (the
dependencies come from this interpreter's environment: no network needed for
them) and run it from a folder outside the checkout, with the installed package
first on ``PYTHONPATH`` and asserted to be the one imported: ``--version``, the
shipped rulesets, a coverage run on the sample estate and the Chinese window
translation.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import PackageNotFoundError
from pathlib import Path

import pytest

import planner
from planner.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_estate.gpkg"
SHIPPED_RULESETS = ("chongqing", "harbin", "national", "qingdao")
#: What the installed package reads at run time, beside its modules.
PACKAGE_DATA = (
    *(f"planner/rulesets/{name}.toml" for name in SHIPPED_RULESETS),
    "planner/translations/planner_zh_CN.qm",
)


def test_version_prints_the_distribution_and_its_version(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"coverage-planner {planner.version()}\n"


def test_version_falls_back_to_the_package_when_not_installed(monkeypatch) -> None:
    def not_installed(name: str) -> str:
        raise PackageNotFoundError(name)

    monkeypatch.setattr("importlib.metadata.version", not_installed)
    assert planner.version() == planner.__version__


def _run(command: list[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 240):
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{command} exited {done.returncode}:\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "planner", source / "planner", ignore=shutil.ignore_patterns("__pycache__")
    )
    out = tmp_path_factory.mktemp("wheel")
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), "."]
    _run(pip_wheel, cwd=source)
    (built,) = out.glob("coverage_planner-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """(a folder outside the checkout, the environment that runs the installed package)."""
    site = tmp_path_factory.mktemp("site")
    pip_install = [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site)]
    _run([*pip_install, str(wheel)], cwd=site)
    env = {**os.environ, "PYTHONPATH": str(site), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PLANNER_DEBUG", None)
    return tmp_path_factory.mktemp("user"), env


def _python(installed, code: str) -> str:
    cwd, env = installed
    return _run([sys.executable, "-c", code], cwd=cwd, env=env).stdout


@pytest.mark.slow
def test_the_wheel_holds_the_package_data_and_the_licence(wheel) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(PACKAGE_DATA) <= names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), sorted(names)
    assert "planner/__main__.py" in names
    assert not [n for n in names if n.split("/")[0] in ("tests", "data", "tools", "benchmarks")]
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert f"Version: {planner.__version__}\n" in text
    assert "License-Expression: MIT\n" in text
    assert "rtree" not in text


@pytest.mark.slow
def test_the_installed_package_is_the_one_imported(installed) -> None:
    where = Path(_python(installed, "import planner; print(planner.__file__)").strip())
    site = Path(installed[1]["PYTHONPATH"])
    assert where.is_relative_to(site), f"{where} is not the installed copy in {site}"
    assert not where.is_relative_to(ROOT)


@pytest.mark.slow
def test_installed_version(installed) -> None:
    cwd, env = installed
    expected = f"coverage-planner {planner.__version__}\n"
    by_module = _run([sys.executable, "-m", "planner", "--version"], cwd=cwd, env=env)
    assert by_module.stdout == expected
    script = Path(env["PYTHONPATH"]) / "bin" / "planner"
    assert _run([str(script), "--version"], cwd=cwd, env=env).stdout == expected


@pytest.mark.slow
def test_installed_rulesets_are_listed_and_load(installed) -> None:
    code = (
        "from planner.io.rulesets import available_rulesets, load_ruleset\n"
        "names = available_rulesets()\n"
        "print(' '.join(names))\n"
        "print(' '.join(load_ruleset(n).id for n in names))\n"
    )
    listed, loaded = _python(installed, code).splitlines()
    assert listed.split() == list(SHIPPED_RULESETS)
    assert loaded.split() == list(SHIPPED_RULESETS)


@pytest.mark.slow
def test_installed_coverage_of_the_sample_estate(installed) -> None:
    cwd, env = installed
    project = shutil.copy2(SAMPLE, cwd / "estate.gpkg")
    command = [sys.executable, "-m", "planner", "coverage", str(project), "--format", "json"]
    result = json.loads(_run(command, cwd=cwd, env=env).stdout)
    # the same figures as the checkout's own planner on the same file
    expected = json.loads(_run(command, cwd=ROOT).stdout)
    assert result == expected
    assert result["ruleset"] == "qingdao"
    zones = {zone["zone_id"]: zone["passed"] for zone in result["zones"]}
    assert len(zones) == result["district"]["zones"] == 6
    assert sum(p is True for p in zones.values()) == result["district"]["passed"] == 4


@pytest.mark.slow
def test_installed_window_loads_the_chinese_translation(installed) -> None:
    code = (
        "import sys, tempfile\n"
        "from PySide6.QtCore import QCoreApplication, QSettings\n"
        "from planner.ui.i18n import Translations\n"
        "app = QCoreApplication([])\n"
        "ini = tempfile.mkdtemp() + '/settings.ini'\n"
        "translations = Translations(app, QSettings(ini, QSettings.Format.IniFormat))\n"
        "print(translations.install('zh_CN'))\n"
        "print(QCoreApplication.translate('MainWindow', '&File'))\n"
    )
    assert _python(installed, code).splitlines() == ["True", "文件(&F)"]
