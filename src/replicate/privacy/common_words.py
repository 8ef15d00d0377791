"""Words that are also names: a name part on this list is not searched for on its own.

A first name or surname is searched for alone (without the rest of the name) only when doing
so will not flag ordinary text. Many names are also common English or Swedish words
("Will", "Grant", "Berg", "Strand", "Hans", "Klara", "Ville"), or words of this study's own
domain ("Mentor", "Doctor", "Student"), or words of the data templates' example rows
("Example"). Searching for "Berg" alone would flag every Swedish mention of a mountain; the
full name "Anna Berg" is still searched for. The list is curated by hand from common English
and Swedish words that occur as given names or surnames, plus the study vocabulary; callers
can extend it (``identifying_values(..., extra_common_words=...)``).

A word-frequency list (e.g. ``wordfreq``) was considered and rejected: frequent given names
are themselves frequent words there ("John", "Anna", "Erik" score like ordinary words), so a
frequency threshold would stop searching for exactly the names most likely to appear.
"""

from __future__ import annotations

__all__ = ["COMMON_WORDS", "NAME_TITLES"]

#: Titles and honorifics dropped from names before splitting them into parts.
NAME_TITLES: frozenset[str] = frozenset({
    "dr", "dr.", "doc", "docent", "prof", "prof.", "professor", "mr", "mr.", "mrs", "mrs.",
    "ms", "ms.", "miss", "mx", "sir", "dame", "med", "lic", "phd", "md", "jr", "jr.", "sr",
    "sr.", "överläkare", "specialistläkare", "leg", "läk",
})

_ENGLISH = """
    able about above after again also amber april autumn baker banks bell best bill bird
    bishop black bliss bloom bond brave bright brook brooke brooks brown bush butler
    candy carol carter case cash chance chase cherry church clay cliff cole cook cooper
    cross crystal dale daisy dawn days dean dear dell drew duke early earl east easter
    english fair faith field fields fish fisher fleming ford forest foster fox frank free
    french friend gardner gates gene gift ginger glass glen gold golden good grace grand
    grant gray green grey gross guy hale hall hand hardy harper hart hatch hawk head heart
    heath heather high hill hills holly home honey hope house hunt hunter irish iris ivory
    jack jade jean jewel jolly jordan journey joy june just kind king knight lake lamb land
    lane lark law lily little long love lucky major march mark marsh mason may mayo meadow
    miles mill miller moon moore morning moss music nash new newman noble north oakley
    olive page paige park parks patience peace pearl penny person pierce pine piper poe
    pool pope porter power powers price pride prince rain ray read reed rich rivers robin
    rock rose ross royal ruby rush sage salt sandy savage shade sharp shepherd short silver
    sky small smart snow south sparks spring stark star steel sterling stone storm story
    street strong summer summers sunny sweet swift taylor temple thorn trinity true truth
    turner upton vale valentine violet wade walker wall ward warren water waters watt
    weaver well wells west white wild will winter wise wolf wood woods worth wren young
    """

_SWEDISH = """
    alm almqvist anders axel berg berget björk björn blad blom blomma bok bro bror brink
    dahl dal eken fager falk fors frost gran grön hammar hans hav hed hjort holm horn hägg
    inga kaj kalla karl klara kling kvist lax lejon lilja lind linde ljung lo love lund
    lycka mark moln måne nord norr os post rask ros sand sanna saga sjö skog sol sommar
    sparre stark sten stig storm strand ström svan säll torn tro vall vik vilja ville vinter
    väst ängel örn
    """

_STUDY = """
    admin anonymous anon assistant clinic clinical course doctor example examples hospital
    interview interviewer intervjuare deltagare läkare mentor mentee mentors nurse none
    null participant patient person redacted sjuksköterska student students studenten
    surgeon supervisor handledare synthetic demo test teacher unknown user
    """

#: Lower-case words never searched for on their own (see the module docstring).
COMMON_WORDS: frozenset[str] = frozenset((_ENGLISH + _SWEDISH + _STUDY).split())
