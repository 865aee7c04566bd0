"""Regex fragments that more than one kind or format builds on.

A fragment used by one kind only lives in that kind's module. Every quantifier is bounded.
"""

from __future__ import annotations

# A personal-name token: Jane, O'Brien, McDonald, Smith-Jones, José. CamelCase code
# identifiers (LabClient) are not tokens: a token must not be followed by a letter.
# Latin-1, Latin Extended-A and -B (Zielińska, Ștefănescu) and Latin Extended Additional
# (Vietnamese: Nguyễn Thị): a name in any Latin script. Extended-A/B mix both cases.
_LATIN_EXTENDED = "\u0100-\u024f\u1e00-\u1eff"
UP = "A-ZÀ-ÖØ-Þ" + _LATIN_EXTENDED
LOW = "a-zß-öø-ÿ" + _LATIN_EXTENDED
_WORD = rf"[{UP}][{LOW}]{{1,20}}"
TOKEN = (
    rf"(?!(?:Jr|Sr)(?![{LOW}]))"  # a suffix, not a name: see `SUFFIX`
    rf"(?:(?:Ma?c{_WORD}|[DO]'{_WORD}|St\.?[ \t]{_WORD}|{_WORD})(?:-(?:[DO]')?{_WORD})?)"
    rf"(?![{UP}{LOW}])"
)
# A space, maybe around a middle initial or a lower-case particle (de la, van der, bin).
PARTICLE = r"(?:de|da|del|della|di|do|dos|das|du|van|von|der|den|la|le|bin|ibn|al|el|y|ter|zu)"
# The particle after a first one: `van der`, `de la`, `de los`.
SECOND_PARTICLE = r"(?:der|den|la|le|los)"
# The same particles as words (`van der Berg` read word by word).
PARTICLE_WORDS = frozenset(PARTICLE[3:-1].split("|"))
GAP = rf"[ \t]{{1,2}}(?:[{UP}]\.?[ \t]{{1,2}}|(?:{PARTICLE}[ \t]{{1,2}}){{1,2}})?"
# A generational suffix belongs to the name: Jr., Sr., III.
SUFFIX = r"(?:,?[ \t]{1,2}(?:Jr|Sr|JR|SR|II|III|IV)\.?(?![A-Za-z0-9]))?"
# DICOM and HL7 write names as `Doe^Jane^Q`, often in capitals.
# Trailing empty components (`YAMAMOTO^HARUKI^^^`) belong to the value.
_CARET_NAME = (
    rf"(?:{TOKEN}|[A-Z][A-Z'-]{{1,20}})(?:\^(?:{TOKEN}|[A-Z][A-Z'-]{{0,20}})){{1,3}}"
    r"(?:\^{1,4}(?=[\"'\s,;)]|$))?"
)
# Where two capitalised words may start (`Ana Lima`, `Lima, Ana`, `Ana de la Cruz`, `O'Brien
# Smith`): a capital, the rest of its word, a short gap and another capital. Names with no
# label are looked for there only: `re` skips ahead to a capital fast, and few capitals in
# logs start two such words.
TWO_WORDS = (
    rf"[{UP}](?=[{LOW}'][{UP}{LOW}'-]{{0,30}}[^{UP}{LOW}0-9\n]{{1,5}}"
    rf"(?:[{LOW}]{{1,3}}\.?[ \t]{{1,2}}){{0,2}}[{UP}])"
)
NAME_1_TO_3 = rf"(?:{_CARET_NAME}|{TOKEN}(?:{GAP}{TOKEN}){{0,3}}{SUFFIX})"
# `DOE-ARCENEAUX, DELPHINE M`: a surname in capitals, a comma, a given name and an initial.
_CAPS_LAST_FIRST = (
    # (A surname of two words in capitals, given names as written: `TE WHATA, Aroha`.)
    rf"[{UP}][{UP}'-]{{1,30}}[ ][{UP}][{UP}'-]{{1,30}},[ \t]{{1,2}}{TOKEN}|"
    rf"[{UP}][{UP}'-]{{1,30}},[ \t]{{1,2}}[{UP}][{UP}'-]{{1,20}}"
    rf"(?:[ \t]{{1,2}}[{UP}][{UP}'-]{{1,20}}(?![A-Za-z0-9]))?(?:[ \t]{{1,2}}[A-Z]\.?)?"
    r"(?![A-Za-z0-9])"
)
# `Whitfield, Harold E.`, `Van der Merwe, Pieter`, `de la Cruz, Rosario`: surname (with its
# particles), comma, given name, initial.
LAST_FIRST = (
    rf"(?:{PARTICLE}[ \t]{{1,2}}){{0,2}}{TOKEN}(?:{GAP}{TOKEN})?,[ \t]{{1,2}}{TOKEN}"
    rf"(?:[ \t]{{1,2}}[{UP}]\.?(?![{UP}{LOW}]))?"
)
NAME_2_TO_3 = (
    rf"(?:{_CARET_NAME}|{TOKEN}(?:{GAP}{TOKEN}){{1,3}}{SUFFIX}|{LAST_FIRST}"
    rf"|{_CAPS_LAST_FIRST})"
)

# An identifier value: upper-case letters and digits, at least one digit, single hyphens.
CODE = r"(?=[A-Z./-]{0,24}\d)[A-Z0-9](?:[A-Z0-9]|[-/.](?=[A-Z0-9])){3,24}(?![A-Za-z0-9-])"
# `RXH 448 8120`, `BCX 884 712 039`: an identifier written in groups, letters first.
SPACED_CODE = r"[A-Z]{1,4}\d{0,6}(?:[ ]\d{2,6}){2,4}(?![A-Za-z0-9])"
# An extension belongs to the number: `555.014.2298 x12`, `(555) 610-0199 ext 204`.
PHONE_EXT = r"(?:[ \t,]{0,2}(?:x|ext\.?|extension)[ \t]{0,2}\d{1,6}(?![\w]))?"
PHONE_VALUE = r"\+?\(?\d[\d \t().-]{5,18}\d(?!\d)" + PHONE_EXT
STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ"
    "|NM|NY|NC|ND|OH|OK|OR|PA|PR|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)

NUM = r"(?:[ _-]?(?:number|num|nbr|no\.?|#|id))?"  # `MRN`, `mrn_no`, `policy number`, `acct #`


def each(words: str, suffix: str) -> tuple[str, ...]:
    """`each("home work", "_phone")` -> `("home_phone", "work_phone")`.

    Every label must start with a literal character: `re` then skips ahead on the set of
    first characters instead of trying the whole alternation at every position.
    """
    # `[_-]?` inside a word (`health[_-]?plan`) may also be a space; `split()` would cut one.
    return tuple(word.replace("[_-]?", "[ _-]?") + suffix for word in words.split())
