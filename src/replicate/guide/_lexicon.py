"""Word lists and patterns behind the question-flaw rules, English and Swedish.

Everything here transcribes the rules table of methodology.md §2.3 (a [D] design decision
grounded in Patton 2015, Castillo-Montoya 2016, Kallio et al. 2016, Lenzner et al. 2010 and
Graesser et al. 2006). Additions beyond that table are marked ``# [D+]`` and listed in
``docs/guide-checks.md``.

Part-of-speech tags would sharpen the verb-first and coordination rules; the methodology
allows stanza when available. Stanza needs ~300 MB of models downloaded at run time, so this
module uses the word-list fallback the methodology names, which keeps the checks offline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LEXICONS", "Lexicon"]

_I = re.IGNORECASE


def _words(*items: str) -> frozenset[str]:
    return frozenset(w for item in items for w in item.split())


def _alt(words: frozenset[str] | tuple[str, ...]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class Lexicon:
    """Compiled patterns and word lists for one language (see methodology §2.3)."""

    closed_first: frozenset[str]
    closed_suffix: re.Pattern[str] | None
    polite_open: re.Pattern[str]
    closing_invite: re.Pattern[str]
    wh: frozenset[str]
    either_or: re.Pattern[str]
    either_or_skip: re.Pattern[str]
    leading: tuple[re.Pattern[str], ...]
    leading_v1_not: re.Pattern[str] | None
    double_barrel: tuple[re.Pattern[str], ...]
    double_barrel_whitelist: re.Pattern[str]
    presupposing: tuple[re.Pattern[str], ...]
    presupposing_always: tuple[re.Pattern[str], ...]
    hedge: re.Pattern[str]
    why: re.Pattern[str]
    negators: frozenset[str]
    glossary: tuple[str, ...]
    whitelist: frozenset[str]
    acronym: re.Pattern[str]
    suffixes: tuple[str, ...]
    prefixes: tuple[str, ...]
    split_compounds: bool
    neutral_probe: re.Pattern[str]
    clarification: re.Pattern[str]
    closing_comment: re.Pattern[str]
    pronouns: frozenset[str]


# ---------------------------------------------------------------- English
_EN_AUX = _words(
    "do does did is are was were am have has had can could will would should shall may might must",
    "don't doesn't didn't isn't wasn't aren't weren't won't wouldn't haven't hasn't hadn't",
    "can't couldn't shouldn't",  # [D+] negated auxiliaries are verb-first too
)
_EN_WH = _words("what how why when where who whom whose which")
_EN_EVAL_ADJ = _words(
    "useful helpful valuable important meaningful enjoyable satisfying satisfied difficult easy",
    "hard good bad positive negative interesting rewarding stressful challenging relevant",
    "effective supportive safe comfortable fun worthwhile",
)
_EN_EXP_VERB = _words(
    "support supported challenge challenged help helped change changed affect affected",
    "influence influenced shape shaped motivate motivated encourage encouraged feel felt",
    "think thought prepare prepared plan planned describe explain develop developed learn",
    "learned learnt improve improved handle handled cope coped discuss discussed like liked",
    "enjoy enjoyed value valued inspire inspired guide guided",
)
_EN_DET = "the|your|his|her|their|this|that|my|our"
_EN = Lexicon(
    closed_first=_EN_AUX,
    closed_suffix=None,
    polite_open=re.compile(
        r"(?:can|could|would) you (?:please )?(?:tell|describe|explain|talk|walk me through"
        r"|give(?: me)? an example|share)\b",
        _I,
    ),
    # [D+] the conventional final invitation is yes/no in form but open in function
    closing_invite=re.compile(
        r"(?:is there|are there|do you have|would you like to|is there something)\b"
        r".*\b(?:anything|something)\b.*\b(?:else|more|add|mention|say)\b"
        r"|(?:would you like|do you want) to add\b",
        _I,
    ),
    wh=_EN_WH,
    either_or=re.compile(r"(?<![/\w])or\b(?!\s+so\b)", _I),
    either_or_skip=re.compile(r"\bif any\b|\bor not at all\b", _I),
    leading=(
        re.compile(
            r"^(?:don't|doesn't|didn't|isn't|wasn't|aren't|weren't|wouldn't|haven't)\s+"
            r"(?:you|it|that|the)\b",
            _I,
        ),
        re.compile(  # tag question; [D+] every negated auxiliary, not only the listed ones
            r",\s*(?:isn't|wasn't|didn't|don't|doesn't|aren't|weren't|won't|wouldn't|haven't"
            r"|hasn't|hadn't|can't|couldn't|shouldn't)\s+\w+\s*\?\s*$",
            _I,
        ),
        re.compile(r",\s*right\s*\?\s*$", _I),
        re.compile(
            r"\b(?:wouldn't you agree|don't you think|surely|obviously|of course|i assume"
            r"|it must have been"
            r"|is it not (?:true|the case)|isn't it (?:true|the case))\b",  # [D+] = "inte sant"
            _I,
        ),
        re.compile(
            r"\bhow (?:valuable|helpful|great|important|useful|beneficial|rewarding|wonderful)\b",
            _I,
        ),
    ),
    leading_v1_not=None,
    double_barrel=(
        re.compile(r"\band/or\b|\bas well as\b", _I),
        re.compile(r"\band\s+(?:" + _alt(_EN_WH | {"whether"}) + r")\b", _I),
        re.compile(r"\bor\s+(?:" + _alt(_EN_WH) + r")\b", _I),
        re.compile(
            r"\band\s+(?:" + _alt(_EN_AUX) + r")\s+(?:you|they|it|he|she|we|there|your|the)\b",
            _I,
        ),
        re.compile(
            rf"\b(?:{_EN_DET})\s+[\w'-]+\s+and\s+(?:{_EN_DET})\s+[\w'-]+", _I
        ),
        re.compile(r"\b(?:" + _alt(_EN_EVAL_ADJ) + r")\s+and\s+(?:" + _alt(_EN_EVAL_ADJ) + r")\b",
                   _I),
        re.compile(r"\b(?:" + _alt(_EN_EXP_VERB) + r")\s+and\s+(?:" + _alt(_EN_EXP_VERB) + r")\b",
                   _I),
    ),
    double_barrel_whitelist=re.compile(
        r"\b(?:ups and downs|pros and cons|back and forth|now and then|more and more"
        r"|again and again|here and there|trial and error|and so on|you and your \w+"
        r"|your \w+ and you|between you and)\b",
        _I,
    ),
    presupposing=(
        re.compile(
            r"\b(?:how much|in what ways?|to what extent|how far)\s+(?:did|has|have|does)\s+"
            r"(?:the|your|this|these)\s+(?:[\w'-]+\s+){0,2}?(?:help|improve|support|change"
            r"|strengthen|develop|benefit|enhance|increase|boost|shape|contribute)\b",
            _I,
        ),
        re.compile(  # [D+] "how did your mentor help you" presupposes that help happened
            r"\bhow\s+did\s+(?:the|your)\s+(?:[\w'-]+\s+){0,2}?(?:help|improve|support"
            r"|strengthen|benefit|enhance|contribute)\b",
            _I,
        ),
        re.compile(
            r"\bwhat\s+(?:benefits|advantages|problems|difficulties|challenges|gains)\s+"
            r"(?:did|have|has|do|does|were|was)\b",
            _I,
        ),
        re.compile(
            r"\bwhen\s+did\s+you\s+(?:first\s+)?(?:realise|realize|notice|understand|start"
            r"|stop|decide)\b",
            _I,
        ),
        re.compile(r"\b(?:still|again|anymore|any more|stop|stopped|quit)\b", _I),
    ),
    presupposing_always=(
        re.compile(  # factive verb + that-clause; "know" only with "you" (not "we know that")
            r"\b(?:realise|realize|realised|realized|regret|regretted|discover|discovered"
            r"|you\s+(?:know|knew))\s+that\b",
            _I,
        ),
    ),
    hedge=re.compile(r"\bif any\b|\bif at all\b|\bif so\b", _I),
    why=re.compile(r"why\b", _I),
    negators=_words("not no never nobody nothing none neither nor nowhere cannot"),
    glossary=(
        "professional competence", "reflective capacity", "professional identity formation",
        "CanMEDS", "socialisation", "socialization", "community of practice",
        "content analysis", "theme", "category",
    ),
    whitelist=_words(
        "mentor mentors mentoring mentorship doctor doctors semester semesters clinical ward",
        "wards placement supervisor consultant internship residency hospital student course",
        "programme program email okay ok OK GP",
    ),
    acronym=re.compile(r"\b[A-Z]{2,}\b"),
    suffixes=("ies", "es", "s", "ed", "ing", "ly", "'s"),
    prefixes=("un", "in", "dis"),
    split_compounds=False,
    neutral_probe=re.compile(
        r"\b(?:(?:can|could) you (?:tell me|say) (?:a (?:bit|little) )?more|tell me more"
        r"|how did (?:that|it) (?:feel|make you feel)|(?:give|have) (?:me )?an example"
        r"|what happened (?:then|next|after that)|in what way|how so|go on"
        r"|what do you mean by|say more about)\b",
        _I,
    ),
    clarification=re.compile(
        r"\bwhat do you mean\b|\bsorry\s*\?|\b(?:could|can) you (?:please )?(?:repeat|rephrase)"
        r"|\bpardon\s*\?|\bwhat does (?:that|it) mean\b|\bi don't (?:quite )?understand the"
        r" question\b",
        _I,
    ),
    closing_comment=re.compile(
        r"\b(?:anything|something) (?:else|more)\b|\badd\b|\bfinal\b|\blast\b"
        r"|\bhaven't (?:asked|covered|talked)\b|\bnot (?:asked|covered)\b",
        _I,
    ),
    pronouns=_words("you it that this there they he she we i"),
)

# ---------------------------------------------------------------- Swedish
_SV_V1 = _words(
    "är var har hade kan kunde ska skulle vill ville måste får fick brukar tycker tyckte",
    "tror trodde känner kände upplever upplevde finns fanns blir blev gör gjorde hjälper",
    "hjälpte träffar träffade påverkar påverkade anser ansåg vet visste behöver behövde",
    # [D+] frequent further finite verbs
    "kändes känns märkte förstod minns saknade borde vågade tänker tänkte ger gav fungerade",
    "fungerar lärde pratade pratar stöttade uppfattade varit hjälpte",
)
_SV_WH = _words("vad hur varför när vem vems vilken vilket vilka")
_SV_EVAL_ADJ = _words(
    "användbar användbart användbara värdefull värdefullt värdefulla viktig viktigt viktiga",
    "meningsfull meningsfullt meningsfulla givande lärorik lärorikt lärorika svår svårt svåra",
    "lätt lätta rolig roligt roliga jobbig jobbigt jobbiga bra dålig dåligt dåliga positiv",
    "positivt positiva negativ negativt negativa intressant intressanta stressig stressigt",
    "utmanande relevant relevanta stödjande trygg tryggt trygga nyttig nyttigt nyttiga",
    "nöjd nöjda hjälpsam hjälpsamt hjälpsamma",
)
_SV_EXP_VERB = _words(
    "stöttade utmanade hjälpte påverkade förändrade formade motiverade uppmuntrade utvecklade",
    "förberedde planerade diskuterade hanterade lärde kände tänkte upplevde tyckte värderade",
    "stöttar utmanar hjälper påverkar förändrar formar motiverar uppmuntrar utvecklar",
    "förbereder planerar diskuterar hanterar känner tänker upplever stötta utmana hjälpa",
    "påverka förändra forma motivera uppmuntra utveckla förbereda planera diskutera hantera",
)
_SV_PRON = _words("du ni det den de han hon hen man detta dessa jag vi där")
_SV_DET = "din|ditt|dina|er|ert|era|sin|sitt|sina|hans|hennes|deras|min|mitt|mina"
_SV = Lexicon(
    closed_first=_SV_V1,
    # [D+] a first word in -ade/-ades/-ades is a past-tense verb: verb-first, closed
    closed_suffix=re.compile(r"^\w{2,}(?:ade|ades)$", _I),
    polite_open=re.compile(
        r"(?:kan|skulle|vill) (?:du|ni) (?:kunna |vilja )?(?:berätta|beskriva|förklara"
        r"|utveckla|ge(?: ett| några| mig ett)? exempel)\b",
        _I,
    ),
    closing_invite=re.compile(
        r"(?:finns det|är det|har (?:du|ni)|vill (?:du|ni))\b.*\b(?:något|någonting|nånting|mer)\b"
        r".*\b(?:mer|annat|ytterligare|tillägga|lägga till|berätta|ta upp)\b",
        _I,
    ),
    wh=_SV_WH,
    either_or=re.compile(r"(?<![/\w])eller\b(?!\s+hur\b)(?!\s*\?\s*$)", _I),
    either_or_skip=re.compile(r"\bom några\b|\bom alls\b", _I),
    leading=(
        re.compile(r"\beller hur\b", _I),
        re.compile(r",\s*eller\s*\?\s*$", _I),
        re.compile(r"(?<!\ben )(?<!\bett )(?<!\bi )\bvisst\b", _I),
        re.compile(r"(?<!\bhur )(?<!\blika )(?<!\bså )(?<!\bför )(?<!\balltför )\bväl\b", _I),
        re.compile(
            r"\binte sant\b|\bhåller (?:du|ni) (?:inte )?med\b|\btycker (?:du|ni) inte\b"
            r"|\btyckte (?:du|ni) inte\b|\bär det inte så att\b",
            _I,
        ),
        re.compile(
            r"(?<!\bhur )\bsäkert\b|\bsjälvklart\b|\bnaturligtvis\b|\buppenbarligen\b"
            r"|\bmåste ha varit\b",
            _I,
        ),
        re.compile(  # [D+] evaluative adjective in a "hur" stem, as in the English rule
            r"\bhur (?:värdefull[ta]?|hjälpsam(?:t|ma)?|givande|lärorik[ta]?|nyttig[ta]?"
            r"|viktig[ta]?|användbar[ta]?|bra)\b",
            _I,
        ),
    ),
    leading_v1_not=re.compile(
        r"^(?:" + _alt(_SV_V1) + r")\b(?:\s+[\wåäö]+){0,2}?\s+inte\b", _I
    ),
    double_barrel=(
        re.compile(r"\boch/eller\b|\bsamt\b", _I),
        re.compile(r"\bbåde\b.+\boch\b", _I),
        re.compile(r"\boch\s+(?:" + _alt(_SV_WH) + r")\b|\boch var\s*\?", _I),
        re.compile(r"\beller\s+(?:" + _alt(_SV_WH - {"hur"}) + r")\b", _I),
        re.compile(
            r"\boch\s+(?:" + _alt(_SV_V1) + r")\s+(?:du|ni|det|han|hon|hen|man|de)\b", _I
        ),
        re.compile(rf"\b(?:{_SV_DET})\s+[\wåäö-]+\s+och\s+(?:{_SV_DET})\s+[\wåäö-]+", _I),
        re.compile(r"\b(?:" + _alt(_SV_EVAL_ADJ) + r")\s+och\s+(?:" + _alt(_SV_EVAL_ADJ) + r")\b",
                   _I),
        re.compile(r"\b(?:" + _alt(_SV_EXP_VERB) + r")\s+och\s+(?:" + _alt(_SV_EXP_VERB) + r")\b",
                   _I),
    ),
    double_barrel_whitelist=re.compile(
        r"\b(?:upp och ner|fram och tillbaka|hit och dit|då och då|och så vidare|till och med"
        r"|du och din \w+|ni och er \w+|din \w+ och du|mellan dig och)\b|\w+- och \w+",
        _I,
    ),
    presupposing=(
        re.compile(r"\bhur mycket (?:hjälpte|stöttade|påverkade|förbättrade|stärkte|utvecklade)\b",
                   _I),
        re.compile(
            r"\bpå vilka sätt (?:hjälpte|förbättrade|stärkte|förändrade|stöttade|påverkade"
            r"|utvecklade)\b",
            _I,
        ),
        re.compile(  # [D+] mirror of the English "how did ... help"
            r"\bhur (?:hjälpte|stöttade|stärkte|förbättrade|gynnade|bidrog)\b", _I
        ),
        re.compile(r"\bvilka (?:fördelar|problem|svårigheter|vinster|utmaningar)\b", _I),
        re.compile(r"\bnär (?:insåg|märkte|förstod|började|slutade|bestämde) (?:du|ni)\b", _I),
        re.compile(r"\bvarför (?:slutade|valde|misslyckades)\b", _I),
        re.compile(r"\b(?:fortfarande|igen|sluta|slutade|slutat|inte längre)\b", _I),
    ),
    presupposing_always=(
        re.compile(r"\b(?:ångra|ångrar|ångrade|ångrat|insåg|inser|upptäckte|upptäcker)\b", _I),
    ),
    hedge=re.compile(r"\bom några\b|\bom alls\b|\bom något\b|\bom någon\b|\bi så fall\b", _I),
    why=re.compile(r"varför\b", _I),
    negators=_words("inte icke ej aldrig ingen inget inga ingenting ingenstans"),
    glossary=(
        "professionell kompetens", "reflektionsförmåga", "professionell identitet",
        "socialisering", "praktikgemenskap", "innehållsanalys", "tema", "kategori",
    ),
    whitelist=_words(
        "mentor mentorn mentorer mentorerna mentorskap mentorskapet läkare termin terminen",
        "handledare handledaren student studenter kurs avdelning klinik placering",
        "läkarprogrammet läkarutbildningen mejl okej AT ST",
    ),
    acronym=re.compile(r"\b[A-ZÅÄÖ]{2,}\b"),
    suffixes=("arna", "erna", "orna", "ande", "ena", "en", "et", "na", "ar", "er", "or", "n",
              "t", "s", "a", "e"),
    prefixes=("o", "in"),  # negating prefixes: o|enig, in|formell
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
    pronouns=_SV_PRON,
)

#: Lexicon per language code.
LEXICONS: dict[str, Lexicon] = {"en": _EN, "sv": _SV}
