"""Word lists and patterns behind the question-flaw rules, English and Swedish.

Everything here transcribes the rules table of methodology.md §2.3 (a [D] design decision
grounded in Patton 2015, Castillo-Montoya 2016, Kallio et al. 2016, Lenzner et al. 2010 and
Graesser et al. 2006). Additions beyond that table are marked ``# [D+]`` in
``_lexicon_en`` and ``_lexicon_sv`` and listed in ``docs/guide-checks.md``; each was
measured on the labelled set (``replicate.guide.evaluation``).

Part-of-speech tags would sharpen the verb-first and coordination rules; the methodology
allows stanza when available. Stanza needs ~300 MB of models downloaded at run time, so
these modules use the word-list fallback the methodology names, which keeps the checks
offline.
"""

from __future__ import annotations

from replicate.guide._lexbase import Lexicon
from replicate.guide._lexicon_en import EN
from replicate.guide._lexicon_sv import SV

__all__ = ["LEXICONS", "Lexicon"]

#: Lexicon per language code.
LEXICONS: dict[str, Lexicon] = {"en": EN, "sv": SV}
