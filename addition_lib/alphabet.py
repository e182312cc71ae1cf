"""The symbols a sum is written with, and their integer codes.

The chapter's alphabet has twelve symbols: the ten digits, the plus sign and
the space used for padding. A symbol's code is its position in the alphabet,
so ``'0'`` is 0, ``'+'`` is 10 and ``' '`` is 11.
"""

from __future__ import annotations

from collections.abc import Sequence

PAD = " "
PLUS = "+"
DIGITS = tuple("0123456789")
ALPHABET: tuple[str, ...] = DIGITS + (PLUS, PAD)


def check_alphabet(
    alphabet: Sequence[str], *, required: Sequence[str] = (*DIGITS, PLUS, PAD)
) -> tuple[str, ...]:
    """Validate ``alphabet`` and return it as a tuple.

    An alphabet is a sequence of distinct one-character strings that holds every
    symbol in ``required`` (by default the digits, ``'+'`` and the padding space).
    """
    if isinstance(alphabet, str) or not isinstance(alphabet, Sequence):
        raise TypeError(
            f"alphabet must be a list or tuple of one-character strings, got {alphabet!r}"
        )
    for position, symbol in enumerate(alphabet):
        if not isinstance(symbol, str) or len(symbol) != 1:
            raise ValueError(
                f"alphabet must hold one-character strings, got {symbol!r} at position {position}"
            )
    seen: dict[str, int] = {}
    for position, symbol in enumerate(alphabet):
        if symbol in seen:
            raise ValueError(
                f"alphabet has the symbol {symbol!r} twice (positions {seen[symbol]} and {position})"
            )
        seen[symbol] = position
    missing = [symbol for symbol in required if symbol not in seen]
    if missing:
        names = {PAD: "the padding symbol ' '", PLUS: "the plus symbol '+'"}
        described = ", ".join(names.get(symbol, repr(symbol)) for symbol in missing)
        raise ValueError(f"alphabet {list(alphabet)!r} is missing {described}")
    return tuple(alphabet)


def char_to_int(alphabet: Sequence[str]) -> dict[str, int]:
    """Map each symbol to its code (its position in ``alphabet``)."""
    return {symbol: code for code, symbol in enumerate(alphabet)}
