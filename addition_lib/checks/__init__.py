"""Checks that teach: each runs a student's function on named and random cases.

One module per notebook or exercise (``chapter``, ``ex02_to_100_percent``, ...), and
the shared machinery in :mod:`.core`. Every ``check_...`` function takes the student's
function, calls it on named cases and on random ones drawn with ``seed``, and at the
first wrong result raises ``AssertionError`` naming the exact call, the value expected
and the value received. It prints ``"<name>: all N cases passed"`` when every case is
right, and ``"<name>: not attempted yet"`` while the function is still the stub.
"""

from .chapter import check_split_questions
from .ex02_to_100_percent import check_answer_weights, check_build_tunable_model
from .ex03_model_size_study import check_smallest_reaching
from .ex04_variable_terms import check_to_string_variable_terms
from .ex05_other_operations import check_answer_width, check_evaluate, check_to_string_with_operator
from .ex06_per_term_padding import check_to_string_per_term
from .ex07_reversed_input import check_reverse_inputs
from .ex08_beam_search import check_beam_search, check_best_extensions, check_search_errors
from .ex10_long_addition import check_column_digits, check_number_from_digits
from .nb12_inside_the_lstm import check_lstm_step
from .nb13_teacher_forcing import check_decoder_texts
from .nb15_formats import check_longest_carry_chain

__all__ = [
    "check_answer_weights", "check_answer_width", "check_build_tunable_model", "check_evaluate",
    "check_reverse_inputs", "check_smallest_reaching", "check_split_questions",
    "check_to_string_per_term", "check_to_string_variable_terms", "check_to_string_with_operator",
    "check_beam_search", "check_best_extensions", "check_search_errors", "check_lstm_step",
    "check_decoder_texts", "check_longest_carry_chain", "check_column_digits",
    "check_number_from_digits",
]
