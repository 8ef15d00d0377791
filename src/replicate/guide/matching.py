"""Match interviewer turns in pilot transcripts to guide questions.

Methodology §2.4 counts a guide question as *asked* when an interviewer turn matches it by
similarity or by a manual tag. This module uses two signals, in this order:

1. **Explicit tags.** A turn that starts with ``[Q3]`` asks question ``Q3``, whatever its
   words.
2. **TF-IDF cosine similarity** (scikit-learn ``TfidfVectorizer``; Salton & Buckley 1988):
   the vectoriser is fitted on the guide's questions and probes together with all
   interviewer turns, and each turn is assigned to its most similar guide question when the
   cosine is at least ``threshold``. Character n-grams within word boundaries (3–5) are
   used rather than whole words, so inflections (*mentor / mentorn / mentorship*) and
   Swedish compounds still overlap; this makes paraphrases match better than word
   unigrams do on short questions.

The methodology's 0.7 refers to sentence-embedding similarity. TF-IDF cosines between a
question and its spoken paraphrase are lower, so the default threshold here is 0.35; it is a
parameter, and the coverage table reports every similarity so a reviewer can see the margin.

References
----------
.. [1] Salton, G., & Buckley, C. (1988). Term-weighting approaches in automatic text
   retrieval. *Information Processing & Management*, 24(5), 513-523.
.. [2] Pedregosa, F., et al. (2011). Scikit-learn: machine learning in Python. *JMLR*, 12,
   2825-2830.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from replicate.errors import DataError
from replicate.guide.model import Guide
from replicate.transcripts import Transcript

__all__ = ["DEFAULT_THRESHOLD", "TurnMatch", "match_turns", "similarity_matrix", "strip_tag"]

#: Default minimum TF-IDF cosine for a turn to count as asking a question.
DEFAULT_THRESHOLD = 0.35

_TAG = re.compile(r"^\s*\[(?P<id>[A-Za-z][A-Za-z0-9_.-]*)\]\s*")


@dataclass(frozen=True)
class TurnMatch:
    """How one interviewer turn relates to the guide.

    Attributes
    ----------
    turn : int
        Index of the turn in the transcript.
    question_id : str or None
        The guide question the turn asks, or ``None``.
    method : {"tag", "similarity", ""}
        How it was matched (empty when unmatched).
    similarity : float
        Cosine similarity to the nearest guide question (1.0 for a tag).
    nearest : str
        Id of the nearest guide question by similarity.
    probe_similarity : float
        Highest cosine similarity to any planned probe of the guide.
    """

    turn: int
    question_id: str | None
    method: str
    similarity: float
    nearest: str
    probe_similarity: float


def strip_tag(text: str) -> tuple[str | None, str]:
    """Split a leading ``[Q3]`` tag off a turn: ``(tag or None, rest)``."""
    m = _TAG.match(text)
    return (m.group("id"), text[m.end():]) if m else (None, text)


def similarity_matrix(
    targets: Sequence[str], texts: Sequence[str], *, fit_extra: Sequence[str] = ()
) -> npt.NDArray[np.float64]:
    """TF-IDF cosine similarity of each text (rows) to each target (columns).

    Parameters
    ----------
    targets : sequence of str
        Guide questions (or probes).
    texts : sequence of str
        Spoken turns.
    fit_extra : sequence of str, default=()
        Further documents used only to fit the IDF weights.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(texts), len(targets))``, values in [0, 1].
    """
    if not targets or not texts:
        return np.zeros((len(texts), len(targets)))
    # imported here: scikit-learn takes seconds to import, and loading or validating a guide
    # (``replicate validate``) should not pay for it
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                          lowercase=True)
    vec.fit([*targets, *texts, *fit_extra])
    sim = cosine_similarity(vec.transform(list(texts)), vec.transform(list(targets)))
    return np.asarray(sim, dtype=np.float64)


def match_turns(
    guide: Guide,
    transcripts: Sequence[Transcript],
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[list[TurnMatch]]:
    """Match every interviewer turn of every transcript to a guide question.

    Parameters
    ----------
    guide : Guide
        The interview guide (all questions, including those of kind ``probe``, are targets).
    transcripts : sequence of Transcript
        Pilot transcripts.
    threshold : float, default=0.35
        Minimum cosine similarity for a match; must lie in (0, 1].

    Returns
    -------
    list of list of TurnMatch
        Per transcript, one entry per interviewer turn, in turn order.

    Raises
    ------
    ValueError
        When ``threshold`` is outside (0, 1].
    DataError
        When a turn's ``[tag]`` names no question of the guide (names file and line).
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    questions = [q for _, q in guide.iter_questions()]
    ids = [q.id for q in questions]
    probes = sorted({p for q in questions for p in q.probes})
    spoken: list[tuple[int, int, str | None, str]] = []
    for ti, t in enumerate(transcripts):
        for k, turn in enumerate(t.turns):
            if turn.speaker != "I":
                continue
            tag, rest = strip_tag(turn.text)
            if tag is not None and tag not in ids:
                raise DataError(
                    f"tag [{tag}] names no question of guide version {guide.version}; "
                    f"known ids: {', '.join(ids)}", file=t.name, location=f"line {turn.line}")
            spoken.append((ti, k, tag, rest))
    texts = [s[3] for s in spoken]
    sim = similarity_matrix([q.text for q in questions], texts, fit_extra=probes)
    psim = similarity_matrix(probes, texts, fit_extra=[q.text for q in questions])
    out: list[list[TurnMatch]] = [[] for _ in transcripts]
    for row, (ti, k, tag, _) in enumerate(spoken):
        best = int(np.argmax(sim[row])) if questions else 0
        score = float(sim[row, best]) if questions else 0.0
        pbest = float(psim[row].max()) if probes else 0.0
        if tag is not None:
            qid, method, score = tag, "tag", 1.0
        elif score >= threshold:
            qid, method = ids[best], "similarity"
        else:
            qid, method = None, ""
        out[ti].append(TurnMatch(turn=k, question_id=qid, method=method,
                                 similarity=round(score, 4),
                                 nearest=ids[best] if questions else "",
                                 probe_similarity=round(pbest, 4)))
    return out
