"""Find, test for and redact PHI (protected health information) in free text.

Built for the text a program writes about itself: error messages, exception notes and log
lines. It knows the HIPAA Safe Harbor identifiers that appear in such text (see
[`PHI_KINDS`][asyncproof.phi.PHI_KINDS]) and leaves alone what ordinary errors are made of:
UUIDs, request ids, log timestamps, status codes, durations, versions, ports and code names.

Detection is by regular expressions anchored on labels (`DOB:`, `MRN`, `patient_name=`) and
on shapes that are hard to mistake (`123-45-6789`, `(555) 010-4477`), by name lists, and by a
learned second look at the words the rules leave, which reports names. It finds most of what
a log holds, not all of it: on text nobody tuned it for, three to four identifiers in five.
See the limits and the figures on the guide's HIPAA page, and strict redaction for text that
must carry none.

The functions never log, print or store what they find.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from asyncproof._phi import PHI_KINDS, declared, scan, written

__all__ = [
    "PHI_KINDS",
    "PhiMatch",
    "contains_phi",
    "declare_identifier",
    "find_phi",
    "forget_identifiers",
    "redact_phi",
]


@dataclass(frozen=True)
class PhiMatch:
    """One piece of PHI found in a text.

    The matched text is left out of `repr()`, so a `PhiMatch` that ends up in a test report
    or a log line shows where PHI was, never what it was.

    Attributes:
        kind: What was found, one of `PHI_KINDS` (`"SSN"`, `"NAME"`, `"DATE"`, ...).
        start: Index of the first character of the match in the scanned text.
        end: Index one past the last character.
        text: The matched text itself.
    """

    kind: str
    start: int
    end: int
    text: str = field(repr=False)

    @property
    def span(self) -> tuple[int, int]:
        """`(start, end)`, as in `re.Match.span()`."""
        return (self.start, self.end)

    @property
    def placeholder(self) -> str:
        """What `redact_phi` puts in place of the match: `[SSN]`, `[NAME]`, ..."""
        return f"[{self.kind}]"


def _require_str(text: object, function: str) -> str:
    if not isinstance(text, str):
        raise TypeError(
            f"{function}() takes a str, not {type(text).__name__}; "
            "for an exception use asyncproof.assert_no_phi, or pass str(exc)"
        )
    return text


def find_phi(text: str) -> list[PhiMatch]:
    """Return the PHI found in `text`, sorted by position and never overlapping.

    Args:
        text: The text to scan: an error message, a log line, a whole log.

    Returns:
        One `PhiMatch` per piece of PHI; an empty list when there is none.

    Raises:
        TypeError: `text` is not a `str`.

    Example:
        ```python
        from asyncproof import find_phi

        for match in find_phi("lookup failed for MRN 00482213, DOB 03/14/1950"):
            print(match)
            #> PhiMatch(kind='MRN', start=22, end=30)
            #> PhiMatch(kind='DATE', start=36, end=46)
        ```
    """
    _require_str(text, "find_phi")
    return [PhiMatch(kind, start, end, text[start:end]) for start, end, kind, _ in scan(text)]


def contains_phi(text: str) -> bool:
    """Return True if `text` contains any PHI that `find_phi` recognises.

    Raises:
        TypeError: `text` is not a `str`.

    Example:
        ```python
        from asyncproof import contains_phi

        print(contains_phi("no patient record with id pt-0001"))
        #> False
        print(contains_phi("no record for patient Avery Example"))
        #> True
        ```
    """
    _require_str(text, "contains_phi")
    return bool(scan(text, any_found=True))


def redact_phi(text: str, *, strict: bool = False) -> str:
    """Return `text` with each piece of PHI replaced by its kind in brackets.

    The labels and everything around the PHI stay, so the redacted text still says what
    happened and can be logged.

    Args:
        text: The text to redact.
        strict: Keep only what is provably harmless and mask every other word or number as
            `[?]` (what `find_phi` recognises still shows its kind): ordinary lower-case
            English words, code identifiers and keys, Python and HTTP words, log levels and
            leading timestamps, numbers under 1,000 outside dates, ages and addresses, UUIDs
            and digests, private IP addresses. For text that must not carry PHI at any cost,
            such as CI logs: it also hides values the detector misses (a name that is an
            English word, a city, a house number), at the price of hiding harmless words
            too. Its word list loads on the first strict call.

    Raises:
        TypeError: `text` is not a `str`.

    Example:
        ```python
        from asyncproof import redact_phi

        print(redact_phi("claim rejected: SSN 123-45-6789 does not match patient Avery Example"))
        #> claim rejected: SSN [SSN] does not match patient [NAME]
        text = "LookupError: no chart for Will Hill, 412 Birch Road, Mobile"
        print(redact_phi(text))
        #> LookupError: no chart for Will Hill, [ADDRESS]
        print(redact_phi(text, strict=True))
        #> LookupError: no chart for [?] [?], [ADDRESS]
        ```
    """
    _require_str(text, "redact_phi")
    if strict:
        from asyncproof._phi.strict import redact_strict  # its word list loads on first use

        return redact_strict(text)
    return written(text, ((start, end, kind) for start, end, kind, _ in scan(text)))


def declare_identifier(pattern: str, kind: str = "ID") -> None:
    r"""Report every match of `pattern` as PHI of `kind`, from now on.

    For the identifiers only your project knows: its MRN, claim or accession number formats.
    No detector can tell `RQ-0019044` from an opaque key; the project that writes it can. A
    declared identifier is reported by every function here (strict mode too), by
    `assert_no_phi`, `phi_guard` and PHI-safe test reports, wherever it is written and over
    whatever else was found there; it only adds to what is found. Declarations hold for the
    whole process: make them at start-up, before other threads scan. In a test suite,
    declare them in the ini file instead (`phi_identifiers`), so that every session and every
    xdist worker has them, and a test that declares one forgets it when it ends.

    Args:
        pattern: A regular expression (Python's `re`). A match inside a longer run of letters
            and digits is not taken (`CV-\d{7}` does not take `XCV-00190441`). It runs over
            every text scanned: keep it free of nested quantifiers.
        kind: What it is, one of `PHI_KINDS` (`"MRN"`, `"ID"`, `"ACCOUNT"`, ...): what
            `find_phi` reports and `redact_phi` writes.

    Raises:
        TypeError: `pattern` or `kind` is not a `str`.
        ValueError: `kind` is not one of `PHI_KINDS`, `pattern` is not a regular expression,
            or it matches the empty string.

    Example:
        ```python
        from asyncproof.phi import declare_identifier, forget_identifiers, redact_phi

        print(redact_phi("recall skipped: RQ-0019044 deceased"))
        #> recall skipped: RQ-0019044 deceased
        declare_identifier(r"RQ-\d{7}", kind="MRN")
        print(redact_phi("recall skipped: RQ-0019044 deceased"))
        #> recall skipped: [MRN] deceased
        forget_identifiers()
        ```
    """
    declared.declare(pattern, kind)


def forget_identifiers() -> None:
    """Forget the identifiers `declare_identifier` declared (not the ini file's, which the
    pytest session forgets when it ends)."""
    declared.forget(None)
