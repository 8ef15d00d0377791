"""Swedish word lists and patterns for the question-flaw rules (methodology.md §2.3).

Additions beyond the methodology table are marked ``# [D+]``; docs/guide-checks.md lists
them with the figures measured on the labelled set.
"""

from __future__ import annotations

import re

from replicate.guide._lexbase import IGNORECASE as _I
from replicate.guide._lexbase import Lexicon, alt, word_set

__all__ = ["SV"]

_V1 = word_set(
    "är var har hade kan kunde ska skulle vill ville måste får fick brukar tycker tyckte",
    "tror trodde känner kände upplever upplevde finns fanns blir blev gör gjorde hjälper",
    "hjälpte träffar träffade påverkar påverkade anser ansåg vet visste behöver behövde",
    # [D+] frequent further finite verbs
    "kändes känns märkte förstod minns saknade borde vågade tänker tänkte ger gav fungerade",
    "fungerar lärde pratade pratar stöttade uppfattade varit hjälpte",
)
_WH = word_set("vad hur varför när vem vems vilken vilket vilka")
#: Subjects that follow the finite verb in a verb-first question ("Arbetar din mentor…",
#: "Kommer ni…"). [D+] the structural verb-first test, see ``Lexicon``.
_SUBJECTS = word_set(
    "du ni det den de dom han hon hen man jag vi din ditt dina er ert era hans hennes deras",
    "mitt min mina",
)
#: First words that are never the finite verb: wh-words, subordinators, conjunctions,
#: prepositions, pronouns and determiners, sentence adverbs and interjections.
_NOT_VERBS = _WH | _SUBJECTS | word_set(
    "om när innan efter medan eftersom då sedan sen tills ifall fast trots även att som",
    "och men eller för i på med till från av under vid hos utan inför kring mot genom",
    "så nu här där idag igår ibland ofta alltid aldrig kanske bara också ja nej okej jo",
    "mm hm tack visst självklart dig mig sig oss er",
)
_EVAL_ADJ = word_set(
    "användbar användbart användbara värdefull värdefullt värdefulla viktig viktigt viktiga",
    "meningsfull meningsfullt meningsfulla givande lärorik lärorikt lärorika svår svårt svåra",
    "lätt lätta rolig roligt roliga jobbig jobbigt jobbiga bra dålig dåligt dåliga positiv",
    "positivt positiva negativ negativt negativa intressant intressanta stressig stressigt",
    "utmanande relevant relevanta stödjande trygg tryggt trygga nyttig nyttigt nyttiga",
    "nöjd nöjda hjälpsam hjälpsamt hjälpsamma tuff tufft tuffa bra",
)
_EXP_VERB = word_set(
    "stöttade utmanade hjälpte påverkade förändrade formade motiverade uppmuntrade utvecklade",
    "förberedde planerade diskuterade hanterade lärde kände tänkte upplevde tyckte värderade",
    "stöttar utmanar hjälper påverkar förändrar formar motiverar uppmuntrar utvecklar",
    "förbereder planerar diskuterar hanterar känner tänker upplever stötta utmana hjälpa",
    "påverka förändra forma motivera uppmuntra utveckla förbereda planera diskutera hantera",
)
#: Outcome and change-of-state verbs (past and supine), as in the English ``_OUTCOME``.
_OUTCOME_PAST = word_set(
    "hjälpte stöttade stödde stärkte förbättrade gynnade bidrog förberedde formade förändrade",
    "utvecklade hjälper stöttar stödjer stärker förbättrar gynnar bidrar förbereder formar",
    "förändrar utvecklar",
)
_OUTCOME_SUPINE = word_set(
    "hjälpt stöttat stött stärkt förbättrat gynnat bidragit förberett format förändrat utvecklat"
)
_PRON = word_set("du ni det den de han hon hen man detta dessa jag vi där")
_DET = "din|ditt|dina|er|ert|era|sin|sitt|sina|hans|hennes|deras|min|mitt|mina"
_DEF = r"[\wåäö]{3,}(?:arna|erna|orna|na|en|et)"  # a definite noun: träffarna, sättet
#: Invitations that are verb-first in form (methodology exception; [D+] further verbs).
_TELL = (r"berätta|beskriva|förklara|utveckla|säga (?:lite |något |några ord|mer)|säga mer"
         r"|ge(?: ett| några| mig ett| mig några)? exempel|ta mig (?:igenom|genom)|gå igenom"
         r"|fortsätta|dela med dig|reflektera")

