"""Reading the free-text notes of a field survey: what a note is about, and what it says is wrong.

Pure (no files, no Qt). :func:`read_note` turns a note such as ``树枝遮挡，已修剪`` or
``画面正常，但时间不准`` into a :class:`NoteReading`: the topics it talks about, the state of
the device it states, what blocks the view, and the phrases that decided it. The words
live in :mod:`planner.core.note_vocabulary`; this module is the grammar.

States, each calling for a different crew (issue 10 item 5):

==============  =================================================================================
``ok``          the note says it works (``正常``, ``在线``, ``无遮挡``, ``已修复``, ``已修剪``)
``obstructed``  something blocks the view; :attr:`NoteReading.obstruction` says what — vegetation
                is pruned by city management (Harbin Art. 5), adverts and others are cleared by
                their owners
``offline``     not reaching the platform (``离线``, ``无信号``, ``未联网``), or out of service
                for a while (``临时停用``)
``fault``       broken, no or bad picture, dirty lens, aged, no power, wrong clock (Qingdao Art.
                19(3) wants a clear picture and a correct clock), leaning pole, turned away
``abandoned``   out of service for good or gone without a removal: scrapped, abandoned, out of
                use (``停用`` without ``临时``), destroyed (``损毁``), stolen, lost, not found, or
                to be removed (``建议拆除``) — remove what is left and cancel the filing
``removed``     taken down (``已拆除``, ``被拆``, ``仅剩支架``): nothing left to remove, only the
                filing to cancel
``None``        the note says nothing about the device's condition (``广告牌旁``,
                ``位于绿化带内``, ``已设置隐私遮蔽``, ``待核实``)
==============  =================================================================================

How a note is read:

1. NFKC and case-folding; clauses end at punctuation (``，,；;。.、`` …), at a space next to a
   Chinese character, and at words such as ``但``/``仍``/``but``.
2. Each clause is cut into the longest known phrases (English as whole words).
3. A negation cancels the next condition of its clause (``无遮挡``, ``未被树木遮挡``; carried
   over ``或``/``及``); a negated fine word is a fault (``不正常``, ``画面不清晰``); a negated
   noun with nothing after it says the thing is missing (``无画面``, ``无设备``, ``no power``).
4. A verb's markers say whether it is done (``已修剪``, ``修剪后``), to do (``需修剪``) or not
   done (``未修剪``). A repair done cancels the conditions it fixes stated before it or in its
   own clause (``树枝遮挡，已修剪`` is ok; ``已修剪，仍有遮挡`` is not); to do or not done, it
   states the problem (``需修剪`` overgrown, ``未联网`` offline).
5. A generic fault takes its subject: ``网络故障`` is offline, ``时间不正常`` a clock fault.
6. A clause that starts with a sign (``标识缺失``, ``无标识``) is about the sign
   (:attr:`NoteReading.has_sign`), not the device; a clause about privacy reads ``遮挡`` as the
   privacy mask (:attr:`NoteReading.privacy_masked`).
7. The most serious condition left wins: removed > abandoned > fault > offline > obstructed.
   ``废弃设备已拆除`` is removed (gone, nothing left to take down); ``未找到，疑似被盗`` is
   abandoned (gone without a removal). Hedges (``疑似``) do not weaken a condition.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from planner.core import note_vocabulary as vocab

STATES = ("ok", "obstructed", "offline", "fault", "abandoned", "removed")
"""The states of :attr:`NoteReading.state`, least serious first."""

SEVERITY: Mapping[str | None, int] = MappingProxyType(
    {None: 0, **{state: rank for rank, state in enumerate(STATES)}}
)
"""Rank of each state (None and ``ok`` are both 0: nothing to do)."""

OBSTRUCTIONS = ("vegetation", "advert", "other")
"""What blocks the view, in the order one is preferred when a note names several."""


@dataclass(frozen=True)
class NoteReading:
    """What one field note says about its device."""

    text: str
    """The note, normalised (NFKC, case-folded, spaces folded)."""
    state: str | None = None
    """One of :data:`STATES`, or None when the note says nothing of the device's condition."""
    topics: tuple[str, ...] = ()
    """What the note talks about (:data:`planner.core.note_vocabulary.TOPICS`, in that order)."""
    obstruction: str | None = None
    """``vegetation``, ``advert`` or ``other`` when something blocks the view, else None (also
    when the state is a worse one: ``被树遮挡，黑屏`` is a fault with vegetation)."""
    clock_wrong: bool = False
    """The clock is wrong (Qingdao Art. 19(3): 运行时间准确)."""
    dirty_lens: bool = False
    """Dust, dirt, cobwebs or fog on the lens: a cleaning job."""
    aged: bool = False
    """Aged, rusty, worn: due for renewal."""
    re_aimed: bool = False
    """Turned away from where it should look."""
    gone: bool = False
    """The device is not there (removed, stolen, lost, not found)."""
    moved: bool = False
    """The device was moved elsewhere (``已迁移至路口对面``); Chongqing Art. 19(5) wants that
    reported. Says nothing of its condition."""
    has_sign: bool | None = None
    """What the note says of the sign: True seen, False missing or unreadable, None not said."""
    privacy_masked: bool | None = None
    """True a privacy mask is set, False the note says none is, None not said."""
    conditions: tuple[str, ...] = ()
    """Every condition still standing (keys of ``note_vocabulary.CONDITIONS``), in note order."""
    evidence: tuple[str, ...] = ()
    """The phrases that decided the state, as they stand in :attr:`text`."""

    @property
    def is_problem(self) -> bool:
        """True when the note states something to act on."""
        return SEVERITY[self.state] > 0


