"""Finding a font file with Chinese glyphs for documents the planner writes (the PDF report).

A PDF embeds the glyphs it uses, so the reader needs no font; the writer
needs a file. Looked for, in order: the file the user names (``--font`` or the
``PLANNER_CJK_FONT`` environment variable), the font the stand-alone app ships
in its ``fonts/`` folder (build_app.py), the one fontconfig picks for
simplified Chinese, and the usual places of Noto Sans CJK, Source Han Sans and
WenQuanYi. In a font collection (``.ttc``) the simplified-Chinese face is
chosen (Noto Sans CJK **SC**), since the collection's first face is Japanese
and draws some characters differently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.core.errors import InputError

#: Environment variable naming a font file to use.
FONT_ENV = "PLANNER_CJK_FONT"
#: Files tried when fontconfig cannot say (Debian's fonts-noto-cjk first).
KNOWN_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/source-han-sans/SourceHanSans-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)
_SUFFIXES = (".ttc", ".otf", ".ttf")
#: A character every Chinese font has and a Latin-only font lacks (国).
_PROBE = 0x56FD


@dataclass(frozen=True)
class FontFile:
    """A font: its file and, in a collection, the face's index; ``bold`` its bold sibling."""

    path: Path
    index: int = 0
    bold: FontFile | None = None


def find_cjk_font(explicit: str | os.PathLike[str] | None = None) -> FontFile:
    """A font file with Chinese glyphs; raise :class:`InputError` (naming the fix) if none."""
    named = explicit or os.environ.get(FONT_ENV) or None
    if named is not None:
        path = Path(named)
        field = "--font" if explicit else FONT_ENV
        if not path.is_file():
            raise InputError("font file does not exist", file=str(path), field=field)
        font = _face(path)
        if font is None:
            raise InputError(
                "not a font with Chinese glyphs (need a .ttc, .otf or .ttf drawing 国)",
                file=str(path),
                field=field,
            )
        return font
    for candidate in [*_bundled(), *_fontconfig(), *map(Path, KNOWN_FONTS)]:
        if candidate.is_file():
            font = _face(candidate)
            if font is not None:
                return font
    raise InputError(
        "no font with Chinese glyphs found for the PDF: install one (Debian: apt-get install "
        f"fonts-noto-cjk) or name a .ttc/.otf/.ttf file with --font or {FONT_ENV}"
    )


def _bundled() -> list[Path]:
    """Font files shipped with the frozen app (``fonts/`` in its data folder)."""
    if not getattr(sys, "frozen", False):
        return []
    folders = [Path(sys.executable).resolve().parent]
    if hasattr(sys, "_MEIPASS"):  # PyInstaller: the folder of the app's data
        folders.insert(0, Path(sys._MEIPASS))
    return sorted(
        (p for f in folders for p in (f / "fonts").glob("*") if p.suffix.lower() in _SUFFIXES),
        key=lambda p: ("bold" in p.name.lower(), p.name),
    )


def _fontconfig() -> list[Path]:
    """The file fontconfig picks for simplified Chinese sans-serif, if fontconfig is there."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return []
    try:
        out = subprocess.run(
            [fc_match, "-f", "%{file}", "sans-serif:lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return []
    return [Path(out)] if out else []


def _face(path: Path) -> FontFile | None:
    """The simplified-Chinese face of ``path`` with its bold sibling; None without CJK glyphs."""
    index = _chinese_index(path)
    if index is None:
        return None
    bold = None
    for name in (path.name.replace("Regular", "Bold"), path.name.replace("regular", "bold")):
        sibling = path.with_name(name)
        if sibling != path and sibling.is_file():
            bold_index = _chinese_index(sibling)
            if bold_index is not None:
                bold = FontFile(sibling, bold_index)
                break
    return FontFile(path, index, bold)


def _chinese_index(path: Path) -> int | None:
    """Index of the face to use (SC preferred in a collection); None when it draws no 国."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    try:
        if path.suffix.lower() == ".ttc":
            collection = TTCollection(str(path), lazy=True)
            faces, closing = list(collection.fonts), collection.close
        else:
            font = TTFont(str(path), lazy=True)
            faces, closing = [font], font.close
    except (OSError, TTLibError, AssertionError, ValueError):
        return None
    try:
        return _probe(faces)
    finally:
        closing()  # the lazy reader keeps the file open


def _probe(faces: list[Any]) -> int | None:
    """Index of the first face drawing 国, simplified Chinese first."""
    from fontTools.ttLib import TTLibError

    named = []
    for k, face in enumerate(faces):
        try:
            named.append((k, face, str(face["name"].getDebugName(1) or "")))
        except (KeyError, TTLibError, AssertionError, ValueError):
            continue
    # simplified Chinese first, proportional before monospaced; the cmap is read only then
    named.sort(key=lambda f: (not _simplified(f[2]), "Mono" in f[2], f[0]))
    for k, face, _ in named:
        try:
            if _PROBE in (face.getBestCmap() or {}):
                return k
        except (KeyError, TTLibError, AssertionError, ValueError):
            continue
    return None


def _simplified(name: str) -> bool:
    return name.endswith(" SC") or " SC " in name or "Simplified" in name
