"""The frame around Methods and Results: title block, structured summary, introduction,
discussion, declarations, the to-complete list, references and the appendices.

The structured summary's numbers are automatic; its conclusions, the introduction's problem
formulation and the discussion are the authors' (SRQR S2, S3, S18–S19). Appendix A is the
interview guide as piloted (Kallio et al. 2016, phase 5; COREQ 17; SRQR S11), Appendix B the
codebook with its descriptions (COREQ 25).
"""

from __future__ import annotations

import pandas as pd

from replicate.writeup import markdown as md
from replicate.writeup.evidence import Evidence, author_part
from replicate.writeup.methods import replicate_version
from replicate.writeup.outline import Outline
from replicate.writeup.sentences import summary_people

__all__ = [
    "REFERENCES",
    "aim_text",
    "appendices",
    "declarations_section",
    "discussion_section",
    "introduction_section",
    "references_section",
    "summary_section",
    "title_block",
    "to_complete_section",
]

S10, S30, S40 = "10_sampling_design", "30_coding_reliability", "40_theme_synthesis"

# Cited in the text; written as text (DOIs included) so the page links to nothing outside.
REFERENCES = (
    "Cohen J. A coefficient of agreement for nominal scales. Educ Psychol Meas "
    "1960;20(1):37–46. doi:10.1177/001316446002000104",
    "Elo S, Kyngäs H. The qualitative content analysis process. J Adv Nurs 2008;62(1):107–115. "
    "doi:10.1111/j.1365-2648.2007.04569.x",
    "Fleiss JL. Measuring nominal scale agreement among many raters. Psychol Bull "
    "1971;76(5):378–382. doi:10.1037/h0031619",
    "Graneheim UH, Lundman B. Qualitative content analysis in nursing research: concepts, "
    "procedures and measures to achieve trustworthiness. Nurse Educ Today 2004;24(2):105–112. "
    "doi:10.1016/j.nedt.2003.10.001",
    "Guest G, Namey E, Chen M. A simple method to assess and report thematic saturation in "
    "qualitative research. PLoS ONE 2020;15(5):e0232076. doi:10.1371/journal.pone.0232076",
    "Hennink MM, Kaiser BN, Marconi VC. Code saturation versus meaning saturation. Qual Health "
    "Res 2017;27(4):591–608. doi:10.1177/1049732316665344",
    "Kalén S, Ponzer S, Silén C. The core of mentorship: medical students' experiences of "
    "one-to-one mentoring in a clinical environment. Adv Health Sci Educ Theory Pract "
    "2012;17(3):389–401. doi:10.1007/s10459-011-9317-0",
    "Kallio H, Pietilä A-M, Johnson M, Kangasniemi M. Systematic methodological review: "
    "developing a framework for a qualitative semi-structured interview guide. J Adv Nurs "
    "2016;72(12):2954–2965. doi:10.1111/jan.13031",
    "Krippendorff K. Content Analysis: An Introduction to Its Methodology. 2nd ed. Thousand "
    "Oaks, CA: Sage; 2004.",
    "Malterud K, Siersma VD, Guassora AD. Sample size in qualitative interview studies: guided "
    "by information power. Qual Health Res 2016;26(13):1753–1760. "
    "doi:10.1177/1049732315617444",
    "O'Brien BC, Harris IB, Beckman TJ, Reed DA, Cook DA. Standards for reporting qualitative "
    "research: a synthesis of recommendations. Acad Med 2014;89(9):1245–1251. "
    "doi:10.1097/ACM.0000000000000388",
    "O'Connor C, Joffe H. Intercoder reliability in qualitative research: debates and "
    "practical guidelines. Int J Qual Methods 2020;19. doi:10.1177/1609406919899220",
    "Patton MQ. Qualitative Research & Evaluation Methods. 3rd ed. Thousand Oaks, CA: Sage; "
    "2002.",
    "Tong A, Sainsbury P, Craig J. Consolidated criteria for reporting qualitative research "
    "(COREQ): a 32-item checklist for interviews and focus groups. Int J Qual Health Care "
    "2007;19(6):349–357. doi:10.1093/intqhc/mzm042",
)


