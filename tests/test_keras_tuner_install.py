"""KerasTuner's stock tuners work in the course's environment.

KerasTuner 1.4 imports ``tensorboard`` at the start of every trial on the TensorFlow backend,
so a student who writes ``keras_tuner.RandomSearch(...)`` in an exercise needs it installed.
"""

import numpy as np
import pytest

from addition_lib import keras


# Upstream deprecations inside KerasTuner's threading calls and Keras's weight saving; not ours to fix.
@pytest.mark.filterwarnings("ignore::DeprecationWarning:keras_tuner.*")
@pytest.mark.filterwarnings("ignore::DeprecationWarning:keras.*")
def test_a_stock_random_search_runs_a_trial(tmp_path):
    import keras_tuner

    def build(hp):
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(hp.Choice("units", [2, 4])),
                                  keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        return model

    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(32, 3)), rng.normal(size=(32, 1))
    tuner = keras_tuner.RandomSearch(build, objective="val_loss", max_trials=1, seed=1,
                                     directory=tmp_path, project_name="stock")
    tuner.search(x, y, validation_data=(x, y), epochs=1, verbose=0)
    trials = tuner.oracle.get_best_trials(1)
    assert len(trials) == 1 and trials[0].status == "COMPLETED"
