"""Unit tests of asyncproof.phi: what is found, what is not, and the guarantees around it."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

import asyncproof
from asyncproof._phi import engine, scan
from asyncproof._phi.declare import Kind
from asyncproof._phi.kinds import KINDS
from asyncproof._phi.kinds.name import plausible_name_length
from asyncproof.phi import PHI_KINDS, PhiMatch, contains_phi, find_phi, redact_phi
from tests._support import phi_metrics
from tests._support.linear_time import assert_linear_time

CORPUS = Path(__file__).with_name("corpus")


@pytest.mark.parametrize(
    ("text", "name", "age"),
    [
        # (round 23: a relation's name between it and the age; the age with its unit right
        # after a name)
        ("note: mother Leialoha is 101, asking about home care", "Leialoha", "101"),
        ("lives w/ husband Hans, 93.", "Hans", "93"),
        ("deaths today: Giuseppe Esposito 93y expired 04:12", "Giuseppe Esposito", "93"),
        ("<Patient: BRANDVOLD, Hilda \u2014 100 y>", "BRANDVOLD, Hilda", "100"),
    ],
)
def test_an_age_said_with_a_name_is_found_with_it(text: str, name: str, age: str) -> None:
    assert [(m.kind, m.text) for m in find_phi(text)] == [("NAME", name), ("AGE", age)]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("no record for patient Jane Doe", "NAME", "Jane Doe"),
        ("Name: Avery Example", "NAME", "Avery Example"),
        ("Dear Ms. Ortega,", "NAME", "Ortega"),
        ("seen by Dr. Helena Marsh", "NAME", "Helena Marsh"),
        ("name='Blake Sample'", "NAME", "Blake Sample"),
        ("ship to 42 Elm Street, Apt 4B", "ADDRESS", "42 Elm Street, Apt 4B"),
        ("mailing zip 62704", "ZIP", "62704"),
        ("DOB: 03/14/1950", "DATE", "03/14/1950"),
        ("born on March 14, 1950", "DATE", "March 14, 1950"),
        ("admission_date=2024-02-29", "DATE", "2024-02-29"),
        ("date of death 12 March 2023", "DATE", "12 March 2023"),
        ("date_of_birth=datetime.date(1980, 1, 1)", "DATE", "datetime.date(1980, 1, 1)"),
        ("a 92-year-old patient", "AGE", "92"),
        ("age: 101", "AGE", "101"),
        ("call (312) 555-0142", "PHONE", "(312) 555-0142"),
        ("phone=+13125550177", "PHONE", "+13125550177"),
        ("fax: 617-555-0190", "FAX", "617-555-0190"),
        ("mail jane.doe@example.com", "EMAIL", "jane.doe@example.com"),
        ("SSN 123-45-6789", "SSN", "123-45-6789"),
        ("ssn=123456789", "SSN", "123456789"),
        ("caller: my social is 078 05 1120", "SSN", "078 05 1120"),
        ("SSN on file: 145 32 9908", "SSN", "145 32 9908"),
        ("MRN: 00482213", "MRN", "00482213"),
        ("member id XGH448190023", "HEALTH_PLAN", "XGH448190023"),
        ("Medicare 1EG4-TE5-MK73", "HEALTH_PLAN", "1EG4-TE5-MK73"),
        ("acct #55019-2231", "ACCOUNT", "55019-2231"),
        ("card 4111 1111 1111 1111", "ACCOUNT", "4111 1111 1111 1111"),
        ("driver's license D1234567", "LICENSE", "D1234567"),
        # (nine digits in threes, as New York prints it; after a bare `DL`, with its state)
        ("Driver's License Number: 412 998 307", "LICENSE", "412 998 307"),
        ("visitor badge: DL NY 123 456 789 at desk", "LICENSE", "NY 123 456 789"),
        ("VIN 1HGCM82633A004352", "VEHICLE", "1HGCM82633A004352"),
        ("license plate 7ABC123", "VEHICLE", "7ABC123"),
        # (the state that issued a plate goes with it)
        ("curbside.checkin plate=OH JKT4471 spot=3", "VEHICLE", "OH JKT4471"),
        ("visitor: my grandmother is 94 and got a letter", "AGE", "94"),
        ('"Grandma\'s 102, can you believe it"', "AGE", "102"),
        # (said in a transcript with no stops: a new clause may start right after it)
        ("caller: my mom she fell shes ninety four she cant get up", "AGE", "ninety four"),
        ("son says dad is 91 not 19, fix the chart", "AGE", "91"),
        ("I am 91 and on a fixed income", "AGE", "91"),
        ("registry QA: age at diagnosis 101 verified", "AGE", "101"),
        # (round 23: a person's key, the age's own words, a unit in French or Spanish, `who`
        # between a relation and its age)
        ("event=application.received veteran_age=91 caregiver_age=88", "AGE", "91"),
        ("  age_years     93", "AGE", "93"),
        ("epcr.mapping age computed 94 for the record", "AGE", "94"),
        ("MAR printed for resident (96 ans) unit Memory", "AGE", "96"),
        ("I'm the caregiver for my mom who is 92. Thanks", "AGE", "92"),
        ("pacemaker serial PMK-77120-AX", "DEVICE", "PMK-77120-AX"),
        # (the token printed, with what is glued before its value: a label, a maker's `A&`)
        ("[fota] device A&D-UA651-5K0038812 download ok", "DEVICE", "A&D-UA651-5K0038812"),
        ("OBX|9|ST|69688-0^Implant serial^LN||SN-ICD-77120-BX||||||F", "DEVICE", "SN-ICD-77120-BX"),
        (
            "puff logged udi=(01)00850012345672(21)HL-88213 n=2",
            "DEVICE",
            "(01)00850012345672(21)HL-88213",
        ),
        ("website https://janedoe.example.net", "URL", "https://janedoe.example.net"),
        ("client_ip=198.51.100.23", "IP", "198.51.100.23"),
        ("passport number X12345678", "ID", "X12345678"),
    ],
)
def test_finds_each_kind(text: str, kind: str, value: str) -> None:
    matches = find_phi(text)
    assert [(m.kind, m.text) for m in matches] == [(kind, value)]
    assert text[matches[0].start : matches[0].end] == value


def test_every_declared_kind_is_a_kind_of_its_own() -> None:
    names = [kind.name for kind in KINDS]
    assert tuple(names) == PHI_KINDS
    assert len(set(names)) == len(names)
    assert all(name.isupper() and name.isidentifier() for name in names)
    positions = [kind.position for kind in KINDS]
    assert positions == sorted(set(positions))  # no two kinds at one place in the list


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_each_kind_declares_something_to_find(kind: Kind) -> None:
    assert kind.labelled or kind.digit_led or kind.shapes


def test_family_and_group_names_are_unique_across_kinds() -> None:
    families = [family.family for kind in KINDS for family in kind.labelled]
    groups = [record.group for kind in KINDS for record in kind.digit_led]
    assert len(set(families)) == len(families)
    assert len(set(groups)) == len(groups)
    for kind in KINDS:
        for record in kind.digit_led:
            assert f"(?P<{record.group}>" in record.pattern


def test_the_digit_led_look_ahead_turns_away_no_value() -> None:
    """The look-ahead in front of the digit-led alternatives is a shortcut: on every corpus
    line, the pattern without it must find exactly what the pattern with it finds."""
    fast = re.compile(engine.digit_led_pattern())
    full = re.compile(engine.digit_led_pattern(look_ahead=False))
    corpus = sorted(CORPUS.glob("*.txt"))
    assert corpus, f"no corpus files in {CORPUS}"
    for path in corpus:
        for line in path.read_text(encoding="utf-8").splitlines():
            text = "\n" + re.sub(r"\{\{[A-Z_]+:(.*?)\}\}", r"\1", line)
            spans = [(m.lastgroup, m.span()) for m in fast.finditer(text)]
            assert spans == [(m.lastgroup, m.span()) for m in full.finditer(text)], line


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("Jane Doe", 8),
        ("HERNANDEZ, CARLOS A", 19),  # a single capital is an initial
        ("Jane Doe  Admission Date", 8),  # trailing words of log text are cut off
        ("Patient Record Not Found", None),
        ("Admission Jane", None),
    ],
)
def test_how_much_of_a_value_is_a_name(value: str, kept: int | None) -> None:
    assert plausible_name_length(value) == kept


@pytest.mark.parametrize(
    "text",
    [
        "DETAIL:  Key (patient_name)=(Jane Doe Admission) already exists.",
        "got 'Jane Doe Admission' in field patient_name",
        "patient_name: Jane Doe Admission",
    ],
)
def test_a_name_is_cut_before_log_words_wherever_its_label_is(text: str) -> None:
    assert [match.text for match in find_phi(text)] == ["Jane Doe"]


@pytest.mark.parametrize(
    "text",
    [
        "request 7f9c2a1e-3b4d-4c8e-9f10-2a3b4c5d6e7f failed",
        "2024-03-01T10:15:02.118Z ERROR lab fetch did not finish within 0.5s",
        "HTTP/1.1 503 Service Unavailable after 1500 ms",
        "clinic-sdk 3.1.4 requires Python >=3.10",
        "connect to 10.0.4.17:5432 failed: port 5432 refused",
        'File "/app/clinic/records.py", line 51, in latest_lab_result',
        "could not serialize access (SQLSTATE 40001)",
        "RecordNotFound: no patient record with id pt-0001",
        "Patient Record Not Found",
        "Cache-Control: max-age=120",
        "trace_id=4bf92f3577b34da6a3ce929d0e0e4736",
        "PatientRecordsService.get_record raised LookupError",
        # a measure said after a relation is no age
        "caregiver note: wife is 95 kg, he's ninety four miles away, dad's 92% sure",
        # a count or a time after a relation or a pronoun is no age (found in review)
        "he's 95 minutes late; MOM 98 messages pending; you're 98 commits behind origin/main",
        "he is 95 minutes late; I am 100 percent sure; you are 99 points ahead",
        "retention max_age_years=99; session_age_value=95; cache-age-value: 95",
        # readings after a unit that reads as a licence's label
        "BG readings mg/dL: 112 145 180",
        # an organisation's name whose last word names it so
        "employer Delgado Roofing Inc on file",
        "transfer request from North Fork Birth Center NICU level II",
    ],
)
def test_ordinary_error_text_is_not_phi(text: str) -> None:
    assert find_phi(text) == []
    assert not contains_phi(text)
    assert redact_phi(text) == text


# Values found without a label, or by a label or check added for blind_v3, by kind.
FOUND_BY_KIND: dict[str, list[tuple[str, list[str]]]] = {
    # Names with no label, told by the name list.
    "NAME": [
        ("KeyError('Okonkwo, Adaeze')", ["Okonkwo, Adaeze"]),
        ("cannot book Yannick Bouchard on Tuesday", ["Yannick Bouchard"]),
        ("ValueError(('Halvorsen', 'Ingrid', 1948))", ["Halvorsen", "Ingrid"]),
        ("pt-1442,Ferrán,Santiago,F", ["Ferrán", "Santiago"]),
        ("Kowalczyk;Dorota;14.02.1947", ["Kowalczyk", "Dorota"]),
        ("/fhir/r4/Patient?birthdate=1933-10-02&family=Bergström", ["Bergström"]),
        (
            "<name><given>Imogen</given><family>Ravensworth</family></name>",
            ["Imogen", "Ravensworth"],
        ),
        # Both words English words, a place, a word of log text: not a name.
        ("Grace Period expired for the plan", []),
        ("geocode hit at Lincoln Park", []),
        ("Max Retries exceeded", []),
        ("GET /patients?sort=last=asc&last=None", []),
        ("Service Unavailable", []),
    ],
    # The city and state after a street; a city after its own key.
    "ADDRESS": [
        (
            "could not geocode '1187 Larkspur Lane, Bend, OR 97702'",
            ["1187 Larkspur Lane, Bend, OR"],
        ),
        ("{'zip': '30318', 'city': 'Atlanta'}", ["Atlanta"]),
        ("ip=81.2.69.142 city=London", ["London"]),
        ("{'zip': None, 'city': None}", []),
        ("the city is London", []),
    ],
    # With no label, in a line holding other PHI.
    "DATE": [
        # A date in a line holding other PHI is the person's ...
        ("KeyError: ('Nguyen Thi Lan', '1990-06-01')", ["1990-06-01"]),
        ("cannot book Yannick Bouchard on 2024-07-02", ["2024-07-02"]),
        # ... not the time the line was written, nor a clinician's schedule.
        ("2024-06-11 10:31:02 ERROR witness: Nurse Patricia Oyelowo", []),
        ("[ERROR] 2024-06-11T10:12:09.331Z patient Jane Doe", []),
        ("Dr. Chen has no slots on 2024-04-03 for patient Rita Moreno", []),
        # With no other PHI, a date is no one's.
        ("cache rebuilt on 2024-07-02", []),
    ],
    # NPI and DEA numbers after their label, by their shape (test data seldom has the check
    # digit right); with no label, by their check digits; a licence after its label.
    "LICENSE": [
        ("NPI 1245879303 not found", ["1245879303"]),
        ("NPI 1245879304 not found", ["1245879304"]),  # check digit wrong, label enough
        ("NPI 3245879303 not found", []),  # an NPI starts with 1 or 2
        ("prescriber DEA BK4821939", ["BK4821939"]),
        ("TEST_DEA=MR3388104 ok", ["MR3388104"]),
        ("order BK4821938 shipped", []),  # not a DEA number: check digit wrong
        ("licence D4471920 expired", ["D4471920"]),
    ],
}


# Found in issue 15's third round: each case a class of values, with its negative.
FOUND_BY_KIND_ROUND_3: dict[str, list[tuple[str, list[str]]]] = {
    "AGE": [
        ("patient Hiroshi Yamamoto aged ninety-six flagged", ["ninety-six"]),
        ('{"event": "age.capped", "raw_age": 103}', ["103"]),
        ("ZOFIA KOWALCZYK (101 yrs) in 2 facilities", ["101"]),
        ("a ninety day supply was dispensed", []),
        # an age in a column of a table printed with spaces, on a row that holds PHI
        ("57    Aurelio Bianchetti   93  40126", ["93"]),
        ("57    build-runner   93  40126", []),
        # with its unit in such a column; in words before `y/o`
        ("646    McAllister, Ottilie  95y  alprazolam 0.5 mg", ["95y"]),
        ('scrub: "ninety-one y/o male, former machinist"', ["ninety-one y/o"]),
        # not a policy's years, nor a measurement or a room in a row of PHI
        ("keep 99 years of logs", []),
        ("retention   99 years   cold storage", []),
        ("Ana Lima   HR  104   SpO2  96", []),
        ("Lindqvist, Astrid   room  101   bed  2", []),
        ("Lindqvist, Astrid   wt  112  kg", []),
    ],
    "DEVICE": [
        # A SIM card's, a DICOM device's serial, a MAC address after `mac`
        ("cellular gateway ICCID 8901260123456789012 signal=-97dBm", ["8901260123456789012"]),
        ("(0018,1000) DeviceSerialNumber = US-LOGIQ-E10-558812", ["US-LOGIQ-E10-558812"]),
        ("BleScanner: found device name=Nonin3230 mac=00:1C:05:B4:2E:90", ["00:1C:05:B4:2E:90"]),
        # not a machine's sensor, a radio's transmitter, a message's MAC, an operating system
        ("hwmon sensor_id=CPU-TEMP-01 reading=61C", []),
        ("LoRa transmitter SX1276 initialised", []),
        ("TLS alert: bad record mac 9f86d081884c7d65", []),
        ("user agent Mac OS X 10.15", []),
    ],
    "DATE": [
        ('"deceasedDateTime": "2026-08-19T03:12:00-04:00",', ["2026-08-19T03:12:00-04:00"]),
        ("dicom tag (0008,0020) StudyDate=20261130", ["20261130"]),
        ("DTM*472*20261124~", ["20261124"]),
        # A patient named by an opaque key: the line's other dates are that patient's ...
        ("pt-0001,enc-0042,2026-11-21,2026-11-29,281,8", ["2026-11-21", "2026-11-29"]),
        # ... but not the bounds of a query, nor when a licence expires.
        ("patient Ana Lima: GET /claims?from=2026-11-01&to=2026-11-30", []),
        ("licence of Dr. Amara Osei expires 2027-01-31", []),
        # A message to or from a person: its dates are theirs (not a line's own timestamp,
        # nor a run's date with no one addressed).
        ('sms body="Reminder: your inhaler refill is due November 24."', ["November 24"]),
        ("Subject: Re: question about my biopsy on Oct 3", ["Oct 3"]),
        ("2026-11-30T08:00:01Z INFO your export finished", []),
        ("nightly export finished on December 3", []),
        # `my` in a program's name, a path, a file; `your` before what a program owns
        ("web01 systemd[1]: Started my-app.service on Dec 3", []),
        ("GET /my/orders?since=2026-11-01 HTTP/1.1", []),
        ("my.cnf updated 2026-11-30", []),
        ("Your build #4512 finished on 11/30/2026", []),
        ('User clicked "My Account" at 12/01/2026', []),
    ],
    "LICENSE": [
        ("NM1*85*1*OSEI*AMARA*K***XX*1487652093~", ["1487652093"]),
        # an organisation's (NM102 = 2) is no person's; the person's after it, with segments
        # ended by `'`, is
        ("NM1*85*2*LAKEVIEW GENERAL HOSPITAL*****XX*1487652093~", []),
        (
            "NM1*85*2*LAKEVIEW*****XX*1487652093'NM1*82*1*OSEI*AMARA*K***XX*1952834170'",
            ["1952834170"],
        ),
        ("ORC|RE|ORD-88120||||||||||1952834170^BRANDT^HELGA^^^^^^^NPI", ["1952834170"]),
        (
            '{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1487652093"}',
            ["1487652093"],
        ),
        ("[type=value_error, input_value='FM3391027', input_type=str] DEA check", []),
        (
            "  Value error, NPI checksum failed [type=value_error, input_value='1952834170', "
            "input_type=str]",
            ["1952834170"],
        ),
    ],
    "EMAIL": [
        (
            "value is not a valid email address [type=value_error, input_value='k.lindqvist@', "
            "input_type=str]",
            ["k.lindqvist@"],
        ),
        # Mailboxes of a role or a bot, message ids and file names are no person's address.
        ("report emailed to revenue-cycle@lakeview.example.org", []),
        ('From: "CI Bot" <ci-bot@example.org>', []),
        ("Return-Path: <bounces+7712@notify.example.org>", []),
        ("Message-ID: <CAF3x9q=Yk2aB7@mail.example.com>", []),
        ("-rw-r--r-- 1 intake intake 2210 Nov 30 03:15 logo@2x.png", []),
        # A desk's or a team's mailbox with no one's name in it, a program's account.
        ("From: Pathology Results <path-results@larkspur.example.org>", []),
        ("Sent an alert email to ['dw-team@hospital.example.org']", []),
        ("etl@proj.iam.gserviceaccount.com does not have storage.objects.create access", []),
        ("uid=1002 from=<svc_etl@ops-cron01.example.internal>", []),
        # With a person's name or a patient's word in it, a mailbox is someone's.
        ("To: <lena.results@example.org>", ["lena.results@example.org"]),
        ("payload = {'email': 'test.patient+e2e@example.com'}", ["test.patient+e2e@example.com"]),
        # ... and so do a first name that is a word too, an initial before a surname, webmail.
        ("to=<john.smith.dev@example.org>", ["john.smith.dev@example.org"]),
        ("to=<jsmith2.ops@example.org>", ["jsmith2.ops@example.org"]),
        ("to=<qa-team@gmail.com>", ["qa-team@gmail.com"]),
        ("to=<root.jane@example.org>", ["root.jane@example.org"]),
    ],
    "PHONE": [
        (
            "PID|1||00731845^^^RB^MR||DOE^JANE||19790830|F|||||^PRN^PH^^^407^5550145",
            ["407^5550145"],
        ),
        # A toll-free number is an organisation's; a run of log fields is no number.
        ("reminder to +1-800-555-0100 failed for patient Ana Lima", []),
        ("ALB 203.0.113.44:52110 0.001 0.214 0.000 200 200 512 1840", []),
    ],
    "FAX": [
        (
            'efax status: {"fax_id":"fx_0044122","status":"failed","to":"(503) 555-0160"}',
            ["(503) 555-0160"],
        ),
    ],
    "ZIP": [
        # A process id in brackets is no ZIP code, in a line holding PHI or not.
        ("2026-11-30 23:41:02.118 UTC [48121] DETAIL:  Key (mrn)=(MRN0099120) already exists.", []),
        ("postfix/smtp[48121]: to=<ana.lima@example.org>, status=sent", []),
        ("[2026-12-01 18:44:31 -0500] [40117] [ERROR] request /search?dob=1966-10-05", []),
    ],
    "HEALTH_PLAN": [
        ('"GET /api/v1/members/QHP771204418/eligibility HTTP/1.1" 200', ["QHP771204418"]),
        ("claims payer ID 87726 response 271 in 1.9s", []),
    ],
    "SSN": [('"GET /v2/patients/by-ssn/390148827 HTTP/1.1" 404', ["390148827"])],
    "MRN": [
        # The identifying values of a relative path, each as what it is ...
        ("GET /v2/orders?patient_mrn=77120456&dob=1958-03-09", ["77120456"]),
        ("<Coverage member_id='W284017736' group='0071423' name='Ana Lima'>", []),
    ],
    "URL": [
        # ... and a link with its scheme and host whole when it is a person's page or holds a
        # person's value (round 6: the link is the identifier, as the newest sets mark it).
        (
            "profile https://portal.example.org/patients/maria-gonzalez-19520307/profile",
            ["https://portal.example.org/patients/maria-gonzalez-19520307/profile"],
        ),
        (
            "for url: https://lab.example.com/v2/orders?patient_mrn=77120456&dob=1958-03-09",
            ["https://lab.example.com/v2/orders?patient_mrn=77120456&dob=1958-03-09"],
        ),
        (
            "for url https://api.example.org/v2/patients/by-mrn/00482917",
            ["https://api.example.org/v2/patients/by-mrn/00482917"],
        ),
        ("GET https://api.example.org/v2/status?region=us-east-1", []),
    ],
    "NAME": [
        (
            "possible duplicate: JOHNSON, TYRONE vs JOHNSTON, TYRONE (score=0.91)",
            ["JOHNSON, TYRONE", "JOHNSTON, TYRONE"],
        ),
        ("ERROR, WARNING, INFO", []),
        # A name field that holds an organisation's name.
        ("Contact(name='Northwind Logistics HR', relationship='EMP')", []),
        ('{"resourceType":"Organization","name":"Lakeview General Hospital"}', []),
        # The name of a thing, and a test record's.
        ('{"client-info":{"client-name":"Apple Mail","device-type":"mobile"}}', []),
        ("PID|1||pt-0001^^^TESTFAC^MR||TEST^PATIENT^^^^^D|||U", []),
        ('"name": [{"text": "Test Patient", "family": "Patient", "given": ["Test"]}]', []),
    ],
    "ADDRESS": [
        (
            "new statement address Flat 4, 19 Rathbone Mews for Rukmini Iyer",
            ["Flat 4, 19 Rathbone Mews"],
        ),
        ("Mensah Kofi,2185550160,Duluth,55805,1950-01-02", ["Duluth"]),
        # An organisation's own address is not PHI.
        ("Lakeview General Hospital,1200 Clinic Way,Portland,ME,04102,(207) 555-0100", []),
    ],
}


@pytest.mark.parametrize(
    ("kind", "text", "values"),
    [
        (kind, text, values)
        for kind, cases in FOUND_BY_KIND_ROUND_3.items()
        for text, values in cases
    ],
)
def test_values_found_of_one_kind_round_3(kind: str, text: str, values: list[str]) -> None:
    assert [m.text for m in find_phi(text) if m.kind == kind] == values


# Round 20: a phone after the words naming an organisation's line is its own, whatever else the
# line holds; a person's beside it is still found.
PHONES_OF_ORGANISATION_LINES = [
    ("2026-12-01 01:10:06,001 INFO phone-tree clinic main line (801) 555-0100 option 3", []),
    ("settings: CLINIC_MAIN_PHONE=614-555-0100 SUPPORT_LINE='614-555-0111'", ["614-555-0111"]),
    ("Rx verified with pharmacy (682) 555-0190, Rx #7781", []),
    # found in review: not where anything on the line points at a person (a name, a birth
    # date, a relative's or a patient's word near it), not after a word alone that is as often
    # a person's (`main`, `office`, `store`), not someone's own desk
    (
        "Tove Lindqvist (DOB 1961-05-02) called back; clinic main line (312) 555-0100 busy",
        ["(312) 555-0100"],
    ),
    ("Name: Jane Roe | DOB 03/02/1951 | Main: 614-555-0142", ["614-555-0142"]),
    ("Emergency contact main line: 614-555-0142", ["614-555-0142"]),
    ("pt works at Kroger, store 614-555-0142", ["614-555-0142"]),
    ("sms sent to clinic line 614-555-0142 (patient reminder)", ["614-555-0142"]),
    ("her clinic line 614-555-0142", ["614-555-0142"]),
    ("callback number: office 614-555-0142", ["614-555-0142"]),
    # not a practice's (a solo doctor's), nor after an address's `.org`
    ("Kelechi Nwosu;kelechi.nwosu@example.org;+234 809 555 0177", ["+234 809 555 0177"]),
    # a relative's word keeps a line's phones someone's, also on a line naming a clinic (found
    # in review: the older rule for a facility's line took the daughter's phone too)
    ("Clinic main line 614-555-0100, daughter 614-555-0142", ["614-555-0100", "614-555-0142"]),
    # Round 22: a desk's line said so, and the fax written after its main number
    ("clinic BW07, 4100 Harbor Blvd, Oceanside CA 92054, main line (760) 555-0100", []),
    ("Reminder confirmed. Questions? Call (209) 555-0101. Reply STOP to opt out.", []),
    ("location DUB moved to Dublin OH 43017; main (614) 555-0103, fax (614) 555-0104", []),
    ("Emergency contact line: 614-555-0142", ["614-555-0142"]),
    # (found in review: someone's own line, and a family's `call us at`)
    ("crm_note: prefers her contact line 614-555-0147, no texts", ["614-555-0147"]),
    ("callback: reach me on my office line 312-555-0134 after 3pm", ["312-555-0134"]),
    ("voicemail: hi this is the neighbour, call us at 312-555-0163", ["312-555-0163"]),
    # (a main number is someone's after every possessive a desk's line is: round 23)
    ("son: call their main (614) 555-0100 after 5", ["(614) 555-0100"]),
    ("intake: Her main (614) 555-0102, cell 614-555-0103", ["(614) 555-0102", "614-555-0103"]),
]


@pytest.mark.parametrize(("text", "phones"), PHONES_OF_ORGANISATION_LINES)
def test_a_phone_after_an_organisations_line_words_is_its_own(text: str, phones: list[str]) -> None:
    assert [m.text for m in find_phi(text) if m.kind == "PHONE"] == phones


# Found since the fourth round of issue 15 (and what must still not be found).
FOUND_BY_KIND_ROUND_4: dict[str, list[tuple[str, list[str]]]] = {
    "ID": [
        ("claim_no='CLM-2025-0044120' denied", ["CLM-2025-0044120"]),
        ("GET /v1/claims/CLM-2025-0044120/status HTTP/1.1", ["CLM-2025-0044120"]),
        ("workers-comp claim WC-2025-118204 employer=Acme", ["WC-2025-118204"]),
        ("police report SFPD-25-004471 attached", ["SFPD-25-004471"]),
        ("Demographics(id_number='7102035008086')", ["7102035008086"]),
        ("face template fp-tm-0044120918 enrolled", ["fp-tm-0044120918"]),
        # Not a claim's number: a row's, a date, a format, an X12 element.
        ("Key (claim_id, line_no)=(88213, 4) already exists", []),
        ("ZIP archive claims-2024-03.zip is 18874368 bytes", []),
        ("ERROR claims: 837P rejected: CLM02 '1284.5' does not match", []),
        ("template id tpl_statement_v7, render 41 ms", []),
    ],
    "LICENSE": [("state lic OH-RN-558120 expires soon", ["OH-RN-558120"])],
    "ACCOUNT": [
        # An identifier standing as a field on a line that holds PHI is the person's.
        ("7730041172,Ana Lima,312.40,open", ["7730041172"]),
        ("GT1|1|GA-55120934|OKAFOR^CHIDI^A||62 Elm Ave^^Decatur^GA^30030", ["GA-55120934"]),
        ("PV1|1|E|ED^BAY3^^GENHOSP||||||||||||||||V00051822355|||", ["V00051822355"]),
        # Not on a line without other PHI, not a message's, an order's or a Unix time.
        ("7730041172,pt-0001,312.40,open", []),
        ("('Ana Lima', 'ORD448812', 'MSG00018813', 1764512801)", []),
    ],
    "HEALTH_PLAN": [("ZXK400199231\tTran Thi Mai\tself", ["ZXK400199231"])],
    "SSN": [
        ("('Ana Lima', '521447789', 'self')", ["521447789"]),
        ("521 44 7789|LIMA^ANA|19270505", ["521 44 7789"]),
    ],
    "ZIP": [
        # A procedure's code before its diagnosis's, on a line of PHI, is no ZIP code.
        ("CLM-26-0099182,Ogunleye B,2026-10-14,27447,M17.11,41200.00", []),
        ("Ana Lima,55805,Duluth", ["55805"]),
    ],
    "FAX": [
        # A fax server names its files after the sender's or the recipient's number.
        ("/var/spool/fax/inbound/+13125550163_20261130T0412.tif", ["+13125550163"]),
        ("/var/spool/fax/outbound/to_13125550166_referral.tif", ["13125550166"]),
        # ... also a file's name alone, with no path before it
        ("received fax_0412_from_13125550166.tif", ["13125550166"]),
        ("/var/log/app/3125550163_x.log", []),
    ],
    "IP": [
        # A client's address: an ephemeral port after it, a missing pg_hba.conf entry.
        ("LOG:  connection received: host=203.0.113.9 port=40112", ["203.0.113.9"]),
        ('FATAL:  no pg_hba.conf entry for host "203.0.113.9", user "r"', ["203.0.113.9"]),
        ("could not connect to host=198.51.100.10 port=5432", []),
    ],
    "ADDRESS": [
        # A street named after the institution on it is the institution's, with its city.
        ('"dropoff": "Mercy Hospital, 900 Medical Center Blvd", "rider": "Ana Lima"', []),
        ('"line": ["1 Hospital Plaza"], "city": "Springfield", "state": "IL"', []),
        ("assert '12 Elm Street' in ['1200 Clinic Way']", ["12 Elm Street"]),
        # A hyphenated house number (Hawaii, Queens).
        ('"line": ["45-1120 Kamehameha Hwy"]', ["45-1120 Kamehameha Hwy"]),
    ],
    "DATE": [
        ('  "birthDate": "1931",', ["1931"]),
        (
            "admit_date: Date should be in the past [type=date_past, "
            "input_value=datetime.date(2027, 4, 9), input_type=date]",
            ["datetime.date(2027, 4, 9)"],
        ),
        ("Demographics(birth_year=1928, city='Hilo')", ["1928"]),
        ("appt=12/04/2026 9:15 AM patient=pt-0001", ["12/04/2026 9:15 AM"]),
        ('{"resourceType": "Claim", "billablePeriod": {"start": "2026-10-12"}}', ["2026-10-12"]),
        # A birth year that leaves the person younger than 90 is no identifier.
        ('"birthDate": "1985"', []),
        # Dotted with a two-digit year: a version, an address.
        ('{"fw":"1.4.12","patient":"Ana Lima","dob":"1950-01-02"}', ["1950-01-02"]),
        ("Ana Lima 1950-01-02 from 10.0.12.40:8000", ["1950-01-02"]),
    ],
    "AGE": [
        ("Halvorsen Ingrid\t94y\tGERI", ["94y"]),
        ("Eze, 103 yrs, F", ["103 yrs"]),
        ("Demographics(age='97 years')", ["97 years"]),
        ('{"patient_age": 93}', ["93"]),
        ("dicom: (0010,1010) PatientAge AS [096Y]", ["096Y"]),
        ("OBX|3|NM|30525-0^Age^LN||91|a|||||F", ["91"]),
        ('{"code": {"coding": [{"display": "Age"}]}, "valueQuantity": {"value": 104}}', ["104"]),
        ("less than or equal to 89 [type=less_than_equal, input_value=95, input_type=int]", ["95"]),
        ("the oldest resident turns 100 on Friday", ["100"]),
        # A number of years that is no one's age, a bucket.
        ("retention 99 years, then purge", []),
        ("patient_age_group: 90+", []),
        ("OBX|1|NM|8867-4^Heart rate^LN||96|/min|||||F", []),
    ],
    "NAME": [
        ("PID|1||7730^^^H^MR||ORLOVA^IRINA^^^^^L||19410107|F", ["ORLOVA^IRINA^^^^^L"]),
        # A field of a record that is a whole name, family name first too.
        ("ZXK400199231\tTran Thi Mai\tself\tGRP-00410", ["Tran Thi Mai"]),
        ("00918844,van der Linden,Pieter,1931-02-11,M", ["van der Linden", "Pieter"]),
        ("KOVÁCS ISTVÁN;1931.04.22;Akron;330/555-0184", ["KOVÁCS ISTVÁN"]),
        ('1922084410,"Okafor, Chinedu",Family Medicine,BO7712045', ["Okafor, Chinedu"]),
        ("rajesh kumar,r.kumar@example.com,198.51.100.54", ["rajesh kumar"]),
        # A city before its state, a specialty, words of English.
        ("Santa Rosa,CA,95401,Sonoma", []),
        ("Internal Medicine,Family Medicine,Pediatrics", []),
        ("Grace Period,Will Price,Mark Down", []),
        # A surname of two words in capitals after a label.
        ("Demographics(name='TE AWA, Mere', dob='1932-02-29')", ["TE AWA, Mere"]),
        # A quoted value that is a whole name; not an organisation's.
        ("KeyError: 'Haruto Sato'", ["Haruto Sato"]),
        ('"payor": [{"display": "Molina Healthcare"}]', []),
        # In a path: capitalised words joined by `-`, accents.
        ("gs://bucket/exports/Papadaki-Eleni-statement.pdf", ["Papadaki-Eleni"]),
        ("uploads/Tomás-Quispe/order.pdf", ["Tomás-Quispe"]),
        ("/srv/app/node_modules/react-dom/index.js", []),
    ],
}


@pytest.mark.parametrize(
    ("kind", "text", "values"),
    [
        (kind, text, values)
        for kind, cases in FOUND_BY_KIND_ROUND_4.items()
        for text, values in cases
    ],
)
def test_values_found_of_one_kind_round_4(kind: str, text: str, values: list[str]) -> None:
    assert [m.text for m in find_phi(text) if m.kind == kind] == values


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("(0010,0010) PatientName PN [OKAFOR^CHIDI^^^]", [("NAME", "OKAFOR^CHIDI^^^")]),
        ("(0010, 0030) Patient's Birth Date   DA: '19290412'", [("DATE", "19290412")]),
        (
            "tags (0010,0020) PatientID=00661309 (0010,1010) PatientAge=094Y",
            [("MRN", "00661309"), ("AGE", "094Y")],
        ),
        ("(0008,0020) StudyDate DA [20261130]", [("DATE", "20261130")]),
        (
            "(0010,1040) PatientAddress LO [12 Oak St Hilo HI 96720]",
            [("ADDRESS", "12 Oak St Hilo"), ("ZIP", "96720")],
        ),
        # Not a person's: the scanner's serial number, the modality, the sex, an age under 90.
        ("(0018,1000) DeviceSerialNumber LO [CT-LS-004412]", []),
        ("(0008,0060) Modality CS [CT] (0010,0040) PatientSex CS [F]", []),
        ("(0010,1010) PatientAge AS [067Y]", []),
    ],
)
def test_dicom_elements_are_read_by_their_tag(text: str, found: list[tuple[str, str]]) -> None:
    assert [(m.kind, m.text) for m in find_phi(text)] == found


def test_contains_phi_answers_as_find_phi_on_every_corpus_line() -> None:
    # `contains_phi` stops once PHI is certain: it must never answer otherwise. (find_phi's
    # answers come from phi_metrics' per-process cache: the corpus tests scan the same lines.)
    for example in _every_corpus_line():
        found = phi_metrics.asyncproof_detector(example.text)
        assert contains_phi(example.text) == bool(found), example.where


def test_each_of_several_identifiers_on_one_line_is_redacted() -> None:
    text = (
        "1FTFW1ET5DFC10312,Guillermo Ortega,ssn 552-81-4409,DOB 1958-03-09,"
        "54 Linden Ave, Lubbock, TX 79401,(806) 555-0148"
    )
    redacted = redact_phi(text)
    for value in (
        "1FTFW1ET5DFC10312",
        "Ortega",
        "552-81-4409",
        "1958",
        "Linden",
        "Lubbock",
        "79401",
        "555-0148",
    ):
        assert value not in redacted, value


@pytest.mark.parametrize(
    ("kind", "text", "values"),
    [(kind, text, values) for kind, cases in FOUND_BY_KIND.items() for text, values in cases],
)
def test_values_found_of_one_kind(kind: str, text: str, values: list[str]) -> None:
    assert [m.text for m in find_phi(text) if m.kind == kind] == values


def test_a_value_found_once_is_redacted_wherever_it_is_written_again() -> None:
    text = "assert 'Wilhelmina Tarrant' in 'Patient Wilhelmina Tarrant, MRN T0098812'"
    assert "Wilhelmina" not in redact_phi(text)


def test_a_number_tied_to_a_lines_phi_is_redacted_where_the_line_writes_it_again() -> None:
    # (an unlabelled record number in a CSV row, written again in the row's download link:
    # found beside the name and birth date, after the line's values were spread)
    text = (
        "REQ-7781,2026-11-30,Tove Lindqvist,88204417,1961-05-02,patient,portal,"
        "https://portal.example.org/roi/88204417/download,2,sent"
    )
    assert "88204417" in [m.text for m in find_phi(text)]
    assert "88204417" not in redact_phi(text)
    # only in a path, a file's name or a link: after a key, the same digits are a size or a
    # count as often, and a tie's false find is not spread there (found in review)
    text = "export,Tove Lindqvist,1961-05-02,1048576,upload ok bytes=1048576 limit=1048576"
    assert "bytes=1048576 limit=1048576" in redact_phi(text)


def test_every_value_found_is_gone_from_the_redacted_text() -> None:
    for example in _every_corpus_line():
        text = example.text
        redacted = phi_metrics.asyncproof_redactor(text)
        for start, end, kind in phi_metrics.asyncproof_detector(text):
            value = text[start:end]
            if len(value) >= 4 and value.isalnum():
                assert not re.search(rf"\b{re.escape(value)}\b", redacted), (
                    f"{example.where}: a {kind} survives redaction"
                )


def _every_corpus_line() -> list[phi_metrics.Example]:
    """Every line of every corpus file, comments and blank lines too, markup taken out."""
    return [
        phi_metrics.Example(f"{path.name}:{number}", text, spans)
        for path in sorted(CORPUS.glob("*.txt"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for text, spans in [phi_metrics.parse_line(line)]
    ]


def test_zero_led_record_numbers_go_with_other_phi() -> None:
    assert [m.kind for m in find_phi("00482913,Thandiwe,Nkosi,1979-10-08")] == [
        "MRN",
        "NAME",
        "NAME",
        "DATE",
    ]
    assert find_phi("batch 00482913 done") == []
    assert [m.text for m in find_phi("{'mrn_1': '00731146', 'param_1': 1}")] == ["00731146"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A public address is one of the Safe Harbor identifiers, with or without other PHI.
        ('198.51.100.7 - - "GET /records?ssn=566-02-9184"', ["IP", "SSN"]),
        ('198.51.100.7 - - "GET /healthz" 200', ["IP"]),
        ("192.0.2.7 xff=198.51.100.77 user=a.b@example.com", ["IP", "IP", "EMAIL"]),
        # The infrastructure's own: private, loopback, a server with its port.
        ("10.0.2.15 - - GET /records?ssn=566-02-9184", ["SSN"]),
        ('connection to server at "db" (192.0.2.41), port 5432 failed', []),
        ("HTTPSConnectionPool(host='198.51.100.10', port=443): Max retries", []),
        ("upstream 203.0.113.9:8000 timed out", []),
    ],
)
def test_public_ips_are_found_but_servers_are_not(text: str, found: list[str]) -> None:
    assert [m.kind for m in find_phi(text)] == found


# What the fifth round of issue 15 finds (synthetic values), and what it leaves alone.
FOUND_ROUND_5: list[tuple[str, list[tuple[str, str]]]] = [
    # A given name the lists lack, with a known family name; not a user agent's words.
    ("created patient -> Oluwaseun Adeyemi (pt-0041)", [("NAME", "Oluwaseun Adeyemi")]),
    ('"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6)"', []),
    # A record number after /patients/ with a prefix or dashes; a member id after /coverage/.
    ("GET /api/v1/patients/NWH-5521906/immunizations", [("MRN", "NWH-5521906")]),
    ("GET /v1/coverage/W123456789 HTTP/1.1", [("HEALTH_PLAN", "W123456789")]),
    ("GET /patients/pt-0211/labs", []),
    # A 1900s date from its year: month as a word, eight digits joined, day and month before.
    ("time data '14-Mar-1957' does not match", [("DATE", "14-Mar-1957")]),
    ("invalid input: 'March 14th, 1957' (expected", [("DATE", "March 14th, 1957")]),
    # (the surname in the slug is the learned model's find)
    ("scan oyelaran_x_19410922_card.jpg", [("NAME", "oyelaran"), ("DATE", "19410922")]),
    ('invalid input syntax for type date: "14.03.1957"', [("DATE", "14.03.1957")]),
    ("top 1950 rows, build 19450603", []),
    # A date's weekday and time of day are the date's.
    ("seen 1931-08-02 09:30", [("DATE", "1931-08-02 09:30")]),
    ("born Thu 3 Dec 1931", [("DATE", "Thu 3 Dec 1931")]),
    # E.164 numbers; not toll-free ones.
    ("sms to +447700900461 failed", [("PHONE", "+447700900461")]),
    ("ivr +18005550100 ok", []),
    # Ages over 89 in a list the word age names.
    ("ages       = [67, 88, 89, 90, 101]", [("AGE", "90"), ("AGE", "101")]),
    ("sizes = [67, 90, 101]", []),
    # Member ids of three letters and nine digits; an MBI without hyphens; not an HL7 id.
    ("Retrying eligibility for XWQ884512307", [("HEALTH_PLAN", "XWQ884512307")]),
    ("IN1|2|MCR||||1EG4TE5MK73", [("HEALTH_PLAN", "1EG4TE5MK73")]),
    ("MSA|AA|MSG00018812", []),
    # NCPDP fields by their ids.
    (
        "NCPDP B1 AM01 C2=ZZX90001447 C4=19450603 CA=GUADALUPE CB=RAMIREZ CP=60608",
        [
            ("HEALTH_PLAN", "ZZX90001447"),
            ("DATE", "19450603"),
            ("NAME", "GUADALUPE"),
            ("NAME", "RAMIREZ"),
            ("ZIP", "60608"),
        ],
    ),
    ("AM07 Claim Segment: EM=1 E1=03 D7=00093721401", []),
    # An initial and a known family name; not a region.
    ("Signed electronically: A. Frost", [("NAME", "A. Frost")]),
    ("failover to us-east-1 (N. Virginia)", []),
    # A particle before a family name.
    ("Booked d'Souza, Anthony", [("NAME", "d'Souza, Anthony")]),
    # Eight digits led by zeros; not a sequence's position.
    ("lab value called to RN at 10:58 for 00993011", [("MRN", "00993011")]),
    ("MRN generator sequence at 00412000", []),
    # A VIN whose serial is six digits, check digit or not.
    ("ZPI|1|2GCEK19T5X1234567|OK-HGT442", [("VEHICLE", "2GCEK19T5X1234567")]),
    # The parts of one address that a comma splits.
    (
        '{"line": ["Flat 3, 27 Wellington Road"]}',
        [("ADDRESS", "Flat 3, 27 Wellington Road")],
    ),
    # Greetings, and someone saying who they are; not a word.
    ('body="G\'day Jarrah, your consult"', [("NAME", "Jarrah")]),
    ('"this is Derek calling abt my mom"', [("NAME", "Derek")]),
    ("this is Redis 7.2", []),
    # Lower-case search terms that are names; not a search for a word.
    ('{"query": "chidi okonkwo"}', [("NAME", "chidi okonkwo")]),
    ("GET /search?q=hypertension", []),
    # A CDA id by its root.
    ('<id root="2.16.840.1.113883.4.6" extension="1913909960"/>', [("LICENSE", "1913909960")]),
    # A ZIP that lost its leading zero after its label.
    ("zip '0213' must be 5 digits", [("ZIP", "0213")]),
    # A public IPv6 client with no label; not a server's, a link-local one, nor C++.
    (
        '2001:db8:4f1c::1a2 - - [30/Nov/2026:14:22:30 +0000] "GET /portal"',
        [("IP", "2001:db8:4f1c::1a2")],
    ),
    ("upstream [2001:db8::10]:443 reset", []),
    ("fe80::1 and std::vector<int>", []),
    # A person's own page (a home directory, a handle); not documentation.
    (
        "link rejected: https://www.example.net/~mvega/about.html",
        [("URL", "https://www.example.net/~mvega/about.html")],
    ),
    ("see https://docs.python.org/3/library/re.html", []),
]


@pytest.mark.parametrize(("text", "found"), FOUND_ROUND_5)
def test_values_found_round_5(text: str, found: list[tuple[str, str]]) -> None:
    assert [(m.kind, m.text) for m in find_phi(text)] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A street line in capitals that is a whole field (an export, an ALI record, a
        # geocoder's input); not capitals running on, nor a phrase with a function word.
        ('"0452","F","1902 ONYX ST","OR"', [("ADDRESS", "1902 ONYX ST")]),
        ("26-114872,FALL,1402 ELM ST APT 3,MERCY", [("ADDRESS", "1402 ELM ST APT 3")]),
        (
            "geocode.tie '400 MAIN ST, COTTAGE GROVE' n=2",
            [("ADDRESS", "400 MAIN ST, COTTAGE GROVE")],
        ),
        ('ali="HOA|17-1/2 BAYVIEW TER|WPH2"', [("ADDRESS", "17-1/2 BAYVIEW TER")]),
        ("12 PATIENTS SEEN BY DR", []),
        ("NOTE: 12 PATIENTS SEEN TODAY ON WARD ST", []),
        # Rural routes in capitals; a street named after its type.
        ("geocode.unmatched 'RR 2 BOX 118' reason=rural", [("ADDRESS", "RR 2 BOX 118")]),
        ("addr=RURAL ROUTE 2 BOX 118,", [("ADDRESS", "RURAL ROUTE 2 BOX 118")]),
        ('{"loc":"44 Rue Beaulieu","type":"FALL"}', [("ADDRESS", "44 Rue Beaulieu")]),
        ("lives at 12 Calle del Olmo since", [("ADDRESS", "12 Calle del Olmo")]),
        # A clinician's shorthand for age and sex; alone only with `yo`.
        ("94YOF FOUND DOWN", [("AGE", "94")]),
        ("pt 101 Y/O M, alert", [("AGE", "101")]),
        ("3 YO M", []),
        ("T 99F HR 88", []),
        # A record number with its system's letters, said of a patient; not a message's id.
        ("could not parse dob for patient MG00418822: ambiguous", [("MRN", "MG00418822")]),
        ("observation date invalid for pt MG00611907", [("MRN", "MG00611907")]),
        ("ack MSH-10 MSG00412872 for patient pt-0001", []),
        # A SAS or mainframe date: in the 1900s alone, any year in a line with PHI.
        # (the surname in its column is the learned model's find)
        (
            "  1    C-2026-014301    PETTIBONE     08FEB1930",
            [("NAME", "PETTIBONE"), ("DATE", "08FEB1930")],
        ),
        ("build 12NOV2026 done", []),
        # A card's number under payment code's key (not a masked one); a driver's licence in
        # the groups several states print.
        (
            "card issued pan=5077180044129031 -> masked 5077********9031",
            [("ACCOUNT", "5077180044129031")],
        ),
        (
            "DETAIL:  Key (pan)=(5077 1800 4412 9031) already exists.",
            [("ACCOUNT", "5077 1800 4412 9031")],
        ),
        ("old_pan=5077********9031 reason=lost", []),
        ("s3://scans/licenses/W252-6128-5517_front.jpg", [("LICENSE", "W252-6128-5517")]),
        ("<ePatient.20>M532-8810-4471</ePatient.20>", [("LICENSE", "M532-8810-4471")]),
        # A vital record's number, a person's id in an immunisation registry, a DNA reference;
        # not a file's number.
        ("DeathRecord(state_file_no='2026-OR-031882', manner='N')", [("ID", "2026-OR-031882")]),
        ("State File Number 2026-OR-030116", [("ID", "2026-OR-030116")]),
        ("<Patient pk=418 iis_id=IIS-5521093>", [("ID", "IIS-5521093")]),
        ("DNA reference DNA-ME-26-0442 retained", [("ID", "DNA-ME-26-0442")]),
        ("open(config_file_no) file_no=3", []),
        # A label of several words that takes no value leaves the next label to be read
        # (`PASSPORT id_no`: `passport id` then `id_no`); one that is there to hold its words
        # out of the scan does not (`certificate serial`).
        ("id_type=PASSPORT id_no=552188104 country=IE", [("ID", "552188104")]),
        ("TLS certificate serial 04:8F:2A:91:7C:33 expired", []),
    ],
)
def test_values_found_round_9(text: str, found: list[tuple[str, str]]) -> None:
    assert [(m.kind, m.text) for m in find_phi(text)] == found


@pytest.mark.parametrize(
    "text",
    [
        # Round 9's rules, where they must not reach (found in review): English words that
        # are street types abroad, capital phrases ending in a street type's word, a size, a
        # time in milliseconds under a `pan` key.
        "Notifications: sent 2 Via Email, 1 Via SMS",
        '"1 NEW ROW"',
        'INFO,"2 MAIN LOOP",tick',
        'model,"4 WHEEL DR",SUV',
        '"120 GB SSD DR"',
        "zoom_pan=1700000000000",
        "patient HTTP200000 retried",
    ],
)
def test_round_9_rules_leave_ordinary_text(text: str) -> None:
    assert find_phi(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Round 9, in a line that holds PHI: a clinician's age and sex (not a temperature), a
        # record number with its system's letters in a storage key (not a message's id).
        ("SBAR: G. Mendez 94F, L hip fx", [("NAME", "G. Mendez"), ("AGE", "94")]),
        ("Pt Mendez, Graciela, T 99F", [("NAME", "Mendez, Graciela")]),
        (
            "Pt Jane Doe DOB 01/02/1930 temp was 99F, now 99F, rss=120M, disk 95M free",
            [("NAME", "Jane Doe"), ("DATE", "01/02/1930")],
        ),
        (
            "s3://scans/MG00418822/consent_mendez-graciela.pdf MSG00412872",
            [("MRN", "MG00418822"), ("NAME", "mendez-graciela")],
        ),
    ],
)
def test_values_tied_to_other_phi_round_9(text: str, found: list[tuple[str, str]]) -> None:
    assert [(m.kind, m.text) for m in find_phi(text)] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # In a line that holds PHI: a single quoted name, a quoted name the lists lack, a
        # local phone number; not a key, nor a thing's name.
        (
            "args=('MRN00482913', 'Okonkwo', '1957-03-14')",
            [("MRN", "MRN00482913"), ("NAME", "Okonkwo"), ("DATE", "1957-03-14")],
        ),
        (
            "args=('Sunita Bhattacharya', '22B Ocean Pkwy', 'Brooklyn', 'NY', '11218')",
            ["NAME", "ADDRESS", "ADDRESS", "ZIP"],
        ),
        (
            '{"changes": {"phone": ["555-0142", "(217) 555-0199"]}}',
            [("PHONE", "555-0142"), ("PHONE", "(217) 555-0199")],
        ),
        ('{"model": "Sienna", "plate": "WI-ABC1234", "dob": "1944-01-20"}', ["VEHICLE", "DATE"]),
    ],
)
def test_values_tied_to_other_phi_round_5(text: str, found: list) -> None:
    matches = find_phi(text)
    if found and isinstance(found[0], str):
        assert [m.kind for m in matches] == found
    else:
        assert [(m.kind, m.text) for m in matches] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Springfield, IL 62704", [("ADDRESS", "Springfield, IL"), ("ZIP", "62704")]),
        ("letter to Lancaster PA 17602", [("ADDRESS", "Lancaster PA"), ("ZIP", "17602")]),
        (",Duluth,MN,55805", [("ADDRESS", "Duluth,MN"), ("ZIP", "55805")]),
        ('"Scranton","PA","18503-2210"', [("ADDRESS", 'Scranton","PA'), ("ZIP", "18503-2210")]),
        # A word of log text is no city.
        ("Status OK 20000", []),
        ("Service Kafka OK 12345", []),
        # A city its street's line runs into, in a row's field or in a line; one named with a
        # street's type; one whose first word alone is no name's.
        (
            "12 Fjord Ln\tDuluth\tMN\t55803",
            [("ADDRESS", "12 Fjord Ln"), ("ADDRESS", "Duluth\tMN"), ("ZIP", "55803")],
        ),
        (
            "to 12 Maple Ave Brattleboro VT 05301",
            [("ADDRESS", "12 Maple Ave"), ("ADDRESS", "Brattleboro VT"), ("ZIP", "05301")],
        ),
        ("letter to College Place WA 99324", [("ADDRESS", "College Place WA"), ("ZIP", "99324")]),
        (",New York,NY,10022-2601", [("ADDRESS", "New York,NY"), ("ZIP", "10022-2601")]),
    ],
)
def test_a_city_goes_with_its_state_and_zip_whatever_separates_them(
    text: str, found: list[tuple[str, str]]
) -> None:
    assert [(m.kind, m.text) for m in find_phi(text)] == found


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "[Errno 2] No such file: '/scans/Brennan_Liam_discharge_2026-11-19.pdf'",
            ["Brennan_Liam"],
        ),
        ('"GET /admin/patients/?q=Maria+Garcia HTTP/1.1" 200', ["Maria+Garcia"]),
        ("GET /api/v1/records/ruth-ellen-garcia/summary", ["ruth-ellen-garcia"]),
        ("comparing ('BEREZIN', 'NIKOLAI', '1953-10-19')", ["BEREZIN", "NIKOLAI"]),
        ("7120051\tAuer\tBenedikt\t1966-02-02", ["Auer", "Benedikt"]),
        ("PV1|1|I|5S^518^A||||1366198852^CRANE^EZEKIEL||||", ["CRANE^EZEKIEL"]),
        ('"pid5":"DELACROIX^ANTOINE^J"', ["DELACROIX^ANTOINE^J"]),
        # Joined words that are not a name: a code's words, a state, a credential.
        ("feature flag easter_egg, dag_run=scheduled, check constraint vin_len", []),
        ("RN.2290418,Maria Garcia,RN,MS,active", ["Maria Garcia"]),
        ("geocode_address('902 Calle Arroyo Seco', 'Albuquerque', 'NM', '87106')", []),
    ],
)
def test_names_with_no_label_in_files_urls_records_and_hl7(text: str, names: list[str]) -> None:
    assert [m.text for m in find_phi(text) if m.kind == "NAME"] == names


def test_a_value_found_on_one_line_is_redacted_on_every_line() -> None:
    text = "patient Ana Lima: DOB 1957-03-14\nretry 2 for Lima failed\nlookup Ana Lima again"
    redacted = redact_phi(text)
    assert "Ana Lima" not in redacted
    # (and `Lima` alone on the second line: the learned model reads it as a surname)
    assert redacted.count("[NAME]") == 3


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        # the chart number's format, named once by its label, names the others: unlabelled, in
        # a repr, on another line, also where the label is a different word
        (
            "MRN CV-0012345 merged\n<Patient CV-0070551 ...>\nre-filed CV-0070552",
            ["CV-0012345", "CV-0070551", "CV-0070552"],
        ),
        ("MRN: E0040081; readmit pair E0040081 index E0040082", ["E0040081"] * 2 + ["E0040082"]),
        # not another format: other digits, other letters, the format inside a longer word
        (
            "MRN: CV-0012345 CV-007055 CV-00705512 cv-0070551 XCV-0070551 CV-0070551B",
            ["CV-0012345"],
        ),
        # too plain to be one system's: one letter and five digits, or digits alone
        ("MRN: E00400 then E00401", ["E00400"]),
        ("MRN: 41234567 then 41234568", ["41234567"]),
    ],
)
def test_a_record_number_in_the_format_of_one_found_is_found_too(
    text: str, numbers: list[str]
) -> None:
    # (by the rules: the learned look at numbers may take the other tokens for numbers too)
    found = [text[s:e] for s, e, kind, _ in scan(text, learned_too=False) if kind == "MRN"]
    assert found == numbers


def test_redaction_keeps_the_shape_of_the_message() -> None:
    text = "patient Jane Doe, DOB 01/02/1950, SSN 123-45-6789: lookup failed"
    assert redact_phi(text) == "patient [NAME], DOB [DATE], SSN [SSN]: lookup failed"


def test_matches_are_sorted_and_do_not_overlap() -> None:
    text = "fax: (617) 555-0190, MRN 00482213, patient Jane Doe, zip 02139 " * 3
    matches = find_phi(text)
    assert len(matches) == 12
    for before, after in itertools.pairwise(matches):
        assert before.end <= after.start


def test_a_match_never_shows_its_text_in_repr() -> None:
    (match,) = find_phi("SSN 123-45-6789")
    assert match == PhiMatch("SSN", 4, 15, "123-45-6789")
    assert "123-45-6789" not in repr(match)
    assert match.span == (4, 15)
    assert match.placeholder == "[SSN]"


@pytest.mark.parametrize("function", [find_phi, contains_phi, redact_phi])
@pytest.mark.parametrize("value", [b"SSN 123-45-6789", None, 123456789, ["SSN"]])
def test_non_str_input_is_a_type_error(function, value) -> None:
    with pytest.raises(TypeError, match=r"takes a str, not"):
        function(value)


def test_the_library_never_logs_or_prints(capsys, caplog) -> None:
    caplog.set_level("DEBUG")
    redact_phi("patient Jane Doe, SSN 123-45-6789")
    redact_phi("patient Jane Doe, SSN 123-45-6789", strict=True)
    assert capsys.readouterr() == ("", "")
    # What the library's own code logged: the suite's background thread (tests/conftest.py)
    # may log its wait for a file lock meanwhile, through the same root logger.
    package = str(Path(asyncproof.__file__).parent)
    assert [record for record in caplog.records if record.pathname.startswith(package)] == []


def test_lowercasing_that_changes_length_does_not_shift_spans() -> None:
    # "İ".lower() is two characters; spans must still point into the original text.
    text = "İİİ SSN 123-45-6789 MRN 00482213"
    assert [m.text for m in find_phi(text)] == ["123-45-6789", "00482213"]


# Round 6: classes of values found wherever a backend prints them (synthetic values).
ROUND_6 = [
    # Names and cities in any Latin script.
    ("reminder for Nguyễn Thị Hoa failed", [("NAME", "Nguyễn Thị Hoa")]),
    # Another country's postal code, with its city after a comma, in either order.
    (
        "SSN 123-45-6789 moved to 12 Elm Road, Oxford OX2 6GG",
        [("SSN", "123-45-6789"), ("ADDRESS", "12 Elm Road, Oxford"), ("ZIP", "OX2 6GG")],
    ),
    (
        "no coverage for DOB 1944-02-01 at Váci utca 12, Budapest 1052",
        [("DATE", "1944-02-01"), ("ADDRESS", "Váci utca 12, Budapest"), ("ZIP", "1052")],
    ),
    (
        "MRN 00482213 signature: Friedrichstraße 88, 10117 Berlin",
        [
            ("MRN", "00482213"),
            ("ADDRESS", "Friedrichstraße 88"),
            ("ZIP", "10117"),
            ("ADDRESS", "Berlin"),
        ],
    ),
    (
        "Tremblay, Gisèle|1936-04-02|4510 rue Saint-Denis|Montréal|QC|H2J 2L3",
        [
            ("NAME", "Tremblay, Gisèle"),
            ("DATE", "1936-04-02"),
            ("ADDRESS", "4510 rue Saint-Denis"),
            ("ZIP", "H2J 2L3"),
        ],
    ),
    ("postcode='LS6 9ZQ'", [("ZIP", "LS6 9ZQ")]),
    ("'address_zip': 'R95 X2E2'", [("ZIP", "R95 X2E2")]),
    (
        "DOB 1980-01-01 ('14 Smuts Ave', 'Johannesburg', '2196')",
        [
            ("DATE", "1980-01-01"),
            ("ADDRESS", "14 Smuts Ave"),
            ("ADDRESS", "Johannesburg"),
            ("ZIP", "2196"),
        ],
    ),
    # A name in capitals after its label, as forms, cards and identity checks print it.
    (
        "idv.callback surname=ADEYEMI given=OLUWASEUN TOBI status=verified",
        [("NAME", "ADEYEMI"), ("NAME", "OLUWASEUN TOBI")],
    ),
    (
        'text="Last Name: MAHLANGU   First: SIPHO   Sex: M"',
        [("NAME", "MAHLANGU"), ("NAME", "SIPHO")],
    ),
    ('ocr.card text="Member: JOHANNA M DE VRIES"', [("NAME", "JOHANNA M DE VRIES")]),
    # Not a name: an operator, a field, a bank after a name's label.
    ("SELECT id FROM patients WHERE family_name ILIKE $1", []),
    ('{"bank_name":"FIRST EXAMPLE BANK"}', []),
    # A name joined before a date in a file's name or a key: the record's person and date.
    (
        "upload key=referrals/2026-11/HADDAD_RAMI_19790412_referral.tif",
        [("NAME", "HADDAD_RAMI"), ("DATE", "19790412")],
    ),
    (
        "denied: '/tmp/nakashima_emiko_1929-11-08_consent.pdf'",
        [("NAME", "nakashima_emiko"), ("DATE", "1929-11-08")],
    ),
    # Not a name: words of a report's file before its date.
    ("wrote /exports/scan_report_2026-11-30.csv", []),
    # Someone naming themselves, a greeting, a message that opens on its reader's name.
    ('sms body="this is gloria bautista, i moved"', [("NAME", "gloria bautista")]),
    ('"Kia ora, it\'s Aroha Te Whare. Calling about"', [("NAME", "Aroha Te Whare")]),
    ('body="Imogen, your repeat prescription is ready"', [("NAME", "Imogen")]),
    ("DESCRIPTION:Hi Siobhan\\, please arrive early", [("NAME", "Siobhan")]),
    ('"cant make it, this is Rhonda\'s husband"', [("NAME", "Rhonda")]),
    # Not a name: a message that opens on a word, someone saying what they are.
    ('body="Sorry, your session expired"', []),
    ('"hi, this is urgent, I am unable to log in"', []),
    # A certificate's number after the word, a palm template, a Brazilian CPF by its shape.
    ("certificate DC-2026-NY-0048812 filed", [("ID", "DC-2026-NY-0048812")]),
    ("enrolled palm template BIO-7F3A-2219-C0DE", [("ID", "BIO-7F3A-2219-C0DE")]),
    ('"cpf": "123.456.789-09"', [("ID", "123.456.789-09")]),
    # Not an identifier: a message template's name, a certificate that failed.
    ("greeting line missing from template T-17", []),
    ("certificate verify failed: unable to get local issuer", []),
    # When something happens to a person: a visit's start, a reading taken, an iCal event.
    ('{"appt_id":"ap_7Q2","start":"2026-12-14T08:30:00"}', [("DATE", "2026-12-14T08:30:00")]),
    ("vitals sys=142 taken_at=2026-12-01T07:55:00Z", [("DATE", "2026-12-01T07:55:00Z")]),
    ("DTSTART;TZID=America/Chicago:20261214T083000", [("DATE", "20261214")]),
    # Not a person's: a query window's bounds, a fiscal year's.
    ('{"window_start":"2026-12-01","window_end":"2026-12-31"}', []),
    ("fiscal calendar: FY2027 starts 2026-10-01", []),
    # An SSN in an area never issued is still written as one (made up, mistyped).
    (
        "guarantor SSN on file: 666-45-7788",
        [("SSN", "666-45-7788")],
    ),
    # Not an SSN: a part number in its shape, area 000.
    ("000-12-3456,Adapter cable (service part),12.99,3", []),
    # An age said of a person, in a line that holds PHI.
    (
        "patient Hildegard Vonnegut-Marsh is 94, routing",
        [("NAME", "Hildegard Vonnegut-Marsh"), ("AGE", "94")],
    ),
    (
        "spoke to husband at (207) 555-0181; pt 97, hard of hearing",
        [("PHONE", "(207) 555-0181"), ("AGE", "97")],
    ),
    # Not an age: a measurement said so.
    ("Rosa Delgado: HR is 92 bpm, SpO2 is 94%", [("NAME", "Rosa Delgado")]),
    # A number dialled at home with its trunk 0, or in another country's groups, with PHI.
    (
        'Imogen Fairweather sms to="07700 900 418"',
        [("NAME", "Imogen Fairweather"), ("PHONE", "07700 900 418")],
    ),
    (
        "call me on 0412 555 018, DOB 1944-02-01",
        [("PHONE", "0412 555 018"), ("DATE", "1944-02-01")],
    ),
    ("sms.render to=+91 98765 50132", [("PHONE", "+91 98765 50132")]),
    # Not a person's: a toll-free number, a card number's groups.
    ("Dr. Ana Lima: call 0800 555 0100 to change", [("NAME", "Ana Lima")]),
    # Streets as other countries write them, in a line that holds PHI.
    (
        "MRN 00482213 signature: Friedrichstraße 88, Berlin",
        [("MRN", "00482213"), ("ADDRESS", "Friedrichstraße 88")],
    ),
    (
        "Tremblay, Gisèle|1936-04-02|4510 rue Saint-Denis|QC",
        [("NAME", "Tremblay, Gisèle"), ("DATE", "1936-04-02"), ("ADDRESS", "4510 rue Saint-Denis")],
    ),
    (
        '"SANTOS, PEDRO","12/06/1990","Rua das Flores 220, apto 81"',
        [
            ("NAME", "SANTOS, PEDRO"),
            ("DATE", "12/06/1990"),
            ("ADDRESS", "Rua das Flores 220, apto 81"),
        ],
    ),
    # Not a street: a version after a word, with no PHI around.
    ("upgraded Calle Mayor 7 dashboard", []),
    # A particle before a family name after a quote; a greeting is no family name.
    ('{"for":"van der Berg, A.","lang":"nl"}', [("NAME", "van der Berg, A.")]),
    (
        '"Bonjour, Marguerite Delacroix, né(e) le 03/07/1945"',
        [("NAME", "Marguerite Delacroix"), ("DATE", "03/07/1945")],
    ),
    # A passport's machine-readable zone.
    (
        'idv.mrz line1="P<NGAADEYEMI<<OLUWASEUN<TOBI<<<<<<<<<<"',
        [("NAME", "ADEYEMI<<OLUWASEUN<TOBI")],
    ),
    # A city in capitals before its state and ZIP code, as an address label prints it.
    (
        "ST|INV-2|KUZNETSOV DMITRI|BROOKLYN|NY|11235-8120|0.00",
        [("NAME", "KUZNETSOV DMITRI"), ("ADDRESS", "BROOKLYN|NY"), ("ZIP", "11235-8120")],
    ),
    # Not a city: a record's key before a state's letters.
    ("lookup MRN ID 12345 failed", []),
    # A relative named after the relation (`my mom Dolores`, `grandson Keoni Kahananui`).
    ('body="cant make it my mom Dolores is in the hospital"', [("NAME", "Dolores")]),
    # One known family name after a word that points at a person, in a line with PHI.
    (
        "could not reach Kowalczyk at (312) 555-0106",
        [("NAME", "Kowalczyk"), ("PHONE", "(312) 555-0106")],
    ),
    # Not a name: a word after `with` in a line with PHI.
    ("called (312) 555-0106 with Success", [("PHONE", "(312) 555-0106")]),
    # A national health number after its name, in groups as a card prints it.
    ('ocr.card text="NHS No. 943 476 5919"', [("HEALTH_PLAN", "943 476 5919")]),
    ('text="PHILHEALTH  PIN 12-050012345-6"', [("HEALTH_PLAN", "12-050012345-6")]),
    ("AOK Versicherten-Nr. A123456780", [("HEALTH_PLAN", "A123456780")]),
    # A licence with its issuing state before it, or in groups as a card prints it.
    (
        "SSN: 900 55 1208  Driver lic: OR 7340112",
        [("SSN", "900 55 1208"), ("LICENSE", "OR 7340112")],
    ),
    ('text="Driver\'s licence no: SA 1023 0045 81"', [("LICENSE", "SA 1023 0045 81")]),
    # Not a licence: a software licence's name.
    ("license: MIT (see LICENSE file)", []),
    # A plate of up to eleven characters with its separators.
    ("api.parking validated plate NJ-K71-PLM for visitor", [("VEHICLE", "NJ-K71-PLM")]),
    # Not a postal code: a standard's name and version, a count after a city with no PHI.
    ("X12 837P parse error at segment 14", []),
    ("edge stats, Auckland 2200 requests", []),
]


@pytest.mark.parametrize(("text", "found"), ROUND_6)
def test_values_found_round_6(text: str, found: list[tuple[str, str]]) -> None:
    assert [(m.kind, m.text) for m in find_phi(text)] == found


ADVERSARIAL = {
    "letters": "a" * 1_000_000,
    "digits": "1" * 1_000_000,
    "digit-hyphen": "1-" * 500_000,
    "labels": "patient " * 125_000,
    "honorifics": "Dr. A" * 200_000,
    "at-signs": "a@" * 500_000,
    "name-tokens": "Jane " * 200_000,
    "hl7": "PID|" * 250_000,
    "labels-and-values": "MRN: A1-" * 125_000,
    "dates": "DOB 1950-01-0" * 80_000,
    # One or more per pattern added for the independent corpus.
    "lower-case-names": 'last_name="ab-' * 70_000,
    "capital-names": "Name: DOE-ROE, " * 70_000,
    "saint-names": "patient St. St. " * 65_000,
    "name-keys": '{"given":["Ana","' * 60_000,
    "fhir-display": '"subject":{"reference":"' * 45_000,
    "fhir-period": '"period":{"start":"2024-01-01","' * 35_000,
    "month-day": "discharged 5/2" * 75_000,
    "relations": "son Jane " * 110_000,
    "hl7-fields": "PID|1|" * 170_000,
    "hl7-components": "PV1|||||||" + "^" * 1_000_000,
    "sql-keys": "Key (dob, dob)=(" * 65_000,
    "values-before-fields": "'1950-01-01' in field dob " * 40_000,
    "fields": "field " * 170_000,
    "percent-escapes": "%C3%A9" * 170_000,
    "percent-runs": "a%2 name=%41 " * 80_000,
    "urls": "https://a.example/?dob=" * 45_000,
    "udi": "(01)12345678901234(10)" * 45_000,
    "mrn-prefix": "MRN0" * 250_000,
    "ip-fields": "ip=::" * 200_000,
    "ages": "age>=9" * 170_000,
    # One or more per pattern added for the second independent corpus.
    "x12-segments": "NM1*IL*1*" * 110_000,
    "x12-stars": "N3*" + "*" * 1_000_000,
    "sql-parameters": "[parameters: ('" * 65_000,
    "sql-placeholders": "[SQL: UPDATE t SET a=? WHERE "
    + "b = ? AND " * 90_000
    + "] [parameters: (",
    "sql-values": "x = ? [parameters: (" + "'a', " * 200_000,
    "display-names": 'To: "Jane Doe" <' * 60_000 + "a@b.example",
    "names-with-ages": "Jane Doe, 93, " * 70_000,
    "last-first-names": "for Van der Merwe, " * 50_000,
    "name-suffixes": "patient Jane Doe Jr Sr " * 40_000,
    "caps-honorifics": "MR. DOE " * 125_000,
    "greetings": "Hi Jane " * 125_000,
    "rural-routes": "RR 2 Box 11, " * 75_000,
    "dicom": "PatientID=PatientAge=" * 45_000,
    "phone-extensions": "555-014-2298 x" * 70_000,
    "weekday-dates": "appointment Thu 11 Jul 2024 " * 35_000,
    "url-slugs": "https://a.example/patients/ab-cd-ef-gh/u/" * 25_000,
    "mysql-keys": "'A1' for key 'a." * 65_000,
    "spaced-codes": "member ID ABC 12 34 56 78 " * 40_000,
    # One or more per pattern added for blind_v3.
    "unlabelled-names": "Ana Lima de la Cruz, " * 50_000,
    "name-fields": "('Ingrid', 'Halvorsen', " * 45_000,
    "dea-numbers": "BK4821939 AB123456" * 55_000,
    "public-ips-with-phi": "SSN 123-45-6789 " + "198.51.100.7 1.2.3." * 50_000,
    "recurring-values": "patient Jane Doe " + "Jane Doe Jane " * 70_000,
    "city-keys": '"city": "Ab Cd Ef' * 60_000,
    "street-city-state": "12 Elm St, Ab Cd, " * 60_000,
    "keyed-names": "?family=Ab&given=" * 60_000,
    "ages-in-brackets": "Jane Doe (93) " * 70_000,
    # The scans of issue 15: joined words, ^-runs, record fields, cities before states, values
    # standing as fields, a whole text's values found again.
    "joined-words": "maria_garcia-" * 80_000,
    "caret-runs": "DOE^JANE^^" * 100_000,
    "caret-spaces": "1 Elm St^" * 110_000,
    "record-fields": "'BEREZIN', " * 90_000,
    "city-comma-state": "Lancaster, PA " * 70_000,
    "standing-fields": ",12345" * 160_000,
    "values-again": "\n".join(f"DOB 01/02/19{i % 100:02d} for Ana Lima" for i in range(40_000)),
    "zero-led-numbers": "SSN 123-45-6789 " + "0012345 00" * 100_000,
    "unlabelled-dates": "SSN 123-45-6789 " + "Dr. Ab cd ef gh 2024-01-02 " * 40_000,
    # The scans of the fourth round: names as whole fields, DICOM tags, observed ages,
    # identifiers standing on a line of PHI.
    "name-fields-whole": "Ana de la Lima Cruz," * 55_000,
    "quoted-fields": "'Ab Cd,\"" * 130_000,
    "dicom-tags": "(0010,0010) Patient's Name PN: " * 35_000,
    "observed-ages": '"display": "Age", "value' * 45_000,
    "hl7-ages": "^Age^LN||" * 120_000,
    "tied-numbers": "SSN 123-45-6789 " + "Ana Lima,8830041172," * 50_000,
    "postcodes": "SSN 123-45-6789 " + ", Oxford Oxford 12 A1 A1A 1" * 40_000,
    "postcode-fields": "SSN 123-45-6789 " + "'Lagos','1234" * 80_000,
    "introductions": "this is ana lima lima lima " * 40_000,
    "vocatives": '"Imogen, x' * 100_000,
    "said-ages": "SSN 123-45-6789 " + "Ab Abc Abcd is 9" * 60_000,
    "trunk-phones": "SSN 123-45-6789 " + "0412 555 (0) 12 " * 60_000,
    "mrz": "P<GBR" + "A<" * 100_000,
    "pointed-names": "SSN 123-45-6789 " + "reach Ab-Cd-" * 60_000,
    "streets-abroad": "SSN 123-45-6789 " + "Rua das Ab Ab Ab Ab " * 50_000 + "1",
    # Round 9: street lines in capitals as a field, streets named after their type, a
    # clinician's age and sex, lettered record numbers.
    "caps-street-fields": ",12 AB CD EF " * 80_000,
    "caps-street-units": ",12 AB ST APT 1" * 60_000,
    "type-first-streets": "12 Rue de Ab " * 80_000,
    "age-sex": "SSN 123-45-6789 " + "94 F 94F 9" * 90_000,
    "lettered-record-numbers": "SSN 123-45-6789 " + "MG00123456A" * 80_000,
    "patient-record-numbers": "patient MG0012 pt " * 50_000,
    "caps-month-dates": "SSN 123-45-6789 " + "1JAN19 1FEB2" * 80_000,
    "licence-groups": "A123-4567-890" * 80_000,
    "card-keys": "pan=" + "1234 5678 9012 " * 70_000,
    # Round 10: a city in capitals ending an address, the armed forces' addresses.
    "caps-cities-after-streets": '"12 AB LN APT 4B CD EF IL 12345 ' * 40_000,
    "military-addresses": "PSC 12 BOX 3 APO AE 1234 " * 40_000,
    "person-path-ids": "/clients/AB123456/guarantors/1234567/statements/" * 20_000,
    "spoken-digits": "my number is " + "one two three four " * 60_000,
    "spoken-digit-pairs": "zip code one two x " * 60_000,
    "licence-barcodes": "DLDAQ" + "A1" * 200_000 + "\nDCS" + "AB " * 100_000 + "\nDAK1",
    "clinicians-in-capitals": "DR ABCD EFGH " * 80_000,
    "cities-after-streets": "12 Ab Rd, Ab Cd Ef" * 60_000,
    "places-lived-in": "lives in Ab-cd-" * 80_000,
    "date-ranges": "DOS 01/02/2026 through " * 50_000,
    "compact-births": "dob=0314193" * 80_000,
    "patients-in-notes": "pt A. Ab de " * 80_000,
    "quoted-name-fields": "\"Jane Ab, Cd/Ef X. '" * 60_000,
    "same-format": "MRN AB-1234567 " + "AB-123456 AB-1234567 AB-12345678 " * 30_000,
    # Round 17: record numbers and days beside names in paths, barcode elements on one line,
    # a family and a given name, spoken dates.
    "numbers-beside-names": "ana_lima_00733104_" * 40_000,
    "days-under-people": "/RICHARDSON_JAMAL/2026-10-03_order.tif " * 20_000,
    "barcode-elements-on-one-line": "DCS=AB DAC=CD DBB=01021950 " * 30_000,
    "family-and-given": "LIMA RUIZ, ANA, " * 50_000,
    "spoken-dates": "born the first of may " * 40_000,
    # Round 18: record numbers after their labels, in a long run of capitals and `-`
    "record-labels": "RX--" * 250_000,
    "record-labels-numbered": "CASE NO 1-" * 100_000,
    # Round 20: many numbers tied to a line's PHI, each looked for again on the line (found in
    # review: one search of the line per number, once)
    "tied-numbers-again": "Tove Lindqvist,1961-05-02,"
    + ",".join(str(4_400_000 + 7 * i) for i in range(40_000)),
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_input_scans_in_linear_time(name: str) -> None:
    """100 KB of hostile input must not take much longer per byte than 10 KB of it.

    Catastrophic backtracking shows as a quadratic (or worse) ratio, 100x for 10x the input;
    the bound here is loose (10x input may take at most 40x time) so a busy CI machine does not
    make it flaky. Each size keeps the input's last characters, which some inputs end on.
    """
    text = ADVERSARIAL[name]

    def sample(size: int) -> str:
        return text[: size - 200] + text[-200:]

    assert_linear_time(find_phi, sample(len(text) // 100), sample(len(text) // 10))


def test_a_label_that_lower_cases_to_another_text_is_no_error() -> None:
    # Turkish `İ` lower-cases to two characters: the scan matches the label case-blind, and
    # its lower-case form names no label. Nothing is read after it; nothing raises.
    assert find_phi("PATİENT ID: 1234567") == []
    assert [m.kind for m in find_phi("PATİENT ID: 1234567, SSN 123-45-6789")] == ["SSN"]


def test_a_crlf_line_gives_what_the_same_line_gives_with_lf() -> None:
    """A file written on Windows: a value tied to the PHI of its line (the city and ZIP code
    after a name and SSN) is found before the line's `\\r` as before its `\\n`."""
    line = "Lindqvist, Björn|331-08-7719|19600722|Yakima|98902"
    lf = find_phi(f"batch 7\n{line}\nend")
    crlf = find_phi(f"batch 7\r\n{line}\r\nend")
    assert [(m.kind, m.text) for m in crlf] == [(m.kind, m.text) for m in lf]
    assert {m.kind for m in lf} == {"NAME", "SSN", "DATE", "ADDRESS", "ZIP"}


