"""Checks for exercise 1 (ten sequence-to-sequence problems): sort problems by the
shapes of their data.

A prediction problem is *one* or *many* on each side: one step (a photo, a single
number, a label) or a sequence of steps. Many-to-many problems come in two kinds: one
output step per input step (same length), or lengths that are free of each other, the
kind an encoder-decoder is built for. :data:`SEQUENCE_PROBLEMS` lists problems with an
example of each side; the student names each one's kind in a dict, and
:func:`check_sequence_kinds` says which are wrong and where to look, without giving the
answer away.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .core import CheckFailed, teaching_check

KINDS = (
    "one-to-one",
    "one-to-many",
    "many-to-one",
    "many-to-many, same length",
    "many-to-many, lengths differ",
)
"""The five kinds, as the student writes them."""


@dataclass(frozen=True)
class SequenceProblem:
    """One problem: an example input and output, its kind, and a hint for each side."""

    example_in: str
    example_out: str
    kind: str
    hint: str


SEQUENCE_PROBLEMS: dict[str, SequenceProblem] = {
    "adding (this course)": SequenceProblem(
        "'  9+10+9'",
        "'28'",
        "many-to-many, lengths differ",
        "8 characters in, 2 out; other sums change both",
    ),
    "house price from floor area": SequenceProblem(
        "84 (square metres)",
        "310000 (euros)",
        "one-to-one",
        "how many steps is one number on each side?",
    ),
    "review to rating": SequenceProblem(
        "'the soup was cold'",
        "2 stars",
        "many-to-one",
        "the words are read in order; how many steps does the rating take?",
    ),
    "photo to caption": SequenceProblem(
        "one photo",
        "'a dog on a beach'",
        "one-to-many",
        "a single photo is one input step, however many pixels it has",
    ),
    "tagging each word": SequenceProblem(
        "'dogs chase cats'",
        "'noun verb noun'",
        "many-to-many, same length",
        "count the output steps for each input step",
    ),
    "translation": SequenceProblem(
        "'the red car'",
        "'la voiture rouge'",
        "many-to-many, lengths differ",
        "'I am hungry' is 'j'ai faim': must the counts agree?",
    ),
    "speech to text": SequenceProblem(
        "100 audio frames, one per 10 ms",
        "'hello'",
        "many-to-many, lengths differ",
        "does a word take as many letters as audio frames?",
    ),
    "tomorrow's temperature": SequenceProblem(
        "the last 7 daily readings",
        "1 reading",
        "many-to-one",
        "how many steps does the forecast of one day take?",
    ),
    "upper-casing": SequenceProblem(
        "'knight'",
        "'KNIGHT'",
        "many-to-many, same length",
        "count the letters on each side, for any word",
    ),
    "melody from a mood": SequenceProblem(
        "the label 'calm'",
        "a tune of 32 notes",
        "one-to-many",
        "one label in; how many notes out?",
    ),
}
"""The problems of the exercise; ``adding (this course)`` is the worked example."""


def blank_answers() -> dict[str, str | None]:
    """Every problem with ``None`` as its kind, except the worked example."""
    answers = dict.fromkeys(SEQUENCE_PROBLEMS)
    answers["adding (this course)"] = SEQUENCE_PROBLEMS["adding (this course)"].kind
    return answers


def _sides(kind: str) -> tuple[str, str, str]:
    if kind.startswith("many-to-many"):
        return "many", "many", kind.split(", ")[1]
    first, second = kind.split("-to-")
    return first, second, ""


def _what_is_wrong(given: str, wanted: str) -> str:
    (given_in, given_out, _), (wanted_in, wanted_out, _) = _sides(given), _sides(wanted)
    wrong = [
        side
        for side, a, b in (
            ("input", given_in, wanted_in),
            ("output", given_out, wanted_out),
        )
        if a != b
    ]
    if wrong:
        return f"look again at the {' and the '.join(wrong)}"
    return "the input and the output are right; look again at the lengths"


@teaching_check
def check_sequence_kinds(answers) -> None:
    """Check the student's ``{problem: kind}`` for the problems of
    :data:`SEQUENCE_PROBLEMS`.

    Each kind must be one of :data:`KINDS`. ``None`` means "not answered yet": an answer
    with nothing but ``None`` (apart from the worked example) is not attempted, and a
    partial one is reported as progress. A wrong kind raises :class:`CheckFailed` naming
    the problem, the side to look at again, and a hint.
    """
    if not isinstance(answers, Mapping):
        raise CheckFailed(
            f"answers must be a dict {{problem: kind}}, got {answers!r:.100}"
        )
    unknown = [name for name in answers if name not in SEQUENCE_PROBLEMS]
    if unknown:
        raise CheckFailed(
            f"{unknown[0]!r} is not one of the problems; they are "
            f"{list(SEQUENCE_PROBLEMS)}"
        )
    todo = [name for name in SEQUENCE_PROBLEMS if answers.get(name) is None]
    if len(todo) >= len(SEQUENCE_PROBLEMS) - 1:
        print(
            "check_sequence_kinds: not attempted yet (every kind is still None). "
            "Fill in a kind for each problem, then run this check again."
        )
        return
    for name, problem in SEQUENCE_PROBLEMS.items():
        given = answers.get(name)
        if given is None:
            continue
        if not isinstance(given, str) or given.strip().lower() not in KINDS:
            raise CheckFailed(
                f"{name!r}: {given!r} is not one of the kinds {list(KINDS)}"
            )
        given = given.strip().lower()
        if given != problem.kind:
            raise CheckFailed(
                f"{name!r} ({problem.example_in} -> {problem.example_out}) is not "
                f"{given!r}: "
                f"{_what_is_wrong(given, problem.kind)}. Hint: {problem.hint}."
            )
    if todo:
        print(
            f"check_sequence_kinds: {len(SEQUENCE_PROBLEMS) - len(todo)} of "
            f"{len(SEQUENCE_PROBLEMS)} "
            f"right so far; still to answer: {', '.join(todo)}."
        )
        return
    print(f"check_sequence_kinds: all {len(SEQUENCE_PROBLEMS)} problems right.")