# ---------------------------------------------------------------------------
# The lexicon, built once from the vocabulary
# ---------------------------------------------------------------------------

_MARKERS = ("negation", "no_need", "done", "pending")


@dataclass(frozen=True)
class _Entry:
    kind: str
    key: str = ""
    aspect: str = ""


def normalise(text: str) -> str:
    """A note or phrase as the reader sees it: NFKC, case-folded, one space between words."""
    norm = unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("‘", "'")
    return " ".join(norm.split())


def _phrase_table() -> Iterable[tuple[str, _Entry]]:
    for key, phrases in vocab.CONDITION_PHRASES.items():
        yield from ((p, _Entry("condition", key)) for p in phrases)
    for topic, phrases in vocab.FINE.items():
        yield from ((p, _Entry("fine", topic)) for p in phrases)
    for topic, phrases in vocab.NOUNS.items():
        yield from ((p, _Entry("noun", topic)) for p in phrases)
    yield from ((p, _Entry("mask", "privacy")) for p in vocab.PRIVACY_MASKS)
    yield from ((p, _Entry("nosign", "sign")) for p in vocab.SIGNS_MISSING)
    yield from ((p, _Entry("moved", "position")) for p in vocab.RELOCATIONS)
    for kind, phrases in vocab.OBSTACLES.items():
        yield from ((p, _Entry("obstacle", kind)) for p in phrases)
    yield from ((p, _Entry("literal")) for p in vocab.LITERALS)
    for verb, by_aspect in vocab.VERB_PHRASES.items():
        for aspect, phrases in by_aspect.items():
            yield from ((p, _Entry("verb", verb, aspect)) for p in phrases)
    for kind, phrases in (
        ("negation", vocab.NEGATIONS),
        ("no_need", vocab.NO_NEED),
        ("done", vocab.DONE_MARKERS),
        ("pending", vocab.PENDING_MARKERS),
        ("conj", vocab.CONJUNCTIONS),
        ("break", vocab.CLAUSE_BREAKS),
    ):
        yield from ((p, _Entry(kind)) for p in phrases)


def vocabulary_clashes() -> tuple[str, ...]:
    """Phrases listed twice in the vocabulary (each must mean one thing); empty when sound."""
    seen: dict[str, _Entry] = {}
    clashes = []
    for phrase, entry in _phrase_table():
        norm = normalise(phrase)
        if norm in seen:
            clashes.append(f"{norm!r}: {seen[norm]} and {entry}")
        seen[norm] = entry
    return tuple(clashes)


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _alternative(phrase: str) -> str:
    """A phrase as a regular expression: English must stand as whole words."""
    pattern = re.escape(phrase)
    if _is_word_char(phrase[0]):
        pattern = r"(?<![a-z0-9])" + pattern
    if _is_word_char(phrase[-1]):
        pattern += r"(?![a-z0-9])"
    return pattern


