"""The PHI detectors behind `asyncproof.phi`: one compiled pass, declarations per kind.

* `kinds/`: one module per kind of PHI, each declaring `KIND` with its labels, shapes and
  validators (see `declare`). Adding a module there adds a kind.
* `engine`: compiles every declaration into one pass over the text (labels, then shapes).
* `formats/`: HL7, X12, SQL and URLs, read field by field; `context`: values read from the
  words around them.

Every quantifier is bounded, so the work done at each position of the input is bounded by a
constant: scanning is linear in the length of the text, whatever the text is.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from asyncproof._phi import (
    columns,
    context,
    declared,
    identifiers,
    learned,
    learned_numbers,
    names,
    organisation,
    same_format,
    slugs,
    whole_names,
)
from asyncproof._phi.engine import Candidate, compiled, line_end, one_pass, with_lf_for_lone_cr
from asyncproof._phi.formats import aamva, caret, dicom, hl7, ncpdp, spoken, sql, url, x12
from asyncproof._phi.kinds import KINDS
from asyncproof._phi.kinds.address import with_city_after_street
from asyncproof._phi.kinds.age import ages_after_names, listed_ages, observed_ages, tied_ages
from asyncproof._phi.kinds.date import (
    days_under_a_person,
    spoken_dates_on,
    unlabelled_dates,
    with_weekday_and_time,
)
from asyncproof._phi.kinds.device import whole_serials
from asyncproof._phi.kinds.health_plan import prefixed_member_id_at
from asyncproof._phi.kinds.ip import unlabelled_ips, unlabelled_ipv6
from asyncproof._phi.kinds.license import dea_numbers, npi_numbers
from asyncproof._phi.kinds.mrn import unlabelled_mrns, zero_led_mrn_at
from asyncproof._phi.kinds.phone import bare_phones
from asyncproof._phi.kinds.vehicle import serial_vin_at, tied_vins
from asyncproof._phi.kinds.zip import city_state_zip, tied_zips_and_cities
from asyncproof._phi.regex import matches, trie

__all__ = ["PHI_KINDS", "Candidate", "scan", "written"]

PHI_KINDS = tuple(kind.name for kind in KINDS)
"""Every kind `find_phi` reports (`"NAME"`, `"DATE"`, `"SSN"`, ...), in the order of the HIPAA
Safe Harbor list; the table on the guide's HIPAA page has a row for each."""


def scan(
    text: str, *, any_found: bool = False, gated: bool = True, learned_too: bool = True
) -> list[Candidate]:
    """Return the non-overlapping PHI candidates in `text`, sorted by position.

    Where candidates overlap, the one that starts first wins; at the same start, the longer
    one, then the labelled one. With `any_found`, return as soon as some PHI is certain (what
    `contains_phi` asks): what is tied to it is not looked for. `gated=False` runs every pass
    whatever its gate says (for the test that no gate turns away a pass that finds something).
    `learned_too=False` leaves out the learned model's finds (`learned`): the rules alone, as
    the model is trained on them. What the project declared (`declared`) is laid over what
    was found, once the rules and the model are done: they read the text as if nothing were
    declared, so a declaration adds to what is found and never takes from it.
    """
    # (a line ended by a lone `\r` is read as one ended by `\n`)
    text = with_lf_for_lone_cr(text)
    own = declared.matches(text)
    if own and any_found:
        return own
    found = _found(text, any_found=any_found, gated=gated, learned_too=learned_too)
    if any(kind == "DEVICE" for _, _, kind, _ in found):
        found = whole_serials(text, found)
    if any(kind == "NAME" for _, _, kind, _ in found):
        found = ages_after_names(text, found)
    return declared.over(found, own) if own else found


