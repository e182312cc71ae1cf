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


# Every function with declared constraints follows the rules, checked generically:
# one valid call per function, then each declared argument replaced by a bad value.
SAMPLE_CALLS = {
    "random_sum_pairs": dict(n_examples=2, n_numbers=3, largest=10, seed=1),
    "to_string": dict(X=[[3, 10]], y=[13], n_numbers=2, largest=10),
    "integer_encode": dict(X=[" 3+10"], y=["13"]),
    "one_hot_encode": dict(X=[[1, 2]], y=[[3]], max_int=12),
    "invert": dict(seq=np.eye(12)[[1, 3]]),
    "to_string_per_term": dict(X=[[3, 10]], y=[13], n_numbers=2, largest=10),
    "to_string_with_operator": dict(X=[[3, 10]], y=[-7], n_numbers=2, largest=10, operator="-"),
    "reverse_inputs": dict(X_str=[" 3+10"], y_str=["13"]),
    "to_string_variable_terms": dict(X=[[3, 10], [9, 6, 9]], y=[13, 24], max_terms=3, largest=10),
}


def _decorated():
    from addition_lib import step_by_step

    return {name: getattr(step_by_step, name) for name in SAMPLE_CALLS}


def test_every_public_step_declares_its_constraints():
    import inspect

    from addition_lib import step_by_step

    public = [name for name, value in vars(step_by_step).items()
              if inspect.isfunction(value) and not name.startswith("_")
              and value.__module__ == step_by_step.__name__
              and name not in {"left_pad", "write_question", "write_answer", "format_questions"}]
    assert sorted(public) == sorted(SAMPLE_CALLS)
    for name in public:
        assert getattr(step_by_step, name).constraints, name


@pytest.mark.parametrize("name", sorted(SAMPLE_CALLS))
def test_declared_integers_refuse_bool_and_accept_numpy_integers(name):
    from addition_lib.validation import Integer

    function, call = _decorated()[name], SAMPLE_CALLS[name]
    expected = function(**call)
    for param, constraint in function.constraints.items():
        if not isinstance(constraint, Integer) or param not in call:
            continue
        with pytest.raises(TypeError, match=f"{param} must be an integer, got True"):
            function(**{**call, param: True})
        with pytest.raises(TypeError, match=f"{param} must be an integer, got nan"):
            function(**{**call, param: float("nan")})
        assert function(**{**call, param: np.int64(call[param])}) == expected


@pytest.mark.parametrize("name", sorted(SAMPLE_CALLS))
def test_declared_lists_of_strings_refuse_a_single_string(name):
    from addition_lib.validation import Texts

    function, call = _decorated()[name], SAMPLE_CALLS[name]
    for param, constraint in function.constraints.items():
        if isinstance(constraint, Texts):
            with pytest.raises(TypeError, match=f"{param} must be a list of strings"):
                function(**{**call, param: "13"})


def test_a_declared_seed_refuses_negative_and_non_integers():
    function, call = _decorated()["random_sum_pairs"], SAMPLE_CALLS["random_sum_pairs"]
    with pytest.raises(ValueError, match="seed must be an integer >= 0, got -1"):
        function(**{**call, "seed": -1})
    with pytest.raises(TypeError, match="seed must be an integer"):
        function(**{**call, "seed": 1.0})


def test_validate_refuses_a_constraint_for_a_missing_parameter():
    from addition_lib.validation import Integer, validate

    with pytest.raises(TypeError, match=r"has no parameters \['n'\]"):
        validate(n=Integer(0))(lambda m: m)