def _build_index(lexicon: Mapping[str, _Entry]) -> Mapping[str, re.Pattern[str]]:
    """One pattern per first character: its phrases, longest first (the first match wins)."""
    by_char: dict[str, list[str]] = {}
    for phrase in lexicon:
        by_char.setdefault(phrase[0], []).append(phrase)
    return MappingProxyType(
        {
            char: re.compile("|".join(_alternative(p) for p in sorted(ps, key=len, reverse=True)))
            for char, ps in by_char.items()
        }
    )


_LEXICON: Mapping[str, _Entry] = MappingProxyType({normalise(p): e for p, e in _phrase_table()})
_INDEX = _build_index(_LEXICON)
_DRIFT = tuple(re.compile(p) for p in vocab.CLOCK_DRIFT_PATTERNS)
_CLOCK_DRIFT = _Entry("condition", "clock")
_SEPARATOR = re.compile(
    "["
    + re.escape(vocab.CLAUSE_SEPARATORS)
    + r"]|(?<!\d)\.|\.(?!\d)|(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])"
)
_SUFFIXES = tuple(
    sorted(
        [(normalise(s), "done") for s in vocab.DONE_SUFFIXES]
        + [(normalise(s), "pending") for s in vocab.PENDING_SUFFIXES],
        key=lambda sa: -len(sa[0]),
    )
)
_OBSTRUCTING = frozenset(k for k, (state, _) in vocab.CONDITIONS.items() if state == "obstructed")


@dataclass(frozen=True)
class _Token:
    entry: _Entry
    start: int
    end: int


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    """The longest known phrases of ``text[start:end]``, left to right; the rest is skipped."""
    drifts = {m.start(): m.end() for p in _DRIFT for m in p.finditer(text, start, end)}
    out = []
    i = start
    while i < end:
        stop, entry = i, None
        pattern = _INDEX.get(text[i])
        m = pattern.match(text, i, end) if pattern is not None else None
        if m is not None:
            stop, entry = m.end(), _LEXICON[m.group()]
        if drifts.get(i, i) > stop:
            stop, entry = drifts[i], _CLOCK_DRIFT
        if entry is None:
            i += 1
        else:
            out.append(_Token(entry, i, stop))
            i = stop
    return out


def _clauses(text: str) -> list[list[_Token]]:
    """The note's clauses as token lists: split at separators, then at clause-break words."""
    clauses: list[list[_Token]] = []
    start = 0
    for m in [*_SEPARATOR.finditer(text), None]:
        end = len(text) if m is None else m.start()
        current: list[_Token] = []
        for tok in _tokens(text, start, end):
            if tok.entry.kind == "break":
                if current:
                    clauses.append(current)
                current = []
            else:
                current.append(tok)
        if current:
            clauses.append(current)
        if m is not None:
            start = m.end()
    return clauses


# ---------------------------------------------------------------------------
# One clause
# ---------------------------------------------------------------------------


@dataclass
class _Clause:
    """What one clause says; spans are ``(start, end)`` in the note's text."""

    conditions: list[tuple[str, tuple[int, int]]] = field(default_factory=list)
    fine: list[tuple[int, int]] = field(default_factory=list)
    cancels: list[tuple[frozenset[str], tuple[int, int]]] = field(default_factory=list)
    topics: set[str] = field(default_factory=set)
    obstacles: list[str] = field(default_factory=list)
    sign: list[bool] = field(default_factory=list)
    masked: list[bool] = field(default_factory=list)
    moved: bool = False


