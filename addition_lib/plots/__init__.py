"""Every figure of the course.

Every ``plot_*`` function builds a :class:`matplotlib.figure.Figure` without
pyplot and returns it. In a notebook the figure appears when it is the last
expression of a cell, exactly once (it knows how to show itself as a PNG, so
this works whether or not pyplot was imported); outside a notebook,
``fig.savefig(path)`` writes it to a file. No figure is left behind in
pyplot's global list.

* :mod:`.chapter`: the learning curve of one epoch (notebook 08), the error map
  (notebook 09) and the encoder's vectors in 2-D (notebook 11), with the plain
  functions that compute the numbers behind them.
* :mod:`.exercises`: learning curves across seeds (exercises 6 and 7), the model-size
  grid (exercise 3) and exact-match against time (exercise 2).

Importing them needs only NumPy and matplotlib, never Keras.
"""

from .chapter import (
    LEARNING_CURVE_KEYS,
    errors_by_first_two,
    errors_by_sum,
    pca,
    plot_encoder_projection,
    plot_error_map,
    plot_learning_curve,
    variance_explained_by,
    window_means,
)
from .exercises import plot_curve_panels, plot_study, plot_time_to_accuracy
from .figure import CourseFigure

__all__ = [
    "CourseFigure",
    "LEARNING_CURVE_KEYS",
    "errors_by_first_two",
    "errors_by_sum",
    "pca",
    "plot_curve_panels",
    "plot_encoder_projection",
    "plot_error_map",
    "plot_learning_curve",
    "plot_study",
    "plot_time_to_accuracy",
    "variance_explained_by",
    "window_means",
]
