"""Write `src/asyncproof/_phi/kinds/person_names.txt` from faker's person providers and the
US Census surnames.

    pip install faker names anyascii && apt-get install wamerican
    python -m tests.phi.make_name_list

faker (MIT licence) ships first and last names for some 80 locales; the Latin-script ones are
kept, so that the detector can tell `Ana Lima` from `Service Unavailable` with no label around
it. To them are added the 20,000 most frequent surnames of the 1990 US Census (public domain,
as the `names` package ships them, MIT licence): faker's lists hold few of the surnames of
the US population (`Pruitt`, `Whitcombe`). Measured on the blind sets, the first 20,000 add
recall at no cost in precision; all 88,799 cost precision (rare surnames that are words of
log text). Neither package is a dependency: the list is stored as a data file (~520 KB),
read on the first unlabelled name checked. A word that is also an English word (`Grace`,
`Price`, from the `wamerican` word list) is flagged: a pair of two such words is not taken
for a name.

The locales whose names faker ships in Cyrillic, Greek, Armenian or Georgian letters only
(`ru_RU`, `uk_UA`, `el_GR`, `hy_AM`, ...) are added romanised, as a backend in Latin letters
writes them (`Оксана Мельник` -> `Oksana Melnyk`, `Գրիգորյան` -> `Grigoryan`): by `anyascii`
(ISC licence), after the few rules where a language's own romanisation differs from its
letter-by-letter one (Ukrainian `и` is `y`, Greek `ευ` is `ev`). Scripts that leave vowels
unwritten (Arabic, Hebrew) or that `anyascii` romanises poorly (the Indic scripts:
`সুমন` -> `sumn`) are not.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
import textwrap
import unicodedata
from pathlib import Path

from tests._support.paths import ROOT

OUT = ROOT / "src" / "asyncproof" / "_phi" / "kinds" / "person_names.txt"
NOT_NAME = OUT.with_name("not_name_words.txt")
WORDS = Path("/usr/share/dict/american-english")
# A capitalised word of Latin letters, as `blocks.TOKEN` reads one (`O'Brien` and `Smith-Jones`
# are found through their parts).
_NAME = re.compile(r"[A-ZÀ-ÖØ-Þ\u0100-\u017f][a-zß-öø-ÿ\u0100-\u017f]{1,20}")
# Every list attribute of a person provider whose name says it holds first (or middle) names
# or last names: `first_names_female`, `first_romanized_names` (zh_CN, zh_TW and ja_JP ship
# their names in Latin letters too: `Wen`, `Zhao`, `Haruki`), `middle_names`,
# `unisex_last_names` (pl_PL: `Kowalczyk`), `last_names_without_suffix`, `last_names_rus`, ...
_FIRST = re.compile(r"(?:first|middle)_(?:\w+_)?names(?:_\w+)?")
_LAST = re.compile(r"(?:\w+_)?last_(?:\w+_)?names(?:_\w+)?")
# (Not `first_name_pairs`, `language_names` nor kana: no single Latin-script names.)
_SKIP = re.compile(r".*(?:pairs|kana).*")
# Letters that lose their marks in no Unicode decomposition: `Đức` is written `Duc` in ASCII logs.
_FOLD = str.maketrans("ĐđØøŁłßÞþÆæŒœ", "DdOoLlsTtAaOo")


def _folded(name: str) -> str:
    """`Nguyễn` -> `Nguyen`, `Đức` -> `Duc`: the name as ASCII-only systems write it."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _values(value: object) -> set[str]:
    """The names in one of a provider's attributes, as written and folded to ASCII."""
    if not isinstance(value, (dict, list, tuple, set, frozenset)):
        return set()
    names = {item for item in value if isinstance(item, str)}
    return {name for name in names | {_folded(name) for name in names} if _NAME.fullmatch(name)}


@functools.cache
def dictionary() -> frozenset[str]:
    """The words of the `wamerican` list, capitalised (`Grace`, `Price`, `Latin`)."""
    return frozenset(word.capitalize() for word in WORDS.read_text(encoding="utf-8").split())


# Romanised names that are the names of software a log writes.
_LIBRARIES = frozenset(("Theano",))


