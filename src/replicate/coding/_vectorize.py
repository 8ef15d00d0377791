"""TF-IDF features counted in parallel processes, the same whatever the number of processes.

scikit-learn's n-gram analysers are Python loops: counting the character 2–5-grams of 100,000
units takes ~10 s of one core, twice per train-and-suggest (once to fit, once to suggest). Here
the texts are cut into ``n_jobs`` contiguous chunks counted in worker processes; each worker
returns its chunk's sorted vocabulary and counts, and the chunks' columns are mapped onto the
sorted union of the vocabularies (a monotonic map, so every row keeps sorted indices). The
counts are therefore the same matrix, bit for bit, for any ``n_jobs``; the TF-IDF weighting
(:class:`~sklearn.feature_extraction.text.TfidfTransformer`: sublinear term frequency, smoothed
idf, l2 rows) is then applied once, in this process. The vocabulary is sorted, as
:class:`~sklearn.feature_extraction.text.TfidfVectorizer`'s is, so the features are the ones it
gives (equal to within float32 rounding).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["ChunkedTfidf"]


def _chunks(texts: Sequence[str], n: int) -> list[list[str]]:
    bounds = np.linspace(0, len(texts), n + 1).round().astype(int)
    return [list(texts[a:b]) for a, b in pairwise(bounds.tolist()) if b > a]


def _count(params: dict[str, Any], texts: list[str],
           vocabulary: dict[str, int] | None) -> tuple[npt.NDArray[np.object_] | None, Any]:
    """Count one chunk: (its sorted terms, counts) or, with a vocabulary, (None, counts)."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import CountVectorizer

    if vocabulary is not None:
        return None, CountVectorizer(**params, vocabulary=vocabulary).transform(texts)
    vec = CountVectorizer(**params)
    try:
        counts = vec.fit_transform(texts)
    except ValueError:  # no term in this chunk (e.g. only one-letter words)
        return np.array([], dtype=object), sp.csr_matrix((len(texts), 0), dtype=np.float32)
    return vec.get_feature_names_out(), counts


def _run(n_jobs: int | None, params: dict[str, Any], texts: Sequence[str],
         vocabulary: dict[str, int] | None) -> list[tuple[Any, Any]]:
    n = max(1, min(n_jobs or 1, len(texts)))
    parts = _chunks(texts, n)
    if len(parts) <= 1:
        return [_count(params, list(texts), vocabulary)]
    from joblib import Parallel, delayed  # type: ignore[import-untyped, unused-ignore]

    return list(Parallel(n_jobs=n, backend="loky")(
        delayed(_count)(params, part, vocabulary) for part in parts))


class ChunkedTfidf:
    """A TF-IDF vectoriser (scikit-learn transformer API) that counts in ``n_jobs`` processes.

    Parameters
    ----------
    analyzer : {"word", "char", "char_wb"}
        As in :class:`~sklearn.feature_extraction.text.CountVectorizer`.
    ngram_range : tuple of int
        As in :class:`~sklearn.feature_extraction.text.CountVectorizer`.
    n_jobs : int or None, default=None
        Processes counting (None = this process). The features do not depend on it.

    Examples
    --------
    >>> vec = ChunkedTfidf(analyzer="word", ngram_range=(1, 1))
    >>> x = vec.fit_transform(["home and family", "the ward round", "home"])
    >>> sorted(vec.vocabulary_), x.shape
    (['and', 'family', 'home', 'round', 'the', 'ward'], (3, 6))
    >>> round(float(x[2, vec.vocabulary_["home"]]), 3)
    1.0
    """

    def __init__(self, *, analyzer: str, ngram_range: tuple[int, int],
                 n_jobs: int | None = None) -> None:
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.n_jobs = n_jobs

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor's parameters (scikit-learn's estimator API)."""
        return {"analyzer": self.analyzer, "ngram_range": self.ngram_range,
                "n_jobs": self.n_jobs}

    def set_params(self, **params: Any) -> ChunkedTfidf:
        """Set constructor parameters (scikit-learn's estimator API)."""
        for key, value in params.items():
            setattr(self, key, value)
        return self

    def _params(self) -> dict[str, Any]:
        return {"analyzer": self.analyzer, "ngram_range": self.ngram_range,
                "dtype": np.float32}

    def fit(self, texts: Sequence[str], y: object = None) -> ChunkedTfidf:
        """Learn the vocabulary and the idf."""
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts: Sequence[str], y: object = None) -> Any:
        """Learn the vocabulary and the idf; return the TF-IDF matrix (CSR, float32)."""
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import TfidfTransformer

        parts = _run(self.n_jobs, self._params(), texts, None)
        terms = np.unique(np.concatenate([t for t, _ in parts]))
        if not len(terms):
            raise ValueError("empty vocabulary: no text has a term to count")
        blocks = []
        for local, chunk in parts:  # local terms -> their place in the sorted union
            c = chunk.tocsr()
            where = np.searchsorted(terms, local).astype(c.indices.dtype)
            blocks.append(sp.csr_matrix((c.data, where[c.indices], c.indptr),
                                        shape=(c.shape[0], len(terms))))
        counts = sp.vstack(blocks, format="csr", dtype=np.float32)
        counts.sort_indices()  # canonical: the l2 norms then sum in one order for any n_jobs
        self.vocabulary_ = {str(t): i for i, t in enumerate(terms)}
        self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(counts)
        return self.tfidf_.transform(counts, copy=False)

    def transform(self, texts: Sequence[str]) -> Any:
        """The TF-IDF matrix of ``texts`` (CSR, float32) with the fitted vocabulary."""
        import scipy.sparse as sp

        parts = _run(self.n_jobs, self._params(), texts, self.vocabulary_)
        counts = sp.vstack([c for _, c in parts], format="csr", dtype=np.float32)
        counts.sort_indices()
        return self.tfidf_.transform(counts, copy=False)