@pytest.mark.parametrize("strict", [False, True])
def test_lines_ended_by_a_lone_cr_redact_as_lines_ended_by_lf(strict: bool) -> None:
    """An old Mac file, or a progress bar's output: each line ended by a lone `\r` is read as
    if ended by `\n` (a line's PHI ties nothing on the next line), and the `\r` stays."""
    lines = [
        "level=warn msg=deprecated version=1.9.3 sunset=2024-12-31",
        "Professional license D4471920 of caregiver Ana Lima expired",
        "PO BOX 4471",
        "GREENVILLE SC 29608-4471",
        "OOMKilled: usage 2147483648 bytes, exitCode=137",
    ]
    lf = redact_phi("\n".join(lines), strict=strict)
    assert redact_phi("\r".join(lines), strict=strict) == lf.replace("\n", "\r")
    assert redact_phi("\r\n".join(lines), strict=strict) == lf.replace("\n", "\r\n")
    assert "sunset=2024-12-31" in lf or strict


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Round 10. An address's last line in capitals (city, state, ZIP) after its street line
        # or opening its field; not words, a code of three letters, nor a remittance box's.
        (
            '9,"310 MAPLEWOOD DR APT 2C TOPEKA KS 66604",',
            [("ADDRESS", "310 MAPLEWOOD DR APT 2C"), ("ADDRESS", "TOPEKA KS"), ("ZIP", "66604")],
        ),
        (
            "verify in='77 ORCHARD RD SW ROANOKE VA 24014' dpv=Y",
            [("ADDRESS", "77 ORCHARD RD SW"), ("ADDRESS", "ROANOKE VA"), ("ZIP", "24014")],
        ),
        (
            "input='HC 2 BOX 31, OKMULGEE OK 74447'",
            [("ADDRESS", "HC 2 BOX 31, OKMULGEE OK"), ("ZIP", "74447")],
        ),
        ("('PALATKA FL 32177-0041',)", [("ADDRESS", "PALATKA FL"), ("ZIP", "32177-0041")]),
        ('msg="MRN ID 40412"', []),
        (",TOTAL IN 51220,", []),
        ("REMIT TO PO BOX 70411 DENVER CO 80217", [("ADDRESS", "PO BOX 70411")]),
        # The armed forces' postal units and their ZIP codes.
        ("to='PSC 4102 Box 77, APO AE 09104'", [("ADDRESS", "PSC 4102 Box 77"), ("ZIP", "09104")]),
        ("CMR 480 BOX 2211 APO AE 09128", [("ADDRESS", "CMR 480 BOX 2211"), ("ZIP", "09128")]),
        ("FPO AP 96601-4411", [("ZIP", "96601-4411")]),
        ("TAPO AE 09104", []),
        # A person's record or account number after a collection of people or their bills in
        # a path; not a table's key, an opaque key, an invoice or a month.
        (
            '"GET /api/v2/clients/KX0071123/plan?x=1 HTTP/1.1" 200',
            [("MRN", "KX0071123")],
        ),
        ("PUT /residents/0091882/mar 204", [("MRN", "0091882")]),
        ("422 PATCH /v1/guarantors/6610928837 body={}", [("ACCOUNT", "6610928837")]),
        # A record's number standing in a row of PHI: zero-padded after its prefix, or one
        # letter and seven digits, a medical record's; the same on a line about accounts, or
        # of another shape, an account's.
        (
            'E0012388,"Lindqvist","Astrid",1957-03-14,F',
            [
                ("MRN", "E0012388"),
                ("NAME", "Lindqvist"),
                ("NAME", "Astrid"),
                ("DATE", "1957-03-14"),
            ],
        ),
        (
            "merged Lindqvist, Astrid (CV-0074411) into CV-0074402",
            [("NAME", "Lindqvist, Astrid"), ("MRN", "CV-0074411"), ("MRN", "CV-0074402")],
        ),
        (
            'E0012388,"Lindqvist","Astrid",1957-03-14,F,guarantor',
            [
                ("ACCOUNT", "E0012388"),
                ("NAME", "Lindqvist"),
                ("NAME", "Astrid"),
                ("DATE", "1957-03-14"),
            ],
        ),
        (
            'E7712388,"Lindqvist","Astrid",1957-03-14,F',
            [
                ("MRN", "E7712388"),
                ("NAME", "Lindqvist"),
                ("NAME", "Astrid"),
                ("DATE", "1957-03-14"),
            ],
        ),
        (
            'E77123881,"Lindqvist","Astrid",1957-03-14,F',
            [
                ("ACCOUNT", "E77123881"),
                ("NAME", "Lindqvist"),
                ("NAME", "Astrid"),
                ("DATE", "1957-03-14"),
            ],
        ),
        ("GET /pay/statement/55120981/pdf", [("ACCOUNT", "55120981")]),
        ("PUT /api/v1/patients/51207/address", []),
        ("GET /patients/pt-0042/chart", []),
        ("GET /billing/statements/INV-2026-004411.pdf", []),
        ("GET /statements/2026-11.pdf", []),
        # A name found in part of a quoted value is the whole value when the rest is a name's
        # too: a family name before a comma, a card's `LAST/FIRST`, a known name or initial;
        # not when the rest is English words.
        ('{"caregiver":"Tuilagi, Losana","shift":"am"}', [("NAME", "Tuilagi, Losana")]),
        (
            'term=T-9 cardholder="VANTERPOOL-OKE/MARGUERITE" ok',
            [("NAME", "VANTERPOOL-OKE/MARGUERITE")],
        ),
        ('{"caregiver":"Bronwen on call"}', [("NAME", "Bronwen")]),
        # A record number of its system's two or three letters and seven digits led by zeros,
        # in a line that holds other PHI; not alone, nor a message's id.
        (
            "oa-7,KP0071234,Linnea,Bergstrom,1940-03-12",
            [
                ("MRN", "KP0071234"),
                ("NAME", "Linnea"),
                ("NAME", "Bergstrom"),
                ("DATE", "1940-03-12"),
            ],
        ),
        ("s3://consents/KP0071234/ dob 1940-03-12", [("MRN", "KP0071234"), ("DATE", "1940-03-12")]),
        ("cache warm KP0071234 ok", []),
        ("MSG0041287 dob 1940-03-12", [("DATE", "1940-03-12")]),
        # The person a note is about after `pt`, `patient`, `client`, `resident` in lower case:
        # one name, or an initial and a family name; not an English word, a saint's place, a
        # title in capitals, nor a code system's `PT:`.
        ("PT: gait training; pt Tadhg declined stairs.", [("NAME", "Tadhg")]),
        ("HHA: client R. Brandvold (91) says", [("NAME", "R. Brandvold"), ("AGE", "91")]),
        ("pt K. Oyelaran da Costa not answering door", [("NAME", "K. Oyelaran da Costa")]),
        ("pt Refused meds, pt States pain", []),
        ("To: Patient Messaging <messages@example.org>", [("EMAIL", "messages@example.org")]),
        ("a resident of St. Brigid's", []),
        ("MedDRA PT: Anaphylactic reaction", []),
        # Dates of a stay or a service: the end of a period after its label's date, a form's
        # admit and discharge fields, a reading's observation, FHIR's servicedDate; a birth
        # date in eight digits, month or year first.
        ("DOS 03/02/2026-03/09/2026)", [("DATE", "03/02/2026"), ("DATE", "03/09/2026")]),
        (
            "Dates of service: 04/01/2026 through 04/03/2026",
            [("DATE", "04/01/2026"), ("DATE", "04/03/2026")],
        ),
        (
            "d/c date: 05/27/2026  Admit: 05/19/2026",
            [("DATE", "05/27/2026"), ("DATE", "05/19/2026")],
        ),
        ("pulse=88 obs=2026-04-29", [("DATE", "2026-04-29")]),
        ('"servicedDate":"2026-04-05"', [("DATE", "2026-04-05")]),
        ("unmatched dob=07211944 accession", [("DATE", "07211944")]),
        ("dob=12345678 admit 3 patients", []),
        # A clinician's name in capitals after Dr; not English words, nor a model's acronym.
        ("Referring: Dr VASQUEZ-ORTA (fax on file)", [("NAME", "VASQUEZ-ORTA")]),
        ("ATTENDING: DR AMARACHI ABIODUN", [("NAME", "AMARACHI ABIODUN")]),
        ("DR NOTIFIED OF BP; PER DR ORDERS", []),
        ("model 'Lumen XT DR MRI' unknown", []),
        # The city after a street line and a comma, where its field or sentence ends; not a
        # unit, nor a word of log text.
        (
            "lives with her son at 3318 N Kedvale Ave, Elmwood Park. Plan",
            [("ADDRESS", "3318 N Kedvale Ave, Elmwood Park")],
        ),
        (
            'SSN 900-41-2231 addr="71 Birchwood Rd, Tamworth"',
            [("SSN", "900-41-2231"), ("ADDRESS", "71 Birchwood Rd, Tamworth")],
        ),
        ("45 Main St, Suite 200", [("ADDRESS", "45 Main St, Suite 200")]),
        ("geocode 12 Oak Rd, Error. retry", [("ADDRESS", "12 Oak Rd")]),
        # Where a person lives, in a note: a place's name, not English words nor an acronym.
        ("her brother who lives in Tromsø-Nord", [("ADDRESS", "Tromsø-Nord")]),
        ("daughter living in Wayzata", [("ADDRESS", "Wayzata")]),
        ("lives in Assisted Living; lives in ADU", []),
        # A guarantor named by a number is the guarantor's account; not a count.
        ('{"guarantor":"5512093318","plan":"P2"}', [("ACCOUNT", "5512093318")]),
        ("root cause: guarantor 6610928837 had two plans", [("ACCOUNT", "6610928837")]),
        ("guarantor 2 of 3 signed", []),
        # Numbers spoken digit by digit in a call's transcript, of the kind asked for; not a
        # count, a number no cue names, nor a cue in a record's keys.
        (
            '"text":"sure my number is plus four four seven seven zero zero nine one two three"',
            [("PHONE", "plus four four seven seven zero zero nine one two three")],
        ),
        (
            'utterance="zip code nine eight one oh two"',
            [("ZIP", "nine eight one oh two")],
        ),
        (
            "caller: her date of birth is one one zero three one nine four two",
            [("DATE", "one one zero three one nine four two")],
        ),
        (
            "caller: the account is six six one zero nine two eight",
            [("ACCOUNT", "six six one zero nine two eight")],
        ),
        ("caller: count them, one two three four five six", []),
        ('"text":"it\'s four four zero one nine two eight"', []),
    ],
)
def test_values_found_round_10(text: str, found: list[tuple[str, str]]) -> None:
    assert [(m.kind, m.text) for m in find_phi(text)] == found


