"""The Methods section: design, context, team, sampling, data collection, analysis, ethics.

Reporting follows COREQ domains 1–2 and the first half of domain 3 (Tong et al. 2007) and
SRQR S5–S15 (O'Brien et al. 2014). The agreement statistics are stated with their
definitions (Cohen 1960; Krippendorff 2004) and the saturation assessment with its
parameters (Guest, Namey & Chen 2020), as methodology.md §3.4 and §1.7 ask. Config facts
that are missing are written as "to complete by the authors" and listed; nothing is invented.
"""

from __future__ import annotations

from typing import Any

from replicate.errors import ArtifactError
from replicate.privacy import band_age
from replicate.writeup import markdown as md
from replicate.writeup.evidence import Evidence, author_part
from replicate.writeup.machine import machine_paragraph
from replicate.writeup.outline import Outline
from replicate.writeup.sentences import eligibility_text, interviewer_text, sample_sentence

__all__ = [
    "agreement_bullets",
    "duration_text",
    "interviewer_text",
    "methods_section",
    "replicate_version",
    "sample_sentence",
]

FLOW_FIGURE = "artifacts/10_sampling_design-flow_figure.png"
S10, S20, S30, S40, S00 = ("10_sampling_design", "20_pilot_interview_guide",
                           "30_coding_reliability", "40_theme_synthesis", "00_cohort_overview")


def replicate_version() -> str:
    """The installed version of replicate (for COREQ 27 / SRQR S13)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("replicate")
    except PackageNotFoundError:  # running from a source tree without installation
        return "unknown"


def _fact(ev: Evidence, out: Outline, section: str, key: str, label: str) -> str:
    """A bullet ``**label:** value`` for a config fact, or the to-complete marker."""
    value = getattr(ev.config.writeup, key)
    shown = md.escape(value) if value else out.todo(key, section, f"writeup.{key}")
    return f"**{md.escape(label)}:** {shown}"


def _design(ev: Evidence, out: Outline) -> str:
    t, w = ev.text, ev.config.writeup
    parts = [out.heading("design"), t("design.intro") + " ",
             t("design.approach", approach=md.escape(w.approach)) + " "]
    if w.paradigm:
        parts.append(t("design.paradigm", paradigm=md.escape(w.paradigm)) + " ")
    else:
        parts.append(t("design.paradigm", paradigm=out.todo("paradigm", "design",
                                                              "writeup.paradigm")) + " ")
    if w.inductive is None:
        parts.append(t("design.derivation", todo=out.todo("derivation", "design",
                                                          "writeup.inductive")) + "\n\n")
    else:
        parts.append(t("design.inductive" if w.inductive else "design.deductive") + "\n\n")
    return "".join(parts)


def _context(ev: Evidence, out: Outline) -> str:
    t, p = ev.text, ev.config.programme
    text = t("context.school", school=md.escape(ev.config.study.school)) + " "
    text += t("context.programme", offered=ev.num("n_offered", S10, "n_offered"),
              semesters=ev.config_num("semesters", "programme.semesters"),
              lo=ev.config_num("meetings_low", "programme.meetings_per_semester.0"),
              hi=ev.config_num("meetings_high", "programme.meetings_per_semester.1")) + " "
    if p.courses > 1:
        text += t("context.courses", courses=ev.config_num("courses", "programme.courses")) + " "
    if p.mentor_course_days is not None:
        text += t("context.mentor_course",
                  days=ev.config_num("mentor_course_days", "programme.mentor_course_days",
                                     "minutes")) + " "
    return out.heading("context") + text.strip() + "\n\n"


def _team(ev: Evidence, out: Outline) -> str:
    t, w = ev.text, ev.config.writeup
    parts = [out.heading("team")]
    if w.researchers:
        parts.append(t("team.intro") + "\n\n")
        rows = []
        for r in w.researchers:
            roles = t.join(t(f"role.{role}") for role in r.roles) if r.roles else ""
            who = f"{r.initials} ({r.name})" if r.name else r.initials
            rows.append((who, r.credentials, r.occupation, t.gender(r.gender), roles,
                         r.experience))
        parts.append(md.table([t("col.researcher"), t("col.credentials"), t("col.occupation"),
                               t("col.gender"), t("col.roles"), t("col.experience")], rows))
    else:
        parts.append(t("team.missing", todo=out.todo("researchers", "team",
                                                      "writeup.researchers")) + "\n\n")
    sep = "\n\n" if "reflexivity" in ev.author_text else " "
    parts.append(f"**{t('team.reflexivity')}**{sep}"
                 + author_part(ev, out, "reflexivity", "team", below=3))
    return "".join(parts)


def _flow_rows(ev: Evidence) -> list[tuple[str, str]]:
    """Stage 10's flow table in its own order, labels in the study language."""
    t = ev.text
    elig = ev.value(S10, "eligibility")
    rows = []
    for step, n in zip(ev.table(S10, "flow")["step"], ev.table(S10, "flow")["n"], strict=True):
        step = str(step)
        if step.startswith("excluded_"):
            reason = step.removeprefix("excluded_")
            if not n:
                continue
            label = t("flow.excluded", reason=t.label(
                "excl", reason, min_meetings=elig.get("min_meetings"),
                days=elig.get("max_days_after")))
            shown = ev.num(f"excluded_{reason}", S10, f"exclusions_first.{reason}")
        elif step == "reserve":
            continue
        else:
            label = t.label("flow", step)
            if f"n_{step}" in ev.summaries[S10]:
                shown = ev.num(f"n_{step}", S10, f"n_{step}")
            else:  # a step the summary does not name: the table is the source
                shown = ev.register(f"n_{step}", int(n), S10, f"step={step}, column n",
                                    table="flow")
        if shown != t.fmt(n, "count"):
            raise ArtifactError(f"the flow table and the summary of stage 10 disagree at "
                                f"'{step}'; re-run stage 10", file=f"{S10}-flow.csv")
        rows.append((label, shown))
    return rows


