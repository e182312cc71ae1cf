"""The figure helpers: the numbers behind each figure, the figures, and bad input.

No training here: the learning-curve rows, predictions and encoder vectors are
made up, so the whole file runs in about a second.
"""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure

from addition_lib import all_sum_pairs
from addition_lib.plots import (
    errors_by_first_two,
    errors_by_sum,
    pca,
    plot_encoder_projection,
    plot_error_map,
    plot_learning_curve,
    variance_explained_by,
    window_means,
)

# --------------------------------------------------------------------------
# window_means
# --------------------------------------------------------------------------


def running_rows(batch_values, every, batch_size=32, key="loss"):
    """Rows as BatchLog records them: the running mean of ``batch_values`` every ``every`` batches."""
    rows = []
    for n in range(every, len(batch_values) + 1, every):
        rows.append({"seen": n * batch_size, key: float(np.mean(batch_values[:n]))})
    return rows


def test_window_means_recovers_the_mean_of_each_window():
    values = np.arange(12, dtype=float)  # one value per batch
    rows = running_rows(values, every=3)
    result = window_means(rows, keys=["loss"])
    np.testing.assert_allclose(result["seen"], [96, 192, 288, 384])
    np.testing.assert_allclose(result["loss"], [1.0, 4.0, 7.0, 10.0])


def test_window_means_first_window_equals_first_running_mean():
    rows = [{"seen": 50, "loss": 2.5, "char_accuracy": 0.4, "exact_match": 0.1}]
    result = window_means(rows)
    assert set(result) == {"seen", "loss", "char_accuracy", "exact_match"}
    assert result["loss"].tolist() == [2.5]
    assert result["exact_match"].tolist() == [0.1]


def test_window_means_constant_metric_stays_constant():
    rows = running_rows(np.full(40, 0.75), every=5, key="char_accuracy")
    np.testing.assert_allclose(window_means(rows, keys=["char_accuracy"])["char_accuracy"], 0.75)


@pytest.mark.parametrize(
    ("rows", "keys", "error", "words"),
    [
        ({"seen": 32, "loss": 1.0}, ["loss"], TypeError, "rows must be a list"),
        ([], ["loss"], ValueError, "empty"),
        ([{"seen": 32, "loss": 1.0}], "loss", TypeError, "keys"),
        ([{"seen": 32, "loss": 1.0}], [], TypeError, "keys"),
        ([(32, 1.0)], ["loss"], TypeError, "rows[0] must be a dict"),
        ([{"seen": 32}], ["loss"], ValueError, "rows[0] has no 'loss'"),
        ([{"seen": 32, "loss": "low"}], ["loss"], TypeError, "rows[0]['loss'] must be a number"),
        ([{"seen": 64, "loss": 1.0}, {"seen": 64, "loss": 0.9}], ["loss"], ValueError, "strictly increasing"),
        ([{"seen": 0, "loss": 1.0}], ["loss"], ValueError, "'seen' > 0"),
    ],
)
def test_window_means_rejects_bad_rows(rows, keys, error, words):
    with pytest.raises(error, match=None) as caught:
        window_means(rows, keys)
    assert words in str(caught.value)


def test_plot_learning_curve_returns_two_panels():
    batches = np.linspace(2.0, 0.2, 100)
    rows = running_rows(batches, every=10)
    for row, accuracy in zip(rows, np.linspace(0.3, 0.9, len(rows)), strict=True):
        row["char_accuracy"] = accuracy
        row["exact_match"] = accuracy / 2
    fig = plot_learning_curve(rows)
    assert isinstance(fig, Figure)
    loss_ax, acc_ax = fig.axes
    assert len(loss_ax.lines) == 2  # window mean and running mean of the loss
    assert len(acc_ax.lines) == 4  # the same for each of the two accuracies
    np.testing.assert_allclose(loss_ax.lines[0].get_xdata(), [row["seen"] for row in rows])


def test_figures_show_themselves_as_png_in_jupyter():
    fig = plot_error_map(all_sum_pairs(3, 10), np.ones(1000, dtype=bool))
    assert fig._repr_png_().startswith(b"\x89PNG")


# --------------------------------------------------------------------------
# error maps
# --------------------------------------------------------------------------


@pytest.fixture
def chapter_terms():
    return all_sum_pairs(3, 10)


def test_errors_by_first_two_counts_wrong_answers(chapter_terms):
    correct = chapter_terms.sum(axis=1) >= 8  # wrong on every sum below 8, like the chapter's model
    counts = errors_by_first_two(chapter_terms, correct)
    assert counts.shape == (10, 10)
    assert counts.sum() == (~correct).sum() == 35
    assert counts[0, 0] == 5  # 1+1+c < 8 for c = 1..5
    assert counts[4, 0] == 1  # 5+1+1 only
    assert counts[9, 9] == 0