def _found(text: str, *, any_found: bool, gated: bool, learned_too: bool) -> list[Candidate]:
    """`scan` without what the project declared."""
    chosen = _by_rules(text, any_found=any_found, gated=gated)
    found = [candidate for candidate in chosen if candidate[2]]
    if not learned_too:
        return found
    # A name that holds an organisation's word is none (`Garfield Elementary`), whichever
    # pass found it.
    found = whole_names.without_organisations(text, found)
    if any_found and found:
        return found
    # (what the rules marked as no PHI, of no kind, is left to them)
    more = whole_names.without_organisations(text, learned.missed(text, chosen))
    if not (any_found and more):
        more += learned_numbers.missed(text, chosen + more)
    if any_found:
        return found + more
    if more:
        # What the model found is taken out wherever it is written again, as what the rules
        # found.
        more += _recurring_anywhere(text, more)
        more += _dates_and_ages_tied_to_learned(text, chosen, more)
        found = _choose(found + more)
    # A name found in pieces (by the rules, by the model, by both) is one name.
    found = whole_names.whole(text, found)
    # A word found is taken out wherever else its line writes it, also where the rules held a
    # place as no PHI (a city found after its key, written again in an organisation's name):
    # what `redact_phi` takes out once, it takes out everywhere. (A word of letters only, on
    # its own line: a number or a date written again is most often another thing's, a port or
    # the line's timestamp, and a text's other lines are another record's.)
    again = _words_again_on_their_lines(text, found)
    return _choose(found + again) if again else found


def _dates_and_ages_tied_to_learned(
    text: str, chosen: list[Candidate], more: list[Candidate]
) -> list[Candidate]:
    """The dates and the ages over 89 on the lines where only the learned looks found PHI
    (`more`): tied to a person's value as the rules' finds tie theirs (`_tied`), which the
    rules could not do on a line where they found none. (Not the rest of what `_tied` ties:
    on the tuned sets its ZIP codes, phones and record numbers there were false as often as
    not, where the dates and the ages were right three times in four or more.) An age is
    none there right after a comma: a CSV row's field of digits, beside a value only the model
    read, is as likely a count (`...,212,98,POS`, `..., 98, F`)."""
    ruled = {start for start, _, _ in _lines_with_phi(text, chosen)}
    tied: list[Candidate] = []
    for start, end, _ in _lines_with_phi(text, sorted(more)):
        if start not in ruled and _DIGIT.search(text, start, end):
            line = text[start:end]
            ages = [age for age in tied_ages(line) if line[: age[0]].rstrip(" ")[-1:] != ","]
            tied += [
                (s + start, e + start, kind, priority)
                for s, e, kind, priority in unlabelled_dates(line) + ages
            ]
    return tied


# A word of letters, as the final pass reads a line's words.
_LETTERS = re.compile(r"[^\W\d_]{4,}")


def _words_again_on_their_lines(text: str, found: list[Candidate]) -> list[Candidate]:
    """The other places where a word found (four letters or more) is written on its own line,
    that nothing found covers. One scan of a line's words for all the words found on it."""
    by_line: dict[int, dict[str, str]] = {}
    for start, end, kind, _ in found:
        value = text[start:end]
        if kind and kind != "DEVICE" and len(value) >= 4 and value.isalpha():
            by_line.setdefault(text.rfind("\n", 0, start) + 1, {})[value] = kind
    if not by_line:
        return []
    starts = [start for start, _, _, _ in found]
    more: list[Candidate] = []
    for line_start, words in by_line.items():
        line_stop = text.find("\n", line_start)
        for word in _LETTERS.finditer(text, line_start, len(text) if line_stop < 0 else line_stop):
            again = words.get(word.group())
            if again is None:
                continue
            at, stop = word.span()
            # (`found` is sorted and without overlaps: the one that could cover the word is the
            # last that starts before it ends)
            before = bisect.bisect_left(starts, stop) - 1
            if not (before >= 0 and found[before][1] > at):
                more.append((at, stop, again, 0))
    return more


