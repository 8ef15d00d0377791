"""A machine coder that runs offline and is measured as a coder.

The humans' coded meaning units train a text classifier (by default scikit-learn only: TF-IDF
on character 2–5-grams and word uni/bigrams, class-balanced one-vs-rest logistic regression,
seeded; with the ``replicate[embed]`` extra, ``model="e5"`` puts multilingual-e5-small
sentence embeddings under the same head) that suggests a code, with its probability, for each
unit still to code, and abstains below a threshold. The cohort's tables allow one code per
unit (``codings`` is keyed by ``unit_id, coder``), so it suggests one code.

It is scored the way a second human coder would be: leave-one-interview-out predictions on
the double-coded units (no unit of the interview being scored is ever in the training
set), then Cohen's kappa, Krippendorff's alpha and Gwet's AC1 with bootstrap intervals
between the machine and each human coder, beside the human coders' own figures, overall
and per code with the code's prevalence, all from :mod:`replicate.reliability`. A learning
curve shows the agreement against the share of coded units it learned from.

Nothing leaves the machine: no text is sent anywhere and no weights are downloaded. The
suggestions are a codings table of coder ``"machine"``, kept apart from the human
reliability figures, for coders to review (also as a REFI-QDA project). See
``docs/machine-coding.md``.
"""

from __future__ import annotations

from ._analyse import REVIEW_COLUMNS, MachineCodingResult, analyse_machine_coding
from ._curve import CURVE_COLUMNS, learning_curve, learning_curve_figure
from ._embed import EMBED_DIM, EMBED_HINT, SentenceEncoder, embed_available
from ._examples import (
    EXAMPLE_COLUMNS,
    TrainOn,
    coded_mask,
    sample_examples,
    training_examples,
    units_to_code,
)
from ._measure import (
    AGREEMENT_COLUMNS,
    ALL_CODES,
    confusion_list,
    machine_agreement,
    pair_agreement,
)
from ._model import (
    MODEL_LABELS,
    MODELS,
    MachineCoder,
    ModelName,
    check_model,
    count_texts,
    fit_coder,
)
from ._predict import MACHINE, SUGGESTION_COLUMNS, interview_folds, out_of_interview, suggest

__all__ = [
    "AGREEMENT_COLUMNS",
    "ALL_CODES",
    "CURVE_COLUMNS",
    "EMBED_DIM",
    "EMBED_HINT",
    "EXAMPLE_COLUMNS",
    "MACHINE",
    "MODELS",
    "MODEL_LABELS",
    "REVIEW_COLUMNS",
    "SUGGESTION_COLUMNS",
    "MachineCoder",
    "MachineCodingResult",
    "ModelName",
    "SentenceEncoder",
    "TrainOn",
    "analyse_machine_coding",
    "check_model",
    "coded_mask",
    "confusion_list",
    "count_texts",
    "embed_available",
    "fit_coder",
    "interview_folds",
    "learning_curve",
    "learning_curve_figure",
    "machine_agreement",
    "out_of_interview",
    "pair_agreement",
    "sample_examples",
    "suggest",
    "training_examples",
    "units_to_code",
]
