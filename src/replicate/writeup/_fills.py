"""How each COREQ item and SRQR standard is filled (methodology.md §4.1–4.2).

One small function per item, returning a :class:`Fill`. Numbers come from the artifacts
through :meth:`Evidence.num`, so the checklist states the same values as the text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from replicate.writeup import markdown as md
from replicate.writeup.evidence import Evidence
from replicate.writeup.methods import duration_text, replicate_version
from replicate.writeup.outline import Outline
from replicate.writeup.sentences import interviewer_text, sample_sentence

__all__ = ["COREQ_FILLS", "SRQR_FILLS", "Fill"]

S10, S20, S30, S40 = ("10_sampling_design", "20_pilot_interview_guide",
                      "30_coding_reliability", "40_theme_synthesis")


@dataclass(frozen=True)
class Fill:
    """A filled item: status, Markdown text, and the key that would fill a gap."""

    status: str
    text: str = ""
    hint: str = ""


FillFn = Callable[[Evidence, Outline], Fill]
TODO = "to complete"


def _config(ev: Evidence, key: str) -> Fill:
    value = getattr(ev.config.writeup, key)
    if value:
        return Fill("config", md.escape(value))
    return Fill(TODO, hint=f"writeup.{key}")


def _profile(field: str) -> FillFn:
    def fill(ev: Evidence, out: Outline) -> Fill:
        rs = ev.config.writeup.researchers
        values = [(r.initials, getattr(r, field)) for r in rs]
        shown = "; ".join(f"{ini}: {ev.text.gender(v) if field == 'gender' else v}"
                          for ini, v in values if v)
        if rs and all(v for _, v in values):
            return Fill("config", md.escape(shown))
        return Fill(TODO, md.escape(shown), hint=f"writeup.researchers ({field})")

    return fill


def _reflexive(ev: Evidence, out: Outline) -> Fill:
    if "reflexivity" in ev.author_text:
        return Fill("author", ev.text("ck.reflexivity"))
    return Fill(TODO, hint=ev.author_hint("reflexivity"))


def _c1(ev: Evidence, out: Outline) -> Fill:
    who = interviewer_text(ev)
    if who:
        return Fill("auto", ev.text("ck.interviewer", who=who))
    return Fill(TODO, hint="participants.interviewer")


def _c5(ev: Evidence, out: Outline) -> Fill:
    rs = ev.config.writeup.researchers
    shown = "; ".join(f"{r.initials}: {r.experience}" for r in rs if r.experience)
    if rs and all(r.experience for r in rs):
        return Fill("config", md.escape(shown))
    return Fill(TODO, md.escape(shown), hint="writeup.researchers[].experience")


def _c9(ev: Evidence, out: Outline) -> Fill:
    w = ev.config.writeup
    text = md.escape(w.approach) + (f"; {md.escape(w.paradigm)}" if w.paradigm else "")
    return Fill("config", text)


def _c10(ev: Evidence, out: Outline) -> Fill:
    from replicate.writeup.sampling_text import quota_checklist

    t = ev.text
    dims = t.join(t.label("dim", d) for d in ev.value(S10, "dimensions"))
    return Fill("draft", t("ck.sampling", dimensions=dims, quotas=quota_checklist(ev)))


def _c12(ev: Evidence, out: Outline) -> Fill:
    return Fill("auto", ev.text("ck.sample_size",
                                n=ev.num("sample_size", S40, "facts.n_interviewed")))


def _c13(ev: Evidence, out: Outline) -> Fill:
    from replicate.writeup.sampling_text import nonparticipation

    t = ev.text
    excl = ev.value(S10, "exclusions_first")
    elig = ev.value(S10, "eligibility")
    reasons = []
    for key, n in sorted(excl.items()):
        if n:
            label = t.label("excl", key, min_meetings=elig.get("min_meetings"),
                            days=elig.get("max_days_after"))
            reasons.append(f"{label} ({t.fmt(n, 'count')})")
    known, text = nonparticipation(ev)
    if reasons:
        text += (" " if text else "") + t("ck.exclusions", reasons=md.escape("; ".join(reasons)))
    # who was invited and who declined is not known: never a number, the authors complete it
    return Fill("auto", text) if known else Fill(TODO, text, hint="sampling.invitations")


def _c16(ev: Evidence, out: Outline) -> Fill:
    return Fill("auto", sample_sentence(ev))


def _c17(ev: Evidence, out: Outline) -> Fill:
    t = ev.text
    return Fill("auto", t("ck.guide", version=md.escape(ev.num("guide_version", S20,
                                                               "guide.version", "text")),
                          pilots=ev.num("n_pilots", S20, "n_pilots"),
                          changes=ev.num("guide_changes", S20, "changes.n")))


def _c18(ev: Evidence, out: Outline) -> Fill:
    t = ev.text
    return Fill("auto", t("collection.repeat_none") if ev.n_repeat == 0 else t(
        "collection.repeat", n=t.fmt(ev.n_repeat, "count")))


def _c21(ev: Evidence, out: Outline) -> Fill:
    text = duration_text(ev)
    return Fill("auto", text) if text else Fill(TODO, hint="participants.duration_min")


def _saturation_text(ev: Evidence) -> str:
    t = ev.text
    if ev.value(S40, "saturation.reached"):
        return t("ck.saturation", notation=ev.num("saturation_point", S40,
                                                  "saturation.notation", "text"))
    return t("ck.saturation_not")


def _c22(ev: Evidence, out: Outline) -> Fill:
    return Fill("draft", _saturation_text(ev) + " " + ev.text("ck.add_power"))


def _c24(ev: Evidence, out: Outline) -> Fill:
    t = ev.text
    return Fill("auto", t("ck.coders", n=t.n(ev.num("n_coders", S30, "n_coders"), "coder"),
                          coders=t.join(md.escape(c) for c in ev.value(S30, "coders")),
                          double=ev.num("n_double_coded_units", S30,
                                        "double_coded.n_units_double_coded"),
                          share=ev.num("double_coded_fraction", S30, "double_coded.fraction",
                                       "pct"),
                          alpha=ev.num("alpha", S30, "overall.krippendorff_alpha", "coef")))


def _c25(ev: Evidence, out: Outline) -> Fill:
    t = ev.text
    return Fill("auto", t("ck.tree", themes=t.n(ev.num("n_themes", S40, "n_themes"), "theme"),
                          categories=t.n(ev.num("n_categories", S40, "n_categories"),
                                         "category"),
                          subcategories=t.n(ev.num("n_subcategories", S40, "n_subcategories"),
                                            "subcategory"),
                          codes=t.n(ev.num("n_codes", S40, "n_codes"), "code")))


def _c26(ev: Evidence, out: Outline) -> Fill:
    inductive = ev.config.writeup.inductive
    if inductive is None:  # an author statement: never a stock sentence
        return Fill(TODO, hint="writeup.inductive")
    return Fill("config", ev.text("design.inductive" if inductive else "design.deductive"))


def _c27(ev: Evidence, out: Outline) -> Fill:
    text = ev.text("analysis.replicate", version=md.escape(replicate_version()))
    software = ev.config.writeup.software
    if software:
        return Fill("config", f"{md.escape(software)}; {text}")
    return Fill("auto", text)


def _c29(ev: Evidence, out: Outline) -> Fill:
    quotes = ev.table(S40, "quotes")
    example = ev.text.attribution(quotes["attribution"].iloc[0]) if len(quotes) else ""
    return Fill("auto", ev.text("ck.quotes", n=ev.num("n_quotes", S40, "n_quotes"),
                                example=md.escape(example)))


def _c30(ev: Evidence, out: Outline) -> Fill:
    t = ev.text
    missing = ev.value(S40, "categories_without_full_quotes")
    text = (t("ck.consistent_missing", names=t.join(md.escape(m) for m in missing)) if missing
            else t("ck.consistent"))
    return Fill("draft", text + " " + t("ck.authors_confirm"))


def _c31(ev: Evidence, out: Outline) -> Fill:
    return Fill("draft", ev.text("ck.major", themes=ev.num("n_themes", S40, "n_themes"))
                + " " + ev.text("ck.authors_interpret"))


def _c32(ev: Evidence, out: Outline) -> Fill:
    t = ev.text
    minor = list(ev.table(S40, "minor_subcategories")["subcategory"])
    new = ev.value(S40, "comparison_new_subcategories")
    none = t("none")
    text = t("ck.minor", minor=t.join(md.escape(m) for m in minor) or none,
             new=t.join(md.escape(n) for n in new) or none)
    return Fill("draft", text + " " + t("ck.authors_discuss"))


COREQ_FILLS: dict[int, FillFn] = {
    1: _c1, 2: _profile("credentials"), 3: _profile("occupation"), 4: _profile("gender"),
    5: _c5, 6: _reflexive, 7: _reflexive, 8: _reflexive, 9: _c9, 10: _c10,
    11: lambda ev, out: _config(ev, "recruitment"), 12: _c12, 13: _c13,
    14: lambda ev, out: _config(ev, "setting"),
    15: lambda ev, out: _config(ev, "others_present"), 16: _c16, 17: _c17, 18: _c18,
    19: lambda ev, out: _config(ev, "recording"),
    20: lambda ev, out: _config(ev, "field_notes"), 21: _c21, 22: _c22,
    23: lambda ev, out: _config(ev, "transcripts_returned"), 24: _c24, 25: _c25, 26: _c26,
    27: _c27, 28: lambda ev, out: _config(ev, "participant_checking"), 29: _c29, 30: _c30,
    31: _c31, 32: _c32,
}


def _s1(ev: Evidence, out: Outline) -> Fill:
    return Fill("draft", ev.text("ck.title", title=md.escape(ev.config.study.title)))


def _s2(ev: Evidence, out: Outline) -> Fill:
    return Fill("draft", ev.text("ck.abstract"))


def _s4(ev: Evidence, out: Outline) -> Fill:
    aim = ev.config.study.aim
    return Fill("config", md.escape(aim)) if aim else Fill(TODO, hint="study.aim")


def _s5(ev: Evidence, out: Outline) -> Fill:
    w = ev.config.writeup
    if w.paradigm:
        return Fill("config", f"{md.escape(w.approach)}; {md.escape(w.paradigm)}")
    return Fill(TODO, md.escape(w.approach), hint="writeup.paradigm")


def _s7(ev: Evidence, out: Outline) -> Fill:
    t = ev.text
    text = t("ck.context", school=md.escape(ev.config.study.school),
             offered=ev.num("n_offered", S10, "n_offered"))
    if ev.config.writeup.setting:
        text += f" {md.escape(ev.config.writeup.setting)}"
    return Fill("config", text)


def _s8(ev: Evidence, out: Outline) -> Fill:
    return Fill("auto", _c10(ev, out).text + "; " + _saturation_text(ev))


def _s9(ev: Evidence, out: Outline) -> Fill:
    w = ev.config.writeup
    if w.ethics:
        return Fill("config", md.escape(w.ethics) + (f" {md.escape(w.consent)}"
                                                     if w.consent else ""))
    return Fill(TODO, hint="writeup.ethics")


def _s10(ev: Evidence, out: Outline) -> Fill:
    t = ev.text
    facts = ev.value(S40, "facts")
    period = facts.get("interview_period") or [None, None]
    return Fill("auto", t("ck.collection", start=md.escape(period[0] or t("na")),
                          end=md.escape(period[1] or t("na")),
                          version=md.escape(ev.num("guide_version", S20, "guide.version",
                                                   "text")),
                          pilots=ev.num("n_pilots", S20, "n_pilots")))


def _s13(ev: Evidence, out: Outline) -> Fill:
    return Fill("auto", ev.text("ck.processing", units=ev.num("n_units", S40, "n_units")))


def _s14(ev: Evidence, out: Outline) -> Fill:
    return _c24(ev, out)


def _s15(ev: Evidence, out: Outline) -> Fill:
    return Fill("draft", ev.text("ck.trustworthiness",
                                 kappa=ev.num("kappa", S30, "overall.cohen_kappa", "coef")
                                 if ev.value(S30, "overall.cohen_kappa") is not None
                                 else ev.num("kappa", S30, "overall.fleiss_kappa", "coef"),
                                 alpha=ev.num("alpha", S30, "overall.krippendorff_alpha", "coef"),
                                 n=ev.num("n_disagreements", S30, "n_disagreements")))


def _s18(ev: Evidence, out: Outline) -> Fill:
    if "discussion" in ev.author_text:
        return Fill("author", ev.text("ck.discussion"))
    return Fill("draft", ev.text("ck.comparison_only"), hint=ev.author_hint("discussion"))


def _s3(ev: Evidence, out: Outline) -> Fill:
    if "background" in ev.author_text:
        return Fill("author", ev.text("ck.background"))
    return Fill(TODO, hint=ev.author_hint("background"))


def _author(part: str) -> FillFn:
    def fill(ev: Evidence, out: Outline) -> Fill:
        if part in ev.author_text:
            return Fill("author", ev.text(f"ck.{part}"))
        return Fill(TODO, hint=ev.author_hint(part))

    return fill


SRQR_FILLS: dict[int, FillFn] = {
    1: _s1, 2: _s2, 3: _s3, 4: _s4, 5: _s5,
    6: _author("reflexivity"), 7: _s7, 8: _s8, 9: _s9, 10: _s10, 11: _c17, 12: _c16,
    13: _s13, 14: _s14, 15: _s15, 16: _c31, 17: _c29, 18: _s18,
    19: _author("limitations"), 20: lambda ev, out: _config(ev, "conflicts"),
    21: lambda ev, out: _config(ev, "funding"),
}