class _ClauseReader:
    """Reads one clause's tokens into a :class:`_Clause`."""

    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.out = _Clause()
        kinds = [(t.entry.kind, t.entry.key) for t in tokens]
        topical = [k for k in kinds if k[0] in ("noun", "mask", "condition", "fine", "verb")]
        privacy = {("noun", "privacy"), ("mask", "privacy")}
        self.about_sign = topical[:1] == [("noun", "sign")]
        self.privacy_first = bool(topical) and topical[0] in privacy
        self.about_privacy = not privacy.isdisjoint(kinds)
        self.has_device = ("noun", "device") in kinds
        self.obstacle_clause = any(
            kind == "obstacle" or (kind == "condition" and key in _OBSTRUCTING)
            for kind, key in kinds
        )
        self.obstruction_said = False  # set when a condition or verb speaks of a blockage

    # -- helpers ---------------------------------------------------------

    def subject(self, tok: _Token) -> str | None:
        """Topic of the nearest subject before ``tok`` (else after it) in the clause.

        Subjects are nouns of :data:`~planner.core.note_vocabulary.SUBJECT_TOPICS` and verbs
        with such a topic (``通电正常`` is about power, ``联网不正常`` about the network).
        """
        subjects = [t for t in self.tokens if self._topic_of(t) in vocab.SUBJECT_TOPICS]
        before = [t for t in subjects if t.end <= tok.start]
        if before:
            return self._topic_of(before[-1])
        after = [t for t in subjects if t.start >= tok.end]
        return self._topic_of(after[0]) if after else None

    @staticmethod
    def _topic_of(tok: _Token) -> str | None:
        if tok.entry.kind == "noun":
            return tok.entry.key
        if tok.entry.kind == "verb":
            return vocab.VERBS[tok.entry.key][0]
        return None

    def topic(self, topic: str | None, tok: _Token) -> None:
        """Note a topic; a generic word is about the device unless the clause names a subject."""
        if topic:
            self.out.topics.add(topic)
        elif self.subject(tok) is None:
            self.out.topics.add("device")

    def condition(self, key: str, tok: _Token, span: tuple[int, int], negated: bool) -> None:
        if key == "broken":
            key = vocab.GENERIC_BY_SUBJECT.get(self.subject(tok) or "", "broken")
        state, topic = vocab.CONDITIONS[key]
        self.obstruction_said |= key in _OBSTRUCTING
        if self.about_privacy and key in _OBSTRUCTING:
            self.out.topics.add("privacy")
            self.out.masked.append(not negated)
            return
        self.topic(topic, tok)
        if not negated:
            self.out.conditions.append((key, span))
        elif vocab.NEGATED_STATE[state] == "ok":
            self.out.fine.append(span)

    def fine(self, tok: _Token, span: tuple[int, int], negated: bool) -> None:
        topic = tok.entry.key or None
        if negated:
            key = vocab.GENERIC_BY_SUBJECT.get(topic or "", vocab.NEGATED_FINE_TOPIC_DEFAULT)
            self.condition(key, tok, span, negated=False)
            return
        self.topic(topic, tok)
        self.out.fine.append(span)

    def verb(self, tok: _Token, aspect: str, span: tuple[int, int]) -> None:
        key = tok.entry.key
        if key == "remove" and self.obstacle_clause and not self.has_device:
            key = "clear"  # 广告牌已拆除: the billboard went, not the camera
        topic, cancels, undone, done = vocab.VERBS[key]
        self.obstruction_said |= bool(_OBSTRUCTING & set(cancels))
        if key == "prune":
            self.out.obstacles.append("vegetation")  # 已修剪，仍有遮挡: what is pruned is a plant
        self.topic(topic, tok)
        if aspect == "done":
            if done:
                self.out.conditions.append((done, span))
            if cancels:
                self.out.cancels.append((frozenset(cancels), span))
                self.out.fine.append(span)
        elif aspect == "pending" or (aspect == "negated" and key != "remove"):
            if undone:
                self.condition(undone, tok, span, negated=False)
        elif aspect == "no_need" and cancels:
            self.out.fine.append(span)

    def _after_predicate(self, span: tuple[int, int]) -> bool:
        """Whether words stand between the last mask or privacy noun and ``span``."""
        ends = [
            t.end
            for t in self.tokens
            if t.entry.kind in ("mask", "noun") and t.entry.key == "privacy" and t.end <= span[0]
        ]
        return bool(ends) and bool(self.text[max(ends) : span[0]].strip(" ,，、"))

    def noun(self, tok: _Token) -> None:
        kind, key = tok.entry.kind, tok.entry.key
        if kind == "obstacle":
            self.out.obstacles.append(key)
            return
        self.out.topics.add(key)
        if kind == "mask":
            self.out.masked.append(True)
        elif key == "sign":
            self.out.sign.append(True)

    def negated_noun(self, tok: _Token, span: tuple[int, int]) -> None:
        kind, key = tok.entry.kind, tok.entry.key
        if kind == "mask":
            self.out.masked[:] = [False]
        elif key == "sign":
            self.out.sign[:] = [False]
        elif kind == "noun" and key in vocab.NEGATED_NOUN:
            self.condition(vocab.NEGATED_NOUN[key], tok, span, negated=False)

    def aspect_after(self, tok: _Token) -> tuple[str | None, int]:
        for suffix, aspect in _SUFFIXES:
            if self.text.startswith(suffix, tok.end):
                return aspect, tok.end + len(suffix)
        return None, tok.end

    # -- the walk --------------------------------------------------------

    def read(self) -> _Clause:
        marker: _Token | None = None
        nouns_since: list[_Token] = []
        nouns_before: list[_Token] = []
        carried: _Token | None = None  # a negation carried over 或/及 to the next condition
        conj = False

        def close() -> None:
            # a negation that met no condition nor verb: it negates a noun (无画面, 标识无)
            if marker is None or marker.entry.kind != "negation":
                return
            targets = [t for t in nouns_since if t.entry.kind in ("noun", "mask")]
            if not targets:
                targets = [
                    t
                    for t in reversed(nouns_before)
                    if t.entry.kind == "mask" or t.entry.key in ("sign", "privacy")
                ]
            if targets:
                self.negated_noun(targets[0], (marker.start, targets[0].end))

        for tok in self.tokens:
            kind = tok.entry.kind
            if kind in _MARKERS:
                if marker is not None and marker.entry.kind == "negation" and kind != "negation":
                    continue  # 未被拆除: the negation holds over 被
                close()
                marker, nouns_since = tok, []
                continue
            if kind == "conj":
                conj = carried is not None
                continue
            if kind == "moved":
                # 已迁移 moved; 未迁移, 建议迁移 not (yet)
                self.out.topics.add("position")
                self.out.moved |= marker is None or marker.entry.kind == "done"
                marker, nouns_since = None, []
                continue
            if kind == "nosign":
                self.out.topics.add("sign")
                self.out.sign.append(False)
                continue
            if kind in ("noun", "mask", "obstacle"):
                self.noun(tok)
                nouns_before.append(tok)
                if marker is not None:
                    nouns_since.append(tok)
                continue
            start = marker.start if marker is not None else tok.start
            negation = marker is not None and marker.entry.kind == "negation"
            if kind == "verb":
                after, end = self.aspect_after(tok)
                if marker is not None:
                    aspect = {"negation": "negated"}.get(marker.entry.kind, marker.entry.kind)
                elif after is not None:
                    aspect = after
                elif tok.entry.aspect == "bare":
                    aspect = vocab.BARE_ASPECT.get(tok.entry.key, "none")
                else:
                    aspect = tok.entry.aspect
                self.verb(tok, aspect, (start, end))
                if negation:
                    marker = None
                continue
            if kind not in ("condition", "fine"):
                continue  # literals
            negated = negation
            if not negation:
                start = tok.start  # 被遮挡 reads 遮挡: only a negation belongs to the phrase
                if conj and carried is not None:
                    negated, start = True, carried.start
            if kind == "condition":
                self.condition(tok.entry.key, tok, (start, tok.end), negated)
            else:
                self.fine(tok, (start, tok.end), negated)
            if not negated:
                carried = None
            elif marker is not None and marker.entry.kind == "negation":
                carried = marker
            conj = False
            marker, nouns_since = None, []
        close()
        if self.about_sign:
            problem = bool(self.out.conditions) or self.out.sign[-1:] == [False]
            topics = {"sign"} | {
                t for t in self.out.topics if t in ("position", "surroundings", "privacy")
            }
            return _Clause(topics=topics, sign=[not problem], moved=self.out.moved)
        if self.privacy_first:
            # 隐私遮蔽已关闭, 隐私遮蔽正常: the clause is about the mask, not the device
            problem = bool(self.out.conditions) or self.out.masked[-1:] == [False]
            topics = {"privacy"} | {t for t in self.out.topics if t in ("position", "surroundings")}
            masked = [False] if problem else self.out.masked
            # 隐私遮蔽正常: a fine word right after the mask says the mask works; with a
            # word between ("privacy mask set all good", 隐私遮蔽已设置正常) the mask has
            # its own predicate and the fine word is a statement of its own, about the device
            fine = [span for span in self.out.fine if self._after_predicate(span)]
            if fine and not problem:
                topics.add("device")
            return _Clause(
                topics=topics,
                masked=masked,
                sign=self.out.sign,
                moved=self.out.moved,
                fine=fine if not problem else [],
            )
        if self.out.obstacles and not self.obstruction_said:
            # a tree or a billboard with nothing said about it is where the camera stands
            self.out.topics.add("surroundings")
        return self.out