def title_block(ev: Evidence) -> str:
    """Title, synthetic-data notice, school, provenance note (the stage reports are linked
    from the page header, :func:`replicate.report.report_nav`: one list of them)."""
    t, study = ev.text, ev.config.study
    parts = [md.heading(1, study.title)]
    if study.synthetic:
        parts.append(f"> **{t('title.synthetic_label')}** {t('title.synthetic')}\n\n")
    parts.append(f"{md.escape(study.school)} · {t('title.study_id')} {md.escape(study.id)}\n\n")
    parts.append(t("title.generated", version=md.escape(replicate_version())) + "\n\n")
    return "".join(parts)


def aim_text(ev: Evidence, out: Outline) -> str:
    """The authors' aim (``study.aim``, else their ``aim.md``), or the to-complete marker:
    never the original's aim."""
    aim = ev.config.study.aim
    if aim:
        return md.escape(aim)
    return author_part(ev, out, "aim", "introduction", below=2, inline=True).strip()


def summary_section(ev: Evidence, out: Outline) -> str:
    """The structured summary: aim, methods and results with numbers; conclusions to complete."""
    t, w = ev.text, ev.config.writeup
    methods = t("summary.methods", people=summary_people(ev),
                offered=ev.num("n_offered", S10, "n_offered"),
                approach=md.escape(w.approach))
    names = t.join(md.escape(str(th["theme"])) for th in ev.value(S40, "themes"))
    replicated = ev.value(S40, "comparison.subcategory.replicated")
    absent = ev.value(S40, "comparison.subcategory.absent")
    new = ev.value(S40, "comparison.subcategory.new")
    results = t("summary.results",
                themes=t.n(ev.num("n_themes", S40, "n_themes"), "theme"), names=names,
                categories=t.n(ev.num("n_categories", S40, "n_categories"), "category"),
                subcategories=t.n(ev.num("n_subcategories", S40, "n_subcategories"),
                                  "subcategory"),
                original=t.fmt(int(replicated) + int(absent), "count"),
                replicated=ev.num("comparison_subcategory_replicated", S40,
                                  "comparison.subcategory.replicated"),
                new=t.n(ev.num("comparison_subcategory_new", S40, "comparison.subcategory.new"),
                        "new_subcategory", new))
    cohen = ev.value(S30, "overall.cohen_kappa") is not None
    kappa_name = t("rel.kappa_name") if cohen else t("rel.fleiss_name")
    kappa_key = "overall.cohen_kappa" if cohen else "overall.fleiss_kappa"
    results += " " + t("summary.agreement", n=ev.num("n_double_coded", S30, "n_units"),
                       kappa_name=kappa_name, kappa=ev.num("kappa", S30, kappa_key, "coef"),
                       alpha=ev.num("alpha", S30, "overall.krippendorff_alpha", "coef"))
    if ev.value(S40, "saturation.reached"):
        results += " " + t("summary.saturation", notation=ev.num(
            "saturation_point", S40, "saturation.notation", "text"),
            at=ev.num("saturation_at", S40, "saturation.saturated_at"),
            run=t.n(ev.num("saturation_run", S40, "saturation.run"), "interview"),
            threshold=ev.num("saturation_threshold", S40, "saturation.threshold", "pct"),
            base=ev.num("saturation_base", S40, "saturation.base"))
    else:
        results += " " + t("summary.no_saturation")
    conclusions = author_part(ev, out, "conclusions", "summary", below=2, inline=True).strip()
    rows = [(t("summary.aim"), aim_text(ev, out)),
            (t("summary.methods_label"), methods), (t("summary.results_label"), results),
            (t("summary.conclusions"), conclusions)]
    return out.heading("summary") + "".join(f"**{label}** {text}\n\n" for label, text in rows)


def introduction_section(ev: Evidence, out: Outline) -> str:
    """The authors' background, the aim and the research questions (config and guide)."""
    t = ev.text
    parts = [out.heading("introduction")]
    if "background" in ev.author_text:
        parts.append(author_part(ev, out, "background", "introduction", below=2))
    else:
        parts.append(t("intro.background", todo=author_part(
            ev, out, "background", "introduction", below=2, inline=True)) + "\n\n")
    parts.append(f"**{t('summary.aim')}** {aim_text(ev, out)}\n\n")
    rqs = ev.guide.research_questions if ev.guide is not None else {}
    if rqs:
        parts.append(t("intro.questions") + "\n\n")
        parts.append(md.bullet_list(f"{md.escape(k)}: {md.escape(v)}"
                                    for k, v in sorted(rqs.items())))
    return "".join(parts)


