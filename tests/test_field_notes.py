"""The field-note reader (issue 10 item 5): a corpus of notes as staff write them, the tricky
cases one by one, and properties over any text.

The corpus (``data/field_notes_corpus.csv``) gives each note its expected reading: ``state``
(empty: says nothing of the device), ``obstruction``, ``clock_wrong`` (``yes``/empty),
``topics`` (``;``-separated, compared as a set) and ``flags`` (``dirty_lens``, ``aged``,
``re_aimed``, ``gone``, ``moved``, ``sign=yes|no``, ``masked=yes|no``; a flag not listed
must be off).
"""

from __future__ import annotations

import ast
import csv
import math
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core import note_vocabulary as vocab
from planner.core.field_notes import (
    SEVERITY,
    STATES,
    NoteReading,
    read_note,
    status_class_of,
    vocabulary_clashes,
)

CORPUS = Path(__file__).parent / "data" / "field_notes_corpus.csv"
with CORPUS.open(encoding="utf-8", newline="") as _f:
    ROWS = list(csv.DictReader(_f))


def flags_of(reading: NoteReading) -> set[str]:
    flags = {f for f in ("dirty_lens", "aged", "re_aimed", "gone", "moved") if getattr(reading, f)}
    if reading.has_sign is not None:
        flags.add("sign=" + ("yes" if reading.has_sign else "no"))
    if reading.privacy_masked is not None:
        flags.add("masked=" + ("yes" if reading.privacy_masked else "no"))
    return flags


def split(cell: str) -> set[str]:
    return {part for part in cell.split(";") if part}


# ---------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------


def test_the_corpus_is_large_varied_and_well_formed() -> None:
    notes = [row["note"] for row in ROWS]
    assert len(notes) >= 150
    assert len(set(notes)) == len(notes), "each note once"
    states = [row["state"] or None for row in ROWS]
    assert set(states) == {*STATES, None}, "every state, and notes that say nothing"
    for state in STATES:
        assert states.count(state) >= 10, state
    english = [n for n in notes if n.isascii()]
    assert len(english) >= 30
    for row in ROWS:
        assert row["obstruction"] in ("", "vegetation", "advert", "other"), row
        assert row["clock_wrong"] in ("", "yes"), row
        assert split(row["topics"]) <= set(vocab.TOPICS), row


@pytest.mark.parametrize("row", ROWS, ids=[row["note"] for row in ROWS])
def test_corpus_note_reads_as_expected(row: dict[str, str]) -> None:
    reading = read_note(row["note"])
    assert reading.state == (row["state"] or None)
    assert reading.obstruction == (row["obstruction"] or None)
    assert reading.clock_wrong == (row["clock_wrong"] == "yes")
    assert set(reading.topics) == split(row["topics"])
    assert flags_of(reading) == split(row["flags"])
    if reading.is_problem:
        assert reading.evidence, "a problem names the phrase that decided it"


@pytest.mark.parametrize("row", [r for r in ROWS if r["state"] == "obstructed"], ids=str)
def test_an_obstruction_note_then_repaired_is_ok(row: dict[str, str]) -> None:
    assert read_note(row["note"] + "，已修复").state == "ok"
    if row["obstruction"] == "vegetation":
        assert read_note(row["note"] + "，已修剪").obstruction is None


def test_full_width_and_upper_case_notes_read_the_same() -> None:
    def wide(text: str) -> str:
        # ASCII letters, digits and punctuation as their full-width forms (what IMEs type)
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)

    for row in ROWS:
        note = row["note"]
        expected = read_note(note)
        for variant in (wide(note), note.upper()):
            got = read_note(variant)
            assert (got.state, got.obstruction, got.topics) == (
                expected.state,
                expected.obstruction,
                expected.topics,
            ), (note, variant)


# ---------------------------------------------------------------------------
# The cases of issue 10 item 5, one by one
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("note", ["已设置隐私遮蔽", "广告牌旁", "周边树木已修剪", "位于绿化带内"])
def test_harmless_remarks_are_no_problem(note: str) -> None:
    reading = read_note(note)
    assert not reading.is_problem
    assert status_class_of(reading) in (None, "ok")  # survey.status_class: a blockage


