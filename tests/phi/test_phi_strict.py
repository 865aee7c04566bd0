"""Strict redaction: `redact_phi(text, strict=True)` and `--asyncproof-redact-reports=strict`.

Strict mode keeps only what it can prove harmless, so it must hide values the detector misses
(a name or a town that is an English word, a house number) and still leave ordinary code and
log lines readable. Its figures on every labelled set have floors here; the report tests here
plant values only strict mode hides (`test_phi_reports.py` runs each of its channels in both
modes).
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
import textwrap
from importlib.resources import files
from xml.etree import ElementTree

import pytest

from asyncproof._phi import scan, written
from asyncproof._phi_reports import PLUGIN_NAME, ReportRedactor, redact_texts, strict_scan
from asyncproof.phi import find_phi, redact_phi
from tests._support import phi_strict_metrics
from tests._support.linear_time import assert_linear_time
from tests._support.phi_metrics import SETS, load_corpus
from tests._support.pytester import INI, run
from tests.phi.test_phi_reports import FLAG, MODULE, Channel, _leaked, _output, _run

pytest_plugins = ["pytester"]

STRICT = "--asyncproof-redact-reports=strict"


# What the detector misses and strict mode hides: each text, and the values in it.
MISSED = {
    "a name that is two English words": ("no chart for Will Hill", ("Will", "Hill")),
    "a town that is an English word": ("patient moved to Mobile last week", ("Mobile",)),
    "a house number and a street with no type": (
        "courier left it at 1208 Lakeshore",
        ("1208", "Lakeshore"),
    ),
    "a name in a tuple": ("KeyError: ('Hill', 'Grace')", ("Hill", "Grace")),
    "a name in capitals, surname first": ("ERROR row 12: HILL, GRACE M", ("HILL", "GRACE", " M")),
    "a name in a path": ("GET /v1/patients/Will.Hill/chart", ("Will", "Hill")),
    "an age over 89 with no label": ("expected age bucket '90+', got 97", ("97",)),
    "an identifier's key, not an opaque one": ("no match for acct-7781204", ("7781204",)),
    "a number with a letter after it": ("Provider No. 2441873B", ("2441873",)),
    "an e-mail written with at": ("reply to ana.lima at mailbox.example", ("ana.lima",)),
    "a name inside a code identifier": ("KeyError: LimaRecord", ("Lima",)),
    "a phone read by OCR, letters for digits": ("call (6l2) 555-Ol88 at noon", ("Ol88",)),
    # Round 8 (causes of the leaks on blind_v13/v14, each written here with values of its own)
    "a name key's value, whatever its shape": ("row: initials: T.W.  arm: B", ("T.W.",)),
    "a birth date key's value in no date's shape": ("skipped dob='H02.11.05'", ("H02",)),
    "a word spelled letter by letter": ("caller: the surname is o k a f o r", ("o k a f o r",)),
    "a word before its own spelling": ("and first name is temi t e m i", ("temi",)),
    "a number in words with tens and hundreds": (
        "my social is four hundred twelve sixty six ninety one oh two",
        ("four hundred twelve", "sixty six"),
    ),
    "an e-mail address spoken": (
        "reach me at kemi dot ade at mailhost dot org",
        ("kemi", "ade", "mailhost"),
    ),
    "a day of a month spoken": ("the van came on the twenty first", ("twenty first",)),
    # (after no word of a birth, on a line of no other PHI: the rules read such dates there)
    "a two-digit year spoken": ("read back as june ninth sixty two", ("sixty two",)),
    "a house number spoken": (
        "we moved to thirty two oak ridge road west",
        ("thirty two", "oak ridge", "west"),
    ),
    "a care-of line": ("ship to C/O HARBOUR VIEW RESIDENCE", ("C/O", "HARBOUR")),
    "the log's day, also a value of the line": (
        "2026-03-02T10:00:01Z INFO admitted=2026-03-02 ward=4",
        ("2026-03-02",),
    ),
    "a name with a digit read for a letter": ("chart for Adebay0ola, B pending", ("ay0", "B ")),
    "a middle initial in an X12 name": ("subscriber VANTERPOOL*ODILE*R (BSH3100)", ("*R",)),
    "a name particle that is a builtin too": ("driver for K. bin Osman arrived", ("bin", "K.")),
    "the number closing an address's part": (
        'row: "Villa 9, Block 7C, Jumeirah 3"',
        ("Villa 9", "7C"),
    ),
    "an abbreviation inside an address": ('addr="2210 rte. du Fleuve"', ("rte.",)),
    "a unit number after a street type": ("send to 18 birch ave #4 duluth", ("#4",)),
    "a name that is a word too, opening a line before a verb": ("Rose was admitted", ("Rose",)),
    "a name opening its line as a label": ("Rose: running late today", ("Rose",)),
    "a name in a path to Python source": (
        "exported to /srv/out/Hill_Grace/notes.py",
        ("Hill",),
    ),
    # Round 9 (causes of the blind_v15/v16 leaks, each written here with values of its own)
    "a record's time to the minute opening a CSV row": (
        "2025-06-03 07:41,MERCY_WEST,52,M,55104",
        ("2025-06-03 07:41",),
    ),
    "a middle initial as a field between the names": (
        "PT|ROSALIND|Q|ABERNATHY|F|19330412",
        ("|Q|",),
    ),
    "a Welsh patronymic particle": ('{"guardian":"Owain ap Rhydderch"}', ("ap",)),
    "a house number with a half": ('failed to geocode "42 1/2 Larkspur"', ("42", "1/2")),
    "a unit designator with no number after the street": (
        'geocode failed for "9 Tamarack Ct upper"',
        ("upper",),
    ),
    "a unit with a letter after the street": (
        "CALLER: we're at six twelve cedar lane unit c",
        ("unit c",),
    ),
    "the town said after the street": (
        "CALLER: four ten poplar road in elm falls",
        ("elm falls",),
    ),
    "a place key's value": ('ASR_ENTITY city="elm falls" conf=0.7', ("elm falls",)),
    "a year of birth spoken": ("says he was born in nineteen twenty eight", ("twenty eight",)),
    "an age over a hundred spoken": ("Pt is a hundred and three per daughter", ("a hundred",)),
    "a one-letter word inside a spoken number": (
        "CALLER: ochocientos cuarenta y siete calle Pino",
        (" y ", "siete"),
    ),
    "a date given by a holiday and a year": (
        "states she was born the day before Easter, 1931",
        ("the day before", "1931"),
    ),
    "a phone's extension mark with no digits": ("input_value='612.555.0187 x'", (" x",)),
    "a town ending a sentence": ("the patient moved to Mobile.", ("Mobile",)),
    "a name with a version is no program": ("export Hill/2.1 ready", ("Hill",)),
    "a clock's day, also a value of the line": (
        "ts=2025-04-02T08:11:09Z event=note visit=2025-04-02",
        ("2025-04-02",),
    ),
    "a tag before the log's clock is judged as any word": (
        "[Hill] 2025-04-02 08:11:09 export done",
        ("Hill",),
    ),
    "a name said after the word name, in lower case": (
        "unit 4: patient name maren holt spelling unknown",
        ("maren", "holt"),
    ),
    # Round 10 (causes of the blind_v17/v18 leaks, each written here with values of its own)
    "a code's letters opening a quoted value before its digit groups": (
        "input_value='kfr 412 907 118'",
        ("kfr",),
    ),
    "three digits said one by one": ("caller: the area code is six one two", ("six one two",)),
    "a letter spelled by a word that starts with it": (
        "caller: it's T as in tango u r o k",
        ("T as in tango",),
    ),
    "a spoken house number of digit words before its street": (
        "we are at four four one two birch hollow road",
        ("four four one two", "birch hollow"),
    ),
    "a route's number said after it": (
        "we live at nine oh one rural route four",
        ("rural route four",),
    ),
    "the article of a spoken day": ("he came in on the ninth of march", ("the ninth",)),
    "syllables of a name cut by speech-to-text": (
        "caller said tay yoh nakamura then hung up",
        ("tay", "yoh"),
    ),
    "holders' names joined by a conjunction in capitals": (
        "LBX1,25.00,BRENNAN AND TOVE LIND,X",
        ("AND",),
    ),
    "a name said after a title in lower case": (
        "yes this is doctor ama lowe no the other one",
        ("ama", "lowe"),
    ),
    "an e-mail address spoken with an underscore": (
        "it is kemi underscore ade at mailhost dot org",
        ("kemi", "underscore", "ade"),
    ),
    "a street abroad in lower case after its number": (
        'input="14 rue des lilas"',
        ("rue des lilas",),
    ),
    "an address typed in lower case with its state": (
        'input="77 birch hollow rd, new ulm MN"',
        ("new ulm",),
    ),
    "the pieces of a device's code glued by &": (
        "device=GLU-R&K-TS40-7731904",
        ("GLU-R",),
    ),
    # round 12: a maker's initials glued by `&` to a serial are the serial's first piece
    "a maker's initials before a serial": (
        "[fota] device A&D-UA651-5K0038812 download ok",
        ("A&",),
    ),
    # round 20: what was left of marked values on the labelled sets under strict: a date's
    # clock (its minutes), initials with dots, a number said digit by digit, a phone read by
    # OCR with a letter in its last group, an age's unit
    "a date's clock after it": ("arrival 11/03/2026 21:14 lactate not drawn", (":14",)),
    "a clock after a date in words, its hour read as a year": (
        "Subject: Your consult on Thursday, December 3, 10:30 AM",
        (":30", "AM"),
    ),
    "a date and its clock in a repr": (
        "input_value=datetime.datetime(2026, 11, 29, 15, 7), input_type=datetime",
        ("15, 7",),
    ),
    "initials with dots": ("visitor: its J.W. from the hockey team", ("J.W.",)),
    "a number said digit by digit": ('caller: "4 0 1 - 2 2 - 7 7 1 8" (missed)', ("7 7 1 8",)),
    "a phone read by OCR, a letter in its last group": (
        'text="Emergency contact (son)  773 555 O157"',
        ("773 555", "O157"),
    ),
    "an age over 89 with its unit": ("senior alert patient age 97 yo dose check", ("yo",)),
    # found in review: a surname after dotted initials, the last digit before a full stop, a
    # clock after a date in a CSV row, an `I` read for a `1`
    "a surname after dotted initials": ("Seen by J.W. Smith in clinic", ("Smith",)),
    "a number said digit by digit, ending a sentence": (
        "mrn read back: 4 0 1 2 2 7 7 1 8.",
        ("1 8",),
    ),
    "a clock in the field after a date's": ("11/03/2026,21:14,ED,bay 4", ("21:14",)),
    "a phone read by OCR, an I for a 1": ("cb 773 555 OI57 after 5", ("OI57",)),
    "a middle initial as a key's value": ('{"first": "Tove", "middle": "R.", "n": 2}', ("R.",)),
    # round 21: a house's number after its sign, a street type of USPS's longer list after a
    # house number, a number after a street abroad, a camera's stamp, dates typed with spaces,
    # a clock's range and an hour alone after a date, a public IP address read as a version
    "a house's number after its sign": ("hotel is Jl. Monkey Forest No. 88, Ubud", ("88",)),
    "a house's number after its sign, with a colon": ('"addr":"Mehmetçik Sk. No:14"', ("14",)),
    "a street type of the longer list, after a house number": (
        "lives at 22 Bluebird Trace apt 4",
        ("22 Bluebird", "apt 4"),
    ),
    "an address in lower case with an ordinal and av": (
        "standardized '2291 e sprague av #14' and '4417 n 32nd st #6'",
        ("2291", "#14", "4417", "32nd", "#6"),
    ),
    "a house's number after a street abroad": ("send it to schillerstrasse 12 please", ("12",)),
    "a camera's stamp": ('exif={"DateTimeOriginal":"2026:11:29 18:04:11"}', ("11:29", "18:04")),
    "a date typed with spaces": ("DATE OF BIRTH: 11 / 03 / 1934   AGE: 92", ("11 / 03",)),
    "a date typed with spaced dashes": ("Visitor: 7 - 9 - 47", ("7 - 9",)),
    "a clock's range after a date": ("draw scheduled Dec 5 2026 8:00-10:00 for", (":00",)),
    "an hour alone after a date and at": ("asks if Tuesday 12/8 at 3 is still on", ("at 3",)),
    "a public IP address that reads as a version": ("redis> GET rate:login:192.0.2.1", ("192.0",)),
    # ... and the word ending a place's name after its masked first, a name's suffix after it
    "the word ending a place's name": (
        'usps-verify: standardized "4188 cobblestone court grove city oh"',
        ("city",),
    ),
    "a name's suffix after its HL7 components": ("add person DE LA CRUZ^TOMAS^^JR ok", ("JR",)),
}


@pytest.mark.parametrize("name", MISSED)
def test_strict_hides_what_the_detector_misses(name: str) -> None:
    text, values = MISSED[name]
    # Missed by the rules: some are found by the learned model now, strict must not need it.
    by_rules = written(text, ((s, e, k) for s, e, k, _ in scan(text, learned_too=False)))
    assert all(value in by_rules for value in values), "the rules find it now"
    redacted = redact_phi(text, strict=True)
    assert [value for value in values if value in redacted] == [], redacted
    # (hidden by strict mode's own mask, or by a learned look the rules lack)
    assert "[?]" in redacted or find_phi(text), redacted


READABLE = [
    "KeyError: 'patient_id'",
    "assert response.status_code == 200",
    "2026-12-01T10:22:01Z ERROR intake.api request failed after 3 retries (250ms)",
    "ValueError: invalid literal for int() with base 10: 'abc'",
    "Traceback (most recent call last):",
    '  File "/srv/app/intake/services.py", line 214, in register_patient',
    "GET /health 200 OK in 12ms",
    "sqlalchemy.exc.IntegrityError: duplicate key value violates unique constraint",
    "task 3f9a2c1e-7b4d-4e5f-8a9b-0c1d2e3f4a5b timed out after 30s on 10.0.4.12:5432",
    "E       assert 3 == 4",
    "E       AssertionError: assert 'pending' == 'sent'",
    "asyncio.exceptions.TimeoutError: deadline of 0.5s exceeded in fetch_chart()",
    # What asyncproof's own reports and the guide's error messages are written in: task names,
    # files and lines, modules the dictionary lacks, mocks, opaque keys, errno codes, ports.
    "pending tasks: Task-3 at client.py:41 in fetch()",
    '  File "/srv/app/intake/services.py", line 104, in register_patient',
    "sqlalchemy.exc.IntegrityError: (psycopg.errors.UniqueViolation) duplicate key value",
    "coroutine 'AsyncMockMixin._execute_mock_call' was never awaited",
    "LookupError: no patient record with id pt-0001",
    "ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 5432)",
    "retrying in 1500 ms, 12044 rows left, batch took 3000ms",
    "Input should be a valid datetime",
    # What the rules of round 8 must not take: a name key's value that is code, syntax, a
    # count or a placeholder; ordinals that are no day; a hex status; a Python traceback.
    'record = dict(name=row["name"], dob=row["dob"])',
    "UPDATE patients SET birth_date=%(birth_date)s WHERE id = %(id_1)s",
    "query { patients(first: 50) { id } } dob=None last=null",
    "the third attempt failed, the second one timed out",
    "C-STORE failed status=0xA700 after 3 retries",
    "Hemoglobin A1c above range",
    # asyncproof's own reports: a word that is a name too opens a clause (`Stuck`, a surname),
    # pytest's `E` prefix starts a line
    "Stuck here when the deadline passed (most recent await last):",
    "E         Omitting 1 identical items, use -vv to show",
    "E         Differing items:",
    # a path to Python source names packages and modules, also ones no dictionary has
    '  File "/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py", line 89',
    # a label opening its line; a package with its version's digit beside known words
    "Subject: weekly census export ready",
    # a message after a log level padded to its column (uvicorn's `INFO:     `)
    "INFO:     Waiting for application startup.",
    "INFO:     Application startup complete.",
    "psycopg2.errors.UniqueViolation: duplicate key value",
    # a duration handed to code, as a deadline report's last frame shows it
    "    await asyncio.sleep(3600)",
    "retry policy: timeout=1800 delay: 7200",
    # What the rules of round 9 must not take: the words after `name` that go on with the
    # sentence; a log's clock with seconds opening a CSV row; a keyword that is a state's code
    "ValueError: patient name must not be empty",
    # What the rules of round 10 must not take: a title that is a word of programs (`dr`, disaster
    # recovery); HL7's sub-components and a query string's pairs glued by `&`; an abbreviation
    # beside a name (no vowel); a lead word of a street abroad that is English (`via`); a count
    # and its word before a comma; a possessive's `s` before a number
    "2026-12-01 01:10:02,440 INFO dr drill scheduled for 02:00 UTC",
    "ERR|^^^207&Internal error|PID^1^7|E",
    '"query_string": "topic=billing&page=2"',
    "intake received for pt-0522 via web form (fields=38)",
    "parse ok (v10, 22 fields, jurisdiction MN)",
    "1.82 s ± 41.2 ms per loop (mean ± std. dev. of 7 runs, 1 loop each)",
    # money lines: amounts with cents, card numbers with their middle masked, the numbers of
    # invoices, batches, merchants and terminals
    "Invoice INV-118204 | Merchant MID 500012771904 | Terminal TID 00917 | Amount $2,318.40",
    "pan=411111******1111 amt=25.00 card ****4242 balance=0000310422.75",
    "invoice_id=88120391 batch_id=7741203 settled 1,204.00",
    # an event's clock in seconds since 1970, after a clock's key
    '{"level":"error","ts":1764515290.552,"msg":"lookup failed","timestamp":1764513320}',
    "first name and date of birth do not match",
    "2026-11-30T08:01:12Z,u-8812,nurse,VIEW",
    "WHERE status IN (1, 2)",
    # the log's clock after a tag, in Airflow's form, and as a structured log's clock key
    "[cron] 2026-12-01 05:00:15 nightly export done",
    "[2026-11-30, 03:00:13 UTC] {taskinstance.py:1400} INFO - Marking task as SUCCESS.",
    '{"level":"info","ts":"2026-11-30T20:33:51.115Z","msg":"row upsert"}',
    '2026-11-30T23:15:00.000000Z stdout F {"ts":"2026-11-30T23:15:00Z","lvl":"warn"}',
    # a backend's failures: SQL in capitals, a class called, a type named in Python's words, a
    # variable assigned or compared, a task named with an opaque key, a CI's directories
    "E       sqlite3.IntegrityError: UNIQUE constraint failed: patients.mrn",
    "        with Session(engine) as session:",
    "TypeError: 'Registry' object does not support the context manager protocol",
    "        rowcount = 0",
    "    assert rowcount == 1",
    "  - 'remind-pt-0042' running remind() (test_backend.py:54)",
    '  File "/home/runner/work/health-api/tests/test_intake.py", line 55, in remind',
    # FHIR's resource types; a log's zone after a space and its process's id
    '{"resourceType":"Observation","status":"final"}',
    "GET /fhir/r4/Patient?_count=50 HTTP/1.1",
    "[2024-03-01 10:15:02 +0000] [4412] [INFO] Booting worker",
    # a program's product token, a zone, a placeholder for a value
    '10.0.4.17 - - [30/Nov/2026:14:22:06 +0000] "GET /healthz HTTP/1.1" 200 2 "kube-probe/1.30"',
    '{"field":"ssn","value":"<redacted>"}',
    # initials glued by `&` to a word that is no code: a firm's name, a meeting's
    "billing sync with AT&T done; Q&A notes in R&D wiki",
    # round 13: a program's account at a host with no domain (PostgreSQL's prefix, Celery's
    # worker), a role's mailbox, counts and measures named by their key or word, a record's
    # clock after its key, an age under 90, an organisation's numbers
    "2026-11-30 23:54:19.668 UTC [48190] ehr_app@ehr ERROR:  canceling statement",
    "celery@ehr-worker-3 ready.",
    "Reply-To: do-not-reply@notify.example.org",
    "request done duration_ms=812 bytes=48213 keys=88213 rows=18231",
    'time="2026-11-30T09:40:11Z" level=warning',
    '"meta": {"lastUpdated": "2026-11-30T14:22:01.118+00:00"}',
    "lims.accession: subject sub_55120 age=61 -> adult reference ranges applied",
    "questions? call 1-800-555-0199 or +1 888 555 0177",
    '<code codeSystem="2.16.840.1.113883.5.1"/>',
    # drugs' generic names, by their class's stem
    "dose: apixaban 5 mg BID; switched to Atorvastatin 40 mg, then pembrolizumab",
    # a code after its code system's name; a link to a library's error or a code system
    "lab.ingest result loinc=4548-4; cpt 99214 billed, NDC 0002-8215-01, ICD-10 J44.9",
    "(Background on this error at: https://sqlalche.me/e/20/gkpj)",
    # the log's clock as the line's first key; a value kept before a sentence's full stop
    '{"@t":"2026-11-30T09:40:11.123Z","@mt":"ok"}',
    "questions? call 1-800-555-0199.",
    # dotted abbreviations that are no one's initials; found in review of round 20's shapes: a
    # private address with its port, a chart's abbreviations, nginx's and a US log's clock,
    # labels and scores written digit by digit, oxygen's formula before numbers
    "meeting moved to 10 A.M., U.S. holidays excluded",
    "connect to 192.168.10.20:80 failed",
    "give 1 tab P.O. q.d. P.R.N. pain",
    "[12/01/2026 10:22:01] INFO intake ok",
    "2026/12/01 10:22:01 [error] 911#911: upstream timed out",
    "y_pred: [0 1 1 0 0 1 0 1]",
    "PHQ-9 item scores: 1 2 0 3 1 1 0 2 1 total=11",
    "vitals: O2 88 87 85 trending down",
    "meeting at 10 A. M. sharp",
    # (round 21: what the new shapes must leave)
    "upgraded pytest to 8.3.4 and python to 3.11.4",
    "client 10.0.4.12:51234 closed",
    "score 3 - 2 - 1 final, 14 patients excluded this run",
    "took 12 steps, the dry run passed",
    # (round 22, from an adversarial review of round 21's shapes: a clock's zone is no street
    # type, a version of four parts after a coordinate's colon no address, a count's number no
    # house's, a key no town's last word, a split no date, `av` audio and video)
    "maintenance window starts at 2 AM EST, deploy at 9 AM PT",
    "Could not resolve com.oracle.database.jdbc:ojdbc8:21.1.0.0",
    "Retry No. 3 of 5 failed; Attempt No: 2 timed out",
    "Page 2 List View",
    "see chapter 7 Code Path",
    "split 80 / 10 / 10 train",
    "dropped 3 frames in av sync",
]


@pytest.mark.parametrize("line", READABLE)
def test_code_and_log_lines_stay_readable(line: str) -> None:
    assert redact_phi(line, strict=True) == line


def test_a_facilitys_center_after_a_masked_word_stays() -> None:
    # (a place's last word after a masked one goes, `grove city`; `Center` mostly ends a
    # facility's name)
    assert "Center, ward 4" in redact_phi("routed to Mercy Medical Center, ward 4", strict=True)


@pytest.mark.parametrize(
    ("line", "value"),
    [
        # what the rules for readable lines above must not let through: a person's login at a
        # host, a count whose key names an identifier too, an age over 89 beside its word, a
        # person's phone next to a toll-free one, an address at a domain that is no role's
        ("login tnguyen@warehouse refused", "tnguyen"),
        ("member_count=88213", "88213"),
        ("rate=112 age=95", "95"),
        ("rate=112 ok", "112"),
        ("call 1-800-555-0199 or 312-555-0144", "312-555-0144"),
        ("Reply-To: tove.lind@example.org", "tove.lind"),
        # found in review: a person's time after a record's key, a run of ten digits with a
        # toll-free prefix, a patient's number after a measure's key or `PID`, an age over 89
        # after a measure's key, a tag or a person's domain on a role's mailbox, a surname
        # ending like a drug's stem, a study's UID, a login that is a word
        ("patient.death.time=2026-11-29T23:10:00Z", "2026-11-29"),
        ("newborn birth-time: 2026-11-30T04:12:00Z", "2026-11-30"),
        ("specimen pt-0001 received_at=2026-11-30T09:40:11Z", "2026-11-30"),
        ("card 8771234567 declined", "8771234567"),
        ("PID 447192 chart locked", "447192"),
        ("batch done skipped_patient=447192", "447192"),
        ("count=12 max_age=97 cohort", "97"),
        ("rows=97 loaded", "97"),
        ("intake+tove.lind@clinic.org", "tove"),
        ("Reply-To: mail@tove-lind.de", "tove"),
        ("uploaded jane.doe@gmail.com.pdf", "jane"),
        ("note: Grassone refused", "Grassone"),
        ("StudyInstanceUID=1.2.840.113619.2.55.3.604688119.868.20261130.93012", "604688119"),
        ("ssh grace@ehr-ws3", "grace"),
        # a reference's host with a query, a number after a code system's name and a person
        ("https://loinc.org/search?q=tove+lind", "tove"),
        ("CPT code 99214 for pt 4471882", "4471882"),
        # found in the second review: a FHIR search carrying a patient's value after a code
        # system's link, a resource's link on a reference host, a number typed into a code's
        # field, a key whose measure word is not its last part or whose person word has digits
        # or is missing from the first list, a place as a key in the middle of a line
        ("GET /fhir/Condition?code=http://snomed.info/sct|44054006&patient=4410923", "4410923"),
        (
            "GET /Patient?identifier=http://terminology.hl7.org/CodeSystem/v2-0203|MR|4410923",
            "4410923",
        ),
        ("validator: http://hl7.org/fhir/Patient/tlindqvist57 not resolvable", "tlindqvist57"),
        ("ValidationError: invalid icd10 code: 123456789", "123456789"),
        ("rejected claim line: cpt code '5558675309' not found", "5558675309"),
        ("unknown loinc 555-1234", "555-1234"),
        ("loinc 4548-5 (a wrong check digit)", "4548-5"),
        ("skipped_mrn2=104423", "104423"),
        ("address updated: updatedZipcode=35201", "35201"),
        ("sent_to=35201", "35201"),
        ("failed_enrollee=104423", "104423"),
        ("visits by town | Mobile: 4 | Buffalo: 2", "Mobile"),
        # found in the third review: a FHIR search escaped, `time` after a word or in JSON, a
        # token reaching past a kept value, an account named with a name or a year, a bare verb
        # or letter as a measure's key, a code system's version run into the code, a surname
        # ending like a drug's stem
        (
            "GET /fhir/Patient?identifier=http://terminology.hl7.org/CodeSystem/v2-0203%7CMR%7C104423",
            "104423",
        ),
        ("birth time: 2026-11-30 03:12:44", "2026-11-30"),
        ('{"event":"admit","patient":"4410923","time":"2026-11-29T22:14:00Z"}', "2026-11-29"),
        ("GET /inbox/intake@example.org/from/tove.lindqvist HTTP/1.1", "lindqvist"),
        ("cpt 99214/104423", "104423"),
        ("login failed for grace_h@ehr", "grace"),
        ("[48190] june_1957@ehr FATAL", "1957"),
        ("purge: deleted=104423", "104423"),
        ("api GET /search?s=104423", "104423"),
        ("invalid icd 10123", "10123"),
        ("seen by bartolone today", "bartolone"),
        # found in the fourth review: a record's id after a verb or a key ending in one, a
        # person's word in a count's key, a value after its system's link or OID, a domain that
        # is a name, a number typed into an RxNorm field, an age of 150
        ("ERROR ingest.worker Failed to process 447192", "447192"),
        ("checkpoint saved last_processed=104423", "104423"),
        ("caller_count=104423", "104423"),
        ("validator: http://hl7.org/fhir/sid/us-ssn/123456789 unknown", "123456789"),
        ('<id root="2.16.840.1.113883.4.1.123456789"/>', "123456789"),
        ("SOPInstanceUID=1.2.840.10008.5.1.4.1.1.2.20261130.4410923", "4410923"),
        ("To: mail@green.me", "green"),
        ("invalid rxnorm: 447192", "447192"),
        ("age=150", "150"),
        # a padded label opens its value as a narrow one does: a town alone, or before another
        # capitalised word, stays masked
        ("City:          Mobile", "Mobile"),
        ("city:        Sugar Land", "Sugar"),
        ("INFO:     Moved to Mobile", "Mobile"),
        # a word before a number the learned look guessed may be that number's own part (a
        # rule's find keeps its label: `SSN [SSN]`)
        ("coverage_check: Tove Lindqvist plan UHC 9112-0477-21 group 705214", "UHC"),
        # only a log level's padding opens a message: after a label's, a name goes on
        ("Caller:       Will said he would come back", "Will"),
        ("Town:         Mobile is where she lives", "Mobile"),
        ("Escort:       Faith with the patient", "Faith"),
        # found in review of round 20's shapes: a record's time opening a row is no log's
        # clock, a clock's fraction takes no next field, digits 0 to 3 one by one in groups or
        # after a number's name are a number
        ("11/29/2026 04:12:33,Baby Girl Roe,F,3210g", "04:12:33"),
        ("1931/04/12 00:00:00,ROE,JANE,F", "1931"),
        ("12/01/2026 10:22:01,123456789,admitted", "123456789"),
        ("2026-12-01 10:22:01,123456789,admitted", "123456789"),
        ("caller: my social is 2 1 3 - 0 2 - 3 1 1 0", "3 1 1 0"),
        ("agent: MRN 1 0 2 3 3 0 1 2 confirmed", "3 3 0 1"),
        # (on a line read for an OCR's digits too, after another line: found in rereading)
        ("a report's first line\nagent: MRN 1 0 2 3 3 0 1 2 ok, ref 5O12", "3 3 0 1"),
        # left by those reviews and done at the round's end: a clock before its date (and a
        # date after a short run of numbers, which a phone's shape had swallowed), initials
        # with a space between them, pendulum's repr
        ("visit at 21:14 11/03/2026 in ED", "21:14"),
        ("pt seen by J. W. today", "J. W."),
        ("DateTime(2026, 11, 3, 21, 14, 0, tzinfo=Timezone(UTC))", "21, 14"),
        # (round 22, from the same review: what those exceptions must still mask, and leaks it
        # found)
        ("redis> GET rate:login:52.14.200.3", "52.14.200.3"),
        ("redis> GET rate:login:192.0.2.1", "192.0.2.1"),
        ("lives at 22 Cedar View Hollow", "22"),
        ("Patient lives at Jl. Melati No. 88.", "88"),
        ("hotel is Jl. Monkey Forest no. 88, Ubud", "88"),
        ("address: Rua Augusta, n.º 157", "157"),
        ("adres: Mehmetçik Sk.No:14 D:3", "14"),
        ("address: Plot No. 14-B, Sector 5", "14-B"),
        ("appt 12/05/2026 at 3.", "at 3"),
        ("DateTimeOriginal:2019:03:14 10:22:01", "2019"),
        ("DATE OF BIRTH: 11 / 03 / 1934", "1934"),
        ("addr 2291 e sprague av #14, spokane vly wa", "sprague"),
    ],
)
def test_what_looks_like_those_lines_is_still_masked(line: str, value: str) -> None:
    assert value not in redact_phi(line, strict=True)


@pytest.mark.parametrize(
    "line", ["cpt 99214, \u0130CD-10 J44.9", "rxcu\u0130 860975", "HCPC\u017f J1234 cpt"]
)
def test_a_code_systems_name_in_other_letters_is_no_error(line: str) -> None:
    # a dotted capital I and a long s match `i` and `s` case-blind, and lower-case to no
    # system's name
    assert "[?]" in redact_phi(line, strict=True)


def test_each_line_of_a_report_opens_its_own_sentence() -> None:
    """A report is redacted whole: an indented line's first word opens a sentence there too."""
    text = (
        "Traceback (most recent call last):\n"
        '  File "/srv/app/intake/services.py", line 5, in register_patient\n'
        "    Patient lookup failed\n"
        "KeyError: 'slot'"
    )
    assert redact_phi(text, strict=True) == text


