"""The write-up's sampling claims, each made for the group it is true of (issue 17).

Stage 10 keeps three groups apart, and so does the text:

* the **designed sample**: the maximum-variation draw (after any replacement of students
  who declined), with its minimum quotas;
* **who was invited and who declined**: stated only when ``sampling.invitations`` says how
  the school invited (``as_designed``); otherwise listed "to complete" for the authors;
* **who was interviewed**: the participants table, with the quotas counted among them and,
  where they differ from the design, how many were not in it and how many of the design
  were not interviewed.

Every number goes through :meth:`Evidence.num` or :meth:`Evidence.register`.
"""

from __future__ import annotations

from typing import Any

from replicate.writeup import markdown as md
from replicate.writeup.evidence import Evidence
from replicate.writeup.outline import Outline

__all__ = [
    "design_quota_sentence",
    "flow_alt_values",
    "interviewed_sentences",
    "invitation_sentences",
    "invitations_known",
    "nonparticipation",
    "quota_checklist",
]

S10 = "10_sampling_design"


def invitations_known(ev: Evidence) -> bool:
    """Whether stage 10 knows who was invited and who declined."""
    return ev.value(S10, "n_invited") is not None


def _group(ev: Evidence) -> dict[str, Any] | None:
    group: dict[str, Any] | None = ev.value(S10, "interviewed")
    return group


def _design_counts(ev: Evidence) -> tuple[str, str, bool]:
    """The design's quotas met and in all (as shown), and whether all were met."""
    quotas = ev.value(S10, "quotas")
    met = sum(1 for q in quotas if q.get("met_quota"))
    shown_met = ev.register("design_quotas_met", met, S10, "quotas[*].met_quota (count)")
    shown_all = ev.register("n_quotas", len(quotas), S10, "quotas (length)")
    return shown_met, shown_all, met == len(quotas)


def design_quota_sentence(ev: Evidence) -> str:
    """The designed sample's quotas, labelled as the designed sample's (empty without any)."""
    t = ev.text
    if not ev.value(S10, "quotas"):
        return ""
    met, total, every = _design_counts(ev)
    n = t.n(ev.num("n_selected", S10, "n_selected"), "student")
    if every:
        return t("sampling.design_quotas_met", n=n, quotas=t.n(total, "quota"))
    # why a minimum is not met: lowered when the pool could not meet it (the relaxation), or
    # left unmet when a student declined and no reserve fitted (the repair)
    unmet = [q for q in ev.value(S10, "quotas") if not q.get("met_quota")]
    why = []
    if any(q["required"] < q["quota"] for q in unmet):
        why.append(t("sampling.why_lowered"))
    if any(q["achieved"] < q["required"] for q in unmet) and ev.value(S10, "n_declined"):
        why.append(t("sampling.why_declined"))
    if not why:
        why.append(t("sampling.why_unmet"))
    return t("sampling.design_quotas_partly", n=n, met=met, total=total, why=t.join(why))


def _one(key: str, value: object) -> str:
    """``key`` or its ``_one`` variant (the verb in the singular) for a count of one."""
    return f"{key}_one" if value == 1 else key


def _quota_name(ev: Evidence, dimension: str, level: str) -> str:
    t = ev.text
    if dimension == "gender_dyad" and "-" in level:
        student, mentor = level.split("-", 1)
        return t("sampling.quota_dyad", student=t.gender(student), mentor=t.gender(mentor))
    shown = t.gender(level) if dimension.endswith("_gender") else md.escape(level)
    return f"{t.label('dim', dimension)} {shown}"


def _not_met(ev: Evidence, group: dict[str, Any]) -> str:
    t = ev.text
    items = []
    for i, q in enumerate(group["quotas_not_met"]):
        key = f"interviewed.quotas_not_met.{i}"
        items.append(t("sampling.quota_short",
                       what=_quota_name(ev, str(q["dimension"]), str(q["level"])),
                       n=ev.num(f"interviewed_quota_{i}", S10, f"{key}.interviewed"),
                       q=ev.num(f"interviewed_quota_min_{i}", S10, f"{key}.quota")))
    return t.join(items)