def test_errors_by_first_two_all_right_is_all_zero(chapter_terms):
    counts = errors_by_first_two(chapter_terms, np.ones(len(chapter_terms), dtype=bool))
    assert counts.dtype.kind == "i" and not counts.any()


def test_errors_by_first_two_uses_given_largest():
    terms = np.array([[1, 2], [2, 2]])
    counts = errors_by_first_two(terms, np.array([False, True]), largest=4)
    assert counts.shape == (4, 4)
    assert counts[0, 1] == 1 and counts.sum() == 1


def test_errors_by_sum(chapter_terms):
    correct = np.ones(len(chapter_terms), dtype=bool)
    correct[chapter_terms.sum(axis=1) == 16] = False
    sums, n_problems, n_wrong = errors_by_sum(chapter_terms, correct)
    assert sums.tolist() == list(range(3, 31))
    assert n_problems.sum() == 1000
    assert n_problems[sums == 3].item() == 1 and n_problems[sums == 16].item() == 75
    assert n_wrong.sum() == 75 and n_wrong[sums == 16].item() == 75


def test_plot_error_map(chapter_terms):
    correct = chapter_terms.sum(axis=1) >= 8
    fig = plot_error_map(chapter_terms, correct)
    assert isinstance(fig, Figure)
    assert "35 wrong of 1,000" in fig.axes[1].get_title()
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), errors_by_first_two(chapter_terms, correct))


@pytest.mark.parametrize(
    ("terms", "correct", "error", "words"),
    [
        ([[1, 2, 3]], [True, False], ValueError, "one entry per problem (1)"),
        ([1, 2, 3], [True], ValueError, "terms must be a 2-D array"),
        ([[1], [2]], [True, True], ValueError, "at least 2 terms"),
        ([[1.5, 2.0]], [True], TypeError, "terms must hold integers"),
        ([[0, 2]], [True], ValueError, "terms must all be >= 1"),
        (np.zeros((0, 3), dtype=int), [], ValueError, "at least one problem"),
        ([[1, 2]], [1], TypeError, "correct must be a boolean array"),
        ([[1, 2]], [[True]], ValueError, "correct must be a 1-D array"),
        ([[1, 2], [3]], [True, True], ValueError, "terms must be a rectangular array"),
    ],
)
def test_error_helpers_reject_bad_input(terms, correct, error, words):
    for function in (errors_by_first_two, errors_by_sum, plot_error_map):
        with pytest.raises(error) as caught:
            function(terms, correct)
        assert words in str(caught.value)


def test_errors_by_first_two_rejects_terms_above_largest():
    with pytest.raises(ValueError, match=r"<= largest=2, got 3"):
        errors_by_first_two([[1, 3]], [True], largest=2)
    with pytest.raises(TypeError, match="largest must be an integer"):
        errors_by_first_two([[1, 3]], [True], largest=2.5)


# --------------------------------------------------------------------------
# pca and the encoder projection
# --------------------------------------------------------------------------


def test_pca_shapes_and_variance_shares():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(200, 6)) * [5.0, 3.0, 1.0, 0.5, 0.2, 0.1]
    coords, explained = pca(vectors, 3)
    assert coords.shape == (200, 3) and explained.shape == (3,)
    assert np.all(np.diff(explained) < 0) and explained.sum() < 1
    np.testing.assert_allclose(coords.mean(axis=0), 0, atol=1e-12)
    # The projections are uncorrelated, and their variances are the largest eigenvalues of the covariance.
    covariance = np.cov(coords, rowvar=False)
    np.testing.assert_allclose(covariance - np.diag(np.diag(covariance)), 0, atol=1e-10)
    eigenvalues = np.sort(np.linalg.eigvalsh(np.cov(vectors, rowvar=False)))[::-1]
    np.testing.assert_allclose(np.diag(covariance), eigenvalues[:3])
    np.testing.assert_allclose(explained, eigenvalues[:3] / eigenvalues.sum())