def _age_cell(ev: Evidence, age: Any) -> str:
    if age is None or (isinstance(age, float) and age != age):
        return ""
    if isinstance(age, str):  # coarsened already (privacy.min_cell)
        return age
    if ev.config.privacy.band_ages:
        return band_age(float(age), width=ev.config.privacy.age_band_width)
    return str(int(float(age)))


def _sampling(ev: Evidence, out: Outline) -> str:
    # the designed sample, the invitations and the interviewed group are three things, each
    # reported for what it is (issue 17; replicate.writeup.sampling_text)
    from replicate.writeup import sampling_text as st

    t, cfg = ev.text, ev.config
    parts = [out.heading("sampling")]
    crit = eligibility_text(ev)
    dims = [t.label("dim", d) for d in ev.value(S10, "dimensions")]
    parts.append(crit + ". " + t("sampling.strategy", dimensions=t.join(dims)) + " ")
    design = st.design_quota_sentence(ev)
    if design:
        parts.append(design + " ")
    parts.append(_fact(ev, out, "sampling", "recruitment", t("fact.recruitment")) + "\n\n")
    parts.append(out.caption("table", t("table.flow"), source=f"artifacts/{S10}-flow.csv"))
    parts.append(md.table([t("col.step"), t("col.n")], _flow_rows(ev)))
    values = st.flow_alt_values(ev)
    alt = t("fig.flow_alt" if "interviewed" in values else "fig.flow_alt_design", **values)
    parts.append(f"![{md.escape(alt)}]({FLOW_FIGURE})\n\n")
    parts.append(out.caption("figure", t("fig.flow"), source=FLOW_FIGURE))
    parts.append(" ".join(st.invitation_sentences(ev, out, "sampling")
                          + st.interviewed_sentences(ev)))
    parts.append("\n\n" + sample_sentence(ev) + "\n\n")
    parts.append(out.caption("table", t("table.participants"),
                              source=t("source.participants")))
    age_col = t("col.age_band") if cfg.privacy.band_ages else t("col.age")
    rows = [(r.pseudonym, t.gender(getattr(r, "gender", "")),
             _age_cell(ev, getattr(r, "age", None)), t.gender(getattr(r, "mentor_gender", "")))
            for r in ev.participants.itertuples()]
    parts.append(md.table([t("col.pseudonym"), t("col.gender"), age_col,
                           t("col.mentor_gender")], rows))
    return "".join(parts)


