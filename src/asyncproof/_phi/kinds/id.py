"""ID: any other identifying number after its label (passport, national or tax id, badge), a
certificate's number (birth, death, marriage), a claim's or a case's number (one person's
insurance claim, police report, court case), and a biometric identifier's (fingerprint, face,
iris, voice or palm template; Safe Harbor's item 16)."""

from __future__ import annotations

from asyncproof._phi.blocks import CODE, NUM, each
from asyncproof._phi.declare import DigitLed, Kind, Labelled, Shape

# Capitals, digits and `-` (no letter in lower case anywhere), four digits or more; not a date
# or a time stamp (`2026-11-30`, `2026-11-30T10:00:00Z`, `11-30-2026`), a month or a week
# (`2026-04`, `2026-W48`), digits run into letters (`1000BASE-T`, `5MG-1234`), nor the number
# of a key that glues it to its label (`case-00042`, `RX-PT-266438`). Every repetition is
# bounded, the look-aheads too: labels may stand in a long run of capitals.
RECORD_NUMBER = (
    r"(?<![A-Za-z][-_])(?!\d{4}-\d\d-\d\d(?![\d-])|\d\d-\d\d-\d{4}(?![\dA-Z-])"
    r"|\d{4}-(?:W?\d\d)(?![\dA-Z-])|\d+[A-Z])"
    r"(?=(?:[A-Z-]{0,30}\d){4})"
    r"[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){3,30}(?![A-Za-z0-9-])"
)
# The words a person's record number is written after, and what a record number holds besides
# digits: a capital letter, or else five digits at least.
_RECORD_WORDS = "case accession specimen rx prescription booking warrant inmate"
_LETTERED = r"(?=[0-9-]{0,30}[A-Z])"
_FIVE_DIGITS = r"(?=(?:-?\d){5})"
KIND = Kind(
    name="ID",
    position=180,
    labelled=(
        Labelled(
            family="other_id",
            order=200,
            labels=(
                r"passport" + NUM,
                *each(
                    "national state military student employee badge voter tribal",
                    r"[ _-]?(?:id|number|no\.?)",
                ),
                *each("tax taxpayer", r"[ _-]?(?:id|identification[ _-]?number|number)"),
                "itin",
                r"alien[ _-]?(?:registration[ _-]?)?(?:number|no\.?|#)",
                "a-number",
                r"green[ _-]?card" + NUM,
                r"id[ _-]?no\.?",
                r"badge(?: scan)?",
                *each("birth death marriage", r"[ _-]?certificate" + NUM),
                r"certificate[ _-]?(?:number|num|no\.?|#)",
                "cert",
                # A national identity number by its name in other countries.
                r"id[ _-]?(?:number|num)",
                *each("cedula curp dni nric aadhaar", ""),
                # (`certificate DC-2026-NY-0048812`: a certificate's number after the word.)
                "certificate",
                # A vital record's number (`state_file_no='2026-OR-031882'`, `State File Number
                # 2026-OR-030116`) and a person's id in an immunisation registry (`iis_id=`; not
                # any registry's: a study's `registry_id` is its own key).
                r"state[ _-]?file[ _-]?(?:number|num|no\.?|#)",
                r"iis[ _-]?(?:id|number|no\.?)",
            ),
            value=CODE,
        ),
        # One person's claim or case: `claim_no='CLM-2026-0091844'`, `claim WC-2026-004412`,
        # `police report LAPD-26-118842`, `case no. CV-2026-00412`.
        Labelled(
            family="claim_id",
            order=202,
            labels=(
                r"claims?[ _-]?(?:id|number|num|nbr|no\.?|#)",
                "claim",
                *each("police accident incident", r"[ _-]report" + NUM),
                r"case[ _-]?(?:number|num|no\.?|#)",
                r"docket" + NUM,
            ),
            # Letters then three digits or more, or nine digits: not a row's number
            # (`claim_id=88213`), a date (`claims-2024-03`) nor a format (`claims: 837P`).
            value=r"(?=[A-Z]{1,6}[-_]?(?:[A-Z]{1,4}-)?(?:\d{2,4}-)?\d{3}|\d{9})" + CODE,
        ),
        # One person's case, sample or prescription by its record's number: `case_id=C-2026-
        # 014412`, `accession ACC-26-0091182`, `specimen L26-0418251`, `rx=RX0044812`, `Lab case
        # AL-55120`, `Rx #7720184`. The writers of every blind set since the eleventh round's
        # brief mark these `ID` (174 times in 186). A key in lower case is the system's own
        # (`rx-0091`, `case=mro-2291`). Digits alone (`rx 10000 packets`, `test case 12345`,
        # `booking 12345 rooms`) are a count as often as a record's number: only after a label
        # that says it is a number (`case no`, `rx #`, `specimen_id`), and five of them.
        Labelled(
            family="record_id",
            order=203,
            labels=(*each(_RECORD_WORDS, ""),),
            # (digits alone after `#`: `Rx #7720184`, `case #10023`)
            value=f"(?:{_LETTERED}|(?<=#){_FIVE_DIGITS})" + RECORD_NUMBER,
        ),
        Labelled(
            family="record_number",
            order=204,
            labels=(*each(_RECORD_WORDS, r"[ _-]?(?:ids?|numbers?|nums?|nbr|nos?\.?|#)"),),
            value=f"(?:{_LETTERED}|{_FIVE_DIGITS})" + RECORD_NUMBER,
        ),
        # Biometric templates are often lower-case hex: `FPT-0c91-7713-22a8`; a prefix in
        # lower case takes four digits after it (`bt-fp-0099182734`, not `tpl_statement_v7`).
        Labelled(
            family="biometric_id",
            order=201,
            labels=(
                *each(
                    "fingerprint face iris retina palm(?:[_-]?vein)? voice gait",
                    r"(?:[ _-]?(?:template|code|scan|signature|print))?(?:[ _-]?(?:id|no\.?))?",
                ),
                "voiceprint",
                r"biometric(?:[ _-]?template)?(?:[ _-]?id)?",
                r"template[ _-]?id",
                r"photo[ _-]?id",
                r"dna[ _-]?(?:sample|reference|specimen)(?:[ _-]?(?:barcode|id|no\.?))?",
            ),
            value=r"(?=[A-Za-z_.-]{0,24}\d)(?=[A-Z]{1,6}[-_]|(?:[a-z]{1,6}[-_]){1,2}\d{4}|\d)[A-Za-z0-9]"
            r"(?:[A-Za-z0-9]|[-_.](?=[A-Za-z0-9])){3,40}(?![A-Za-z0-9-])",
        ),
    ),
    digit_led=(
        # A Brazilian CPF by its own shape, `123.456.789-09`: a taxpayer's number.
        DigitLed(
            group="ID",
            order=15,
            pattern=r"(?P<ID>\d{2}\.\d{3}\.\d{3}-\d{2})(?![\w.-])",
        ),
    ),
    shapes=(
        # A claim number by its prefix (`CLM-2026-0091844`, `CLM20240611A`), with no label: a
        # backend names its claims so. (`CLM01`, an X12 element, is too short; `CLM*` the
        # segment.)
        Shape(
            order=150,
            leads=("CLM",),
            pattern=r"(?<![A-Za-z0-9]CLM)[-_]?(?=\d)[0-9A-Z](?:[0-9A-Z]|-(?=[0-9A-Z])){4,24}"
            r"(?![A-Za-z0-9-])",
        ),
    ),
)