def test_a_licence_barcodes_elements_are_read_by_their_ids() -> None:
    """An ID scanner's dump of a licence's PDF417 (AAMVA): each element of a person's by its id;
    not the state, the eye colour, nor a line of capitals that starts with the same letters."""
    dump = "\n".join(
        [
            "ANSI 636014090002DL00410278ZC03190008DLDAQK4471-0092-118",
            "DCSHALVERSEN-OKAFOR",
            "DACMARGIT",
            "DBB04021977",
            "DAG1820 W BELMONT AVE APT 2",
            "DAIEAU CLAIRE",
            "DAJWI",
            "DAK547010000",
            "DAYBLU",
        ]
    )
    assert [(m.kind, m.text) for m in find_phi(dump)] == [
        ("LICENSE", "K4471-0092-118"),
        ("NAME", "HALVERSEN-OKAFOR"),
        ("NAME", "MARGIT"),
        ("DATE", "04021977"),
        ("ADDRESS", "1820 W BELMONT AVE APT 2"),
        ("ADDRESS", "EAU CLAIRE"),
        ("ZIP", "547010000"),
    ]
    assert find_phi("DAILY\nDATABASE_URL\nDACA renewal") == []


def test_a_licence_barcodes_elements_on_one_line_are_read_each_up_to_the_next() -> None:
    """A scanner's log line with the barcode's elements after spaces, with `=` or without: each
    element's value ends where the next element's id starts; three ids make such a line."""
    line = "scanned: DAQ=S530-4418-9921 DCS=SOKOLOV DAC=MIKHAIL DBB=04121949 DAG=88 BIRCH RD"
    assert [(m.kind, m.text) for m in find_phi(line + " DAI=ROCHESTER DAJ=MN DAK=559011234")] == [
        ("LICENSE", "S530-4418-9921"),
        ("NAME", "SOKOLOV"),
        ("NAME", "MIKHAIL"),
        ("DATE", "04121949"),
        ("ADDRESS", "88 BIRCH RD"),
        ("ADDRESS", "ROCHESTER"),
        ("ZIP", "559011234"),
    ]
    assert find_phi("DAQ and DCS and DAC are element ids") == []
    # (one way of writing them a line; an id's letters inside a value are the value's)
    assert redact_phi("id DAQ=S5304418 DCS=DAILEY DAC=ANN DBB=04121949 DAD=NONE") == (
        "id DAQ=[LICENSE] DCS=[NAME] DAC=[NAME] DBB=[DATE] DAD=NONE"
    )
    assert redact_phi("scan: DCS=ZOKOLOVA DAC=MIKHAILA DBB=04121949 DAK=559011234") == (
        "scan: DCS=[NAME] DAC=[NAME] DBB=[DATE] DAK=[ZIP]"
    )