def _not_interviewed(ev: Evidence, group: dict[str, Any]) -> str:
    return ev.text(_one("sampling.not_interviewed", group["design_not_interviewed"]),
                   n=ev.num("design_not_interviewed", S10, "interviewed.design_not_interviewed"),
                   total=ev.num("n_selected", S10, "n_selected"))


def interviewed_sentences(ev: Evidence) -> list[str]:
    """Who was interviewed against the design, and the quotas among the interviewed."""
    t = ev.text
    group = _group(ev)
    if group is None:
        return []
    n = ev.num("interviewed_n", S10, "interviewed.n")
    out = []
    if group["same_as_design"]:
        out.append(t("sampling.same"))
    else:
        if group["not_in_design"]:
            out.append(t(_one("sampling.outside", group["not_in_design"]),
                         n=ev.num("interviewed_not_in_design", S10, "interviewed.not_in_design"),
                         total=n))
        if group["design_not_interviewed"]:
            out.append(_not_interviewed(ev, group))
    if group["not_eligible"]:
        out.append(t("sampling.ineligible", n=ev.num("interviewed_not_eligible", S10,
                                                     "interviewed.not_eligible")))
    if group["same_as_design"] or not group["n_quotas"]:
        return out  # the design's quota sentence is about these very students
    people = t.n(n, "student", group["n"])
    total = ev.num("interviewed_n_quotas", S10, "interviewed.n_quotas")
    if group["all_quotas_met"]:
        out.append(t("sampling.interviewed_quotas_met", n=people,
                     quotas=t.n(total, "quota", group["n_quotas"])))
    else:
        out.append(t("sampling.interviewed_quotas_partly", n=people,
                     met=ev.num("interviewed_quotas_met", S10, "interviewed.quotas_met"),
                     total=total, which=_not_met(ev, group)))
    return out


def invitation_sentences(ev: Evidence, out: Outline, section: str) -> list[str]:
    """Who was invited and who declined (or the marker to complete), and the reserve list."""
    t = ev.text
    text = []
    if invitations_known(ev):
        invited = ev.num("n_invited", S10, "n_invited")
        declined = ev.value(S10, "n_declined")
        if declined:
            text.append(t(_one("sampling.declined", declined),
                          declined=ev.num("n_declined", S10, "n_declined"), invited=invited))
            text.append(t("sampling.declined_reasons"))
        else:
            text.append(t("sampling.none_declined", invited=invited))
    else:
        text.append(t("sampling.invitations_unknown",
                      todo=out.todo("invitations", section, "sampling.invitations")))
    text.append(t("sampling.reserve", reserve=t.n(ev.num("n_reserve", S10, "n_reserve"),
                                                  "student", ev.value(S10, "n_reserve"))))
    return text


def flow_alt_values(ev: Evidence) -> dict[str, str]:
    """The numbers of the flow figure's alt text."""
    values = {"offered": ev.num("n_offered", S10, "n_offered"),
              "eligible": ev.num("n_eligible", S10, "n_eligible"),
              "selected": ev.num("n_selected", S10, "n_selected")}
    if ev.value(S10, "n_interviewed") is not None:
        values["interviewed"] = ev.num("n_interviewed", S10, "n_interviewed")
    return values


def quota_checklist(ev: Evidence) -> str:
    """COREQ 10's quota clause: for the interviewed, with the designed sample's beside it."""
    t = ev.text
    if not ev.value(S10, "quotas"):
        return t("ck.no_quotas")
    met, total, _ = _design_counts(ev)
    group = _group(ev)
    if group is None:
        return t("ck.quotas_design", met=met, total=total)
    return t("ck.quotas_interviewed",
             met=ev.num("interviewed_quotas_met", S10, "interviewed.quotas_met"), total=total,
             n=t.n(ev.num("interviewed_n", S10, "interviewed.n"), "student", group["n"]),
             design=met)


def nonparticipation(ev: Evidence) -> tuple[bool, str]:
    """COREQ 13 without the exclusions: whether the invitations are known, and the text."""
    t = ev.text
    parts = []
    if invitations_known(ev):
        parts.append(t("ck.nonparticipation", declined=ev.num("n_declined", S10, "n_declined"),
                       invited=ev.num("n_invited", S10, "n_invited")))
    group = _group(ev)
    if group is not None and group["design_not_interviewed"]:
        parts.append(_not_interviewed(ev, group))
    return invitations_known(ev), " ".join(parts)
