"""Which kind of PHI a table's column holds, read from its name.

The labels the detector already knows name most columns (`last_name`, `dob`, `home_phone`,
`member_id`: `engine.value_actions`). Every other spelling goes through one normalisation
(words split at `_`, `-`, `.`, spaces and camelCase, lower case; copy suffixes, trailing digits
and owner prefixes dropped; abbreviations spelled out) and then through the labels again, or
through a class of column names below. A name is added here as a class (every spelling of a
surname column), never as one table's header.
"""

from __future__ import annotations

import re
from functools import lru_cache

from asyncproof._phi import engine
from asyncproof._phi.engine import Compiled, LabelAction, value_actions

__all__ = ["ANY_NAME", "ONE_WORD", "PERSON", "column_kind", "name_words"]

# How sure a column's name is that its cells are people's names: one word is enough under a
# part of a name (`last_name`, `attending`); two under a column of people (`patient`,
# `member_name`); two, one of them in the name lists, under a column that names other things
# too (`name`, `user`, `owner`: a task, a login, a team).
ONE_WORD, PERSON, ANY_NAME = 0, 1, 2
_MAY_NAME_THINGS = frozenset(
    ("name", "names", "nm", "user", "username", "owner", "provider", "contact", "display")
)

# A year alone is no PHI under Safe Harbor, which keeps the year of every date: a column that
# says it holds years (`birth_year`, `yob`) is not read, whatever else its name says.
_YEARS = frozenset(("year", "yr", "yob", "years"))

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+")
_TRAILING_DIGITS = re.compile(r"(?<=[a-z])\d{1,2}$")

# Column names that the labels do not cover, by class (every spelling of the same column goes
# through one normalisation: words split at `_`, `-`, `.`, spaces and camelCase, lower case,
# owner prefixes and copy suffixes dropped). Clinicians are marked as names too: a name in a
# patient's row is read with the row.
_NAME_PARTS = frozenset(
    (
        *("last", "first", "given", "surname", "family", "middle", "maiden", "forename"),
        *("lname", "fname", "mname", "lastname", "firstname", "givenname", "familyname"),
    )
)
_NAME_COLUMNS = frozenset(
    (
        *_NAME_PARTS,
        *("fullname", "patient", "attending", "pcp", "physician", "doctor", "clinician"),
        *("provider name", "pcp name", "attending name", "physician name", "doctor name"),
        *("referring", "referrer", "ordering", "recipient", "addressee", "provider"),
        *("requester", "requestor", "consignee"),
    )
)
# Clinicians' columns hold a surname alone as often as a full name (`attending`: `Okafor`).
_CLINICIANS = frozenset(("attending", "pcp", "physician", "doctor", "clinician", "referring"))
_ADDRESS_COLUMNS = frozenset(("street", "city", "town", "county", "addr", "address line"))
_EMAIL_COLUMNS = frozenset(("email", "e mail", "email address", "mail address"))
# Words before a column's own name that say whose it is (`pt_dob`, `member_last`,
# `home_street`): dropped when what is left names a person's detail.
_OWNERS = frozenset(
    (
        *("pt", "pat", "patient", "member", "mbr", "subscriber", "sub", "insured", "guarantor"),
        *("primary", "home", "mailing", "current", "legal", "preferred", "contact", "mother"),
        *("father", "spouse", "guardian", "emergency", "nok", "src", "tgt", "new", "old"),
        # (Which of a person's dates: `last_visit`, `next_appt`.)
        *("owner", "last", "next", "prev", "previous", "latest", "initial"),
        # (Which of a person's addresses: `orig_address`, `forward_address`, `prior_zip`.)
        *("orig", "original", "forward", "forwarding", "prior", "former", "permanent"),
        *("temporary", "temp", "residential", "shipping", "alt", "alternate"),
    )
)
# Who a `<role>_name` column names: a person (`resident_name`, `requester_name`), where
# `<thing>_name` (`drug_name`, `clinic_name`) names no one.
_ROLES = frozenset(
    (
        *("patient", "pt", "resident", "member", "subscriber", "insured", "guarantor", "child"),
        *("caregiver", "requester", "requestor", "recipient", "customer", "client", "user"),
        *("contact", "parent", "guardian", "spouse", "provider", "physician", "doctor", "nurse"),
        *("attending", "referring", "ordering", "rendering", "pcp", "practitioner", "owner"),
        *("driver", "holder", "employee", "staff", "sender", "signer", "witness", "mother"),
        *("father", "dependent", "beneficiary", "claimant", "person", "donor", "decedent"),
        *("kin", "nok", "emergency", "clinician", "author", "reviewer", "consignee"),
        # (Clinicians by what they do for the row's patient: `treating_npi`, `servicing_npi`.)
        *("treating", "servicing", "prescribing", "prescriber", "supervising", "admitting"),
    )
)
# What a role's column is after the role: its name, or the clinician it is (`attending_md`).
_WHO_HEADS = frozenset(("name", "md", "dr", "doc", "np", "rn", "clinician", "physician"))
# Words after it that say which copy it is (`dob_a`, `name_x` of a pandas merge, `zip_raw`).
# (Or which end of a period: `dos_from`, `admit_date_start`.)
_COPIES = frozenset(
    (
        *("a", "b", "x", "y", "l", "r", "raw", "norm", "clean", "orig", "src", "tgt"),
        *("from", "to", "start", "end", "begin"),
    )
)
# Abbreviations of the words labels are spelled with (`disch_dt`: discharge date).
_SPELLED = {
    "dt": "date",
    "disch": "discharge",
    "dsch": "discharge",
    "adm": "admission",
    "addr": "address",
    "ph": "phone",
    "tel": "phone",
    "nm": "name",
    "bdate": "birthdate",
    "ts": "date",  # (`admit_ts`: a timestamp is the date with its time)
    "dttm": "date",
    "datetime": "date",
}
# What a column of opaque keys is named after its owner: not read (the guide's rule is to put
# those, and only those, in logs).
_KEYS = frozenset(("id", "key", "ref", "uuid", "guid", "sk", "pk", "fk", "no", "num", "number"))
# The numbers of one person's claim, prior authorisation, appeal or grievance: Safe Harbor's
# "any other unique identifying number" (the corpus marks them `ID`), whatever the column's
# key word (`pa_id`, `auth_no`, `appeal_number`, `grievance_id`).
_CASE_NUMBERS = frozenset(
    (
        *("claim", "pa", "auth", "authorization", "authorisation", "preauth", "precert"),
        *("appeal", "grievance", "complaint", "certificate", "cert"),
    )
)
# A column's name that says where its value was issued after the value's own name
# (`mrn_at_site`, `member_id_at_payer`): the words from `at` on are dropped.
_AT = "at"