def _by_rules(text: str, *, any_found: bool, gated: bool) -> list[Candidate]:
    """`scan` without the learned model, with what it marked as no PHI (of no kind)."""
    patterns = compiled()
    # Each pass behind its gate: what the pass scans for first, so a text that cannot hold
    # what it finds costs one `in`, not a call. (`every`: the reference run that ignores them.)
    every = not gated
    candidates = one_pass(text, patterns, gated=gated)
    if every or "|" in text:
        candidates += hl7.segments(text)
        candidates += caret.segment_dates(text)
    if every or "^" in text:
        candidates += caret.values(text)
    if every or "Key (" in text:
        candidates += sql.key_values(text, patterns)
    if every or _holds(text, context.FIELD_LEADS):
        candidates += context.values_before_fields(text, patterns)
    if every or "input" in text:
        candidates += identifiers.rejected_values(text, patterns)
    if every or '"value"' in text:
        candidates += identifiers.fhir_identifiers(text)
    if every or "extension=" in text:
        candidates += identifiers.cda_ids(text)
    if every or "params" in text or "parameters" in text:
        candidates += sql.parameters(text, patterns)
    if every or "VALUES" in text or "values (" in text:
        candidates += sql.inserted_values(text, patterns)
    if every or "*" in text:
        candidates += x12.segments(text)
    if every or "AM0" in text:
        candidates += ncpdp.fields(text)
    if every or "(00" in text:
        candidates += dicom.elements(text)
    if every or text[:1] == "D" or "\nD" in text or "DLDAQ" in text:
        candidates += aamva.elements(text)
    if every or _holds(text, aamva.INLINE_LEADS):
        candidates += aamva.inline_elements(text)
    if every or ("@" in text and "<" in text):
        candidates += context.email_display_names(text)
    if every or ", " in text or " (" in text:
        candidates += context.names_with_ages(text)
    if every or "Age" in text:
        candidates += observed_ages(text)
    if every or ("ge" in text and "[" in text):
        candidates += listed_ages(text)
    candidates += names.unlabelled(text)
    candidates += spoken.spoken_numbers(text)
    if every or _holds(text, spoken.LIFE_CUE_LEADS):
        candidates += spoken.spoken_dates(text)
    if every or "q=" in text or "query" in text or "search" in text or "patient=" in text:
        candidates += names.searched(text)
    if every or slugs.HAS_JOINT.search(text):
        candidates += slugs.joined(text)
    five = _FIVE_DIGITS.search(text)
    if every or five:
        candidates += npi_numbers(text, tied=False)
        candidates += city_state_zip(text)
        candidates += bare_phones(text, tied=False)
        candidates += _numbered(text, five.start() if five else 0)
    if every or "::" in text:
        candidates += unlabelled_ipv6(text)
    if every or text.count(".") >= 3:
        # A public address is one of the 18 Safe Harbor identifiers wherever it is written.
        candidates += unlabelled_ips(text)
    if every or "\n" in text:
        candidates += columns.values_under_headers(text)
    if every or "%" in text:
        candidates += url.percent_decoded(text, patterns)
    if every or "/" in text or _FAX_WORD.search(text):
        # (a fax server's file names carry the number too: `fax_..._from_17735550190.tif`)
        candidates += url.path_ids(text)
    if every or "://" in text:
        # (given in order of position; the list itself keeps the passes' order, which settles
        # a tie between two kinds of one span the same way whichever passes ran)
        candidates += url.with_phi(text, sorted(candidates))
    reference = _PATIENT_REFERENCE.search(text)
    if every or reference:
        # The dates of a patient named by an opaque key are that person's dates (an
        # encounter's, a service's) all the same.
        candidates += _dates_on_lines(text, _PATIENT_REFERENCE, reference)
    addressed = _ADDRESSED.search(text)
    if every or addressed:
        # A message to or from a person (`your appointment on December 3`, `my MRI on Oct
        # 3`): its dates are theirs.
        candidates += _dates_on_lines(text, _ADDRESSED, addressed)
    if not candidates:
        return candidates  # most lines of a log: nothing to choose from or filter
    # A name that holds an organisation's word is none (`Lincoln Elementary`): held as no PHI,
    # it ties no date or number of its line to a person.
    chosen = whole_names.organisations_as_no_phi(text, _choose(candidates))
    if any_found:
        # What is tied to the PHI found only adds to it, and makes a line less an
        # organisation's: if some survives the filter now, some survives it then.
        kept = organisation.without_organisation_contacts(text, chosen)
        if any(candidate[2] for candidate in kept):
            return [candidate for candidate in kept if candidate[2]]
    more = []
    for start, end, found in _lines_with_phi(text, chosen):
        more += _tied(text[start:end], start, found)
    if more:
        chosen = _choose(chosen + more)
    more = identifiers.tied_numbers(text, chosen)
    if more:
        chosen = _choose(chosen + more)
    more = identifiers.numbers_beside_names(text, chosen)
    if more:
        chosen = _choose(chosen + more)
    if "\n" in text:
        # A value found on one line is taken out on every other line too.
        more = _recurring_anywhere(text, chosen)
        if more:
            chosen = _choose(chosen + more)
    # A record number of a format that one found has is one too (`CV-0070551` beside `MRN:
    # CV-0012345`).
    more = same_format.same_format(text, chosen)
    if more:
        chosen = _choose(chosen + more)
    if "/" in text:
        # (after every record number found: the folder is often one)
        more = days_under_a_person(text, chosen)
        if more:
            chosen = _choose(chosen + more)
    chosen = organisation.without_organisation_contacts(text, chosen)
    chosen = names.with_particles(text, chosen)
    if every or '"' in text or "'" in text:
        chosen = names.whole_quoted_names(text, chosen)
    if every or ", " in text:
        chosen = _joined_addresses(text, chosen)
        chosen = with_city_after_street(text, chosen)
    chosen = _whole_dates(text, chosen)
    # A candidate of no kind marks text that is known not to be PHI (an insurer's address in
    # HL7): it has kept what overlaps it out, and goes itself (in `scan`).
    return chosen