def test_pca_of_points_on_a_line_finds_the_line():
    t = np.linspace(-1, 1, 11)
    direction = np.array([3.0, 4.0]) / 5
    vectors = np.outer(t, direction) + [10.0, -2.0]
    coords, explained = pca(vectors, 2)
    np.testing.assert_allclose(explained, [1.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(np.abs(coords[:, 0]), np.abs(t), atol=1e-12)
    np.testing.assert_allclose(coords[:, 1], 0, atol=1e-12)


def test_pca_sign_is_fixed():
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(50, 4))
    coords, _ = pca(vectors, 2)
    flipped, _ = pca(-vectors, 2)
    # Negating the data negates the loadings; the rule "largest loading positive" undoes that.
    np.testing.assert_allclose(flipped, -coords, atol=1e-10)


def test_pca_accepts_integers_and_constant_data():
    coords, explained = pca(np.ones((5, 3), dtype=int), 2)
    assert coords.shape == (5, 2)
    np.testing.assert_array_equal(explained, [0.0, 0.0])


@pytest.mark.parametrize(
    ("vectors", "n_components", "error", "words"),
    [
        (np.zeros(5), 2, ValueError, "vectors must be a 2-D array"),
        (np.zeros((1, 5)), 1, ValueError, "at least 2 rows"),
        (np.zeros((4, 3)), 4, ValueError, "n_components must be at most min(n_samples, n_features) = 3, got 4"),
        (np.zeros((4, 3)), 0, ValueError, "n_components must be an integer >= 1, got 0"),
        (np.zeros((4, 3)), 2.0, TypeError, "n_components must be an integer"),
        (np.array([[0.0, np.nan], [1.0, 2.0]]), 1, ValueError, "finite"),
        (np.array([["a", "b"], ["c", "d"]]), 1, TypeError, "vectors must hold real numbers"),
    ],
)
def test_pca_rejects_bad_input(vectors, n_components, error, words):
    with pytest.raises(error) as caught:
        pca(vectors, n_components)
    assert words in str(caught.value)


def test_plot_encoder_projection_orders_sums_left_to_right():
    rng = np.random.default_rng(2)
    sums = np.repeat(np.arange(3, 31), 5)
    # Fake "encoder vectors": the sum, decreasing along one direction, plus a little noise.
    vectors = np.outer(-sums, rng.normal(size=8)) + rng.normal(scale=0.1, size=(len(sums), 8))
    fig = plot_encoder_projection(vectors, sums)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    x = ax.collections[0].get_offsets()[:, 0]
    assert np.corrcoef(x, sums)[0, 1] > 0.99
    assert len(ax.texts) == 28  # one label per sum
    assert "of the variance" in ax.get_xlabel()
    assert len(plot_encoder_projection(vectors, sums, label_sums=False).axes[0].texts) == 0


def test_plot_encoder_projection_rejects_mismatched_sums():
    with pytest.raises(ValueError, match=r"one entry per row of vectors \(4\), got 3"):
        plot_encoder_projection(np.eye(4), [1, 2, 3])
    with pytest.raises(TypeError, match="sums must hold numbers"):
        plot_encoder_projection(np.eye(4), ["a", "b", "c", "d"])


def test_plot_encoder_projection_title():
    vectors, sums = np.eye(4), [1, 2, 3, 4]
    assert plot_encoder_projection(vectors, sums, title="Untrained").axes[0].get_title() == "Untrained"
    with pytest.raises(TypeError, match="title must be a string or None, got 3"):
        plot_encoder_projection(vectors, sums, title=3)


def test_variance_explained_by_extremes():
    groups = np.repeat([1, 2, 3], 4)
    means = np.array([[0.0, 1.0], [5.0, -2.0], [1.0, 7.0]])
    assert variance_explained_by(means[groups - 1], groups) == pytest.approx(1.0)
    # Every group holds the same four rows, so the group means are all equal: the group explains nothing.
    rows = np.array([[0.0, 1.0], [2.0, 3.0], [-1.0, 4.0], [3.0, 3.0]])
    assert variance_explained_by(np.tile(rows, (3, 1)), groups) == pytest.approx(0.0, abs=1e-12)


def test_variance_explained_by_matches_a_direct_computation():
    rng = np.random.default_rng(3)
    groups = rng.integers(0, 5, size=60)
    vectors = rng.normal(size=(60, 3)) + groups[:, None]
    centred = vectors - vectors.mean(axis=0)
    fitted = np.array([centred[groups == g].mean(axis=0) for g in groups])
    expected = (fitted**2).sum() / (centred**2).sum()
    assert variance_explained_by(vectors, groups) == pytest.approx(expected)
    assert 0 < variance_explained_by(vectors, groups) < 1


def test_variance_explained_by_rejects_bad_input():
    with pytest.raises(ValueError, match=r"one entry per row of vectors \(3\), got 2"):
        variance_explained_by(np.eye(3), [1, 2])
    with pytest.raises(ValueError, match="spread is zero"):
        variance_explained_by(np.ones((3, 2)), [1, 2, 3])
    with pytest.raises(TypeError, match="groups must hold numbers"):
        variance_explained_by(np.eye(3), ["a", "b", "c"])
