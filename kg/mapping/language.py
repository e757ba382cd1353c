"""Which language a text is written in: Finnish, Swedish or English (or too little to tell).

    detect_language(text)                -> "fi" | "sv" | "en" | None
    detect_language_or(text, fallback)   -> "fi" | "sv" | "en" | fallback

Every text literal of the graph carries the language of its *text*, which is not always the
language of the page's labels: a page with Swedish labels often holds Finnish text, and a few
Finnish-label pages hold Swedish text. This module reads the text itself. It is small, written
for the three languages of the project pages, deterministic (no randomness, no model files, no
dependency beyond the standard library) and fast enough to run on every text of every record.
A general library, py3langid restricted to the three languages, did no better on the labelled
texts of the real pages (`python -m tools.language_eval`), so the project keeps this module.

The model
---------
The text is lower-cased, web addresses and e-mail addresses are removed (they are neither
language), and it is cut into words of letters (digits and punctuation are not words). Each
word adds points to each language it is evidence for, from five kinds of cue:

1. **Function words and common words** (`_WORDS`): the short words every sentence is made of.
   Finnish *ja, on, että, sekä, myös, kuin, joka, mutta, kanssa...*; Swedish *och, att, är,
   för, på, som, det, med, av, till...*; English *the, and, of, to, is, with, that...*. A word
   shared by two languages (*on* is Finnish "is" and English "on"; *alla* is Swedish "all" and
   Finnish "under") gives points to both, more to the one where it is frequent.
2. **Stems** (`_STEMS`, looked for anywhere in a word, so inside compounds): the vocabulary of
   the domain, *kirj-* (kirja, kirjasto, kaupunginkirjasto), *hanke-*, *palvelu-* for Finnish,
   *bibliotek-*, *kommun-*, *verksamhet* for Swedish, *librar-*, *read-* for English.
3. **Endings** (`_FI_ENDINGS`, `_SV_ENDINGS`, `_EN_ENDINGS` and weaker ones; the end of a
   word of five letters or more): Finnish case and derivation endings (*-ssa/-ssä, -sta/-stä,
   -lla/-llä, -lle, -ksi, -nen, -minen, -aan/-ään, -iden*), Swedish endings (*-ning, -het,
   -arna/-erna, -ande, -lig, -skap, -ades*) and English ones (*-ing, -ness, -ment, -ly, -ed*),
   and place-name endings (*-järvi, -joki, -lahti* against *-näs, -fors, -holm*) so that
   library names can be told apart.
4. **Letters** (`_word_scores`): *å* is Swedish (in Finnish it appears only in Swedish names);
   *ä/ö* occur in both languages but are much more frequent in Finnish, above all in a word
   whose vowels are all front vowels (*ä, ö, y, e, i*: Finnish vowel harmony); double vowels
   (*aa, ii, uu, yy, ää, öö*), the diphthongs *uo, yö, äy, öy* and the double *kk* are Finnish;
   *w, th, sh-, wh-, qu* are English, *sj, tj, ej, kv* Swedish, *ck, ff, bb, dd, gg*
   Swedish-or-English. A word with *å, ä* or *ö* is never English.
5. **Shape** (`_finnish_shape`): a Finnish word uses a small alphabet (no *b, c, f, q, w, x,
   z*), does not begin with two consonants and ends in a vowel, *n*, *s* or *t*; a word built
   so is weak evidence for Finnish, a word that cannot be Finnish weak evidence for the others.

The points of all words are summed per language (each distinct word is scored once and the
result cached, then multiplied by how often the word occurs). The language with the most
points wins when it has at least `MIN_SCORE` points and leads the runner-up clearly (by
`MIN_LEAD` points and by the factor `MIN_RATIO`); otherwise the text gives too little
evidence and the answer is None. So a sentence of a few words is recognised, and so is a
library name such as "Kuopion kaupunginkirjasto" or "Pargas stadsbibliotek", while a code
("FI-Km"), an amount, a year, a web address or a bare name with no telling letters or
ending ("Karolina Zilliacus", "Turku Game Lab") gives None. A name that has them is taken
for its language ("Maria Virtanen" fi, "Carola Bäckström" sv).

Only the first `SCAN_LIMIT` characters are read: a few sentences decide the language, and a
long text costs no more than a short one.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

__all__ = [
    "LANGUAGES",
    "MIN_LEAD",
    "MIN_RATIO",
    "MIN_SCORE",
    "SCAN_LIMIT",
    "detect_language",
    "detect_language_or",
]

# The languages told apart, in the order of the score triples.
LANGUAGES = ("fi", "sv", "en")

# Only this many characters from the start of a text are read.
SCAN_LIMIT = 3000
# The winner needs this many points ...
MIN_SCORE = 2.0
# ... and must lead the runner-up by this many points and by this factor.
MIN_LEAD = 1.5
MIN_RATIO = 1.6

_Scores = tuple[float, float, float]  # points for (fi, sv, en)
_NOTHING: _Scores = (0.0, 0.0, 0.0)

_URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)\S*|\S+@\S+")
_WORD = re.compile(r"[^\W\d_]+")


def _table(**weights: str) -> dict[str, _Scores]:
    """Build a cue table from space-separated word lists.

    Each keyword is named `<language>_<weight in tenths>` (`fi_30` gives 3.0 points to
    Finnish, `sv_5` gives 0.5 to Swedish); a word listed for two languages counts for both.
    """
    table: dict[str, list[float]] = {}
    for key, words in weights.items():
        language, _, tenths = key.partition("_")
        index = LANGUAGES.index(language)
        for word in words.split():
            table.setdefault(word, [0.0, 0.0, 0.0])[index] += int(tenths) / 10
    return {word: (s[0], s[1], s[2]) for word, s in table.items()}


# 1. Function words and common words, matched as whole words.
_WORDS = _table(
    fi_30="""että sekä myös kuin joka jotka jossa joissa jonka joiden mutta niin kanssa
        tämä tämän tässä tästä tätä nämä näitä näin siitä sitä siis heidän heille hän
        voidaan mukaan aikana avulla kautta lisäksi noin vuonna vuoden jälkeen kaikki kaikille
        vain vielä ovat oli olivat olla ole ollut olisi myöskin eikä jo koska sillä mitä
        miten millaisia sitten missä jossakin välillä osalta osana""",
    fi_25="ja tai ennen yli eri hyvin voi uusia uusi alkaen asti kohti",
    fi_20="on ei kun eli mm esim nyt sen ne",
    fi_15="se ks he me alle",
    fi_5="alla en",
    sv_40="och att är",
    sv_30="""för på som det med av till ett inte också eller samt har efter genom mellan över
        från när där skall ska blir detta dessa denna även bland många mycket olika vill kommer
        sedan redan enligt vilket vilka deras deltagare""",
    sv_20="""den de en vi om kan var sig sin sina sitt hos vid så här bli andra nya mot utan
        idag bl dvs ex år barn unga ungdomar stad staden kommun men egen eget egna hela helt""",
    sv_15="alla vara man i under",
    sv_5="se in by",
    en_40="the",
    en_30="""and of to is are was were been with that this these those from which their they
        will would have about into also other such there what when where should could""",
    en_20="it its as at an or not can we our who has more new all be people",
    en_15="a by for under",
    en_10="on he me in",
    en_5="men",
)

# 2. Stems, looked for anywhere inside a word (compounds included).
_STEMS: dict[str, _Scores] = {
    "kirj": (2.5, 0.0, 0.0),
    "hanke": (2.0, 0.0, 0.0),
    "hankk": (2.0, 0.0, 0.0),
    "kaupun": (2.0, 0.0, 0.0),
    "kunna": (1.5, 0.0, 0.0),
    "palvelu": (2.0, 0.0, 0.0),
    "luku": (1.5, 0.0, 0.0),
    "luke": (1.5, 0.0, 0.0),
    "lapsi": (1.5, 0.0, 0.0),
    "lasten": (1.5, 0.0, 0.0),
    "nuor": (1.5, 0.0, 0.0),
    "tapahtum": (2.0, 0.0, 0.0),
    "asiak": (2.0, 0.0, 0.0),
    "yhteis": (2.0, 0.0, 0.0),
    "tavoit": (2.0, 0.0, 0.0),
    "toimin": (1.5, 0.0, 0.0),
    "kehit": (1.5, 0.0, 0.0),
    "bibliotek": (0.0, 3.0, 0.0),
    "kommun": (0.0, 2.0, 0.0),
    "stads": (0.0, 1.5, 0.0),
    "verksam": (0.0, 2.0, 0.0),
    "tjänst": (0.0, 2.0, 0.0),
    "läsning": (0.0, 2.0, 0.0),
    "projekt": (0.0, 1.0, 0.0),
    "librar": (0.0, 0.0, 3.0),
    "read": (0.0, 0.0, 1.5),
    "child": (0.0, 0.0, 2.0),
    "servic": (0.0, 0.5, 1.0),
    "project": (0.0, 0.0, 1.5),
}
_STEM = re.compile("|".join(sorted(_STEMS, key=len, reverse=True)))

# 3. Endings of words of five letters or more, strong and weak ones per language; for each
# language only the first that a word ends with counts.
_FI_ENDINGS = (
    # Case endings, derivations, verb endings; Finnish place names.
    "ssa", "ssä", "lla", "llä", "lta", "ltä", "lle", "ksi", "nen", "sen", "iden", "ien", "jen",
    "minen", "maan", "mään", "aan", "ään", "een", "iin", "uun", "yyn", "öön", "ista", "istä",
    "ointi", "tta", "ttä", "ttaa", "ttää", "ivat", "ivät", "taan", "tään", "nsa", "nsä", "mme",
    "ineen", "uksia", "uksen", "ukset", "yksen", "ykset", "järvi", "joki", "lahti", "salmi",
    "niemi", "mäki", "saari", "koski", "vesi", "linna", "kylä", "järven", "joen", "lahden",
)  # fmt: skip
_FI_WEAK_ENDINGS = (
    "sta", "stä", "ja", "jä", "ta", "tä", "an", "än", "in", "un", "yn", "on", "ön", "ot", "öt",
    "ut", "yt", "ät", "aa", "ää",
)  # fmt: skip
_SV_ENDINGS = (
    # Derivations, plural and definite endings; Swedish place names.
    "ning", "ningen", "ningar", "ningarna", "het", "heten", "heter", "arna", "erna", "orna",
    "are", "andet", "ande", "ende", "ligt", "liga", "lig", "skap", "igheten", "ighet", "isk",
    "iska", "ades", "ats", "ens", "arnas", "ernas", "näs", "fors", "holm", "ström", "sund", "vik",
    "berg", "dal",
)  # fmt: skip
_SV_WEAK_ENDINGS = ("tion", "tioner", "ar", "er", "ad", "ang", "ong", "ung")
_EN_ENDINGS = (
    "ing", "ness", "ment", "ly", "ed", "ity", "ies", "ship", "ful", "less", "ous", "ive",
)  # fmt: skip
_EN_WEAK_ENDINGS = ("tion", "tions", "er", "ers", "al")

# 4. Letters.
_VOWELS = frozenset("aeiouyäö")
# The letters of Finnish words (g is rare in native words but common in loans: digi, strategia).
_FINNISH_LETTERS = frozenset("adeghijklmnoprstuvyäö")
# Finnish words end in a vowel or in one of these consonants.
_FINNISH_FINALS = frozenset("aeiouyäönst")
# Two vowels at the end: the partitive (iloa, kirjoja, yhteistyötä) and similar forms.
_FI_VOWEL_ENDS = ("oa", "ea", "ia", "ua", "iä", "eä", "yä", "öä")
_EN_STARTS = ("sh", "wh")


def _finnish_shape(word: str) -> bool | None:
    """Tell whether `word` is built like a Finnish word (True) or cannot be one (False).

    Finnish words use a small alphabet (no b, c, f, q, w, x, z or å outside loans and names),
    do not begin with two consonants and end in a vowel or in n, s or t (never in a double
    consonant). Words of fewer than three letters are not judged (None).
    """
    if len(word) < 3:
        return None
    if not _FINNISH_LETTERS.issuperset(word):
        return False
    if word[0] not in _VOWELS and word[1] not in _VOWELS:
        return False
    last = word[-1]
    return last in _FINNISH_FINALS and (last in _VOWELS or word[-2] != last)


@lru_cache(maxsize=65536)
def _word_scores(word: str) -> _Scores:
    """Points one lower-case word gives to (fi, sv, en); cached because words repeat."""
    fi, sv, en = _WORDS.get(word, _NOTHING)
    for stem in _STEM.findall(word):
        s = _STEMS[stem]
        fi, sv, en = fi + s[0], sv + s[1], en + s[2]
    if len(word) >= 5:
        if word.endswith(_FI_ENDINGS):
            fi += 1.5
        elif word.endswith(_FI_WEAK_ENDINGS):
            fi += 0.7
        if word.endswith(_SV_ENDINGS):
            sv += 1.5
        elif word.endswith(_SV_WEAK_ENDINGS):
            sv += 0.5
        if word.endswith(_EN_ENDINGS):
            en += 1.5
        elif word.endswith(_EN_WEAK_ENDINGS):
            en += 0.5
    shape = _finnish_shape(word)
    if shape:
        fi += 0.8
    elif shape is False:
        sv += 0.5
        en += 0.5
    if "å" in word:
        sv += 3.0
    if len(word) >= 4 and ("ä" in word or "ö" in word):
        # Only front vowels (Finnish vowel harmony): a Finnish word. Mixed with back vowels: a
        # Finnish compound or a Swedish word.
        if "a" in word or "o" in word or "u" in word:
            fi += 0.6
        else:
            fi += 1.0
        sv += 0.3
    # Double vowels, the diphthongs uo, yö, äy, öy, and kk (Swedish writes ck). The letter
    # groups are tested one by one with `in`, which is quicker than a regular expression on
    # words this short.
    if (
        "aa" in word
        or "ii" in word
        or "uu" in word
        or "yy" in word
        or "ää" in word
        or "öö" in word
        or "uo" in word
        or "yö" in word
        or "äy" in word
        or "öy" in word
        or "kk" in word
    ):
        fi += 1.5
    elif "ee" in word or "oo" in word:
        fi += 0.7
        en += 0.5
    if word.endswith(_FI_VOWEL_ENDS):
        fi += 0.8
    if "th" in word or "qu" in word or "w" in word or word.startswith(_EN_STARTS):
        en += 1.0
    if "sj" in word or "tj" in word or "ej" in word or "kv" in word:
        sv += 1.0
    if "ck" in word:
        sv += 0.5
        en += 0.5
    if "ff" in word or "bb" in word or "dd" in word or "gg" in word or "vv" in word:
        sv += 0.7
        en += 0.7
    if "ä" in word or "ö" in word or "å" in word:
        en = 0.0  # English has none of these letters
    return (fi, sv, en)


def _scores(text: str) -> _Scores:
    """Sum the points of the words of (the start of) `text` per language."""
    text = text[:SCAN_LIMIT].lower()
    if "@" in text or "://" in text or "www." in text:  # search only where an address may be
        text = _URL_OR_EMAIL.sub(" ", text)
    fi = sv = en = 0.0
    for word, count in Counter(_WORD.findall(text)).items():
        s = _word_scores(word)
        fi += s[0] * count
        sv += s[1] * count
        en += s[2] * count
    return (fi, sv, en)


def detect_language(text: str) -> str | None:
    """Return the language of `text`: "fi", "sv" or "en", or None when it gives too little evidence.

    The text is scored as the module docstring explains; None is the answer for an empty text,
    a text of numbers, codes, web or e-mail addresses or punctuation only, a bare name with no
    telling letters or ending, and a text whose evidence is split between languages. Only the first
    `SCAN_LIMIT` characters are read. The same text always gives the same answer.
    """
    scores = _scores(text)
    ranked = sorted(zip(scores, LANGUAGES, strict=True), reverse=True)
    (best, language), (second, _) = ranked[0], ranked[1]
    if best < MIN_SCORE or best - second < MIN_LEAD or best < second * MIN_RATIO:
        return None
    return language


def detect_language_or(text: str, fallback: str) -> str:
    """Return `detect_language(text)`, or `fallback` when the text gives too little evidence.

    Typically the fallback is the language of the page's labels.
    """
    return detect_language(text) or fallback