def test_x12_segments_ended_by_crlf_are_read_as_ended_by_lf() -> None:
    """A file of X12 segments, one a line with no `~`, written on Windows: each segment's last
    element is read without its `\r` (the ZIP code, the birth date), and the `\r` stays."""
    lf = "NM1*82*1*OSEI*AMARA*K***XX*1952834170\nN4*DAYTON*OH*45402\nDMG*D8*19570314\n"
    crlf = lf.replace("\n", "\r\n")
    assert redact_phi(crlf) == redact_phi(lf).replace("\n", "\r\n")
    assert "45402" not in redact_phi(crlf)
    assert "19570314" not in redact_phi(crlf)


def test_a_record_number_at_a_crlf_line_s_end_stands_as_a_field() -> None:
    """A number standing as the last field of a row of PHI is found before a `\r\n` as before
    a `\n` (the row's `\r` is no part of the field)."""
    row = "555,LINDQVIST ASTRID,19751202,20261115,4548-4,9.4,%,1003982274"
    lf, crlf = row + "\nnext line", row + "\r\nnext line"
    assert "1003982274" not in redact_phi(lf)
    assert redact_phi(crlf) == redact_phi(lf).replace("\n", "\r\n")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A street's direction after its type, a unit after it in lower case, a trailer
        (
            'to="3120 Peachtree Rd NE Apt 1405, Atlanta GA 30305"',
            [("ADDRESS", "3120 Peachtree Rd NE Apt 1405, Atlanta GA"), ("ZIP", "30305")],
        ),
        (
            "Ana Lima, 2950 Cedar Ave S, Apt 612",
            [("NAME", "Ana Lima"), ("ADDRESS", "2950 Cedar Ave S, Apt 612")],
        ),
        ("moved to 88 Birch Ln unit 2, son present", [("ADDRESS", "88 Birch Ln unit 2")]),
        ("check to 909 Elm St Trlr 14", [("ADDRESS", "909 Elm St Trlr 14")]),
        # a unit in lower case holds a digit; a direction stands alone
        ("cd 12 Main St unit tests", [("ADDRESS", "12 Main St")]),
        ("at 12 Main St Sharon said", [("ADDRESS", "12 Main St")]),
        # One letter and seven digits as a field of a row of PHI: a chart's number
        (
            "E3381206 | Fifita    | Tevita  | 1955-02-03",
            [("MRN", "E3381206"), ("NAME", "Fifita"), ("NAME", "Tevita"), ("DATE", "1955-02-03")],
        ),
        # A record number or a birth date joined to a name in a file's or a folder's name
        ("ls: alvarez_ramon_00733104_chart.pdf", [("NAME", "alvarez_ramon"), ("MRN", "00733104")]),
        (
            "s3://path/2026/11/E5521077/OBI_NGOZI_A1_HE.svs",
            [("MRN", "E5521077"), ("NAME", "OBI_NGOZI")],
        ),
        (
            "/srv/scans/DELACRUZ_JOSE_05021944_consent.pdf",
            [("NAME", "DELACRUZ_JOSE"), ("DATE", "05021944")],
        ),
        ("photo_nwosu_jean-luc_80846.jpg", [("NAME", "nwosu_jean-luc")]),
        # A family name of several words and its given name after a comma
        (
            "WP-90014,GONZÁLEZ RUIZ, Camila,2025-06-30",
            [("NAME", "GONZÁLEZ RUIZ, Camila"), ("DATE", "2025-06-30")],
        ),
        (
            "ALVAREZ RODRIGUEZ, JOSE LUIS,552-81-4409",
            [("NAME", "ALVAREZ RODRIGUEZ, JOSE LUIS"), ("SSN", "552-81-4409")],
        ),
        # A flat before its street line, a half house number, General Delivery
        (
            "we moved her to Flat 2, 18 Kingsley Road, Harrogate",
            [("ADDRESS", "Flat 2, 18 Kingsley Road, Harrogate")],
        ),
        (
            '{"street": "17 1/2 Bayview Ter"} for Ana Lima',
            [("ADDRESS", "17 1/2 Bayview Ter"), ("NAME", "Ana Lima")],
        ),
        (
            "beneficiary mailing General Delivery, Nocona, TX 76255",
            [("ADDRESS", "General Delivery, Nocona, TX"), ("ZIP", "76255")],
        ),
        # A city after its key in capitals, and in Twilio's `FromCity`; not a null
        (
            '{"street1":"1 HARBORVIEW PL UNIT 19F","city":"TACOMA"}',
            [("ADDRESS", "1 HARBORVIEW PL UNIT 19F"), ("ADDRESS", "TACOMA")],
        ),
        ("Body=C&FromCity=MINNEAPOLIS&FromState=MN", [("ADDRESS", "MINNEAPOLIS")]),
        ('{"city": "UNKNOWN", "city2": "N/A"}', []),
        # A number with thousands' commas, or a clock's milliseconds, in a row of PHI: no age
        ("O. Hrytsenko accepted phase 1 ($3,115), financed", [("NAME", "O. Hrytsenko")]),
        (
            "[2026-11-30 05:30:04,117] ERROR client Ignatius Okonkwo-Bell",
            [("NAME", "Ignatius Okonkwo-Bell")],
        ),
        ("Ann Smith,7,101,M", [("NAME", "Ann Smith"), ("AGE", "101")]),
        # A name of a Cyrillic-script country, romanised
        ("visitor Oksana Melnyk signed in", [("NAME", "Oksana Melnyk")]),
        # An appointment's date in a message: with the clinician it is with, with `am`/`pm`
        (
            'body="Hi Kwame, your visit with Dr. Okafor on Thu Dec 3 at 3:40 PM."',
            [("NAME", "Kwame"), ("NAME", "Okafor"), ("DATE", "Thu Dec 3 at 3:40 PM")],
        ),
        (
            "Hi Hana Lopez, WIC appt 12/10 9:15am",
            [("NAME", "Hana Lopez"), ("DATE", "12/10 9:15am")],
        ),
        # not a clinician's own schedule, nor a file's time in a listing
        (
            "Dr. Chen has no slots on 2024-04-03 for Ana Lima",
            [("NAME", "Chen"), ("NAME", "Ana Lima")],
        ),
        ("-rw-r--r-- 1 u u 40 Nov 30 03:15 ana_lima.pdf", [("NAME", "ana_lima")]),
        # A date said aloud, after a word of a birth or a death, or in a line of PHI
        (
            "caller: her birthday is october fifth nineteen twenty nine",
            [("DATE", "october fifth nineteen twenty nine")],
        ),
        ("he passed on the fourth of october", [("DATE", "the fourth of october")]),
        (
            "I'm Wei Li, born September twenty-third, 1932.",
            [("NAME", "Wei Li"), ("DATE", "September twenty-third, 1932")],
        ),
        ("you may first call the clinic", []),
        ("the first of many retries", []),
        # A day as a folder or a file under a person's folder; not a day's folder above it
        (
            "s3://bh-scans-prod/court/RICHARDSON_JAMAL/2026-10-03_order.tif",
            [("NAME", "RICHARDSON_JAMAL"), ("DATE", "2026-10-03")],
        ),
        (
            "/mnt/scans/inbox/2026-11-30/Okonkwo_Adaeze_requisition.pdf",
            [("NAME", "Okonkwo_Adaeze")],
        ),
        # A word found is taken out wherever else the line writes it, also inside what the
        # rules hold as no PHI
        (
            'patient Ana Lima, "facility":"Columbus Regional Hospital", "city":"Columbus"',
            [("NAME", "Ana Lima"), ("ADDRESS", "Columbus"), ("ADDRESS", "Columbus")],
        ),
        # A date in Spanish, French (with a weekday, a year); a birth date read by OCR
        (
            "Hola Camila, su cita es el lunes 7 de diciembre a las 8:00",
            [("NAME", "Camila"), ("DATE", "lunes 7 de diciembre")],
        ),
        (
            '"né le 5 janvier 1950" for Jean Dupont',
            [("DATE", "5 janvier 1950"), ("NAME", "Jean Dupont")],
        ),
        (
            "Patient Name: DUBOIS, Marie   DOB: O7/21/l962",
            [("NAME", "DUBOIS, Marie"), ("DATE", "O7/21/l962")],
        ),
        ("build O7/21/1962 ok", []),
        # A birth date in eight digits, month first, as a field of a row of PHI
        (
            "MMIS|THUNDERBIRD|ELAINE|R|11231944|F|MA-AD",
            [("NAME", "THUNDERBIRD"), ("NAME", "ELAINE"), ("DATE", "11231944")],
        ),
        # Review of round 17: a form's `+` in a city, two-letter first words, placeholders
        ("FromCity=SALT+LAKE+CITY&FromState=UT", [("ADDRESS", "SALT+LAKE+CITY")]),
        ('{"city":"LA CROSSE"}', [("ADDRESS", "LA CROSSE")]),
        ("city=TBD city2=REDACTED", []),
        # a number's first group is no age; a spoken date's year after a long day; no cue
        ("Ann Smith | 95,310 | F", [("NAME", "Ann Smith")]),
        (
            "mom passed on the twenty first of december twenty nineteen",
            [("DATE", "the twenty first of december twenty nineteen")],
        ),
        ("all 412 tests passed on june first", []),
        ("the job died the fifth of october", []),
        ("born on the first of may", [("DATE", "the first of may")]),
        # a spoken date on a line of PHI with no digit
        (
            "patient Ana Lima seen the fifth of october",
            [("NAME", "Ana Lima"), ("DATE", "the fifth of october")],
        ),
        # a number beside a name at a line's end, and after `-`
        ("ls: alvarez_ramon_00733104\r\nnext", [("NAME", "alvarez_ramon"), ("MRN", "00733104")]),
        ("saved okafor-ngozi-00733104.pdf", [("NAME", "okafor-ngozi"), ("MRN", "00733104")]),
        # a day under a person's folder before a query or a space
        (
            "GET /patients/E1234567/labs/2026-11-30 HTTP/1.1",
            [("MRN", "E1234567"), ("DATE", "2026-11-30")],
        ),
        # lists of names in capitals stay names each; a dateless `mars` is no month
        (
            "attendees: SMITH JOHN, DOE JANE, LIMA ANA",
            [("NAME", "SMITH JOHN"), ("NAME", "DOE JANE"), ("NAME", "LIMA ANA")],
        ),
        ("got 12 mars bars for Ana Lima", [("NAME", "Ana Lima")]),
        # a first family name before `Family, Given`, in the same case, that the list holds
        ("note: GONZÁLEZ RUIZ, Camila called", [("NAME", "GONZÁLEZ RUIZ, Camila")]),
        ("ERROR RUIZ, Camila", [("NAME", "RUIZ, Camila")]),
        ("General Delivery failed for queue", []),
        ("-rw-r--r-- 1 u u 40 Nov 30 03:15 a.out ana_lima.pdf", [("NAME", "ana_lima")]),
    ],
)
def test_values_found_round_17(text: str, found: list[tuple[str, str]]) -> None:
    assert [(m.kind, m.text) for m in find_phi(text)] == found


