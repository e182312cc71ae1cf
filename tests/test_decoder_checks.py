"""The checks of notebook 13 and exercise 8 pass right answers, name wrong ones, and wait for stubs."""

import numpy as np
import pytest

from addition_lib.beam_search import beam_search, best_extensions, search_errors
from addition_lib.checks import (
    check_beam_search,
    check_best_extensions,
    check_decoder_texts,
    check_search_errors,
)
from addition_lib.teacher_forcing import decoder_texts

# ---------------------------------------------------------------- decoder texts (notebook 13)


def stub(answers):
    # Write your code here.
    raise NotImplementedError


def test_decoder_texts_check_passes_the_reference(capsys):
    check_decoder_texts(decoder_texts)
    assert "all 35 cases passed (5 named, 30 random)" in capsys.readouterr().out


def test_decoder_texts_check_waits_for_a_stub(capsys):
    check_decoder_texts(stub)
    assert "not attempted yet" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, message", [
    (lambda answers: (["." + a for a in answers], ["=" + a for a in answers]), r"gave"),
    (lambda answers: ([a + "." for a in answers], ["=" + a for a in answers]), "swapped"),
    (lambda answers: (["=" + a + "." for a in answers], [a + "." for a in answers]), "never reads it"),
    (lambda answers: (["=" + a for a in answers], ["=" + a + "." for a in answers]), "never writes it"),
    (lambda answers: (list(answers), [a + "." for a in answers]), "not shifted"),
    (lambda answers: (["=" + a for a in answers], list(answers)), "no end symbol"),
    (lambda answers: (["=" + a.rjust(4) for a in answers], [a.rjust(4) + "." for a in answers]), "spaces"),
    (lambda answers: ["=" + a for a in answers] + [a + "." for a in answers], r"\(\['28'\]\) gave"),
    (lambda answers: (["=" + a for a in answers[:1]], [a + "." for a in answers[:1]]), r"\['7', '1998'\]"),
])
def test_decoder_texts_check_names_each_mistake(wrong, message):
    with pytest.raises(AssertionError, match=message):
        check_decoder_texts(wrong)


# ---------------------------------------------------------------- beam search (exercise 8)


def test_beam_checks_pass_the_references(capsys):
    check_best_extensions(best_extensions)
    check_beam_search(beam_search)
    check_search_errors(search_errors)
    out = capsys.readouterr().out
    for name in ("best_extensions", "beam_search", "search_errors"):
        assert f"{name}: all" in out


@pytest.mark.parametrize("check", [check_best_extensions, check_beam_search, check_search_errors])
def test_beam_checks_wait_for_a_stub(check, capsys):
    def stub(*args):
        # Write your code here.
        raise NotImplementedError

    check(stub)
    assert "not attempted yet" in capsys.readouterr().out


def per_beam(scores, log_probs, k):
    """A plausible mistake: the best symbol of each beam, not the best pairs overall."""
    scores, log_probs = np.asarray(scores), np.asarray(log_probs)
    totals = scores[:, None] + log_probs
    order = np.argsort(-totals.max(axis=1), kind="stable")[:k]
    return order, totals[order].argmax(axis=1), totals[order].max(axis=1)


@pytest.mark.parametrize("wrong, message", [
    (lambda s, lp, k: best_extensions(np.zeros_like(s), lp, k), "ranked by log_probs alone"),
    (lambda s, lp, k: tuple(part[::-1] for part in best_extensions(s, lp, k)), "best pair comes first"),
    (lambda s, lp, k: (*best_extensions(s, lp, k)[:2], np.exp(best_extensions(s, lp, k)[2])), "right pairs"),
    (per_beam, r"best_extensions\(np.array\(\[-0.69"),
    (lambda s, lp, k: best_extensions(s, lp, k)[:2], "three arrays"),
])
def test_best_extensions_check_names_each_mistake(wrong, message):
    wrong.__name__ = "best_extensions"
    with pytest.raises(AssertionError, match=message):
        check_best_extensions(wrong)


def extends_finished(step, state, start, end, beam_width, max_length):
    """A plausible mistake: finished answers keep being extended."""
    beams = [(0.0, [], state)]
    for _ in range(max_length):
        candidates = []
        for score, symbols, beam_state in beams:
            log_probs, new_state = step(symbols[-1] if symbols else start, beam_state)
            candidates += [(score + lp, [*symbols, v], new_state) for v, lp in enumerate(log_probs)]
        beams = sorted(candidates, key=lambda c: -c[0])[:beam_width]
    return beams[0][1], beams[0][0]


@pytest.mark.parametrize("wrong, message", [
    (lambda step, state, start, end, width, n: beam_search(step, state, start, end, 1, n), "greedy"),
    (extends_finished, "must be kept as it is"),
    (lambda *args: (beam_search(*args)[0], np.exp(beam_search(*args)[1])), "sum of the log-probabilities"),
    (lambda *args: beam_search(*args)[0], "pair"),
])
def test_beam_search_check_names_each_mistake(wrong, message):
    with pytest.raises(AssertionError, match=message):
        check_beam_search(wrong)


@pytest.mark.parametrize("wrong, message", [
    (lambda t, f, r: ~np.asarray(r, dtype=bool) & (np.asarray(t) < np.asarray(f)), "better search would"),
    (lambda t, f, r: np.ones(len(r), dtype=bool), "that is a model error"),
    (lambda t, f, r: np.ones(len(r), dtype=bool) & (np.asarray(t) >= np.asarray(f)), "no error at all"),
    (lambda t, f, r: ~np.asarray(r, dtype=bool) & (np.asarray(t) >= np.asarray(f)), "equal scores"),
    (lambda t, f, r: ~np.asarray(r, dtype=bool), "model prefers"),
    (lambda t, f, r: (~np.asarray(r, dtype=bool) & (np.asarray(t) > np.asarray(f))).astype(int), "boolean"),
])
def test_search_errors_check_names_each_mistake(wrong, message):
    with pytest.raises(AssertionError, match=message):
        check_search_errors(wrong)
