"""Tested helpers for the encoder-decoder LSTM course ("learn to add").

The data pipeline (``random_sum_pairs`` ... ``invert``, ``generate_data``) needs
only NumPy and imports instantly. The model helpers import Keras the first time
one of them is used.
"""

from importlib import import_module

from .alphabet import ALPHABET, DIGITS, PAD, PLUS, check_alphabet
from .course.display import show_source
from .data import (
    all_sum_pairs,
    answer_texts,
    answers_to_ints,
    decode_batch,
    encode_questions,
    encode_sum_pairs,
    exact_match_by_block,
    generate_arithmetic_data,
    generate_data,
    question_texts,
    random_terms,
    read_questions,
)
from .problem import (
    CHAPTER_PROBLEM,
    AdditionProblem,
    ArithmeticProblem,
    problem_from_dict,
)
from .questions import Questions, random_questions
from .rules import OPERATORS, answer_width, evaluate, input_length, output_length
from .splits import HeldOutSplit, held_out_split, split_questions
from .step_by_step import (
    integer_encode,
    invert,
    one_hot_encode,
    random_sum_pairs,
    reverse_inputs,
    to_string,
    to_string_per_term,
    to_string_variable_terms,
    to_string_with_operator,
)

_LAZY = {
    "keras": "quiet",
    "build_model": "model",
    "ExactMatch": "model",
    "exact_match": "model",
    "save_model": "model",
    "load_model": "model",
    "encoder_of": "model",
    "Score": "evaluation",
    "accuracies": "evaluation",
    "score_model": "evaluation",
    "prediction_lines": "evaluation",
    "ask": "evaluation",
    "encode_question": "evaluation",
    "BatchLog": "training",
    "HeldOutScore": "training",
    "train_model": "training",
    "load_or_train_chapter_model": "training",
    "CHAPTER_MODEL_PATH": "training",
}

__all__ = [
    "ALPHABET",
    "DIGITS",
    "PAD",
    "PLUS",
    "check_alphabet",
    "all_sum_pairs",
    "decode_batch",
    "encode_sum_pairs",
    "generate_data",
    "random_terms",
    "input_length",
    "output_length",
    "CHAPTER_PROBLEM",
    "AdditionProblem",
    "show_source",
    "integer_encode",
    "invert",
    "one_hot_encode",
    "random_sum_pairs",
    "to_string",
    "OPERATORS",
    "ArithmeticProblem",
    "answer_width",
    "evaluate",
    "problem_from_dict",
    "answer_texts",
    "answers_to_ints",
    "encode_questions",
    "exact_match_by_block",
    "generate_arithmetic_data",
    "question_texts",
    "read_questions",
    "reverse_inputs",
    "to_string_per_term",
    "to_string_variable_terms",
    "to_string_with_operator",
    "Questions",
    "random_questions",
    "HeldOutSplit",
    "held_out_split",
    "split_questions",
    *_LAZY,
]


def __getattr__(name):
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