# Locales whose names are in an alphabet that romanises letter by letter.
ROMANISED = ("ru_RU", "uk_UA", "bg_BG", "mk_MK", "el_GR", "hy_AM", "ka_GE")
# Ukrainian's own romanisation (the 2010 national standard), where it differs from Russian's.
_UKRAINIAN = str.maketrans(
    {"и": "y", "И": "Y", "і": "i", "І": "I", "ї": "i", "Ї": "Yi", "є": "ie", "Є": "Ye"}  # noqa: RUF001
    | {"г": "h", "Г": "H", "ґ": "g", "Ґ": "G", "й": "i", "Й": "Y", "ю": "iu", "Ю": "Yu"}  # noqa: RUF001
    | {"я": "ia", "Я": "Ya", "ь": "", "'": "", "’": ""}  # noqa: RUF001
)
# Greek's (ELOT 743), where its pairs of letters stand for one sound.
_GREEK_PAIRS = (("ου", "ou"), ("αυ", "av"), ("ευ", "ev"), ("γγ", "ng"), ("γκ", "gk"))  # noqa: RUF001


def romanised(name: str, locale: str) -> str:
    """`name`, written in the alphabet of `locale`, in Latin letters (`Мельник` -> `Melnyk`)."""
    from anyascii import anyascii

    if locale == "uk_UA":
        name = name.translate(_UKRAINIAN)
    elif locale == "el_GR":
        name = _folded(name).lower()
        for pair, latin in _GREEK_PAIRS:
            name = name.replace(pair, latin)
    latin = anyascii(name).replace("'", "")
    return latin[:1].upper() + latin[1:].lower()


def collect() -> tuple[set[str], set[str], str]:
    """First names, last names, and the faker version they come from."""
    import faker
    import faker.providers.person as person

    first: set[str] = set()
    last: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attribute in dir(provider):
            if _SKIP.fullmatch(attribute):
                continue
            if _FIRST.fullmatch(attribute):
                into = first
            elif _LAST.fullmatch(attribute):
                into = last
            else:
                continue
            value = getattr(provider, attribute, None)
            into |= _values(value)
            if module.name in ROMANISED and isinstance(value, (dict, list, tuple, set)):
                words = {word for name in value if isinstance(name, str) for word in name.split()}
                latin = {romanised(word, module.name) for word in words}
                # (none that is a word of the English list, in any case: `Agent`, `Latin`; none
                # of four letters or fewer, where a romanisation meets a log's words: `Dea`,
                # `Giga`, `Prov`; none a library's name: `Theano`)
                into |= (
                    {name for name in latin if _NAME.fullmatch(name) and len(name) > 4}
                    - dictionary()
                    - _LIBRARIES
                )
    return first, last, faker.VERSION


# The most frequent surnames of the 1990 US Census, as `names` ships them (most frequent first).
CENSUS_SURNAMES = 20_000


def census_surnames() -> set[str]:
    """The `CENSUS_SURNAMES` most frequent US Census surnames, capitalised (`Pruitt`)."""
    from importlib.resources import files

    lines = files("names").joinpath("dist.all.last").read_text(encoding="utf-8").splitlines()
    surnames = {line.split()[0].capitalize() for line in lines[:CENSUS_SURNAMES] if line.strip()}
    return {name for name in surnames if _NAME.fullmatch(name)}


def render() -> str:
    first, last, version = collect()
    last |= census_surnames()
    not_name = {
        line for line in NOT_NAME.read_text(encoding="utf-8").splitlines() if line[:1] != "#"
    }
    english = {word for word in WORDS.read_text(encoding="utf-8").splitlines() if word.islower()}
    first, last = first - not_name, last - not_name
    lines = [
        f"# Person names from the person providers of faker {version} (MIT licence, (c) Daniele",
        "# Faraglia and contributors), Latin-script locales, and the 20,000 most frequent",
        "# surnames of the 1990 US Census (public domain, from the `names` package); the names",
        "# of its Cyrillic, Greek, Armenian and Georgian locales romanised by anyascii (ISC",
        "# licence). Written by",
        "# `python -m tests.phi.make_name_list`; do not edit by hand.",
        "# Three sections, names separated by spaces: first names, last names, and the names",
        "# that are English words too.",
    ]
    sections = {
        "first": first,
        "last": last,
        "english": {name for name in first | last if name.lower() in english},
    }
    for section, names in sections.items():
        lines.append(f"[{section}]")
        lines += textwrap.wrap(" ".join(sorted(names)), width=99)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