def test_what_the_detector_finds_keeps_its_kind() -> None:
    text = "claim rejected in Mobile: SSN 123-45-6789 for patient Avery Example"
    assert redact_phi(text, strict=True) == "claim rejected in [?]: SSN [SSN] for patient [NAME]"


def test_every_match_of_find_phi_is_masked() -> None:
    text = "Ana Lima, DOB 03/14/1950, MRN 00482213, ana.lima@example.org, (555) 010-4477"
    redacted = redact_phi(text, strict=True)
    assert [m.text for m in find_phi(text) if m.text in redacted] == []


def test_default_mode_is_unchanged_and_strict_is_keyword_only() -> None:
    text = "no chart for Will Hill, SSN 123-45-6789"
    assert redact_phi(text, strict=False) == redact_phi(text) == "no chart for Will Hill, SSN [SSN]"
    with pytest.raises(TypeError):
        redact_phi(text, True)  # type: ignore[misc]
    with pytest.raises(TypeError, match="takes a str"):
        redact_phi(b"bytes", strict=True)  # type: ignore[arg-type]


def test_the_word_list_loads_on_the_first_strict_call_only() -> None:
    code = (
        "import sys, asyncproof, asyncproof.phi as phi\n"
        "phi.redact_phi('SSN 123-45-6789')\n"
        "print('asyncproof._phi.strict' in sys.modules)\n"
        "phi.redact_phi('x', strict=True)\n"
        "print('asyncproof._phi.strict' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["False", "True"]


def test_the_word_list_is_shipped_with_its_licence() -> None:
    text = files("asyncproof._phi").joinpath("english_words.txt").read_text("utf-8")
    header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    assert "Copyright 2000-2011 by Kevin Atkinson" in header
    assert "Permission to use, copy, modify, distribute and sell" in header
    words = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
    assert len(words) > 50_000
    assert all(word.islower() and word.isalpha() for word in words)
    assert "boston" not in words  # a proper noun: the list spells it only capitalised


ADVERSARIAL = {
    "capitalised-run": "Ab " * 60_000 + "Lima",
    "initials": "A. " * 60_000 + "Lima",
    "number-groups": "12 " * 60_000 + "123-45-6789",
    "code-prefixes": "AB 1 " * 40_000 + "5550158",
    "dotted": "ab." * 60_000 + "lima",
    "escaped": "L\\xe9" * 40_000,
    "spelled-digits": "five " * 40_000,
    "months": "March 1, " * 25_000,
    "streets": "1 Ab Ab Ab St " * 15_000,
    "at-signs": "a@b." * 50_000,
    "quoted-fields": "'Ab', " * 35_000 + "'Lima'",
    "many-lines": "Ana Lima\n" * 20_000,
    "spelled-letters": "a " * 60_000 + "b",
    "number-words": "twenty " * 40_000,
    "spoken-e-mail": "a dot " * 30_000 + "at b dot c",
    "care-of": "c/o " * 40_000,
    "name-keys": "first=a " * 30_000,
    "spoken-names": "my name is ab " * 20_000,
    "holidays": "the day after Christmas " * 20_000,
    "half-numbers": "1 1/2 " * 40_000,
    "units-after-streets": "1 ab st unit a in ab " * 12_000,
    "clock-keys": "ts=2026-11-30T23:15:00Z " * 10_000,
    "place-keys": "city=a " * 30_000,
    # round 10's shapes and kept values
    "amounts": "0" * 100_000 + ".00 1,204.00 ",
    "masked-cards": "**** " * 40_000 + "4242",
    "business-numbers": "invoice batch " * 20_000 + "7",
    "lower-addresses": "1 ab ab, " * 30_000 + "ab OR",
    "epoch-keys": "ts=1764516780.1 " * 15_000,
    "glued-codes": "A-1&" * 50_000 + "B-2",
    "titles": "doctor ab " * 25_000,
    # round 13's kept values
    "role-mailboxes": "info@a." * 40_000 + "org",
    "accounts-at-hosts": "a_b@c " * 40_000,
    "measure-keys": "a_b.c-d=" * 30_000 + "48213",
    "toll-free": "1-800-555-" * 30_000 + "0199",
    "oids": "2.16.840." * 30_000 + "1",
    # many kept spans and many shapes on one line (found in review: quadratic once)
    "kept-and-shapes": "1-800-555-0199 12-34-5678 " * 20_000,
    "role-mailboxes-and-dates": "info@a.org 2026-11-30 " * 20_000,
    "coded-values": "cpt " * 60_000 + "9",
    "reference-links": "https://sqlalche.me/" * 20_000 + "e",
    # round 20's shapes (found in review: a line read by OCR copied the whole text, once a line)
    "ocr-digits-on-many-lines": "ref 5O12 ok\n" * 20_000,
    "ocr-digits": "5O12 " * 30_000,
    "digits-one-by-one": "4 " * 60_000 + "x",
    "dates-and-clocks": "11/03/2026 21:14 " * 15_000,
    "dotted-initials": "J.W. " * 40_000,
    # round 21's shapes
    "house-signs": "No.No. 1 " * 25_000,
    "spaced-dates": "12 / 12 / " * 20_000 + "1950",
    "clock-ranges": "Dec 5 2026 8:00-10:00 at 3 " * 8_000,
    "exif-stamps": "2026:11:29 " * 20_000,
    "place-ends": "Lindqvist city " * 15_000,
    "public-ips": "192.0.2.1:" * 20_000 + "5",
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_input_redacts_in_linear_time(name: str) -> None:
    """As `test_phi.py`'s test of the same name: 10x the input may take at most 40x time."""
    text = ADVERSARIAL[name]

    def sample(size: int) -> str:
        return text[: size - 200] + text[-200:]

    assert_linear_time(
        functools.partial(redact_phi, strict=True),
        sample(len(text) // 50),
        sample(len(text) // 5),
        ceiling=4.0,
    )


# Floors: the share of PHI lines leaking is the mode's target, 2 % on every set (blind_v18's
# ceiling of 3 % gone since round 10, which took its 2.6 % to 0 %); the ceilings on what it
# masks of lines without PHI are the figures measured after round 10, plus a point, so that a
# change that hides more of the harmless text shows.
LEAK_TARGET = 0.02
# blind_v21, written blind in round 11 and never read, leaked in 15 of its 432 PHI lines (3.5 %).
# Released to round 12, its leaks were read: ten were one cause (a maker's initials glued by `&`
# to a serial, `A&D-UA651-5K0038812`, kept `A`), fixed by a generic rule (now 1.2 %).
# blind_v32, written blind in round 15 and never read, leaks in 11 of its 446 PHI lines (2.5 %,
# as on the code the round started from): it misses the target, and its figure is kept as it is
# measured, not tuned to it.
# blind_v44, written blind in round 18 as text to train on, leaked in 11 of its 401 PHI lines
# (2.7 %) on the code the round started from; after that round's generic change (a date's time
# with its AM or PM), in 10 (2.5 %): lower-case names in a query, a name with its suffix in an
# HL7 group, datetime reprs. Kept as measured.
# Round 20 masked a date's clock (its minutes were left), initials with dots, numbers said
# digit by digit and phones read by OCR: blind_v32 now leaks in 3 lines (0.7 %), blind_v44 in 7
# (1.7 %); both are back under the target, which holds for every set again.
# blind_v63 (a tribal health centre), written blind in round 19 and never read, leaked in 14 of
# its 393 PHI lines (3.6 %) on the code that round started from and on its last. Round 20
# counted its leaks' causes only: five were a number in brackets after the log's clock, kept as
# a process's id (every other set has one there, unmarked in about a thousand lines). After the
# round's second review narrowed the shapes of the log's clock, they are masked: 9 lines
# (2.3 %), still over the target, kept as measured.
LEAK_CEILING = {"blind_v63": 0.023}
MASKED_CEILING = {
    "corpus": 0.14,
    "independent": 0.18,
    "independent_2": 0.19,
    "blind_holdout": 0.16,
    "blind_v3": 0.17,
    "blind_v4": 0.19,
    "blind_v5": 0.23,
    "blind_v6": 0.20,
    "blind_v7": 0.26,
    "blind_v8": 0.19,
    "blind_v9": 0.21,
    "blind_v10": 0.25,
    "blind_v11": 0.23,
    "blind_v12": 0.26,
    "blind_v13": 0.30,
    "blind_v14": 0.23,
    "blind_v15": 0.26,
    "blind_v16": 0.24,
    "blind_v17": 0.20,
    "blind_v18": 0.25,
    "blind_v19": 0.22,
    "blind_v20": 0.24,
    "blind_v21": 0.21,
    "blind_v22": 0.245,
    # written blind in round 12 (v25 and v26 released in round 18), measured then, plus a point
    "blind_v23": 0.25,
    "blind_v24": 0.26,
    "blind_v25": 0.285,
    "blind_v26": 0.275,
    # written blind in round 13, released in round 18
    "blind_v27": 0.225,
    "blind_v28": 0.21,
    # written blind in round 14, released in round 18
    "blind_v29": 0.21,
    "blind_v30": 0.21,
    # written blind in round 15, released in round 18
    "blind_v31": 0.23,
    "blind_v32": 0.215,
    # written blind in round 16, never read
    "blind_v33": 0.19,
    "blind_v34": 0.23,
    # written blind in round 17, never read
    "blind_v35": 0.22,
    "blind_v36": 0.215,
    # written blind in round 18, never read
    "blind_v37": 0.205,
    "blind_v38": 0.23,
    # written blind in round 18 as text to train on, released at once
    "blind_v39": 0.235,
    "blind_v40": 0.21,
    "blind_v41": 0.215,
    "blind_v42": 0.22,
    "blind_v43": 0.25,
    "blind_v44": 0.245,
    "blind_v45": 0.205,
    "blind_v46": 0.195,
    "blind_v47": 0.215,
    "blind_v48": 0.205,
    "blind_v49": 0.225,
    "blind_v50": 0.2,
    "blind_v51": 0.215,
    "blind_v52": 0.22,
    # written blind in round 18, never read
    "blind_v53": 0.195,
    "blind_v54": 0.205,
    "blind_v55": 0.2,
    "blind_v56": 0.2,
    "blind_v57": 0.215,
    "blind_v58": 0.215,
    "blind_v59": 0.215,
    "blind_v60": 0.23,
    # written blind in round 19, never read
    "blind_v61": 0.22,
    "blind_v62": 0.22,
    "blind_v63": 0.225,
    "blind_v64": 0.205,
    "blind_v65": 0.23,
    "blind_v66": 0.21,
    "holdout": 0.09,
}


def test_crlf_lines_are_redacted_as_lf_lines() -> None:
    """A file written on Windows: every line is masked as it is with `\n` endings (a value at
    the end of a line, before its `\r`, is at the end of a line all the same). What is masked
    is compared, not the kind shown: a few of the detector's kinds still differ (an HL7
    segment's own `\r`), and strict mode masks what they cover either way."""
    examples = [example for _, files, _ in SETS for example in load_corpus(files)][::10]
    text = "\n".join(example.text for example in examples)
    crlf = redact_phi(text.replace("\n", "\r\n"), strict=True).replace("\r\n", "\n")
    masked = re.compile(r"(?:\[[A-Z_?]+\])+")
    assert masked.sub("[*]", crlf) == masked.sub("[*]", redact_phi(text, strict=True))


@pytest.mark.parametrize(
    "line",
    [
        # a labelled address that runs to the end of its line; NCPDP fields, the last one too
        "profile updated: new address 4 Birchwood Terrace, Flat 2, Leeds, UK",
        "ncpdp.req AM03 EZ=01 DB=1598765432 DR=OKONJO ",
        "AM04 C2=WC-26-0188431 C1=LSMC-WC CC=Harrowgate Freight",
    ],
)
def test_a_value_at_a_crlf_line_end_is_found_as_at_an_lf_one(line: str) -> None:
    lf, crlf = f"{line}\nnext line", f"{line}\r\nnext line"
    assert [(m.start, m.text, m.kind) for m in find_phi(crlf)] == [
        (m.start, m.text, m.kind) for m in find_phi(lf)
    ]
    assert redact_phi(crlf, strict=True) == redact_phi(lf, strict=True).replace("\n", "\r\n")


def test_the_figures_redact_as_redact_phi_does() -> None:
    """The figures write the redacted text from the spans they scanned; `redact_phi` must write
    the same. `redact_strict` writes it from the same spans, so a sample shows whether it still
    does: every twentieth line of every set."""
    examples = [example for _, files, _ in SETS for example in load_corpus(files)][::20]
    differ = [
        example.where
        for example in examples
        if redact_phi(example.text, strict=True) != phi_strict_metrics.strict_redactor(example.text)
    ]
    assert differ == []


@pytest.mark.parametrize("name", [name for name, _, _ in SETS])
def test_strict_figures_per_set(name: str) -> None:
    figures = phi_strict_metrics.all_figures()[name]
    assert figures.leak_share <= LEAK_CEILING.get(name, LEAK_TARGET), "\n".join(figures.leaking)
    assert figures.leaking_default >= len(figures.leaking)  # strict never leaks more
    assert figures.masked_share <= MASKED_CEILING[name], f"{figures.masked_share:.1%}"


def test_the_stored_table_shows_every_set() -> None:
    table = phi_strict_metrics.render_table()
    for name, _, _ in SETS:
        assert f"| {name} |" in table or f"| **{name}** (never tuned) |" in table


def test_a_value_masked_once_is_masked_everywhere_in_strict_reports() -> None:
    # `Mobile` is masked where it stands in a sentence; at the start of a line it would be an
    # ordinary word, but a report writes one value in many places: it goes everywhere.
    texts = ["moved to Mobile", "Mobile"]
    assert redact_texts(texts, scan=strict_scan) == ["moved to [?]", "[?]"]


# Reports: every channel of the default mode, strict.
# Values the detector misses, one channel each: only strict mode keeps them out.
WORDS = """
        RECORD = {"name": "Will Hill", "town": "Mobile"}
"""
WILL, HILL, TOWN = "Will", "Hill", "Mobile"
MISSED_CHANNELS = {
    "assertion diff": Channel(
        """
        def test_town():
            assert RECORD["town"] == "Reading"  # fails here
        """,
        planted=(TOWN,),
        error="AssertionError",
    ),
    "showlocals": Channel(
        """
        def test_reminder():
            who = f"for {RECORD['name']}"
            status = "not sent" if who else "sent"
            assert status == "sent"  # fails here
        """,
        planted=(f"{WILL} {HILL}",),
        error="AssertionError",
        args=("--tb=short", "--showlocals"),
    ),
    "captured output and log": Channel(
        """
        import logging

        def test_reminder():
            print(f"texting {RECORD['name']}")
            name, town = RECORD["name"], RECORD["town"]
            logging.getLogger("sms").warning("no phone for %s in %s", name, town)
            raise LookupError("no phone for pt-0001")  # fails here
        """,
        planted=(f"{WILL} {HILL}", TOWN),
        error="LookupError",
    ),
    "short summary on CI": Channel(
        """
        def test_reminder():
            name, town = RECORD["name"], RECORD["town"]
            raise LookupError(f"no phone on file for {name} of {town}")  # fails here
        """,
        planted=(f"{WILL} {HILL}", TOWN),
        error="LookupError",
        args=("--tb=no", "-rA"),
        ci=True,
    ),
}


def _words_channel(channel: Channel) -> Channel:
    return Channel(
        WORDS + channel.source,
        channel.planted,
        channel.error,
        channel.args,
        channel.outcomes,
        channel.ci,
    )


@pytest.mark.parametrize("name", MISSED_CHANNELS)
@pytest.mark.parametrize("mode", ["strict", "default"])
def test_strict_reports_hide_what_the_detector_misses(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, name: str, mode: str
) -> None:
    channel = _words_channel(MISSED_CHANNELS[name])
    result = _run(pytester, monkeypatch, channel, STRICT if mode == "strict" else FLAG)
    output = _output(result)
    result.assert_outcomes(**channel.outcomes)
    if mode == "default":  # the detector misses them: without strict they are there
        assert _leaked(output, channel.planted) == list(channel.planted)
        return
    assert _leaked(output, channel.planted) == [], output
    assert channel.nodeid() in output, output
    assert channel.error in output, output
    assert "[?]" in output


JUNIT = (
    textwrap.dedent(WORDS)
    + """
import logging


def test_admit(record_property):
    record_property("town", RECORD["town"])
    print(f"admitting {RECORD['name']}")
    logging.getLogger("clinic").warning("bed for %s", RECORD["name"])
    raise LookupError(f"no bed in {RECORD['town']} for SSN 123-45-6789")  # fails here
"""
)


def test_junit_xml_file_is_redacted_strictly(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    channel = Channel(JUNIT, planted=(f"{WILL} {HILL}", TOWN, "123-45-6789"), error="LookupError")
    args = ("--junitxml=report.xml", "-o", "junit_logging=all", "-o", "junit_family=xunit1")
    result = _run(pytester, monkeypatch, channel, *args, STRICT)
    result.assert_outcomes(failed=1)
    xml = (pytester.path / "report.xml").read_text(encoding="utf-8")
    assert _leaked(xml, channel.planted) == [], xml
    case = ElementTree.fromstring(xml).find(".//testcase")
    assert case is not None
    assert (case.get("classname"), case.get("name")) == (MODULE, "test_admit")
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "LookupError: no bed in [?] for SSN [SSN]"
    assert f"{MODULE}.py:" in (failure.text or "")
    assert {p.get("name"): p.get("value") for p in case.iter("property")} == {"town": "[?]"}


def _plugin(config: pytest.Config) -> ReportRedactor | None:
    return config.pluginmanager.get_plugin(PLUGIN_NAME)


@pytest.mark.parametrize(
    ("ini", "args", "strict"),
    [
        ("asyncproof_redact_reports = strict\n", (), True),
        ("asyncproof_redact_reports = Strict\n", (), True),
        ("asyncproof_redact_reports = true\n", (), False),
        ("", (STRICT,), True),
        ("", (FLAG,), False),
        ("", ("--asyncproof-redact-reports=true",), False),
        ("asyncproof_redact_reports = strict\n", (FLAG,), False),  # the command line wins
        ("asyncproof_redact_reports = true\n", (STRICT,), True),
    ],
)
def test_choosing_the_mode(
    pytester: pytest.Pytester, ini: str, args: tuple[str, ...], strict: bool
) -> None:
    pytester.makeini(INI + ini)
    plugin = _plugin(pytester.parseconfigure(*args))
    assert plugin is not None
    assert plugin._scan._strict is strict


@pytest.mark.parametrize("value", ["false", "0", "no", "off", ""])
def test_off_values_register_nothing(pytester: pytest.Pytester, value: str) -> None:
    pytester.makeini(INI + f"asyncproof_redact_reports = {value}\n")
    assert _plugin(pytester.parseconfigure()) is None


def test_a_bad_ini_value_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI + "asyncproof_redact_reports = strictly\n")
    pytester.makepyfile(test_x="def test_x():\n    pass\n")
    result = run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*asyncproof_redact_reports = 'strictly': expected true, false or strict*"]
    )


def test_a_bad_command_line_value_is_refused(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(test_x="def test_x():\n    pass\n")
    result = run(pytester, "--asyncproof-redact-reports=strictly")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--asyncproof-redact-reports*strictly*"])


def test_the_bare_flag_before_a_path_still_runs_that_path(pytester: pytest.Pytester) -> None:
    # An optional value would have swallowed the path: the strict mode has an option of its own.
    pytester.makeini(INI)
    pytester.makepyfile(test_x="def test_x():\n    pass\n", test_y="def test_y():\n    pass\n")
    result = run(pytester, FLAG, "test_x.py")
    result.assert_outcomes(passed=1)


# A health backend's failing tests, as a developer meets them in CI under strict mode: every
# planted value must be gone, and what says which test, which line, which error and which
# field must still be there. Standard library only: sqlite3 writes the same IntegrityError text
# SQLAlchemy wraps, and the 422 body is FastAPI's shape.
BACKEND = """
import asyncio
import json
import logging
import sqlite3

import pytest

PATIENT = {"patient_id": "pt-0042", "name": "Grace Hill", "dob": "1931-07-04",
           "town": "Mobile", "phone": "(251) 555-0148", "mrn": "00417733"}


class Registry:
    def __init__(self, db):
        self.db = db

    def add(self, mrn, name):
        self.db.execute("INSERT INTO patients (mrn, name) VALUES (?, ?)", (mrn, name))


def test_record_matches():
    stored = dict(PATIENT, town="Daphne")
    assert stored == PATIENT


def test_http_422_body():
    body = {"detail": [{"type": "value_error", "loc": ["body", "phone"],
                        "msg": "Value error, phone must be digits", "input": PATIENT["phone"]}]}
    status_code = 422
    assert status_code == 201, json.dumps(body)


def test_integrity_error():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE patients (mrn TEXT UNIQUE, name TEXT)")
    Registry(db).add(PATIENT["mrn"], PATIENT["name"])
    registry = Registry(db)
    registry.add(PATIENT["mrn"], "Will Hill")


def test_log_record():
    log = logging.getLogger("intake.api")
    log.warning("no chart for %s in %s", PATIENT["name"], PATIENT["town"])
    rowcount = 0
    assert rowcount == 1, "chart lookup failed"


@pytest.mark.asyncio
@pytest.mark.async_timeout(0.05)
async def test_deadline():
    await asyncio.sleep(30)


@pytest.mark.asyncio
async def test_leaked_task():
    async def remind(name):
        await asyncio.sleep(30)

    asyncio.get_running_loop().create_task(remind(PATIENT["name"]), name="remind-pt-0042")
"""
BACKEND_PHI = ("Grace", "Hill", "1931", "Mobile", "555-0148", "00417733", "Daphne")
# What a developer reads a failure by: the test, the line, the error and the field.
BACKEND_KEPT = (
    "test_record_matches",
    # (`Daphne`, a town and a given name, is the learned model's find: a name to it)
    "{'town': '[NAME]'} != {'town': '[?]'}",
    '"loc": ["body", "phone"], "msg": "Value error, phone must be digits"',
    "assert 422 == 201",
    'registry.add(PATIENT["mrn"], "[?] [?]")',
    "sqlite3.IntegrityError: UNIQUE constraint failed: patients.mrn",
    "no chart for [NAME] in [?]",
    "assert rowcount == 1",
    "exceeded its deadline of 0.05s",
    'test_backend.py", line 50, in test_deadline\n    await asyncio.sleep(30)',
    "left 1 task(s) pending",
    "'remind-pt-0042' running test_leaked_task.<locals>.remind()",
)


def test_a_backends_failures_stay_readable_in_strict_reports(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(test_backend=BACKEND)
    monkeypatch.setenv("COLUMNS", "120")
    result = run(pytester, "--tb=short", "-W", "ignore::DeprecationWarning", STRICT)
    output = _output(result)
    result.assert_outcomes(failed=5, passed=1, errors=1)
    assert _leaked(output, BACKEND_PHI) == [], output
    assert [kept for kept in BACKEND_KEPT if kept not in output] == [], output


def test_a_run_of_thousands_of_digits_is_masked_not_an_error() -> None:
    # Python will not turn more than 4,300 digits into an int: the check for an old age must
    # not ask it to (found by review: redact_phi raised ValueError).
    assert redact_phi("blob " + "7" * 5000, strict=True) == "blob [?]"