@pytest.mark.parametrize(
    ("note", "state"),
    [("废弃", "abandoned"), ("报废", "abandoned"), ("被拆", "removed"), ("丢失", "abandoned"),
     ("被盗", "abandoned"), ("损毁", "abandoned"), ("镜头脏污", "fault"), ("设备老化", "fault"),
     ("停用", "abandoned"), ("时间不准", "fault")],
)  # fmt: skip
def test_real_faults_the_word_list_missed(note: str, state: str) -> None:
    assert read_note(note).state == state  # survey.status_class: None, nothing seen


def test_privacy_masking_is_a_mask_not_a_blockage() -> None:
    masked = read_note("已设置隐私遮蔽")
    assert (masked.state, masked.obstruction, masked.privacy_masked) == (None, None, True)
    assert masked.topics == ("privacy",)
    blocked = read_note("被树木遮蔽")
    assert (blocked.state, blocked.obstruction, blocked.privacy_masked) == (
        "obstructed",
        "vegetation",
        None,
    )


def test_an_ok_clause_cancels_only_itself() -> None:
    reading = read_note("画面正常，但时间不准")
    assert (reading.state, reading.clock_wrong) == ("fault", True)
    assert reading.evidence == ("时间不准",)
    assert read_note("无遮挡，黑屏").state == "fault"


def test_a_repair_cancels_what_came_before_it_not_after() -> None:
    assert read_note("树枝遮挡，已修剪").state == "ok"
    assert read_note("树枝遮挡，已修剪").evidence == ("已修剪",)
    assert read_note("已修剪，仍有遮挡").state == "obstructed"
    assert read_note("已修复，但仍黑屏").state == "fault"
    # pruning mends a blockage, not a black screen
    assert read_note("黑屏，树枝遮挡，已修剪").state == "fault"
    assert read_note("黑屏，树枝遮挡，已修剪").obstruction is None


def test_a_repair_to_do_or_not_done_states_the_problem() -> None:
    assert read_note("需修剪").obstruction == "vegetation"
    assert read_note("尚未修剪").obstruction == "vegetation"
    assert read_note("无需修剪").state == "ok"
    assert read_note("维修中").state == "fault"
    assert read_note("未联网").state == "offline"


def test_out_of_use_is_abandoned_unless_temporary() -> None:
    assert read_note("停用").state == "abandoned"
    assert read_note("已停用").state == "abandoned"
    assert read_note("临时停用").state == "offline"
    assert read_note("暂停使用").state == "offline"


def test_removed_and_abandoned_are_told_apart() -> None:
    removed = read_note("已拆除")
    assert (removed.state, removed.gone) == ("removed", True)
    standing = read_note("已经废弃，建议拆除")
    assert (standing.state, standing.gone) == ("abandoned", False)
    stolen = read_note("未找到设备，疑似被盗")
    assert (stolen.state, stolen.gone) == ("abandoned", True)
    assert stolen.evidence == ("未找到", "被盗")
    # an abandoned device taken down: gone, nothing left to remove
    assert read_note("废弃设备已拆除").state == "removed"
    assert read_note("废弃设备未拆除").state == "abandoned"


def test_the_most_serious_condition_wins_and_the_rest_are_kept() -> None:
    reading = read_note("时间不准，黑屏，被树枝遮挡，离线")
    assert reading.state == "fault"
    assert reading.clock_wrong
    assert reading.obstruction == "vegetation"
    assert reading.conditions == ("clock", "picture", "obstructed", "offline")
    assert read_note("离线，被盗").state == "abandoned"


def test_a_generic_fault_takes_its_subject() -> None:
    assert read_note("网络故障").state == "offline"
    assert read_note("时间不正确").clock_wrong
    assert read_note("供电不正常").conditions == ("power",)
    assert read_note("设备故障").conditions == ("broken",)


def test_a_removed_billboard_is_not_a_removed_camera() -> None:
    assert read_note("广告牌已拆除").state == "ok"
    assert read_note("vines removed").state == "ok"
    assert read_note("摄像头已拆除").state == "removed"


