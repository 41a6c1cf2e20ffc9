"""One window per project: an advisory lock on a small file beside the project.

``estate.gpkg`` is locked through ``.estate.gpkg.lock`` in the same folder with
``fcntl.flock``. The operating system releases the lock when the process ends
for any reason (a crash or ``kill -9`` included), so a dead session never
leaves a project locked; the lock file itself may stay behind and is harmless.
The file records who holds the lock (host, process id, time) for the message
the second window shows.

Where ``fcntl`` is missing (Windows) the lock is a no-op that always succeeds:
two windows can then open the same project, as before. No Qt here.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from pathlib import Path

try:  # POSIX only
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def lock_path_for(project: str | Path) -> Path:
    """The lock file of ``project``: ``.NAME.lock`` beside it."""
    project = Path(project)
    return project.with_name(f".{project.name}.lock")


class ProjectLockedError(Exception):
    """Another process holds the lock; ``holder`` says who, as far as it is known."""

    def __init__(self, project: Path, holder: str) -> None:
        self.project = project
        self.holder = holder
        who = f" ({holder})" if holder else ""
        super().__init__(f"{project} is open in another window{who}")


class ProjectLock:
    """An exclusive lock on one project file, held until :meth:`release` or process exit."""

    def __init__(self, project: str | Path) -> None:
        self.project = Path(project).resolve()
        self.path = lock_path_for(self.project)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock or raise :class:`ProjectLockedError` at once (never waits).

        A folder where no lock file can be written (read-only media) is not
        an error: the project opens unlocked, as it would without ``fcntl``.
        """
        if self._fd is not None or fcntl is None:
            return
        for _attempt in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError:
                return
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = _read_holder(fd)
                os.close(fd)
                raise ProjectLockedError(self.project, holder) from None
            if _same_file(fd, self.path):
                break
            # the holder removed the file between our open and flock: lock the new one
            os.close(fd)
        else:
            return
        self._fd = fd
        note = f"{socket.gethostname()} pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M')}"
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, note.encode("utf-8"), 0)

    def release(self) -> None:
        """Give the lock up (and remove the lock file); harmless when not held."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            # unlink before unlocking: a waiting opener then never locks a file being removed
            self.path.unlink()
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> ProjectLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def holder_of(project: str | Path) -> str | None:
    """Who holds ``project``'s lock, or None when nobody does (it is free)."""
    probe = ProjectLock(project)
    try:
        probe.acquire()
    except ProjectLockedError as exc:
        return exc.holder or "?"
    probe.release()
    return None


def _read_holder(fd: int) -> str:
    with contextlib.suppress(OSError):
        return os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    return ""


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = path.stat()
    except OSError:
        return False
    held = os.fstat(fd)
    return (held.st_ino, held.st_dev) == (on_disk.st_ino, on_disk.st_dev)
