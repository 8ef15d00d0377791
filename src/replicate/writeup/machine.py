"""Methods › Analysis: one paragraph on the machine coder, when stage 35 ran.

Stage 35 (:mod:`replicate.coding`) trains an offline classifier on the human coders' codes,
suggests codes for the units still to code, and scores itself leave-one-interview-out
against each coder with the agreement engine of stage 30. The paragraph says what it did and
how well it agreed with each coder (Cohen's kappa, Krippendorff's alpha and Gwet's AC1 with
their bootstrap intervals, beside the agreement between the human coders on the same units)
and how often it abstained. It never says that the machine coded the data: its output is
suggestions for the coders to review, and the reliability figures are the humans'. When
stage 35 did not run, or ran with ``coding.enabled: false``, nothing is said.
"""

from __future__ import annotations

from typing import Any

from replicate.writeup import markdown as md
from replicate.writeup.evidence import Evidence

__all__ = ["machine_paragraph"]

S35 = "35_machine_coding"
_STATS = (("cohen_kappa", "rel.kappa_name"), ("krippendorff_alpha", "mc.alpha_name"),
          ("gwet_ac1", "mc.ac1_name"))


def _coef(ev: Evidence, name: str, value: Any, key: str) -> str:
    shown = ev.text.fmt(value, "coef")
    ev.numbers[name] = {"value": value, "text": shown, "source": f"artifacts/{S35}.json",
                        "key": key}
    return shown


def _count(ev: Evidence, name: str, figures: dict[str, Any], key: str) -> str:
    value = figures.get("n_units")
    shown = ev.text.fmt(value, "count")
    ev.numbers[name] = {"value": value, "text": shown, "source": f"artifacts/{S35}.json",
                        "key": f"{key}.n_units"}
    return shown


def _figures(ev: Evidence, figures: dict[str, Any], prefix: str, key: str) -> str:
    """``Cohen's kappa 0.95 (95% CI 0.87–1.00), Krippendorff's alpha …, Gwet's AC1 …``."""
    t = ev.text
    shown = []
    for stat, label in _STATS:
        if figures.get(stat) is None:
            continue
        text = f"{t(label)} {_coef(ev, f'{prefix}_{stat}', figures[stat], f'{key}.{stat}')}"
        lo, hi = figures.get(f"{stat}_ci_low"), figures.get(f"{stat}_ci_high")
        if lo is not None and hi is not None:
            text += t("rel.ci", lo=_coef(ev, f"{prefix}_{stat}_ci_low", lo,
                                         f"{key}.{stat}_ci_low"),
                      hi=_coef(ev, f"{prefix}_{stat}_ci_high", hi, f"{key}.{stat}_ci_high"))
        shown.append(text)
    return ", ".join(shown)


def machine_paragraph(ev: Evidence) -> str:
    """The machine coder's paragraph, or ``""`` when stage 35 did not run or was off.

    Parameters
    ----------
    ev : Evidence

    Returns
    -------
    str
        One Markdown paragraph followed by a blank line, or ``""``.
    """
    if not ev.has(S35) or not ev.summaries[S35].get("enabled"):
        return ""
    t = ev.text
    s = ev.summaries[S35]
    scored = ev.value(S35, "scored")
    trained = t(f"mc.train_on.{ev.value(S35, 'train_on')}",
                n=ev.num("machine_training_examples", S35, "n_training_examples"))
    design = (t("mc.loio") if scored.get("design") == "leave-one-interview-out"
              else t("mc.folds", n=ev.num("machine_folds", S35, "scored.n_folds")))
    units = ev.num("machine_scored_units", S35, "scored.n_units")
    if scored.get("sampled"):  # each fold scored a sample of its units
        units = t("mc.scored_sample", units=units,
                  double=ev.num("machine_double_coded", S35, "scored.n_double_coded"),
                  most=ev.num("machine_scored_per_fold", S35, "scored.max_per_fold"))
    else:
        units = t("mc.scored_all", units=units)
    # the model in the report's language; a model the phrases do not know, as the stage said
    model = t.label("mc.model", s.get("model"), default=md.escape(
        str(s.get("model_description") or s.get("model"))))
    text = t("mc.intro", model=model,
             trained=trained, design=design,
             threshold=ev.num("machine_threshold", S35, "threshold", "coef"),
             units=units)
    if s.get("sampled"):
        text += " " + t("mc.sampled",
                        most=ev.num("machine_max_examples", S35, "max_examples"),
                        available=ev.num("machine_examples_available", S35,
                                         "n_examples_available"))
    if scored.get("abstention_rate") is not None:
        text += " " + t("mc.abstained", share=ev.num("machine_abstention", S35,
                                                     "scored.abstention_rate", "pct"))
    pairs = []
    for i, (coder, figures) in enumerate(sorted(s.get("machine_vs_human", {}).items())):
        who = md.escape(coder)
        if figures.get("cohen_kappa") is None:
            pairs.append(t("mc.too_rare", coder=who))
            continue
        key = f"machine_vs_human[{coder}]"
        pairs.append(t("mc.with", coder=who, figures=_figures(ev, figures, f"machine_{i}", key),
                       n=_count(ev, f"machine_{i}_n_units", figures, key)))
    if pairs:
        text += " " + t("mc.agreed", pairs="; ".join(pairs)) + "."
    humans = []
    for i, (pair, figures) in enumerate(sorted(s.get("human_vs_human", {}).items())):
        if figures.get("cohen_kappa") is None:
            continue
        key = f"human_vs_human[{pair}]"
        humans.append(t("mc.human_pair", pair=md.escape(pair), figures=_figures(
            ev, figures, f"machine_humans_{i}", key),
            n=_count(ev, f"machine_humans_{i}_n_units", figures, key)))
    if humans:
        text += " " + t("mc.humans", pairs="; ".join(humans)) + "."
    return text + " " + t("mc.suggestions") + "\n\n"