def written(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """`text` with each of `spans` (`(start, end, kind)`, sorted, never overlapping) replaced by
    its kind in brackets: what `redact_phi` writes, in either mode."""
    pieces: list[str] = []
    position = 0
    for start, end, kind in spans:
        pieces += [text[position:start], f"[{kind}]"]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


_DIGIT = re.compile(r"\d")
_FIVE_DIGITS = re.compile(r"\d{5}")
# What `url.path_ids` reads a fax server's file names on, in any case.
_FAX_WORD = re.compile("(?i:fax)")
_SIX_DIGITS = re.compile(r"\d{6,}")


def _numbered(text: str, at: int) -> list[Candidate]:
    """Identifiers that a run of six digits or more ends, whatever else the line holds: an MRN
    zero-padded to eight digits, a member id of three letters and nine digits, a VIN whose
    serial is digits. One scan for the runs from `at` (where the gate found five digits),
    then a look at each (most lines have none)."""
    found: list[Candidate] = []
    for run in matches(_SIX_DIGITS, text, at):
        start, end = run.span()
        found += zero_led_mrn_at(text, start, end)
        found += prefixed_member_id_at(text, start, end)
        found += serial_vin_at(text, start, end)
    return found


def _holds(text: str, literals: tuple[str, ...]) -> bool:
    """Whether `text` holds one of `literals`."""
    # A loop, not `any` over a generator (ruff SIM110): this gate runs on every line.
    for literal in literals:  # noqa: SIM110
        if literal in text:
            return True
    return False


# A patient named by an opaque key: `pt-0001`, `patient_id=`, `"Patient/pt-0143"`, `patientId:`.
_PATIENT_KEY = (
    r"[Pp](?<![A-Za-z0-9][Pp])(?:t-\d|atient(?:[_ -]?(?:id|ID|Id|ref|Ref)(?![A-Za-z0-9])|/))"
)
_PATIENT_REFERENCE = re.compile(_PATIENT_KEY)
# A message to or from a person: `your` or `my` as a word of a sentence, between spaces (not
# `my-app.service`, `/my/orders`, `my.cnf`), and not before what a program owns (`your build`,
# `My Account`). On the tuned sets, 23 more dates of people found for 7 that were none (an
# announcement's or a template's: `Your clinic will be closed on Dec 24`); `I` and `me` as
# well found 4 more for 12 more that were none.
_ADDRESSED = re.compile(
    r"(?<![^\s\"'(])(?:[Yy]our|YOUR|[Mm]y|MY)[ ](?!(?i:build|cache|export|upgrade|download"
    r"|password|session|token|api|app|account|deploy|job|cluster|server|repo|branch|trial"
    r"|subscription|license|licence|key|order|cart|device|browser|computer|data|files?)\b)"
)
# What a date has: three numbers split by `-`, `/` or `.` (not a version, `2.14.4`, nor an
# address, `10.0.95.151`, nor a timestamp with its seconds: the line's own), two by `/`, eight
# digits, `date`, or a month's name before a number.
# Two scans, each led by what `re` can skip ahead to (a digit; a letter of a word): one
# alternation of both was tried at every position, a look-behind first (10 µs a log line).
_DATE_HINT_NUMBERS = (
    r"\d(?:(?<![\d.]\d)\d{0,3}[-/.]\d{1,2}[-/.]\d{2,4}(?![\d.]|[T ]\d\d:\d\d:\d\d)|/\d|\d{7})"
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# (Each alternative led by a literal, not a group of them: `re` then skips ahead to those.)
_DATE_HINT_WORDS = "date|" + "|".join(rf"{month}[a-z]{{0,6}}\.?[ \t]\d" for month in _MONTHS)
_DATE_HINTS = (re.compile(_DATE_HINT_NUMBERS), re.compile(_DATE_HINT_WORDS))
_NUMBER_HINTS, _WORD_HINTS = _DATE_HINTS


def _dates_on_lines(
    text: str, references: re.Pattern[str], first: re.Match[str] | None
) -> list[Candidate]:
    """The unlabelled dates on the lines of `text` that `references` finds something in and
    that hold a date (from `first`, what the gate found)."""
    dates: list[Candidate] = []
    end = -1
    for reference in references.finditer(text, first.start() if first else 0):
        if reference.start() < end:
            continue  # this line is done
        start = text.rfind("\n", 0, reference.start()) + 1
        end = line_end(text, reference.end())
        if _NUMBER_HINTS.search(text, start, end) or _WORD_HINTS.search(text, start, end):
            dates += [
                (begin + start, until + start, kind, priority)
                for begin, until, kind, priority in unlabelled_dates(text[start:end])
            ]
    return dates


def _lines_with_phi(text: str, chosen: list[Candidate]) -> list[tuple[int, int, list[Candidate]]]:
    """The lines of `text` that hold a candidate of some kind: start, end, their candidates."""
    lines: list[tuple[int, int, list[Candidate]]] = []
    for candidate in chosen:
        start, end, kind, _ = candidate
        if lines and start < lines[-1][1]:
            lines[-1][2].append(candidate)
        elif kind:
            lines.append((text.rfind("\n", 0, start) + 1, line_end(text, end), [candidate]))
    return lines


# What stands before a number in a path, a file's name or a link: where a number tied to a
# line's PHI is taken out again.
_PATH_JOINTS = frozenset("/_-#")
# The kinds of the numbers tied to a line's PHI that are spread where the line writes them again.
_SPREAD_WHEN_TIED = frozenset(
    ["MRN", "ID", "ACCOUNT", "HEALTH_PLAN", "LICENSE", "PHONE", "VEHICLE"]
)


def _tied(line: str, offset: int, chosen: list[Candidate]) -> list[Candidate]:
    """What is tied to the PHI found in `line` (at `offset` in the text): the other places its
    values are written, and the addresses, dates, record and DEA numbers around it."""
    found = [
        (start - offset, end - offset, kind, priority) for start, end, kind, priority in chosen
    ]
    more = _recurring(line, found)
    if not _DIGIT.search(line):
        # (a date said aloud has no digit: `seen the fifth of october`)
        more += spoken_dates_on(line)
    else:
        tied = unlabelled_dates(line)
        tied += dea_numbers(line)
        tied += npi_numbers(line, tied=True)
        tied += bare_phones(line, tied=True)
        tied += bare_phones(line, tied=True, local=True)
        tied += unlabelled_mrns(line)
        tied += tied_zips_and_cities(line)
        tied += tied_ages(line)
        tied += tied_vins(line)
        # A record's or a phone's number tied to the line's PHI is taken out where the line
        # writes it again in a path, a file's name or a link (`..., 40733514,
        # .../roi/40733514/download`); not a date (written again most often as the line's own
        # timestamp), a place's word or a ZIP code, nor after a key (a tie's false find spread
        # to `bytes=1048576`).
        numbers = [
            (start, end, kind, priority)
            for start, end, kind, priority in tied
            if kind in _SPREAD_WHEN_TIED and line[start:end].isalnum()
        ]
        more += tied
        if numbers:
            more += [
                again
                for again in _recurring_anywhere(line, numbers)
                if line[again[0] - 1 : again[0]] in _PATH_JOINTS
            ]
    # Names read from the line's PHI context only where nothing was found already.
    # (`found` is sorted and without overlaps: the one that could overlap a name is the last
    # that starts before the name ends.)
    starts = [start for start, _, _, _ in found]
    for name in names.tied(line):
        before = bisect.bisect_left(starts, name[1]) - 1
        if before < 0 or found[before][1] <= name[0]:
            more.append(name)
    return [(start + offset, end + offset, kind, priority) for start, end, kind, priority in more]


def _whole_dates(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """`chosen` with each date's weekday and time of day taken in, where nothing else is."""
    whole: list[Candidate] = []
    for index, (start, end, kind, priority) in enumerate(chosen):
        if kind == "DATE":
            first, last = with_weekday_and_time(text, start, end)
            if first >= (whole[-1][1] if whole else 0):
                start = first
            if index + 1 == len(chosen) or last <= chosen[index + 1][0]:
                end = last
        whole.append((start, end, kind, priority))
    return whole


# A flat or a unit written before its street line and a comma (`Flat 4, 19 Rathbone Mews`,
# `Apt. 1102, 380 Bloor St W`; a street line with its house number first).
_UNIT_BEFORE = re.compile(
    r"(?<![\w-])(?:Flat|FLAT|Apt|APT|Apartment|Unit|UNIT|Suite|Ste|Apartamento|Apto|Piso)\.?[ ]?"
    r"#?[A-Za-z0-9-]{1,6},[ ]\Z"
)


def _joined_addresses(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """`chosen` with the parts of one address that only a comma splits found as one
    (`Flat 3, 27 Wellington Road`, `Unit 4, 22 Harcourt St`): one address, one match."""
    joined: list[Candidate] = []
    for candidate in chosen:
        if (
            joined
            and candidate[2] == "ADDRESS"
            and joined[-1][2] == "ADDRESS"
            and text[joined[-1][1] : candidate[0]] == ", "
        ):
            joined[-1] = (joined[-1][0], candidate[1], "ADDRESS", max(joined[-1][3], candidate[3]))
            continue
        if candidate[2] == "ADDRESS" and text[candidate[0] : candidate[0] + 1].isdigit():
            unit = _UNIT_BEFORE.search(text, max(0, candidate[0] - 24), candidate[0])
            if unit is not None and unit.start() >= (joined[-1][1] if joined else 0):
                candidate = (unit.start(), *candidate[1:])
        joined.append(candidate)
    return joined


def _choose(candidates: list[Candidate]) -> list[Candidate]:
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), -c[3]))
    chosen: list[Candidate] = []
    last_end = -1
    for candidate in candidates:
        if candidate[0] >= last_end:
            chosen.append(candidate)
            last_end = candidate[1]
    return chosen


def _recurring_anywhere(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """`_recurring` over a whole text: one scan for every value found (a trie of them), not
    one search of the text per value. Not spread: a date found once that is a day the text
    itself was written on (a timestamp's day), where it is a timestamp again (every line of
    that day's log starts with one; a birth date in a `datetime` repr is no log's day); and a
    value written again only as part of a longer number (`127` in `127.0.0.1`, `2026` in
    `2026-11-30`)."""
    values = {
        text[start:end]: kind
        for start, end, kind, _ in chosen
        if kind and kind != "DEVICE" and end - start >= 3
    }
    if not values:
        return []
    days_written: set[str] = set()
    if any(kind == "DATE" for kind in values.values()):
        days = _days_written(text)
        if days:
            days_written = {
                value for value, kind in values.items() if kind == "DATE" and _day_of(value) in days
            }
    # On "\n" + text, with the character before the value: tried after a character that is
    # no letter or digit only, not at every position.
    pattern = re.compile(
        "[^A-Za-z0-9](" + trie([re.escape(value) for value in values]) + ")(?![A-Za-z0-9])"
    )
    found = {start for start, _, _, _ in chosen}
    more = [
        (match.start(1) - 1, match.end(1) - 1, values[match.group(1)], 0)
        for match in pattern.finditer("\n" + text)
        if match.start(1) - 1 not in found
        and (values[match.group(1)] == "IP" or not _in_longer_number(text, *match.span(1), 1))
    ]
    if days_written:
        # The day the text was written on, where it is a timestamp again (`2026-11-30
        # 14:22:01`): the line's own time, not a person's date.
        more = [
            candidate
            for candidate in more
            if text[candidate[0] : candidate[1]] not in days_written
            or not _TIME_AFTER.match(text, candidate[1])
        ]
    return more


# A timestamp: a day with the time after it (`2026-11-30 14:22:01`, `2026-11-30T08:17:20Z`,
# HL7's `20261130021610`, X12's `20261130*1420`, an access log's `[30/Nov/2026:14:28:40`). Its
# day is one the text was written on, not a person's.
# (What is before each form is looked behind at from its first digit, not before it: `re`
# then skips ahead to a `0`-`3` instead of trying the look-behind at every position, half the
# time on a log.)
_TIMESTAMP = re.compile(
    r"((?:1(?<![\d.]1)9|2(?<![\d.]2)0)\d\d)-?([01]\d)-?([0-3]\d)(?:[ T_*]|, )?[0-2]\d:?[0-5]\d"
    r"|([0-3](?<!\d[0-3])\d)/([A-Z][a-z]{2})/((?:19|20)\d\d):[0-2]\d:[0-5]\d"
)
# The time of day after a date: that date is a timestamp's (or an X12 envelope's, its time
# the next element: `GS*HC*...*20261130*1420*`).
_TIME_AFTER = re.compile(r"(?:[ T_]|, )?[0-2]?\d:[0-5]\d|\*[0-2]\d[0-5]\d(?![\d.])")
# A day written as a value: ISO or compact (`2026-11-30`, `20261130`) or US (`11/30/2026`).
_DAY = re.compile(
    r"((?:19|20)\d\d)[-/.]?([01]\d)[-/.]?([0-3]\d)|([01]?\d)/([0-3]?\d)/((?:19|20)\d\d)"
)
_MONTH_NUMBERS = {month: f"{number:02d}" for number, month in enumerate(_MONTHS, 1)}


def _days_written(text: str) -> set[str]:
    """The days (as `YYYYMMDD`) of the timestamps in `text`."""
    days = set()
    # Each distinct timestamp read once (a log's lines repeat their day, often their minute).
    for year, month, day, day_, month_name, year_ in set(_TIMESTAMP.findall(text)):
        if year:
            days.add(year + month + day)
        elif month_name in _MONTH_NUMBERS:
            days.add(year_ + _MONTH_NUMBERS[month_name] + day_)
    return days


def _day_of(value: str) -> str | None:
    """`value`'s day as `YYYYMMDD`, if it is a whole date with its year."""
    day = _DAY.fullmatch(value)
    if day is None:
        return None
    if day.group(1):
        return day.group(1) + day.group(2) + day.group(3)
    return day.group(6) + day.group(4).zfill(2) + day.group(5).zfill(2)


def _in_longer_number(text: str, start: int, end: int, shift: int = 0) -> bool:
    """Whether the value at `text[start:end]` (each `shift` past its place in `text`) is part
    of a longer number: a digit joined to it by `.` or `-`, or followed by `:` and a digit
    (`127.0.0.1`, `2026` in `2026-11-30`). (Not `/`: a path's next part, `E0082217/20261129/`;
    nor a `:` before it: a key's next part, `elig:<member id>:2026-11-30`.)"""
    start -= shift
    end -= shift
    return (
        end + 1 < len(text)
        and text[end] in ".:-"
        and text[end + 1].isdigit()
        and text[end - 1].isdigit()
    ) or (
        start >= 2
        and text[start - 1] in ".-"
        and text[start - 2].isdigit()
        and text[start].isdigit()
    )


def _recurring(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """Other places where a value found is written again (`assert 'Ana Lima' in '... Ana
    Lima'`): what `redact_phi` takes out once, it takes out everywhere."""
    values = {
        text[start:end]: kind
        for start, end, kind, _ in chosen
        if kind and kind != "DEVICE" and end - start >= 3
    }
    found = {start for start, _, _, _ in chosen}
    more: list[Candidate] = []
    for value, kind in values.items():
        at = text.find(value)
        while at >= 0:
            end = at + len(value)
            if at not in found and not (
                text[at - 1 : at].isalnum() or text[end : end + 1].isalnum()
            ):
                more.append((at, end, kind, 0))
            at = text.find(value, end)
    return more