def _guide_part(ev: Evidence, out: Outline) -> str:
    t = ev.text
    g = ev.value(S20, "guide")
    text = t("collection.guide", version=md.escape(ev.num("guide_version", S20,
                                                          "guide.version", "text")),
             areas=ev.num("guide_areas", S20, "guide.n_areas"),
             main=ev.num("guide_main_questions", S20, "guide.n_main"),
             appendix=out.ref("appendix_guide")) + " "
    changes = ev.table(S20, "changes")
    if g.get("previous_version"):
        text += t("collection.revised", previous=md.escape(g["previous_version"]),
                  n=ev.num("guide_changes", S20, "changes.n")) + " "
    text += t("collection.pilots", n=ev.num("n_pilots", S20, "n_pilots"),
              planned=ev.num("n_pilots_planned", S20, "n_pilots_planned")) + "\n\n"
    findings = [t("pilot.coverage", share=ev.num("pilot_mean_coverage", S20, "mean_coverage",
                                                  "pct"))]
    unasked = ev.value(S20, "unasked")
    if unasked:
        ev.register("pilot_unasked", len(unasked), S20, "unasked (length)")
        texts = _question_texts(ev)
        items = [f"{md.escape(q)} (“{md.escape(texts[q])}”)" if q in texts else md.escape(q)
                 for q in unasked]
        findings.append(t("pilot.unasked", questions=t.join(items)))
    else:
        findings.append(t("pilot.all_asked"))
    flags = {k: v for k, v in sorted(ev.value(S20, "flags_by_rule").items()) if v}
    if flags:
        shown = [f"{t.label('rule', k)} ({ev.num(f'flags_{k}', S20, f'flags_by_rule.{k}')})"
                 for k in flags]
        findings.append(t("pilot.flags", flags=t.join(shown)))
    else:
        findings.append(t("pilot.no_flags"))
    clar = sum(int(p.get("n_clarifications") or 0) for p in ev.value(S20, "pilots"))
    ev.register("pilot_clarifications", clar, S20, "pilots[*].n_clarifications (sum)")
    findings.append(t("pilot.clarifications", n=t.fmt(clar, "count")))
    text += t("pilot.findings") + "\n\n" + md.bullet_list(findings)
    if len(changes):
        text += out.caption("table", t("table.changes"),
                               source=f"artifacts/{S20}-changes.csv")
        text += md.table([t("col.question"), t("col.change"), t("col.rationale")],
                         [(r.question_id, r.change, r.rationale)
                          for r in changes.itertuples()])
    return text


def _question_texts(ev: Evidence) -> dict[str, str]:
    if ev.guide is None:
        return {}
    return {q.id: q.text for a in ev.guide.areas for q in a.questions}


def _collection(ev: Evidence, out: Outline) -> str:
    t = ev.text
    parts = [out.heading("collection"), _guide_part(ev, out)]
    facts = ev.value(S40, "facts")
    interviewers = interviewer_text(ev)
    text = t("collection.interviews",
             who=interviewers or out.todo("interviewer", "collection", "participants.interviewer"))
    if facts.get("interview_period"):
        text += " " + t("collection.period",
                        start=ev.num("interview_start", S40, "facts.interview_period.0", "text"),
                        end=ev.num("interview_end", S40, "facts.interview_period.1", "text"))
    text += ". " + duration_text(ev) + " "
    text += t("collection.repeat_none") if ev.n_repeat == 0 else t(
        "collection.repeat", n=t.fmt(ev.n_repeat, "count"))
    parts.append(text + "\n\n")
    bullets = [_fact(ev, out, "collection", key, t(f"fact.{key}"))
               for key in ("setting", "others_present", "recording", "field_notes",
                           "transcripts_returned")]
    parts.append(md.bullet_list(bullets))
    return "".join(parts)