# ---------------------------------------------------------------------------
# The note
# ---------------------------------------------------------------------------


def read_note(text: object) -> NoteReading:
    """Read one field note (any value; None, NaN and blank say nothing)."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return NoteReading(text="")
    return _read(normalise(str(text)))


@functools.lru_cache(maxsize=8192)
def _read(text: str) -> NoteReading:
    # Inventories repeat a handful of notes thousands of times: cached.
    clauses = [_ClauseReader(text, tokens).read() for tokens in _clauses(text)]
    active: list[tuple[str, tuple[int, int], int]] = []
    fine: list[tuple[int, int]] = []
    for k, clause in enumerate(clauses):
        active.extend((key, span, k) for key, span in clause.conditions)
        for cancels, _span in clause.cancels:
            active = [c for c in active if c[0] not in cancels]
        fine.extend(clause.fine)
    problems = [c for c in active if c[0] not in vocab.REFERRING_CONDITIONS]
    if problems:
        active = problems
    state: str | None = None
    if active:
        state = max((vocab.CONDITIONS[key][0] for key, _, _ in active), key=SEVERITY.__getitem__)
        spans = [span for key, span, _ in active if vocab.CONDITIONS[key][0] == state]
    elif fine:
        state, spans = "ok", fine
    else:
        spans = []
    keys = [key for key, _, _ in active]
    topics = set().union(*(c.topics for c in clauses)) if clauses else set()
    signs = [s for c in clauses for s in c.sign]
    masks = [m for c in clauses for m in c.masked]
    return NoteReading(
        text=text,
        state=state,
        topics=tuple(t for t in vocab.TOPICS if t in topics),
        obstruction=_obstruction(active, clauses),
        clock_wrong="clock" in keys,
        dirty_lens="dirty_lens" in keys,
        aged="aged" in keys,
        re_aimed="re_aimed" in keys,
        gone="removed" in keys or "missing" in keys,
        moved=any(c.moved for c in clauses),
        has_sign=None if not signs else all(signs),
        privacy_masked=None if not masks else all(masks),
        conditions=tuple(dict.fromkeys(keys)),
        evidence=tuple(dict.fromkeys(text[a:b] for a, b in spans)),
    )


def _obstruction(
    active: list[tuple[str, tuple[int, int], int]], clauses: list[_Clause]
) -> str | None:
    """What blocks the view: the condition's own kind, else what its clause, else the note names."""
    kinds = set()
    everywhere = [kind for c in clauses for kind in c.obstacles]
    for key, _span, k in active:
        if key not in _OBSTRUCTING:
            continue
        if key in vocab.OBSTRUCTION_KIND:
            kinds.add(vocab.OBSTRUCTION_KIND[key])
        else:
            kinds.update(clauses[k].obstacles or everywhere or ["other"])
    return next((kind for kind in OBSTRUCTIONS if kind in kinds), None)


def status_class_of(reading: NoteReading) -> str | None:
    """The reading as the classes of the old word list (``survey.status_class``).

    ``removed``, ``vegetation``, ``obstructed``, ``fault``, ``ok`` or None. The old classes
    cannot say "remove it": an abandoned device that is gone (stolen, lost, not found) maps to
    ``removed``, one still standing (scrapped, destroyed, to be removed) to ``fault``. Offline
    maps to ``fault`` as before. A note that is both blocked and broken is ``fault`` now (the
    most serious wins), where the old list said ``vegetation``.
    """
    state = reading.state
    if state == "abandoned":
        return "removed" if reading.gone else "fault"
    if state == "obstructed":
        return "vegetation" if reading.obstruction == "vegetation" else "obstructed"
    if state == "offline":
        return "fault"
    return state


__all__ = [
    "OBSTRUCTIONS",
    "SEVERITY",
    "STATES",
    "NoteReading",
    "normalise",
    "read_note",
    "status_class_of",
    "vocabulary_clashes",
]
