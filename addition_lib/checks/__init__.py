"""Checks that teach: each runs a student's function on named and random cases.

One module per notebook or exercise (``chapter_data`` and ``chapter_model`` for the
chapter notebooks' your-turn cells, ``ex01_seq2seq_problems``, ``ex02_to_100_percent``,
...), the shared machinery in :mod:`.core`, model and search-space judging in
:mod:`.models`, and the fairness check of exercises 6 and 7 in :mod:`.fair_comparison`.
Every ``check_...`` function takes the student's work, tries it on named and random
cases (drawn with ``seed``) and, at the first wrong result, raises
:class:`~.core.CheckFailed` (an ``AssertionError``) naming the exact call, the value
expected and the value received. It prints ``"<name>: all N cases passed"`` when every
case is right, and ``"<name>: not attempted yet"`` while the work is still the stub."""

from importlib import import_module

# Each check is imported when first used, so that a notebook that needs only NumPy does
# not
# wait for Keras.
_MODULES = {
    "CheckFailed": "core",
    "check_chapter_model": "chapter_model",
    "check_integer_encode": "chapter_data",
    "check_invert": "chapter_data",
    "check_lstm_parameters": "chapter_model",
    "check_one_hot_encode": "chapter_data",
    "check_prediction_line": "chapter_model",
    "check_random_sum_pairs": "chapter_data",
    "check_split_questions": "chapter_model",
    "check_to_string": "chapter_data",
    "check_sequence_kinds": "ex01_seq2seq_problems",
    "check_answer_weights": "ex02_to_100_percent",
    "check_build_tunable_model": "ex02_to_100_percent",
    "check_smallest_reaching": "ex03_model_size_study",
    "check_to_string_variable_terms": "ex04_variable_terms",
    "check_answer_width": "ex05_other_operations",
    "check_evaluate": "ex05_other_operations",
    "check_to_string_with_operator": "ex05_other_operations",
    "check_to_string_per_term": "ex06_per_term_padding",
    "check_reverse_inputs": "ex07_reversed_input",
    "check_fair_runs": "fair_comparison",
    "check_lstm_step": "nb12_inside_the_lstm",
    "check_decoder_texts": "nb13_teacher_forcing",
    "check_beam_search": "ex08_beam_search",
    "check_best_extensions": "ex08_beam_search",
    "check_search_errors": "ex08_beam_search",
    "check_attention_weights": "nb14_attention",
    "check_additive_weights": "ex09_attention",
    "check_setups": "ex09_attention",
    "check_longest_carry_chain": "nb15_formats",
    "check_column_digits": "ex10_long_addition",
    "check_number_from_digits": "ex10_long_addition",
}

__all__ = sorted(_MODULES)


def __getattr__(name):
    if name in _MODULES:
        value = getattr(import_module(f".{_MODULES[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