@lru_cache(maxsize=2048)
def name_words(name: str) -> tuple[str, ...]:
    """The words of a column's name, in lower case (`PatientLastName`: patient, last, name)."""
    return tuple(word.lower() for word in _WORD_SPLIT.split(_CAMEL.sub(" ", name)) if word)


@lru_cache(maxsize=2048)
def column_kind(name: str) -> tuple[str, LabelAction, int]:
    """The kind of PHI a column named `name` holds ("" for none), how its label reads a value
    (empty when no label does), and how sure it is that its cells are names (`ONE_WORD`,
    `PERSON`, `ANY_NAME`)."""
    words = list(name_words(name))
    if _AT in words[1:-1]:
        words = words[: words.index(_AT, 1)]
    compiled = engine.compiled()
    if not words or any(word in _YEARS for word in words):
        return "", (), PERSON
    if any(word in _NAME_PARTS or word in _CLINICIANS for word in words):
        single = ONE_WORD
    elif set(words) <= _MAY_NAME_THINGS:
        single = ANY_NAME
    else:
        single = PERSON
    actions = value_actions(name, compiled)
    if actions:
        return actions[0][0], actions, single
    # Every spelling: copy suffixes and trailing digits off, abbreviations spelled out, then
    # the owner in front dropped if what is left is a person's detail.
    while len(words) > 1 and (words[-1] in _COPIES or words[-1].isdigit()):
        words.pop()
    words[-1] = _TRAILING_DIGITS.sub("", words[-1])
    words = [_SPELLED.get(word, word) for word in words]
    kind, actions = _named(words, compiled)
    if kind:
        return kind, actions, single
    while len(words) > 1 and (words[0] in _OWNERS or words[0] in _ROLES):
        words = words[1:]
        if words[-1] in _KEYS:
            break  # `patient_id`, `member_key`: an opaque key, no detail of the person
        kind, actions = _named(words, compiled)
        if kind:
            return kind, actions, single
    return "", (), PERSON


def _named(words: list[str], compiled: Compiled) -> tuple[str, LabelAction]:
    """The kind the words of a column's name say, by its label or by its class."""
    actions = value_actions("_".join(words), compiled)
    if actions:
        return actions[0][0], actions
    joined = " ".join(words)
    if joined in _NAME_COLUMNS or "".join(words) in _NAME_COLUMNS:
        return "NAME", ()
    if len(words) > 1 and words[-1] in _WHO_HEADS and words[0] in _ROLES:
        return "NAME", ()  # `resident_name`, `attending_md`
    if words[0] == "name" and words[-1] in _NAME_PARTS:  # `name_last`, `NameFirst`
        return "NAME", ()
    if joined in _ADDRESS_COLUMNS:
        return "ADDRESS", ()
    if len(words) > 1 and words[-1] in _KEYS and words[-2] in _CASE_NUMBERS:
        return "ID", ()  # `pa_id`, `auth_no`: one person's case, not an opaque row key
    if joined in _EMAIL_COLUMNS:
        return "EMAIL", ()
    return "", ()
