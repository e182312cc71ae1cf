"""The library's rules for bad input, each tested (see addition_lib.validation)."""

import numpy as np
import pytest

import addition_lib as al
from addition_lib.questions import Questions, random_questions
from addition_lib.validation import check_fits_in_memory, check_int, check_real


def test_numpy_scalars_are_accepted_where_python_numbers_are():
    X, y = al.generate_data(np.int64(5), np.int32(3), np.uint8(10), seed=np.int64(1))
    assert X.shape == (5, 8, 12)
    assert al.random_sum_pairs(np.int16(2), 3, 10, seed=np.int64(4)) == al.random_sum_pairs(2, 3, 10, seed=4)
    assert check_real("rate", np.float32(0.5)) == 0.5
    assert al.ArithmeticProblem(3, 10, reverse=np.bool_(True)).reverse is True


@pytest.mark.parametrize("call", [
    lambda: al.generate_data(True, 3, 10),
    lambda: al.generate_data(5, True, 10),
    lambda: al.random_sum_pairs(5, 3, False),
    lambda: al.ArithmeticProblem(n_terms=True),
])
def test_bool_is_not_an_integer_size_or_term(call):
    with pytest.raises(TypeError, match="must be an integer, got (True|False)"):
        call()


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_nan_and_infinity_are_refused_where_a_number_is_needed(value):
    with pytest.raises(ValueError, match="rate must be a finite number"):
        check_real("rate", value)
    with pytest.raises(TypeError, match="n_samples must be an integer"):
        al.generate_data(value, 3, 10)


@pytest.mark.parametrize("seed, error", [(-1, ValueError), (1.5, TypeError), ("1", TypeError), (True, TypeError)])
def test_a_seed_is_a_non_negative_integer_or_a_generator(seed, error):
    with pytest.raises(error, match="seed must be an integer"):
        al.generate_data(3, 3, 10, seed=seed)
    with pytest.raises(error, match="seed must be an integer"):
        al.random_sum_pairs(3, 3, 10, seed=seed)


def test_a_generator_is_a_seed():
    a = al.generate_data(4, 3, 10, seed=np.random.default_rng(7))
    b = al.generate_data(4, 3, 10, seed=np.random.default_rng(7))
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def test_sizes_that_cannot_fit_in_memory_are_refused_before_allocating():
    with pytest.raises(ValueError, match=r"n_samples=10,000,000,000,000 would need about .* GiB"):
        al.generate_data(10**13, 3, 10)
    with pytest.raises(ValueError, match=r"n_samples=.* would need"):
        random_questions(al.ArithmeticProblem(2, 999), 10**13)
    with pytest.raises(ValueError, match=r"n_examples=.* would need"):
        al.random_sum_pairs(10**13, 3, 10)
    check_fits_in_memory("n", 10, 1000)  # small sizes pass


def test_strings_are_not_split_into_characters():
    with pytest.raises(TypeError, match="texts must be a list of strings"):
        Questions.from_texts("9+10+9")
    with pytest.raises(TypeError):
        al.reverse_inputs("9+1", ["10"])


def test_a_space_inside_a_number_is_refused():
    with pytest.raises(ValueError, match="has a space inside a number"):
        Questions.from_texts(["1 0+6"])
    with pytest.raises(ValueError, match="has a space inside a number"):
        al.encode_question("1 0+6", al.CHAPTER_PROBLEM)
    assert Questions.from_texts(["10 + 6"]).rows() == [[10, 6]]


def test_an_unknown_operator_is_refused_by_name():
    with pytest.raises(ValueError, match="has '%', which is neither a digit nor one of the operators"):
        Questions.from_texts(["10%6"])
    with pytest.raises(ValueError, match="character '-' at position 1"):
        al.encode_question("7-2", al.CHAPTER_PROBLEM)


def test_empty_inputs_work_consistently():
    X, y = al.generate_data(0, 3, 10, seed=1)
    assert X.shape == (0, 8, 12) and y.shape == (0, 2, 12)
    assert al.random_sum_pairs(0, 3, 10, seed=1) == ([], [])
    assert len(random_questions(al.CHAPTER_PROBLEM, 0, seed=1)) == 0
    with pytest.raises(ValueError, match="expression must be whole numbers"):
        al.encode_question("", al.CHAPTER_PROBLEM)


def test_check_int_names_the_parameter_and_the_value():
    with pytest.raises(ValueError, match="units must be an integer >= 1, got 0"):
        check_int("units", 0, minimum=1)
    with pytest.raises(TypeError, match=r"units must be an integer, got 2.0 \(float\)"):
        check_int("units", 2.0)
