"""mypy, as pyproject.toml configures it ([tool.mypy]): clean on core, io, report, services."""

from pathlib import Path

import pytest
from mypy import api

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_is_clean(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)  # [tool.mypy] names its files relative to the project
    cache = tmp_path_factory.getbasetemp() / "mypy_cache"
    stdout, stderr, status = api.run(["--config-file", "pyproject.toml", "--cache-dir", str(cache)])
    assert status == 0, f"mypy found errors:\n{stdout}{stderr}"
