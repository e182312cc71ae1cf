"""Train the chapter's model headless: ``python -m addition_lib --help``."""

from __future__ import annotations

import argparse
import time

from .problem import AdditionProblem
from .training import (
    CHAPTER_BATCH_SIZE,
    CHAPTER_EPOCHS,
    CHAPTER_MODEL_PATH,
    CHAPTER_SAMPLES,
)
from .validation import check_int


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m addition_lib",
        description=(
            "Train the chapter's encoder-decoder LSTM to add, score it on every problem "
            "(or on a random sample when there are too many to list), print ten "
            "predictions and save the model. The defaults are the chapter's recipe."
        ),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--n-numbers", type=int, default=3, help="terms per sum")
    parser.add_argument(
        "--largest",
        type=int,
        default=10,
        help="largest value of a term (terms are 1..largest)",
    )
    parser.add_argument(
        "--samples", type=int, default=CHAPTER_SAMPLES, help="random training sums"
    )
    parser.add_argument(
        "--epochs", type=int, default=CHAPTER_EPOCHS, help="passes over the training sums"
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=CHAPTER_BATCH_SIZE,
        help="sums per gradient step",
    )
    parser.add_argument(
        "--encoder-units", type=int, default=75, help="memory cells in the encoder LSTM"
    )
    parser.add_argument(
        "--decoder-units", type=int, default=50, help="memory cells in the decoder LSTM"
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="seed for the weights and the data"
    )
    parser.add_argument(
        "--predictions", type=int, default=10, help="example predictions to print"
    )
    parser.add_argument(
        "--output", default=str(CHAPTER_MODEL_PATH), help="where to save the .keras model"
    )
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        problem = AdditionProblem(args.n_numbers, args.largest)
        for name in ("samples", "epochs", "batch_size", "encoder_units", "decoder_units"):
            check_int(name, getattr(args, name), minimum=1)
        check_int("predictions", args.predictions, minimum=0)
        check_int("seed", args.seed, minimum=0)
        if not args.output.endswith(".keras"):
            raise ValueError(f"output must end in '.keras', got {args.output!r}")
    except (TypeError, ValueError) as error:
        parser.error(str(error))

    from .data import generate_data
    from .evaluation import prediction_lines, score_model
    from .model import save_model
    from .training import train_model

    print(
        f"Problem: {problem.n_numbers} terms of 1..{problem.largest}, "
        f"{problem.n_problems:,} possible sums"
    )
    started = time.perf_counter()
    model, _ = train_model(
        problem,
        n_samples=args.samples,
        epochs=args.epochs,
        batch_size=args.batch_size,
        encoder_units=args.encoder_units,
        decoder_units=args.decoder_units,
        seed=args.seed,
        verbose=1,
    )
    print(f"Training took {time.perf_counter() - started:.1f} s")
    print(score_model(model, seed=args.seed + 1))
    if args.predictions:
        X, y = generate_data(
            args.predictions,
            problem.n_numbers,
            problem.largest,
            problem.alphabet,
            seed=args.seed + 2,
        )
        print("\n".join(prediction_lines(model, X, y)))
    print(f"Saved the model to {save_model(model, args.output)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