def discussion_section(ev: Evidence, out: Outline) -> str:
    """Discussion and limitations: the authors' Markdown, or the to-complete marker."""
    t = ev.text
    parts = [out.heading("discussion")]
    if "discussion" in ev.author_text:
        parts.append(author_part(ev, out, "discussion", "discussion", below=2))
    else:
        parts.append(t("discussion.missing", todo=author_part(
            ev, out, "discussion", "discussion", below=2, inline=True),
            comparison=out.ref("comparison")) + "\n\n")
    parts.append(out.heading("limitations"))
    parts.append(author_part(ev, out, "limitations", "limitations", below=3))
    return "".join(parts)


def declarations_section(ev: Evidence, out: Outline) -> str:
    """Funding and conflicts of interest from the config (SRQR S20–S21)."""
    t, w = ev.text, ev.config.writeup
    items = []
    for key in ("funding", "conflicts"):
        value = getattr(w, key)
        shown = md.escape(value) if value else out.todo(key, "declarations", f"writeup.{key}")
        items.append(f"**{t(f'fact.{key}')}:** {shown}")
    return out.heading("declarations") + md.bullet_list(items)


def to_complete_section(out: Outline) -> str:
    """The list of everything the authors still have to write or provide."""
    t = out.text
    parts = [out.heading("to_complete")]
    if not out.to_complete:
        return "".join(parts) + t("todo.none") + "\n\n"
    parts.append(t("todo.intro") + "\n\n")
    rows = [(item["what"], item["section"], item["how"], item["reason"])
            for item in out.to_complete]
    parts.append(md.table([t("col.what"), t("col.section"), t("col.how"), t("col.note")], rows))
    return "".join(parts)


def references_section(out: Outline) -> str:
    """The reference list (plain text, no hyperlinks)."""
    return out.heading("references") + md.bullet_list(md.escape(r) for r in REFERENCES)


def _guide_appendix(ev: Evidence, out: Outline) -> str:
    t = ev.text
    g = ev.guide
    parts = [out.heading("appendix_guide")]
    if g is None:
        return "".join(parts) + out.todo("guide", "appendix_guide", "data.guide") + "\n\n"
    lo, hi = g.planned_minutes
    parts.append(t("guide.header", title=md.escape(g.title), version=md.escape(g.version),
                   language=md.escape(g.language), lo=t.fmt(lo, "minutes"),
                   hi=t.fmt(hi, "minutes")) + "\n\n")
    for area in g.areas:
        rq = f" ({md.escape(', '.join(area.research_questions))})" if area.research_questions \
            else ""
        parts.append(f"**{md.escape(area.title)}**{rq}\n\n")
        items = []
        for q in area.questions:
            line = f"**{md.escape(q.id)}** ({t.label('kind', q.kind)}) {md.escape(q.text)}"
            if q.probes:
                line += "\n" + "\n".join(f"  - {md.escape(p)}" for p in q.probes)
            items.append(line)
        parts.append(md.bullet_list(items))
    return "".join(parts)


def _codebook_appendix(ev: Evidence, out: Outline) -> str:
    t = ev.text
    parts = [out.heading("appendix_codebook")]
    cb = ev.codebook
    if cb is None:
        return "".join(parts) + out.todo("codebook", "appendix_codebook", "data.codebook") \
            + "\n\n"
    desc = cb["description"] if "description" in cb.columns else pd.Series("", index=cb.index)
    rows = [(r.theme, r.category, r.subcategory, r.code, "" if pd.isna(d) else d)
            for r, d in zip(cb.itertuples(), desc, strict=True)]
    parts.append(md.table([t("col.theme"), t("col.category"), t("col.subcategory"),
                           t("col.code"), t("col.description")], rows))
    return "".join(parts)


def appendices(ev: Evidence, out: Outline) -> str:
    """Appendix A (interview guide) and Appendix B (codebook)."""
    return _guide_appendix(ev, out) + _codebook_appendix(ev, out)