def duration_text(ev: Evidence) -> str:
    """Interview lengths: stage 00's min–max (median), else the range from stage 40."""
    t = ev.text
    if (ev.has(S00) and ev.value(S00, "interview_minutes.min") is not None
            and ev.value(S00, "interview_minutes.median") is not None):
        return t("collection.minutes_median",
                 lo=ev.num("minutes_min", S00, "interview_minutes.min", "minutes"),
                 hi=ev.num("minutes_max", S00, "interview_minutes.max", "minutes"),
                 median=ev.num("minutes_median", S00, "interview_minutes.median", "minutes"))
    if ev.value(S40, "facts").get("interview_minutes"):
        return t("collection.minutes",
                 lo=ev.num("minutes_min", S40, "facts.interview_minutes.0", "minutes"),
                 hi=ev.num("minutes_max", S40, "facts.interview_minutes.1", "minutes"))
    return ""


def _ci(ev: Evidence, name: str, key: str) -> str:
    """`` (95% CI lo–hi)``, or nothing when the interval was not computed."""
    lo, hi = ev.value(S30, f"{key}.0"), ev.value(S30, f"{key}.1")
    if lo is None or hi is None:
        return ""
    return ev.text("rel.ci", lo=ev.num(f"{name}_ci_low", S30, f"{key}.0", "coef"),
                   hi=ev.num(f"{name}_ci_high", S30, f"{key}.1", "coef"))


def _pairs(ev: Evidence) -> str:
    """Cohen's kappa of every coder pair, each pair named (``SK–CS 0.80``)."""
    t = ev.text
    pairs = ev.summaries[S30].get("pairwise_kappa") or []
    shown = []
    for i, p in enumerate(pairs):
        value = ev.num(f"pairwise_kappa_{i}", S30, f"pairwise_kappa.{i}.cohen_kappa", "coef")
        shown.append(f"{md.escape(str(p['coder_a']))}–{md.escape(str(p['coder_b']))} {value}")
    return t.join(shown)


def agreement_bullets(ev: Evidence) -> list[str]:
    """The agreement figures of stage 30, each named for what it is, with its definition.

    With two coders: percent agreement, Cohen's kappa (with its interval) and Krippendorff's
    alpha. With three or more: percent agreement as the mean over coder pairs, Fleiss' kappa
    (multi-rater), Krippendorff's alpha, and Cohen's kappa for each named pair.
    """
    t = ev.text
    n = ev.num("n_double_coded", S30, "n_units")
    n_coders = int(ev.value(S30, "n_coders"))
    coders = t.n(ev.num("n_coders", S30, "n_coders"), "coder", n_coders)
    value = ev.num("percent_agreement", S30, "overall.percent_agreement", "coef")
    out = [t("rel.percent", value=value, n=n) if n_coders == 2
           else t("rel.percent_multi", value=value, n=n, coders=coders)]
    weights = ev.value(S30, "weights")
    weighting = t("rel.unweighted") if weights in (None, "none") else t(
        "rel.weighted", weights=md.escape(weights))
    if ev.value(S30, "overall.cohen_kappa") is not None:
        out.append(t("rel.kappa", value=ev.num("kappa", S30, "overall.cohen_kappa", "coef"),
                     ci=_ci(ev, "kappa", "overall.cohen_kappa_ci"), weighting=weighting, n=n))
    else:
        out.append(t("rel.fleiss", value=ev.num("kappa", S30, "overall.fleiss_kappa", "coef"),
                     coders=coders, n=n))
    out.append(t("rel.alpha", value=ev.num("alpha", S30, "overall.krippendorff_alpha", "coef"),
                 ci=_ci(ev, "alpha", "statistics.krippendorff_alpha.ci"),
                 level=t.label("level", ev.value(S30, "level")), n=n))
    if n_coders > 2 and ev.summaries[S30].get("pairwise_kappa"):
        out.append(t("rel.pairwise", pairs=_pairs(ev)))
    return out


