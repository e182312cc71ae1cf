"""Single-use orchestration for the exercises, one module per experiment.

* :mod:`.throughput`: what a training step costs on this machine (exercise 2).
* :mod:`.time_to_target`: training to a target exact-match, timed, and a tuner that
  searches for the fastest configuration (exercise 2); :mod:`.baselines`: the chapter's
  and keras-io's recipes, timed the same way.
* :mod:`.model_size`: model size against problem size, a KerasTuner grid (exercise 3),
  also a command line: ``python -m addition_lib.experiments.model_size --help``.
* :mod:`.variable_terms`: one problem with 2 to 5 terms, a small search by validation
  exact-match, and training draws that favour rare answers (exercise 4).
* :mod:`.operators`: one model per operator, tuned, and where its errors fall (exercise
  5).
* :mod:`.formats`: learning curves of two ways of writing the input, across seeds
  (exercises 6 and 7).

The pieces they share live in the library proper: the model
(:mod:`addition_lib.model`), training and held-out scores (:mod:`addition_lib.training`),
held-out sets (:mod:`addition_lib.splits`), tuners (:mod:`addition_lib.tuners`) and
figures (:mod:`addition_lib.plots`).
"""