def test_english_words_match_whole_words_only() -> None:
    assert read_note("broken").state == "fault"  # holds "ok" inside
    assert read_note("okay").state == "ok"
    assert read_note("token").state is None
    assert read_note("STOLEN").state == "abandoned"
    assert read_note("unlocked").state is None


def test_a_move_is_noted_without_a_condition() -> None:
    moved = read_note("设备已迁移至路口对面")
    assert (moved.moved, moved.state) == (True, None)
    assert read_note("建议迁移").moved is False
    assert read_note("未迁移").moved is False
    assert read_note("removed").moved is False  # "moved" is a whole word


def test_sign_notes_are_about_the_sign() -> None:
    assert read_note("标识缺失").state is None
    assert read_note("标识缺失").has_sign is False
    assert read_note("有标识").has_sign is True
    assert read_note("黑屏").has_sign is None


@pytest.mark.parametrize("value", [None, "", "   ", float("nan"), "，。；"])
def test_nothing_says_nothing(value: object) -> None:
    reading = read_note(value)
    assert (reading.state, reading.topics, reading.evidence) == (None, (), ())


def test_any_value_is_read_as_text() -> None:
    assert read_note(12345).state is None
    assert read_note(math.pi).state is None


def test_evidence_stands_in_the_normalised_text() -> None:
    reading = read_note("ＯＫ，无遮挡")
    assert reading.text == "ok,无遮挡"
    assert reading.evidence == ("ok", "无遮挡")


# ---------------------------------------------------------------------------
# The switch from survey.status_class
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "old_class"),
    [("已拆除", "removed"), ("被盗", "removed"), ("废弃", "fault"), ("被藤蔓遮挡", "vegetation"),
     ("被广告牌遮挡", "obstructed"), ("黑屏", "fault"), ("离线", "fault"), ("正常", "ok"),
     ("广告牌旁", None), ("黑屏，被树枝遮挡", "fault")],
)  # fmt: skip
def test_status_class_of_maps_onto_the_old_classes(note: str, old_class: str | None) -> None:
    assert status_class_of(read_note(note)) == old_class


# The word list's own test cases (tests/test_survey.py, survey.status_class) with their
# expected classes: the reader agrees on all but "no fault", which it reads as ok where the
# word list said nothing.
OLD_CASES = {
    "不在线": "fault", "在线": "ok", "离线": "fault", "黑屏": "fault", "被藤蔓遮挡": "vegetation",
    "被广告牌遮挡": "obstructed", "已拆除": "removed", " 正常 ": "ok", "ＯＫ": "ok",
    "broken": "fault", "": None, "待核实": None, "正常，无遮挡": "ok", "正常 无故障": "ok",
    "正常，未被树木遮挡": "ok", "OK, no obstruction": "ok", "无图像": "fault",
    "画面不清晰": "fault", "no signal": "fault", "未拆除": None,
}  # fmt: skip


@pytest.mark.parametrize(("note", "expected"), OLD_CASES.items())
def test_the_reader_agrees_with_the_word_lists_tests(note: str, expected: str | None) -> None:
    assert status_class_of(read_note(note)) == expected


def test_no_fault_is_ok_now() -> None:
    assert status_class_of(read_note("no fault")) == "ok"


# ---------------------------------------------------------------------------
# The vocabulary
# ---------------------------------------------------------------------------


def test_each_phrase_means_one_thing() -> None:
    assert vocabulary_clashes() == ()


def test_the_vocabulary_is_data_only() -> None:
    path = Path(vocab.__file__)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        assert isinstance(node, (ast.Assign, ast.AnnAssign, ast.Expr, ast.ImportFrom)), (
            f"line {node.lineno}: {type(node).__name__} in the vocabulary"
        )
    logic = (ast.FunctionDef, ast.Lambda, ast.For, ast.If, ast.comprehension, ast.ClassDef)
    assert not [n for n in ast.walk(tree) if isinstance(n, logic)]