def _consensus(ev: Evidence, out: Outline) -> str:
    """What became of the coders' disagreements: settled only when stage 30 read a resolutions
    file that settles every one; otherwise listed, and their resolution left to the authors."""
    t = ev.text
    if not ev.value(S30, "n_disagreements"):
        return t("analysis.consensus_none")
    n_dis = ev.num("n_disagreements", S30, "n_disagreements")
    consensus = ev.value(S30, "consensus")
    if consensus["n_open"] == 0 and consensus["resolutions"]:
        return t("analysis.consensus", n=n_dis, file=md.escape(consensus["resolutions"]))
    return t("analysis.consensus_open", n=n_dis,
             settled=ev.num("n_settled", S30, "consensus.n_settled"),
             todo=out.todo("consensus", "analysis", "reliability.resolutions"))


def _analysis(ev: Evidence, out: Outline) -> str:
    t, w = ev.text, ev.config.writeup
    parts = [out.heading("analysis")]
    parts.append(t("analysis.steps", units=ev.num("n_units", S40, "n_units"),
                   codes=ev.num("n_codes", S40, "n_codes"),
                   subcategories=ev.num("n_subcategories", S40, "n_subcategories"),
                   categories=ev.num("n_categories", S40, "n_categories"),
                   themes=ev.num("n_themes", S40, "n_themes"),
                   appendix=out.ref("appendix_codebook")) + "\n\n")
    coders = [md.escape(c) for c in ev.value(S30, "coders")]
    parts.append(t("analysis.coders", n=t.n(ev.num("n_coders", S30, "n_coders"), "coder"),
                   coders=t.join(coders),
                   double=ev.num("n_double_coded_units", S30, "double_coded.n_units_double_coded"),
                   total=ev.num("n_units_total", S30, "double_coded.n_units_total"),
                   share=ev.num("double_coded_fraction", S30, "double_coded.fraction", "pct"),
                   planned=ev.num("double_coded_planned", S30, "double_coded.planned_fraction",
                                  "pct")) + "\n\n")
    parts.append(md.bullet_list(agreement_bullets(ev)))
    parts.append(_consensus(ev, out) + "\n\n")
    parts.append(machine_paragraph(ev))  # stage 35, when it ran
    parts.append(t("analysis.saturation", base=ev.num("saturation_base", S40, "saturation.base"),
                   run=ev.num("saturation_run", S40, "saturation.run"),
                   threshold=ev.num("saturation_threshold", S40, "saturation.threshold", "pct"),
                   results=out.ref("saturation")) + "\n\n")
    software = md.escape(w.software) if w.software else out.todo(
        "software", "analysis", "writeup.software")
    bullets = [f"**{t('fact.software')}:** {software}; "
               + t("analysis.replicate", version=md.escape(replicate_version())),
               _fact(ev, out, "analysis", "participant_checking", t("fact.participant_checking"))]
    parts.append(md.bullet_list(bullets))
    return "".join(parts)


def _coarsening_text(ev: Evidence) -> str:
    """What the quasi-identifier protection did, in words that name no one and no count."""
    t = ev.text
    k = ev.config_num("min_cell", "privacy.min_cell")
    if not ev.coarsened:
        return t("ethics.not_coarsened", k=k)
    kinds = [t(f"ethics.coarsened.{kind.split()[-1]}") for kind in ev.coarsened]
    return t("ethics.coarsened", k=k, what=t.join(kinds))


def _ethics(ev: Evidence, out: Outline) -> str:
    t = ev.text
    bullets = [_fact(ev, out, "ethics", "ethics", t("fact.ethics")),
               _fact(ev, out, "ethics", "consent", t("fact.consent")),
               f"**{t('fact.confidentiality')}:** {t('ethics.confidentiality')} "
               + _coarsening_text(ev)]
    return out.heading("ethics") + md.bullet_list(bullets)


def methods_section(ev: Evidence, out: Outline) -> str:
    """The whole Methods section as Markdown.

    Parameters
    ----------
    ev : Evidence
    out : Outline
        Headings, anchors, table/figure numbering and the to-complete register.

    Returns
    -------
    str
    """
    return (out.heading("methods") + _design(ev, out) + _context(ev, out) + _team(ev, out)
            + _sampling(ev, out) + _collection(ev, out) + _analysis(ev, out) + _ethics(ev, out))