# Found since the eighteenth round of issue 15 (and what must still not be found).
@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A person's case, accession, specimen or prescription number after its label
        ("case_id=C-2026-014412 note_seq=1", [("ID", "C-2026-014412")]),
        ("unmatched result accession ACC-26-0091182 test=BMP", [("ID", "ACC-26-0091182")]),
        ("erx.status rx=RX0044812 status=Dispensed", [("ID", "RX0044812")]),
        (":tooth: Lab case AL-55120 delayed", [("ID", "AL-55120")]),
        ("trauma.registry case_no=2026-0412: MVC", [("ID", "2026-0412")]),
        ("LP15 CASE=CS-7731 EVENT=12LEAD_ACQ", [("ID", "CS-7731")]),
        ("Rx #7720184 refilled", [("ID", "7720184")]),
        # Not digits alone after a bare label (a count as often), a week, a month, a time
        # stamp, digits run into letters (review of round 18)
        ("test case 12345 passed", []),
        ("eth0: rx=123456 tx=654321", []),
        ("booking 12345 rooms for 2026-05-01", []),
        ("switch (code) { case 10001: return; }", []),
        ("Supported: RX 1000BASE-T", []),
        ("in case 2026-04 is missing; case 2026-W48", []),
        ("case 2026-11-30T10:00:00Z started", []),
        # Not a key in lower case, nor one glued to its label; not a year, a date, a group
        ("refill request rx=rx-0091 qty=90", []),
        ("case=mro-2291 attempt=2", []),
        ("n-771201,case-00042,cm_rn_031", []),
        ("case 2026 review", []),
        ("case 2026-11-30 closed", []),
        ("bin=610014 group=RX4471", []),
        ("index specimens-2026.11 green", []),
        # A date's clock time with its `AM` or `PM`, and after `at`
        (
            "Brandt, Hollis | exam 12/14/2026 9:00 AM | OK",
            [("NAME", "Brandt, Hollis"), ("DATE", "12/14/2026 9:00 AM")],
        ),
        (
            "Hi Mai, reminder: clinic Wed 12/02 at 9:00 AM.",
            [("NAME", "Mai"), ("DATE", "Wed 12/02 at 9:00 AM")],
        ),
        # A name that is an organisation's ties no date of its line to a person
        ("AED-0413 (Lincoln Elementary) last check 2026-11-02", []),
        # A column's name in PostgreSQL's key is not the first value's label
        (
            "DETAIL: Key (phone, case_id)=(5550180120, 41877) already exists.",
            [("PHONE", "5550180120"), ("ID", "41877")],
        ),
        # ... of one value it is, in any language
        ("DETAIL:  key (ssn)=(123456789) already exists.", [("SSN", "123456789")]),
        ("DETAIL:  La llave (ssn)=(123456789) ya existe.", [("SSN", "123456789")]),
    ],
)
def test_values_found_round_18(text: str, found: list[tuple[str, str]]) -> None:
    assert [(m.kind, m.text) for m in find_phi(text)] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A street line in capitals as an address key's value, with an ordinal or a particle in
        # its name; not any key's value, nor a column after two spaces (found in review)
        (
            "NCPDP AM01 322-CM=77 PROSPECT ST APT 4 323-CN=KESSLER",
            [("ADDRESS", "77 PROSPECT ST APT 4"), ("ADDRESS", "KESSLER")],
        ),
        ("order cpt=70450 HEAD CT, sig=10 UNITS SQ, slot=3 SPARE DRIVE", []),
        ("  2  NVME DRIVE  ONLINE", []),
        ("|28 E 25TH ST|", [("ADDRESS", "28 E 25TH ST")]),
        ('"4471 PONCE DE LEON AVE NE",', [("ADDRESS", "4471 PONCE DE LEON AVE NE")]),
        # ... and a city in capitals after the street line's comma, English words or not
        (
            '"5 OAKWOOD CIR, MAPLE GROVE MN 55369",',
            [("ADDRESS", "5 OAKWOOD CIR, MAPLE GROVE MN"), ("ZIP", "55369")],
        ),
    ],
)
def test_values_found_round_22(text: str, found: list[tuple[str, str]]) -> None:
    assert [(m.kind, m.text) for m in find_phi(text) if m.kind in ("ADDRESS", "ZIP")] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # An age over 89 right after a name, in brackets or between commas
        ("handoff: Mrs. de la Cruz (93) came in", [("NAME", "de la Cruz"), ("AGE", "93")]),
        (
            "emergency contact Evelyn Marsh-Dubois, ninety-four, lives alone",
            [("NAME", "Evelyn Marsh-Dubois"), ("AGE", "ninety-four")],
        ),
        # ... not a share, nor an age under 90
        ("review for Ana Lima (95%) done", [("NAME", "Ana Lima")]),
        ("review for Ana Lima (84) done", [("NAME", "Ana Lima")]),
    ],
)
def test_an_age_after_a_name(text: str, found: list[tuple[str, str]]) -> None:
    assert [(m.kind, m.text) for m in find_phi(text)] == found


def test_a_records_last_field_is_read_alike_in_a_crlf_file() -> None:
    """A row's last field ends before a CRLF file's `\r` (blind_v37's first run: a name there
    was read with `\n` endings and not with `\r\n`)."""
    from asyncproof._phi.names import record_fields

    text = "unit,released,Okonkwo Adaeze\nnext,row,here"
    assert record_fields(text) == [(14, 28, "NAME", 1)]
    assert record_fields(text.replace("\n", "\r\n")) == record_fields(text)


def test_a_key_glued_to_a_record_label_is_no_record_number_to_the_rules() -> None:
    # (`RX-PT-266438`: the rules read no `rx` label in it; the learned look may still weigh it)
    assert scan("key=b'RX-PT-266438'", learned_too=False) == []
