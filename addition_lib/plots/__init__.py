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
* :mod:`.lstm_diagrams` and :mod:`.lstm_states`: inside the LSTM (notebook 12), one step
  drawn with its gates, the encoder unrolled, the encoder's reading paths and the
  decoder's probabilities.

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
from .lstm_diagrams import GATE_COLOURS, plot_lstm_step, plot_lstm_unrolled
from .lstm_states import (
    answer_confidence,
    plot_answer_probabilities,
    plot_reading_paths,
    reading_paths,
    running_totals,
    share_explained_by_total,
    state_moves,
)

__all__ = [
    "CourseFigure",
    "GATE_COLOURS",
    "answer_confidence",
    "plot_answer_probabilities",
    "plot_lstm_step",
    "plot_lstm_unrolled",
    "plot_reading_paths",
    "reading_paths",
    "running_totals",
    "share_explained_by_total",
    "state_moves",
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