SV = Lexicon(
    closed_first=_V1,
    # [D+] a first word in -ade/-ades/-ades is a past-tense verb: verb-first, closed
    closed_suffix=re.compile(r"^\w{2,}(?:ade|ades)$", _I),
    v1_subjects=_SUBJECTS,
    v1_not_verbs=_NOT_VERBS,
    polite_open=re.compile(
        r"(?:kan|kunde|skulle|vill|ville) (?:du|ni) (?:kanske |möjligen |snälla |först )?"
        rf"(?:kunna |vilja )?(?:börja med att )?(?:{_TELL})\b"
        r"|får jag be (?:dig|er)(?: att)? (?:berätta|beskriva|förklara|utveckla)\b",  # [D+]
        _I,
    ),
    closing_invite=re.compile(
        r"(?:finns det|är det|har (?:du|ni)|vill (?:du|ni))\b.*\b(?:något|någonting|nånting|mer)\b"
        r".*\b(?:mer|annat|ytterligare|tillägga|lägga till|berätta|ta upp)\b",
        _I,
    ),
    wh=_WH,
    choice_wh=word_set("vilken vilket vilka"),
    either_or=re.compile(r"(?<![/\w])eller\b(?!\s+hur\b)(?!\s*\?\s*$)", _I),
    either_or_skip=re.compile(
        r"\bom några\b|\bom alls\b|\beller inte\b|\btill exempel\b|\bt\.\s?ex\.", _I
    ),
    leading=(
        re.compile(r"\beller hur\b", _I),
        re.compile(r",\s*eller\s*\?\s*$", _I),
        re.compile(r"(?<!\ben )(?<!\bett )(?<!\bi )\bvisst\b", _I),
        re.compile(  # the modal particle "väl"; [D+] not the adverb after a degree word
            r"(?<!\bhur )(?<!\blika )(?<!\bså )(?<!\bför )(?<!\balltför )(?<!\bsärskilt )"
            r"(?<!\bmycket )(?<!\bganska )(?<!\briktigt )(?<!\brätt )(?<!\bspeciellt )"
            r"(?<!\bextra )(?<!\btillräckligt )\bväl\b",
            _I,
        ),
        re.compile(
            r"\binte sant\b|\bhåller (?:du|ni) (?:inte )?med\b|\btycker (?:du|ni) inte\b"
            r"|\btyckte (?:du|ni) inte\b|\bär det inte så att\b",
            _I,
        ),
        re.compile(
            r"(?<!\bhur )\bsäkert\b|\bsjälvklart\b|\bnaturligtvis\b|\buppenbarligen\b"
            r"|\bmåste ha (?:varit|känt|känts|haft)\b"  # [D+] further participles
            r"|\bjag (?:antar|förmodar|gissar|utgår från)\b",  # [D+] = "I assume"
            _I,
        ),
        re.compile(  # [D+] evaluative adjective in a "hur" stem, as in the English rule
            r"\bhur (?:värdefull[ta]?|hjälpsam(?:t|ma)?|givande|lärorik[ta]?|nyttig[ta]?"
            r"|viktig[ta]?|användbar[ta]?|bra|meningsfull[ta]?|stödjande)\b",
            _I,
        ),
        re.compile(  # [D+] priming with what others say, as in English
            r"\b(?:många|de flesta|flera|andra)\s+(?:studenter|läkare|kurskamrater"
            r"|av dina kurskamrater)\b[^.?]*?\b(?:säger|sa|sade|berättar|tycker|tyckte|menar"
            r"|upplever|upplevde|beskriver)\b"
            r"|\b(?:forskning(?:en)?|studier|litteraturen)\s+(?:visar|tyder på|har visat"
            r"|pekar på)\b",
            _I,
        ),
        re.compile(r"\bså\s+(?:" + alt(_EVAL_ADJ) + r")\b", _I),  # [D+] "så värdefulla"
    ),
    leading_v1_not=re.compile(r"^(?:" + alt(_V1) + r")\b(?:\s+[\wåäö]+){0,2}?\s+inte\b", _I),
    double_barrel=(
        re.compile(r"\boch/eller\b|\bsamt\b", _I),
        re.compile(r"\boch\s+(?:" + alt(_WH) + r")\b|\boch var\s*\?", _I),
        re.compile(r"\beller\s+(?:" + alt(_WH - {"hur"}) + r")\b", _I),
        re.compile(r"\boch\s+(?:" + alt(_V1) + r")\s+(?:du|ni|det|han|hon|hen|man|de)\b", _I),
        re.compile(  # [D+] a second inverted clause: "…, och tog du till dig den?"
            r"\boch\s+(?!(?:när|om|att|som|då|sedan|sen|så|med|av|till|för|på|i)\b)[\wåäö]+"
            r"\s+(?:du|ni)\b",
            _I,
        ),
        re.compile(  # [D+] a second past-tense predicate: "förberedde du dig och följde upp"
            r"\boch\s+[\wåäö]{2,}(?:ade|dde|de|te)\b", _I
        ),
        re.compile(r"\b(?:" + alt(_EVAL_ADJ) + r")\s+och\s+(?:" + alt(_EVAL_ADJ) + r")\b", _I),
        re.compile(r"\b(?:" + alt(_EXP_VERB) + r")\s+och\s+(?:" + alt(_EXP_VERB) + r")\b", _I),
    ),
    double_barrel_targets=(
        re.compile(r"\bbåde\b.+\boch\b", _I),
        re.compile(rf"\b(?:{_DET})\s+[\wåäö-]+(?:\s+[\wåäö-]+)?\s+och\s+(?:{_DET})\s+[\wåäö-]+",
                   _I),
        # [D+] a repeated preposition: "med din mentor och med de andra"
        re.compile(r"\b(om|med|som|för|av|till|från|på|i|hos|vid)\s+(?:\S+\s+){1,3}?och\s+\1\b",
                   _I),
        # [D+] two definite nouns: "återkopplingen och sättet", "träffarna och de skriftliga"
        re.compile(rf"\b{_DEF}\s+och\s+(?:{_DEF}|(?:de|den)\s+[\wåäö]+[ae])\b", _I),
    ),
    comparison=re.compile(
        r"\b(?:skil(?:de|jer|jde|t) sig|skillnad\w*|jämför\w*|likhet\w*|olika|mellan)\b", _I
    ),
    double_barrel_whitelist=re.compile(
        r"\b(?:upp och ner|fram och tillbaka|hit och dit|då och då|och så vidare|till och med"
        r"|du och din \w+|ni och er \w+|din \w+ och du|mellan dig och"
        r"|styrkor och svagheter)\b|\w+- och \w+",  # [D+] styrkor och svagheter
        _I,
    ),
    presupposing=(
        re.compile(r"\bhur mycket (?:hjälpte|stöttade|påverkade|förbättrade|stärkte|utvecklade)\b",
                   _I),
        re.compile(  # [D+] any outcome verb after hur / på vilka sätt, subject not du/ni
            r"\b(?:hur|på vilka sätt|på vilket sätt|i vilken (?:grad|utsträckning))\s+(?:"
            + alt(_OUTCOME_PAST) + r")\b(?!\s+(?:du|ni|jag|vi)\b)",
            _I,
        ),
        re.compile(  # [D+] perfect tense: "hur har mentorskapet förändrat …"
            r"\b(?:hur|på vilka sätt|på vilket sätt)\s+(?:har|hade)\s+(?!du\b|ni\b)[\wåäö]+\s+"
            r"(?:[\wåäö]+\s+)?(?:" + alt(_OUTCOME_SUPINE) + r")\b",
            _I,
        ),
        re.compile(r"\bhur\s+(?:har\s+)?(?:[\wåäö]+\s+){0,2}?förändra(?:des|ts|t sig|de sig)\b",
                   _I),  # [D+] "förändras" with or without object, as English "change"
        re.compile(  # [D+] what the participant did presupposes the thing acted on
            r"\bhur\s+(?:använde|tillämpade|övervann|löste|byggde)\s+(?:du|ni)\b", _I
        ),
        re.compile(r"\bvilka (?:fördelar|problem|svårigheter|vinster|utmaningar"
                   r"|förbättringar)\b", _I),
        re.compile(r"\bvad\s+(?:fick|har|hade)\s+(?:du|ni)\s+(?:fått\s+)?ut av\b", _I),  # [D+]
        re.compile(r"\bnär (?:insåg|märkte|förstod|började|slutade|bestämde) (?:du|ni)\b", _I),
        re.compile(r"\bvarför (?:slutade|valde|misslyckades)\b", _I),
        re.compile(r"\b(?:fortfarande|igen|sluta|slutade|slutat|inte längre)\b", _I),
        re.compile(r"\bså\s+(?:" + alt(_EVAL_ADJ) + r")\b", _I),  # [D+] see leading
        re.compile(  # [D+] an outcome asserted before the question
            r"\b(?:självklart|naturligtvis|uppenbarligen)\b[^?]*?\b(?:" + alt(_OUTCOME_PAST)
            + r")\b",
            _I,
        ),
    ),
    presupposing_always=(
        re.compile(r"\b(?:ångra|ångrar|ångrade|ångrat|insåg|inser|upptäckte|upptäcker)\b", _I),
    ),
    hedge=re.compile(r"\bom några\b|\bom alls\b|\bom något\b|\bom någon\b|\bi så fall\b", _I),
    why=re.compile(r"varför\b", _I),
    negators=word_set("inte icke ej aldrig ingen inget inga ingenting ingenstans"),
    # "tema" and "kategori" left the glossary [D+], as "theme"/"category" in English
    glossary=(
        "professionell kompetens", "reflektionsförmåga", "professionell identitet",
        "socialisering", "socialisation", "praktikgemenskap", "innehållsanalys",
        "dold läroplan", "legitimt perifert deltagande", "CanMEDS", "metakognition",
        "metakognitiv", "self-efficacy",
    ),
    glossary_compounds=True,  # [D+] "identitet" also inside "identitetsutveckling"
    whitelist=word_set(
        "mentor mentorn mentorer mentorerna mentorskap mentorskapet läkare termin terminen",
        "handledare handledaren student studenter kurs avdelning klinik placering",
        "läkarprogrammet läkarutbildningen mejl okej AT ST",
        # [D+] acronyms every Swedish medical student uses
        "OSCE VFU BT IVA EKG HLR KI CV",
    ),
    acronym=re.compile(r"\b[A-ZÅÄÖ]{2,}\b"),
    # [D+] verb and participle endings (stött|ad, tvivl|ade, distans|erad)
    suffixes=("arna", "erna", "orna", "ande", "ende", "erade", "erad", "erat", "ades", "ade",
              "ad", "at", "ats", "dde", "de", "te", "ena", "en", "et", "na", "ar", "er", "or",
              "n", "t", "s", "a", "e"),
    prefixes=("o", "in"),  # negating prefixes: o|enig, in|formell
    # [D+] learned prefixes are not compound parts: inter|professionella stays rare
    learned_prefixes=("inter", "intra", "meta", "multi", "trans", "post", "pre", "sub",
                      "super", "pseudo"),
    split_compounds=True,
    neutral_probe=re.compile(
        r"\b(?:kan (?:du|ni) utveckla|(?:kan (?:du|ni) )?berätta (?:lite )?mer|ge(?: mig)? ett"
        r" exempel|hur kändes det|vad hände (?:sen|sedan|då)|på vilket sätt|hur (?:då|så)"
        r"|hur menar (?:du|ni)|fortsätt)\b",
        _I,
    ),
    clarification=re.compile(
        r"\bvad menar (?:du|ni)\b|\bhur menar (?:du|ni)\b|\bförlåt\s*\?|\bkan (?:du|ni)"
        r" (?:upprepa|ta det igen)|\bvad betyder (?:det|det där)\b|\bursäkta\s*\?",
        _I,
    ),
    closing_comment=re.compile(
        r"\b(?:något|någonting|nånting) (?:mer|annat|ytterligare)\b|\btillägga\b"
        r"|\blägga till\b|\bavslutningsvis\b|\binte (?:har )?(?:frågat|tagit upp|pratat)\b",
        _I,
    ),
    pronouns=_PRON,
)