def test_the_vocabulary_tables_are_consistent() -> None:
    assert set(vocab.CONDITION_PHRASES) <= set(vocab.CONDITIONS)
    # every condition can be said: by a phrase, or by a verb (建议拆除 is to_remove)
    by_verbs = {c for _t, _c, undone, done in vocab.VERBS.values() for c in (undone, done)}
    assert set(vocab.CONDITIONS) <= set(vocab.CONDITION_PHRASES) | by_verbs
    assert set(vocab.VERB_PHRASES) == set(vocab.VERBS)
    for state, topic in vocab.CONDITIONS.values():
        assert state in STATES
        assert topic is None or topic in vocab.TOPICS
    for topic, cancels, undone, done in vocab.VERBS.values():
        assert topic is None or topic in vocab.TOPICS
        assert set(cancels) <= set(vocab.CONDITIONS)
        assert {undone, done} - {None} <= set(vocab.CONDITIONS)
    assert set(vocab.NOUNS) <= set(vocab.TOPICS)
    assert set(vocab.GENERIC_BY_SUBJECT.values()) <= set(vocab.CONDITIONS)
    assert set(vocab.NEGATED_NOUN.values()) <= set(vocab.CONDITIONS)


@pytest.mark.parametrize(
    "phrase", [p for ps in vocab.CONDITION_PHRASES.values() for p in ps], ids=str
)
def test_each_condition_phrase_alone_states_its_condition(phrase: str) -> None:
    key = next(k for k, ps in vocab.CONDITION_PHRASES.items() if phrase in ps)
    reading = read_note(phrase)
    state, _topic = vocab.CONDITIONS[key]
    if key == "broken":  # a generic fault may take its subject from the phrase's own nouns
        assert reading.state in ("fault", "offline"), phrase
    else:
        assert reading.state == state, phrase
        assert key in reading.conditions, phrase


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

FINE_PHRASES = sorted({p for ps in vocab.FINE.values() for p in ps})
HARMLESS = [
    "已设置隐私遮蔽", "广告牌旁", "位于绿化带内", "周边树木已修剪", "无遮挡", "未被树木遮挡",
    "路口东北角", "有标识", "已修复", "已恢复", "next to billboard", "privacy mask set",
    "no fault", "no obstruction", "画面非常清晰", "时间准确", "无需修剪",
]  # fmt: skip
SEPARATORS = ["，", ",", "；", ";", "。", "、", " ", "，但", "．"]
MITIGATIONS = ["已修复", "已修剪", "已清理", "已恢复", "pruned", "repaired", "fixed"]
NOTES = [row["note"] for row in ROWS]


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_any_text_reads_without_error(text: str) -> None:
    reading = read_note(text)
    assert reading.state in (*STATES, None)
    assert list(reading.topics) == [t for t in vocab.TOPICS if t in reading.topics]
    assert all(e in reading.text for e in reading.evidence)
    assert reading.is_problem == (reading.state not in (None, "ok"))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(FINE_PHRASES), min_size=1, max_size=3),
    st.lists(st.sampled_from(HARMLESS), max_size=3),
    st.randoms(use_true_random=False),
    st.sampled_from(SEPARATORS),
)
def test_a_note_of_fine_clauses_reads_ok(
    fine: list[str], harmless: list[str], rnd: random.Random, sep: str
) -> None:
    clauses = fine + harmless
    rnd.shuffle(clauses)
    note = sep.join(clauses)
    assert read_note(note).state == "ok", note


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(st.text(max_size=40), st.sampled_from(NOTES)),
    st.sampled_from(MITIGATIONS),
    st.sampled_from(["，", ",", "；", "。"]),
)
def test_a_repair_appended_never_makes_a_note_worse(note: str, repair: str, sep: str) -> None:
    before = read_note(note)
    after = read_note(note + sep + repair)
    assert SEVERITY[after.state] <= SEVERITY[before.state], (note, before.state, after.state)


@pytest.mark.parametrize(
    ("note", "state", "masked"),
    [
        ("privacy mask set all good", "ok", True),  # found by the property above
        ("隐私遮蔽已设置正常", "ok", True),
        ("隐私遮蔽正常", None, True),  # the mask works: nothing said of the device
        ("privacy mask all good", None, True),
        ("privacy mask removed all good", None, False),
    ],
)
def test_a_fine_word_after_the_masks_own_predicate_is_about_the_device(
    note: str, state: str | None, masked: bool
) -> None:
    reading = read_note(note)
    assert (reading.state, reading.privacy_masked) == (state, masked)
