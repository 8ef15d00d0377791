"""A list of common given names (Swedish and English), for names no table lists.

A participant may name a sibling, a nurse or a friend whom no roster lists. Those names are
caught when they are on a well-kept list of given names. The list comes from the person
providers of the ``Faker`` package (``faker.providers.person``), chosen because:

* its data are sourced and kept up to date: the Swedish list is the 500 most common female
  and 500 most common male given names from the Institute for Language and Folklore (Isof,
  2023); the English lists come from the US Social Security Administration and UK name
  statistics;
* it is MIT-licensed like this project and on PyPI and conda-forge; the larger name lists
  on PyPI were rejected (``gender-guesser``'s 48,000-name dictionary is GPL/GFDL;
  ``names-dataset`` is built from leaked social-media profiles and ships ~100 MB);
* only the data modules are imported (about 0.2 s, once per process), never the generator.

Words that are also ordinary words are handled by :mod:`~replicate.privacy.redact` (a name
counts only where it is capitalised, and at the start of a sentence only when it is not also
a common word); names that are mostly months or places in running text
(:data:`PROPER_NOT_NAMES`: "May", "June", "August", "Christian", "Jordan") are left out.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

__all__ = ["PROPER_NOT_NAMES", "WORDLIKE_NAMES", "given_names"]

#: Faker locales read: Swedish, US, British and Irish English.
_LOCALES = ("sv_SE", "en_US", "en_GB", "en_IE")
_ATTRIBUTES = ("first_names_female", "first_names_male", "first_names_nonbinary", "first_names")

#: Given names that, capitalised, are mostly months, places, adjectives or nationalities.
_PROPER = """
    april august brooklyn carolina chelsea china christian christmas dakota devon easter
    florence georgia india israel jordan june kenya may paris phoenix sierra sydney
    victoria virginia
"""
PROPER_NOT_NAMES: frozenset[str] = frozenset(_PROPER.split())

#: Given names that are also common English or Swedish words (lower case): at the start of
#: a sentence, where every word is capitalised, they are not taken for names. Together with
#: :data:`~replicate.privacy.common_words.COMMON_WORDS`.
_WORDLIKE = """
    alf alma amber angel art autumn bailey bell bella bill billie bo brook bror buddy
    cal carl chance charity chase cliff crystal dag dawn del destiny diamond dick don
    drew earl eden edit else enda eve faith felicity fern frank gay gene grace grant gun
    guy hans hope hunter ida inga ivy jack jade jay jo joy juni junior klara kristen
    lance lee li lina linnea liv lo lova love maj mark mason max melody mercy mina misty
    my nova olive owe pat patience pearl penny per pierce ray rich rita rob robin rosa
    rose ruby rusty saga said sandy sanna sigrid sky star sten stig sue summer sunny tom
    tor urban vide ville wanda will winter
"""
WORDLIKE_NAMES: frozenset[str] = frozenset(_WORDLIKE.split())


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The given names of the list, case-folded.

    Returns
    -------
    frozenset of str
        About 1,500 names (``"anna"``, ``"åsa"``, ``"john"``), without
        :data:`PROPER_NOT_NAMES` and without names shorter than 2 letters.

    Raises
    ------
    ModuleNotFoundError
        With an install hint, when ``faker`` is not installed.
    """
    names: set[str] = set()
    for locale in _LOCALES:
        try:
            module = importlib.import_module(f"faker.providers.person.{locale}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("faker"):
                raise ModuleNotFoundError(
                    "the given-name list needs the faker package: pip install faker"
                ) from None
            raise
        provider = module.Provider
        for attribute in _ATTRIBUTES:
            names.update(str(n) for n in getattr(provider, attribute, ()))
    folded = {n.casefold() for n in names if len(n) >= 2 and n.isalpha()}
    return frozenset(folded - PROPER_NOT_NAMES)
