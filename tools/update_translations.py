"""Bring the Chinese translation up to date with the code (a developer's tool).

    .venv/bin/python tools/update_translations.py

1. ``pyside6-lupdate`` collects every ``tr()`` string of ``planner/ui`` into
   ``planner/translations/planner_zh_CN.ts`` (strings no longer in the code
   are dropped, ``-no-obsolete``);
2. a new string whose source text was already translated — in another class,
   or before it moved — gets that translation (the ``.ts`` read before step 1);
3. ``pyside6-lrelease`` compiles the ``.qm`` the window loads.

What is left unfinished is printed: translate those entries in the ``.ts`` by
hand and run this again. ``tests/ui/test_translations.py`` checks the result.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "planner" / "translations" / "planner_zh_CN.ts"
QM = TS.with_suffix(".qm")


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def _known(tree: ET.ElementTree) -> dict[tuple[str, bool], ET.Element]:
    """Finished translations by (source text, numerus)."""
    known: dict[tuple[str, bool], ET.Element] = {}
    for message in tree.iter("message"):
        translation = message.find("translation")
        source = message.findtext("source")
        if translation is None or source is None or translation.get("type"):
            continue
        if (translation.text or "").strip() or len(translation):
            known.setdefault((source, message.get("numerus") == "yes"), translation)
    return known


def _lupdate() -> None:
    command = [_tool("pyside6-lupdate"), "-extensions", "py", "-no-obsolete", "planner/ui"]
    subprocess.run([*command, "-ts", str(TS)], check=True, cwd=ROOT)


def main() -> int:
    """Update the .ts and .qm; 1 when strings are left to translate by hand."""
    known = _known(ET.parse(TS))
    _lupdate()
    text = TS.read_text(encoding="utf-8")
    tree = ET.ElementTree(ET.fromstring(text))
    left, filled = [], 0
    for context in tree.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") != "unfinished":
                continue
            source = message.findtext("source") or ""
            old = known.get((source, message.get("numerus") == "yes"))
            if old is None:
                left.append(f"{name}: {source!r}")
                continue
            filled += 1
            translation.attrib.pop("type")
            translation.text = old.text
            for child in list(translation):
                translation.remove(child)
            for child in old:
                copy = ET.SubElement(translation, child.tag)
                copy.text = child.text
    if filled:
        head = text[: text.index("<TS")]
        TS.write_text(head + ET.tostring(tree.getroot(), encoding="unicode"), encoding="utf-8")
        _lupdate()  # back in lupdate's own layout
    subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True, cwd=ROOT)
    for line in left:
        print("untranslated:", line)
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
