"""tr_format: Qt-style %1, %2… placeholders filled in one pass."""

from __future__ import annotations

from planner.ui.text import tr_format


def test_fills_placeholders_by_number_not_by_position() -> None:
    assert tr_format("%2 of %1", "a", "b") == "b of a"
    assert tr_format("%1, %1 and %2", "x", 3) == "x, x and 3"


def test_an_argument_containing_a_placeholder_is_not_filled_again() -> None:
    assert tr_format("%1 then %2", "50%2", "end") == "50%2 then end"
    assert tr_format("%1 %", "%1") == "%1 %"


def test_missing_arguments_leave_their_placeholders() -> None:
    assert tr_format("%1 of %2; %3 required", "a", "b") == "a of b; %3 required"
    assert tr_format("%1 %0", "x") == "x %0"
    assert tr_format("no placeholders") == "no placeholders"


def test_percent_without_a_digit_and_two_digit_numbers() -> None:
    assert tr_format("Checking… %1 %", 40) == "Checking… 40 %"
    assert tr_format("%10", *"abcdefghij") == "j"
