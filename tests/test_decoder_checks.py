"""The checks of notebook 13 and exercise 8 pass right answers, name wrong ones, and wait for stubs."""

import pytest

from addition_lib.decoder_checks import check_decoder_texts
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
