"""Coverage Planner: plan and audit public video-surveillance camera coverage."""

__version__ = "0.1.0"


def version() -> str:
    """The installed distribution's version (``coverage-planner``), else this package's own.

    The package's own ``__version__`` is what a clone run without installing reports;
    ``pyproject.toml`` reads it too, so the two agree.
    """
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("coverage-planner")
    except PackageNotFoundError:
        return __version__
