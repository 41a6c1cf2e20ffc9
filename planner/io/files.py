"""Safe file writing: outputs never overwrite inputs, saves are atomic and keep the file's own.

Every writer of the product goes through :func:`atomic_target` /
:func:`replace_atomically`:

* the output must not be one of the command's inputs (the same file, a hard
  link or a symlink to it): :func:`refuse_input_as_output` raises
  :class:`~planner.core.errors.InputError` (exit code 2 on the command line);
* a save through a symlink writes the link's target, the link stays;
* the new file takes over the old file's mode and (where allowed) owner; a
  read-only file is refused rather than silently replaced by a writable one;
* the temporary file lives next to the target, is named after the writing
  process (``.NAME.PID-RANDOM.tmp<suffix>``) and is removed on any failure;
  temp files left by a process that was killed are removed by
  :func:`remove_stale_temporaries` (called when a project is opened);
* operating-system failures (disk full, read-only folder or file system, a
  parent that is a file) become :class:`InputError` naming the file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from planner.core.errors import InputError

_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{8}\.tmp(?P<suffix>\.[^.]+)?$")


def real_path(path: str | os.PathLike[str]) -> Path:
    """``path`` with symlinks resolved (the file a save must write)."""
    return Path(os.path.realpath(os.fspath(path)))


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name the same file (same path, symlink or hard link)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return real_path(a) == real_path(b)


def refuse_input_as_output(
    output: str | os.PathLike[str],
    inputs: Iterable[str | os.PathLike[str] | None],
    *,
    option: str | None = None,
) -> None:
    """Raise :class:`InputError` if ``output`` is one of ``inputs`` (or a link to one)."""
    for source in inputs:
        if source is None:
            continue
        if same_file(output, source):
            how = "is" if real_path(output) == real_path(source) else "links to"
            raise InputError(
                f"output {how} the input {source}; writing it would destroy the input "
                "(choose another output file)",
                file=str(output),
                field=option,
            )


def check_writable_target(path: str | os.PathLike[str], *, option: str | None = None) -> Path:
    """The real file a save of ``path`` writes; :class:`InputError` when it cannot be written.

    Checks what can be known before computing: the parent is a folder (not a
    file), the target is not a folder, and an existing target is not read-only.
    """
    target = real_path(path)
    if target.exists() and target.is_dir():
        raise InputError("is a folder, not a file", file=str(path), field=option)
    parent = target.parent
    for ancestor in (parent, *parent.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                raise InputError(
                    f"cannot write here: {ancestor} is a file, not a folder",
                    file=str(path),
                    field=option,
                )
            break
    if target.exists() and (not os.access(target, os.W_OK) or not target.stat().st_mode & 0o222):
        raise InputError(
            "file is read-only; it was left as it is (make it writable or choose another file)",
            file=str(path),
            field=option,
        )
    return target


def temporary_path(target: Path) -> Path:
    """A fresh temporary name next to ``target`` (see :func:`remove_stale_temporaries`)."""
    suffix = target.suffix
    return target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp{suffix}")


@contextlib.contextmanager
def atomic_target(path: str | os.PathLike[str], *, option: str | None = None) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path`` atomically.

    The temporary file is removed on any failure; ``OSError`` becomes
    :class:`InputError` naming ``path``. The replaced file's mode and owner are
    kept; a symlinked ``path`` has its target replaced, not the link.
    """
    target = check_writable_target(path, option=option)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error(exc, path) from None
    temporary = temporary_path(target)
    try:
        yield temporary
        replace_atomically(temporary, target)
    except OSError as exc:
        raise os_error(exc, path) from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
        for sidecar in ("-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{temporary}{sidecar}").unlink()


def replace_atomically(temporary: Path, target: Path) -> None:
    """Move ``temporary`` over ``target`` durably, keeping ``target``'s mode and owner."""
    try:
        old = target.stat()
    except FileNotFoundError:
        old = None
    if old is not None:
        os.chmod(temporary, stat.S_IMODE(old.st_mode))
        with contextlib.suppress(PermissionError, AttributeError):
            if (old.st_uid, old.st_gid) != (temporary.stat().st_uid, temporary.stat().st_gid):
                os.chown(temporary, old.st_uid, old.st_gid)
    with open(temporary, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    with contextlib.suppress(OSError):
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def remove_stale_temporaries(path: str | os.PathLike[str]) -> list[Path]:
    """Remove temp files of interrupted saves of ``path`` whose process is gone; return them."""
    target = real_path(path)
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for candidate in target.parent.iterdir():
            match = _TEMP.match(candidate.name)
            if match is None or match.group("name") != target.name:
                continue
            if _process_alive(int(match.group("pid"))):
                continue
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed.append(candidate)
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def os_error(exc: OSError, path: str | os.PathLike[str]) -> InputError:
    """An :class:`InputError` naming ``path`` for an operating-system failure."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EISDIR: "is a folder, not a file",
        errno.ENOENT: "the folder does not exist",
    }
    reason = reasons.get(exc.errno or -1, exc.strerror or str(exc))
    return InputError(f"cannot write: {reason}; nothing was changed", file=str(path))
