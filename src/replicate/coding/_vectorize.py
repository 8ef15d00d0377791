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

__all__ = ["ChunkedTfidf", "TextCounts"]

_MIN_CHUNK = 2000
"""Fewest texts a worker process counts."""


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
    # below a few thousand texts starting worker processes costs more than it saves
    n = max(1, min(n_jobs or 1, len(texts) // _MIN_CHUNK))
    parts = _chunks(texts, n)
    if len(parts) <= 1:
        return [_count(params, list(texts), vocabulary)]
    from joblib import Parallel, delayed  # type: ignore[import-untyped, unused-ignore]

    return list(Parallel(n_jobs=n, backend="loky")(
        delayed(_count)(params, part, vocabulary) for part in parts))


def _count_params(analyzer: str, ngram_range: tuple[int, int]) -> dict[str, Any]:
    """The :class:`~sklearn.feature_extraction.text.CountVectorizer` settings of a count."""
    return {"analyzer": analyzer, "ngram_range": ngram_range, "dtype": np.float32}


def _count_union(params: dict[str, Any], texts: Sequence[str], n_jobs: int | None
                 ) -> tuple[npt.NDArray[np.object_], Any]:
    """The sorted vocabulary of ``texts`` and their counts (CSR float32, sorted indices)."""
    import scipy.sparse as sp

    parts = _run(n_jobs, params, texts, None)
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
    return terms, counts


def _used_columns(sub: Any) -> tuple[Any, npt.NDArray[np.intp]]:
    """``sub`` (CSR, sorted indices) keeping only its columns with a count, renumbered in
    order (so every row's indices stay sorted), and the kept columns' old positions."""
    import scipy.sparse as sp

    keep = np.bincount(sub.indices, minlength=sub.shape[1]) > 0
    new = (np.cumsum(keep) - 1).astype(sub.indices.dtype)
    out = sp.csr_matrix((sub.data, new[sub.indices], sub.indptr),
                        shape=(sub.shape[0], int(keep.sum())))
    out.has_sorted_indices = True
    return out, np.flatnonzero(keep)


class TextCounts:
    """The n-gram counts of a set of texts, counted once for every fit that uses them.

    The machine-coding stage fits the coder dozens of times (each held-out fold, each point
    of the learning curve, the final model) on subsets of the same units. Counting the
    character n-grams is the costly part of a fit (scikit-learn's analysers are Python
    loops), so each distinct text is counted once here; a fit then takes its rows and keeps
    the columns of the n-grams its training texts contain. That is exactly the vocabulary
    and the counts a vectoriser fitted on those texts alone would have (the vocabulary is
    sorted either way), so the features, and every figure, are the same as counting afresh.

    Parameters
    ----------
    texts : sequence of str
        The texts (repeats are counted once).
    analyzer, ngram_range, n_jobs
        As in :class:`ChunkedTfidf`.

    Examples
    --------
    >>> tc = TextCounts(["home and family", "the ward", "home and family"], analyzer="word",
    ...                 ngram_range=(1, 1))
    >>> tc.terms.tolist(), tc.matrix.shape
    (['and', 'family', 'home', 'the', 'ward'], (2, 5))
    >>> tc.rows(["the ward", "home and family"]).tolist(), tc.rows(["unseen"]) is None
    ([1, 0], True)
    """

    def __init__(self, texts: Sequence[str], *, analyzer: str, ngram_range: tuple[int, int],
                 n_jobs: int | None = None) -> None:
        import pandas as pd

        uniques = pd.unique(pd.Series(list(texts), dtype=object))
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.index: dict[str, int] = {str(t): i for i, t in enumerate(uniques)}
        self.terms, self.matrix = _count_union(_count_params(analyzer, ngram_range),
                                               [str(t) for t in uniques], n_jobs)

    def subset(self, texts: Sequence[str]) -> TextCounts:
        """The counts of ``texts`` only (each counted here already), with only their
        n-grams: a fit on any of them gives the same features as on ``self``.

        Examples
        --------
        >>> tc = TextCounts(["home and family", "the ward"], analyzer="word",
        ...                 ngram_range=(1, 1))
        >>> tc.subset(["the ward"]).terms.tolist()
        ['the', 'ward']
        """
        rows = self.rows(texts)
        if rows is None:
            raise KeyError("a text was not counted")
        out = object.__new__(TextCounts)
        out.analyzer, out.ngram_range = self.analyzer, self.ngram_range
        out.index = {str(t): i for i, t in enumerate(texts)}
        out.matrix, columns = _used_columns(self.matrix[rows])
        out.terms = self.terms[columns]
        return out

    def rows(self, texts: Sequence[str]) -> npt.NDArray[np.intp] | None:
        """The count rows of ``texts``, or None when one of them was not counted."""
        index = self.index
        try:
            return np.fromiter((index[t] for t in texts), dtype=np.intp, count=len(texts))
        except KeyError:
            return None


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
    counts : TextCounts or None, default=None
        Counts made beforehand (same analyser and n-grams); texts found there are not
        counted again. The features do not depend on it.

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
                 n_jobs: int | None = None, counts: TextCounts | None = None) -> None:
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.n_jobs = n_jobs
        self.counts = counts

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor's parameters (scikit-learn's estimator API)."""
        return {"analyzer": self.analyzer, "ngram_range": self.ngram_range,
                "n_jobs": self.n_jobs, "counts": self.counts}

    def set_params(self, **params: Any) -> ChunkedTfidf:
        """Set constructor parameters (scikit-learn's estimator API)."""
        for key, value in params.items():
            setattr(self, key, value)
        return self

    def _params(self) -> dict[str, Any]:
        return _count_params(self.analyzer, self.ngram_range)

    def fit(self, texts: Sequence[str], y: object = None) -> ChunkedTfidf:
        """Learn the vocabulary and the idf."""
        self.fit_transform(texts)
        return self

    def _rows(self, texts: Sequence[str]) -> npt.NDArray[np.intp] | None:
        c = self.counts
        if c is None or (c.analyzer, tuple(c.ngram_range)) != (self.analyzer,
                                                                 tuple(self.ngram_range)):
            return None
        return c.rows(texts)

    def fit_transform(self, texts: Sequence[str], y: object = None) -> Any:
        """Learn the vocabulary and the idf; return the TF-IDF matrix (CSR, float32)."""
        from sklearn.feature_extraction.text import TfidfTransformer

        rows = self._rows(texts)
        if rows is None:
            terms, counts = _count_union(self._params(), texts, self.n_jobs)
            self.columns_ = None
        else:  # the n-grams of these texts: the columns with a count, renumbered in order
            assert self.counts is not None
            counts, self.columns_ = _used_columns(self.counts.matrix[rows])
            if not counts.shape[1]:
                raise ValueError("empty vocabulary: no text has a term to count")
            terms = self.counts.terms[self.columns_]
        self.terms_ = terms
        self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(counts)
        return self.tfidf_.transform(counts, copy=False)

    @property
    def vocabulary_(self) -> dict[str, int]:
        """The fitted n-grams and their columns (as scikit-learn's vectorisers have it)."""
        return {str(t): i for i, t in enumerate(self.terms_)}

    def transform(self, texts: Sequence[str]) -> Any:
        """The TF-IDF matrix of ``texts`` (CSR, float32) with the fitted vocabulary."""
        import scipy.sparse as sp

        rows = self._rows(texts) if self.columns_ is not None else None
        if rows is not None:
            assert self.counts is not None
            counts = self.counts.matrix[rows][:, self.columns_].tocsr()
        else:
            parts = _run(self.n_jobs, self._params(), texts, self.vocabulary_)
            counts = sp.vstack([c for _, c in parts], format="csr", dtype=np.float32)
        counts.sort_indices()
        return self.tfidf_.transform(counts, copy=False)
