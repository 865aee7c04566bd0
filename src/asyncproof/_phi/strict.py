"""Strict redaction: keep only what is provably harmless, mask everything else.

`find_phi` has to recognise a value to redact it, and on text nobody tuned it for it misses
about one identifier in five. Strict redaction turns the question round: a word or a number
stays only when it cannot be a person's value, and every other token becomes `[?]`. What
stays (see `_harmless`):

* structure: punctuation, keys before `=` or `:`, code identifiers (`patient_id`,
  `ValueError`, `app.services.intake`) whose parts are all harmless;
* vocabulary: English words as a dictionary writes them in lower case (SCOWL's list, shipped
  in `english_words.txt`) that are not people's names; Python's keywords, builtins and
  exception names; log levels; HTTP methods and status phrases; short acronyms (`HTTP`,
  `MRN`) that are not names;
* numbers that cannot single anyone out: up to three digits (`_SMALL_DIGITS`), versions,
  durations, sizes and counts with their unit, ports, error codes and line numbers; a
  timestamp that opens a log line; UUIDs, hex digests and opaque keys (`pt-0001`, the guide's
  advice for error messages); private and loopback IP addresses;
* what async test reports are written in: standard-library module names, asyncio's names,
  task names (`Task-3`), source files (`client.py:41`) and the packages on a path to Python
  source, durations handed to code (`sleep(3600)`), a label opening its line (`Subject:`), an
  English word that is a name too opening a clause before a function word (`Stuck here`);
* money: amounts with cents, card numbers with their middle masked, the number after a word
  naming an invoice, a batch, a merchant or a terminal; an event's clock in seconds since 1970
  after a clock's key (`"ts":1764516780.0004`);
* what belongs to an organisation or a program, never a person: toll-free phones, OIDs under
  standards' roots, a role's mailbox (`intake@example.org`), a program's account at a host
  (`ehr_app@ehr`), a code in its system's shape after the system's name (`cpt 99214`), a
  drug's generic name by its class's stem (`apixaban`), a link to a library's error page
  (`https://sqlalche.me/...`), a count or a measure after the key that names it
  (`bytes=48213`, not `max_age=97`).

Shapes that carry a person's value whatever their parts look like are masked first
(`strict_shapes`: dates with the clock after them, phone and SSN digit groups, also read by
an OCR with letters for digits, numbers said digit by digit, initials with their dots,
e-mail addresses, an age beside an age word, a street address, a care-of line, an apartment
or suite number, what speech-to-text writes: words spelled letter by letter, numbers, days
and e-mail addresses in words), and so is a link holding any masked part and a number that
could be an age over 89; so is the value of a key naming a person's name, initials or birth
date (`initials: K.B.`), and the log's own day when the same date is a value of the line. A
capitalised word that is a name (`Rose`, `Hill`) is masked even where it is an English word
too, and so is every capitalised word or initial standing next to a masked one (`Ana M.
Lima`, `Lima, Ana`, `Oak Street`).

The union with `find_phi`'s matches is returned, so strict mode masks at least what the
default mode redacts. The data loads on the first strict call, never on import.
"""

from __future__ import annotations

import itertools
import re
from functools import cache, lru_cache
from typing import Any

from asyncproof._phi import written
from asyncproof._phi.blocks import PARTICLE_WORDS, STATES
from asyncproof._phi.engine import with_lf_for_lone_cr
from asyncproof._phi.kinds.email import is_role_mailbox
from asyncproof._phi.kinds.license import luhn
from asyncproof._phi.strict_shapes import DOTTED_WORDS, line_words, shape_spans
from asyncproof._phi.strict_shapes import STREET_WORDS as _STREET_WORDS
from asyncproof._phi.strict_shapes import words as _words

MASK = "?"
"""The kind of a span masked by strict redaction only: shown as `[?]`."""


# Up to three digits: below 1,000 a number is none of the Safe Harbor numbers (phones, SSNs,
# ZIP codes, record and account numbers are all longer) except an age, a house number or a
# part of a date, and those are masked by the words around them (`strict_shapes`).
_SMALL_DIGITS = 3

# A token: a run of anything but spaces, quotes, brackets and the punctuation of code and logs.
_TOKEN = re.compile(r"[^\s\"'`=:,;()\[\]{}<>|\\?&#*^~!]+")
_SEGMENT = re.compile(r"[^/]+")  # path segments are judged one by one
_PART = re.compile(r"[^._\-+@$%]+")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_SMALL = re.compile(
    r"[+-]?\d{1,3}(?:[.,]\d{1,6})?(?:ms|s|us|µs|ns|m|h|d|x|k|kb|mb|gb|tb|b|px|%)?", re.I
)
_VERSION = re.compile(r"v?\d{1,3}(?:\.\d{1,3}){1,3}(?:[a-z]+\d*)?|v\d{1,4}", re.I)
_DATE_DOTS = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_PRIVATE_IP = re.compile(
    r"(?:10|127|192\.168|172\.(?:1[6-9]|2\d|3[01]))(?:\.\d{1,3}){1,3}|0\.0\.0\.0|::1?"
)
_MIXED = re.compile(r"(?P<letters>[a-z]{1,12})(?P<digits>\d{1,3})", re.I)

# A timestamp that opens a log line is the log's, not a person's: `2026-12-01T10:22:01Z`,
# `[2026-12-01 10:22:01,123]`, `Dec  1 10:22:01` (syslog). A date alone is not a timestamp.
_LOG_TIMESTAMP = re.compile(
    r"[ \t]*[\[(]?(?:\d{4}-\d{2}-\d{2}(?:[T ]|, )\d{2}:\d{2}(?::\d{2})?(?:\.\d{1,9}|,\d{3}(?!\d))?"
    r"(?:Z| ?[+-]\d{2}:?\d{2}| UTC)?|[A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2}"
    # nginx's and Go's `2026/12/01 10:22:01`, and `12/01/2026 10:22:01`: to the second, in
    # this century, before a level or a bracket as a log writes them (a record's time opens a
    # row of fields: `11/29/2026 04:12:33,Baby Girl Roe`)
    r"|(?:20\d\d/\d{2}/\d{2}|\d{2}/\d{2}/20\d\d) \d{2}:\d{2}:\d{2}(?:[.,]\d{3}(?!\d))?"
    r"(?=[\])]? (?:\[|(?:DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|CRITICAL|FATAL|TRACE)\b)))[\])]?"
    # the process's id after it, as gunicorn and PostgreSQL write it: `[4412]`
    r"(?: \[\d{1,7}\])?"
)
# A clock's reading to the second: what a program stamps its lines and events with.
_CLOCK = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?"
# The log's clock also stands after a tag or a record type opening the line (`[cron] 2026-12-01
# 05:00:15`, an AWS load balancer's `h2 2026-11-30T22:01:13.002Z`), and as the value of a
# structured log's clock key (`"ts":"2026-11-30T23:15:00Z"`, `@timestamp=...`).
_CLOCK_AFTER_TAG = re.compile(
    rf"[ \t]*(?:\[[A-Za-z][\w.-]{{0,23}}\]|[a-z][a-z0-9]{{0,7}})[ \t]{{1,2}}({_CLOCK})(?=[ \t\]]|$)"
)
# (A key of its own, not the last part of a record's: `patient.death.ts=` is a person's;
# `lastUpdated` is FHIR's version stamp.)
_CLOCK_KEY = re.compile(
    r"[\"']?(?<![\w@.-])(?:ts|timestamp|@timestamp|asctime|logged_at|log_time|lastUpdated)"
    rf"[\"']?[ \t]?[=:][ \t]?[\"']?({_CLOCK})(?![\w:])"
)
# `time` and `@t` name the log's clock only as the line's first key (logrus's `time="..."`,
# Serilog's `{"@t":"..."}`): elsewhere `time` is as often a person's (`birth time:`, an
# admission's `"time":`).
_LEADING_CLOCK = re.compile(rf"[ \t]*(?:time=|\{{\"@t\":)[\"']?({_CLOCK})(?![\w:])")
# ... or as the seconds since 1970 a program stamps an event with (`"ts":1764516780.000400`,
# Slack's and SendGrid's): ten digits from 2017 to 2033, after a clock's key.
_EPOCH_KEY = re.compile(
    r"[\"']?(?<![\w@])(?:ts|timestamp|@timestamp|event_ts|created(?:_at)?|updated(?:_at)?)"
    r"[\"']?[ \t]?[=:][ \t]?"
    r"[\"']?(1[5-9]\d{8}(?:\.\d{1,9})?)(?![\w.])"
)
_EPOCH_WORDS = frozenset(_words("ts timestamp created updated"))
_STAMP_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# A log's clock writes seconds; a time to the minute before a field's separator is a field of a
# record (a visit's time opening a CSV row: `2026-11-29 22:14,SACRED_HEART,...`), not the log's.
_RECORD_TIME = re.compile(r"[ \t]*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?=[,;|\t])")

# Hosts of references a library's errors and a standard's identifiers link to: their paths
# name an error or a code system, never a person (`https://sqlalche.me/e/20/gkpj`, FHIR's
# `http://hl7.org/fhir/sid/us-npi`).
_REFERENCE_HOSTS = frozenset(
    [
        *("sqlalche.me", "errors.pydantic.dev", "docs.python.org", "docs.pydantic.dev"),
        *("hl7.org", "www.hl7.org", "terminology.hl7.org", "build.fhir.org", "loinc.org"),
        *("snomed.info", "www.nlm.nih.gov", "www.ama-assn.org", "unitsofmeasure.org"),
    ]
)
_PLAIN_PATH = re.compile(r"[A-Za-z0-9._~/-]{0,300}")


def _reference_path(path: str) -> bool:
    """Whether the path of a link to a reference host is a reference's: plain segments (no
    query, `|`, `&`, `,` nor a `%` escape: FHIR's searches carry a patient's value after a code
    system's link) that name no FHIR resource (`/fhir/Patient/...` is a person's) and hold no
    run of four digits (`/sid/us-ssn/123456789`: a value after its system)."""
    if not _PLAIN_PATH.fullmatch(path.rstrip(").,;:]")):  # (what closes the sentence around it)
        return False
    return not any(
        segment.lower() in _FHIR_TYPES or _FOUR_DIGITS.search(segment)
        for segment in path.split("/")
    )


_URL = re.compile(r"\b[a-z][a-z0-9+.-]{1,15}://[^\s\"'<>`]{1,2000}", re.I)
# Between two words of one name or place: `Ana Lima`, `Lima, Ana`, `Ana M. Lima`, `O'Brien`,
# `LIMA^ANA^M` (HL7), `'Lima', 'Ana'` (a tuple).
_JOIN = re.compile(r"[ \t]{1,2}|,[ \t]{1,2}|[ \t]?-[ \t]?|\.[ \t]?|\\?'|\^|(['\"]),[ \t]?\1")
# Between the pieces of one number: `MA 3KX 991`, `1^541^5550158`.
_NUMBER_JOIN = re.compile(r"[ \t]|\^|-")
# Ages over 89 are identifiers (Safe Harbor): a bare number that could be one is masked.
_OLD_AGES = range(90, 126)


def _old_age(digits: str) -> bool:
    """Whether decimal `digits` read as an age over 89 (`int` is not asked to read a run of
    thousands of digits: Python refuses one over 4,300)."""
    return len(digits) <= 4 and int(digits) in _OLD_AGES


# ... unless it says where in a file (`line 104`, `app.py:104`) or is a code (`[Errno 111]`).
_WHERE = re.compile(
    r"(?:line[ \t]|\.\w{1,8}:|:\d{1,6}:|(?i:errno|status|code|attempt|port)[ \t=:]{1,2})\Z"
)

_LOG_WORDS = frozenset(
    _words(
        "trace debug info information notice warn warning error err critical crit fatal alert "
        "emerg emergency exception traceback ok get head post put patch delete options connect"
    )
)
# Words of programs that no dictionary has: URL schemes, standard streams, common formats.
# FHIR's resource types of one word: what a health backend's URLs, JSON and errors name
# (`GET /Patient?_id=...`, `"resourceType":"Observation"`). Those of several words are read
# by their parts (`MedicationRequest`).
_FHIR_TYPES = frozenset(
    _words(
        "account appointment basic binary bundle claim communication composition condition "
        "consent contract coverage device encounter endpoint group immunization invoice library "
        "linkage list location measure media medication observation organization parameters "
        "patient person practitioner procedure provenance questionnaire schedule slot specimen "
        "subscription substance task"
    )
)
_CODE_WORDS = frozenset(
    _words(
        "http https ftp sftp ws wss ssh git mailto postgres postgresql mysql sqlite redis amqp "
        "stdin stdout stderr errno args kwargs utf ascii json yaml toml csv xml html uri url api "
        "localhost config init repr str int bool dict len async await coroutine coroutines "
        "awaitable iterable iterator generator callable fixture fixtures pytest mock mocker mixin "
        "kwarg param params stacktrace cron crontab upsert webhook healthcheck healthz readyz "
        "livez kubelet kubectl nginx gunicorn uvicorn uwsgi celery cpu gpu "
        # the standards and code systems of health data
        "fhir dicom loinc snomed rxnorm icd cpt hcpcs ndc cvx ucum"
    )
)


# SQL's keywords, in capitals in a statement or a database's error: read as code even where a
# name is spelled the same (`UNIQUE`, `KEY`).
_SQL_WORDS = frozenset(
    _words(
        "select insert update delete into values from where and or not null unique primary "
        "foreign key references constraint check default returning join left right inner "
        "outer on group order by having limit offset distinct union create table index drop "
        "alter add column set cascade restrict conflict do nothing begin commit rollback"
    )
)


# A drug's generic name, by the stem its class shares (the USAN council's stems: `-statin`,
# `-pril`, `-xaban`, `-mab`, ...): `atorvastatin`, `apixaban`, `pembrolizumab`. Not the stems
# that people's names end in too (`-mide`: Olumide; `-vir` alone: Jasvir; `-sone` alone:
# Nakasone, Rossone; `-afil`: Israfil; `-olone`: Bartolone); a word of the name data is a name
# first.
_DRUG = re.compile(
    r"[a-z]{3,20}(?:statin|pril|sartan|olol|dipine|azole|tidine|xaban|gliptin|gliflozin|formin"
    r"|oxetine|triptan|ovir|navir|buvir|previr|parin|lukast|(?:i|ha|ta|ca)sone|azepam|mab|nib"
    r"|cillin|mycin|floxacin|cycline|profen|setron|semide|thiazide|terol|dronate|glitazone|caine)"
)
Vocabulary = tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]
# Capitals up to this length are taken for an acronym when no name is spelled so (`HTTP`,
# `JSON`, `MRN`); a longer word in capitals is a shouted word or a surname (`VRIES`).
_ACRONYM = 4
_STATES = frozenset(STATES.split("|"))
_HEX = re.compile(r"[0-9a-f]+", re.I)
_NUMBER_GROUPS = re.compile(r"\d[-/]\d")
_CODE_AND_NUMBER = re.compile(r"(?:^|-)(?:\d{3,}-[A-Z]{2,}|[A-Z]{2,}-\d{3,})(?:-|$)")
_JOINED_WORDS = re.compile(r"[A-Z][a-z]+(?:\+|%20)[A-Z][a-z]+")
_TITLE_WORD = re.compile(r"[A-Z][a-z]{1,30}")
_GOES_ON = re.compile(r"[ \t]{1,2}[\"'(\[]?")
_TITLE_OR_CAPS = re.compile(r"[A-Z][A-Za-z]{0,30}")
# What a message opens after: a sentence's end, a separator, a quote or bracket, the end of a
# bracketed prefix (`[worker] Received task`).
_SENTENCE_START = re.compile(r"(?:[.!?:;|>*#\-]|^|[\"'(\[{<\])}])[ \t]*\Z")
# pytest's prefix of a failure's lines: `E       AssertionError`, `E         Omitting 1 ...`.
_PYTEST_PREFIX = re.compile(r"[ \t]*E[ \t]{2,}")
_WORD_AT = re.compile(r"[A-Za-z]+")
# A log level padded to its column (uvicorn's `INFO:     Started server process`): what follows
# opens a message. (Only a level: after a label's padding, `Caller:       Will said`, a name.)
_PADDED_LEVEL = re.compile(
    r"(?<![A-Za-z])(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL|NOTICE|TRACE):?[ \t]{3,}\Z"
)
_NEXT_WORD = re.compile(r"[ \t]{1,2}([a-z]{1,10})\b")
# Words that follow an ordinary word opening a sentence, and not a name: adverbs of place and
# time, prepositions, articles, conjunctions of subordinate clauses (no verb, no `and`: `Rose
# was admitted`, `Rose and Ana`).
_FUNCTION_WORDS = frozenset(
    _words(
        "here there when where while which that this then than the a an to in on at by for "
        "from with into over under after before during until not no if as so because since "
        "also only all out up down off"
    )
)
# A path to Python source, installed or not: its segments are packages and modules, named by
# programmers (`/usr/lib/python3.12/site-packages/django/db/utils.py`, `app/intake/views.py`).
_SOURCE_PATH = re.compile(r"\.pyc?\Z|\.pyi\Z|/(?:site|dist)-packages/|/lib/python\d")
# A directory of a project or of its tests, also with hyphens (`health-api`, `pytest-of-ci`).
_IDENTIFIER = re.compile(
    r"[A-Za-z_][A-Za-z0-9_-]{0,63}(?:\.[A-Za-z0-9_]{1,16})?|python\d(?:\.\d{1,2})?"
)
# A program's product token, as a User-Agent writes it: `kube-probe/1.30`, `Mozilla/5.0`.
_PRODUCT = re.compile(r"([A-Za-z][A-Za-z-]{1,30})/\d{1,3}(?:\.\d{1,4}){1,3}")
# An e-mail address whole, to ask whether it is a role's (`kinds.email`).
_ADDRESS = re.compile(
    r"(?<![\w.+-])(?P<local>[\w.+-]{1,64})@(?P<domain>[\w-]{1,63}(?:\.[\w-]{1,63}){1,8})(?![\w-])"
)


def _role_address(address: re.Match[str]) -> bool:
    """Whether an e-mail address is a role's at a domain whose every label is harmless and no
    name (`mail@green.me`, `hello@rose.family`: a person's own domain); its last, the top-level
    domain, a word of letters (`org` is a name in the name data too)."""
    *labels, top = address["domain"].split(".")
    return (
        is_role_mailbox(address["local"])
        and top.isalpha()
        and all(
            _token_harmless(label, key=False) and not _name_like(label.title(), _vocabulary())
            for label in labels
        )
    )


_ADDRESS_IN_MEMORY = re.compile(r"0x[0-9a-f]{1,16}")
_TZ_OFFSET = re.compile(r"[+-](?:0\d|1[0-4])[0-5]\d")
# A web server's own timestamp in its access log: `[01/Dec/2026:13:07:55 +0000]`.
_ACCESS_TIMESTAMP = re.compile(r"\[\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2}(?: [+-]\d{4})?\]")
# A port after a host: `localhost:5432`, `10.0.4.12:8000`, a socket address `('127.0.0.1', 5432)`.
_PORT = re.compile(
    r"(?:localhost|[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}):\Z"
    r"|\(['\"](?:localhost|[\d.]{7,15}|[\da-f:]{2,39})['\"],[ \t]?\Z",
    re.I,
)
# A duration handed to code: `asyncio.sleep(3600)`, `timeout=1800`, `delay: 7200`.
_DURATION_BEFORE = re.compile(
    r"(?:\bsleep\(|\b(?:timeout|delay|interval|ttl|deadline)[ \t]?[=:][ \t]?)\Z", re.I
)
# A count or a measure named by the key before it: `bytes=48213`, `"rows": 12044`,
# `elapsed_ms=1500` (not from 90 to 125: that may be an age all the same). A key is read by its
# parts: its last names the measure with a noun or a unit (not a verb: `last_processed=` holds
# a record's id), and one naming an identifier or a person anywhere is not one
# (`member_count`, `mrn_len`, `skipped_patient`, `sent_to`). (No word before a number: `Failed
# to process 447192`.)
_MEASURE_KEY = re.compile(r"(?<![\w.-])([A-Za-z][\w.-]{0,40})[\"']?[ \t]?[=:][ \t]?[\"']?\Z")
_MEASURE_PARTS = frozenset(
    _words(
        "bytes rows size count total limit offset elapsed latency duration took ttl port "
        "rate buf buffer len length depth hits misses retries attempts tokens samples pages "
        "records items lines files tasks messages events entries keys workers threads conns "
        "connections lag uptime max min avg mean sum p50 p90 p95 p99 ms us ns sec secs seconds "
        "kb mb gb width height capacity errors warnings"
    )
)
# Parts of a key that make its number a person's, whatever else the key says: `skipped_patient`,
# `failed_pt`, `max_age`. (`pid` is not a measure in a health log: as often a patient's id.)
_PERSON_PARTS = frozenset(
    _words(
        "patient patients pt pat person member subscriber client resident subject donor student "
        "enrollee beneficiary insured guarantor user zipcode postal postcode zip phone ssn "
        "account caller guardian contact pager "
        "age ages aged years yrs yo birth born dob"
    )
)
_KEY_PARTS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def _measured(text: str, start: int, end: int) -> bool:
    """Whether the number at `end` is a count or a measure: the key before it (in
    `text[start:end]`) names one."""
    key = _MEASURE_KEY.search(text, start, end)
    if key is None:
        return False
    # (each part without the digits after it: `mrn2`, `zip5` are `mrn`, `zip`)
    parts = [part.lower().rstrip("0123456789") for part in _KEY_PARTS.findall(key.group(1))]
    return (
        bool(parts)
        and parts[-1] in _MEASURE_PARTS
        and _IDENTIFIER_PREFIXES.isdisjoint(parts)
        and _PERSON_PARTS.isdisjoint(parts)
    )


# A measurement, not a value of anyone: `1500 ms`, `2048 bytes`, `12044 rows`, `3000ms`.
_UNITS = (
    r"(?:ms|us|µs|ns|s|sec|secs|seconds?|min|minutes?|b|bytes?|kb|mb|gb|tb|kib|mib|gib|"
    r"rows?|records?|items?|lines?|files?|tests?|tasks?|requests?|messages?|events?|entries)"
)
_UNIT = re.compile(r"[ \t]?" + _UNITS + r"(?![\w-])", re.I)
# Up to seven digits: eight are a date (`19570314`), more a phone or an identifier. Written
# on the number, only a unit as programs write it (`3000ms`, `12s`, `2048KiB`): a letter after
# digits is as often part of an identifier (`2441873B`, a provider number).
_MEASURE_DIGITS = 7
_MEASURE = re.compile(
    rf"\d{{1,{_MEASURE_DIGITS}}}(?:[.,]\d{{1,6}})?(?:ms|us|µs|ns|s|sec|min|[kKMGT]i?B)"
)
# An opaque internal key, what the guide tells you to log instead of PHI: `pt-0001`, `ord_42`.
# Not when its prefix names a kind of identifier (`mrn-004412`, `acct-7781`).
_OPAQUE_KEY = re.compile(r"(?P<prefix>[a-z]{1,5})[-_]\d{1,8}")
# An opaque key after words that say what it is for: a task's or a job's name (`remind-pt-0042`).
_NAMED_KEY = re.compile(r"(?P<words>(?:[a-z]{2,20}[-_]){1,3})(?P<prefix>[a-z]{1,5})[-_]\d{1,8}")
# What follows a class or a callable in code: a call, a subscript; or Python's own words after
# a type's name in its messages (`'Registry' object is not callable`).
_CALLED = re.compile(r"[(\[]|['\"][ \t]object\b")
_IDENTIFIER_PREFIXES = frozenset(
    _words(
        "mrn ssn sin nhs dob npi dea acct ac acc mbr mem member clm claim rx vin dl lic tel ph "
        "fax zip pin id hic hicn mbi cert pol plan grp"
    )
)


# Keys whose value is a person's name, initials or birth date, whatever the value looks like
# (`initials: K.B.`, `"initials":"PNM"`, `first=hoa`, `dob='S44.07.19'`): compared with the
# key's letters in lower case, separators dropped.
_PERSON_KEYS = frozenset(
    _words(
        "first last fname lname firstname lastname givenname familyname surname middlename "
        "initials patientinitials fullname patientname membername subscribername middle "
        "middleinitial nickname preferredname maidenname mothersmaidenname"
    )
)
# Keys whose value is a place smaller than a state (Safe Harbor's geographic subdivisions):
# `city="ash grove"`, `'town': 'Mobile'`; digits there are the value (`street='12 Oak'`).
_PLACE_KEYS = frozenset(
    _words(
        "city town village municipality street streetaddress homeaddress residence "
        "addressline1 addressline2"
    )
)
# Keys whose value is a birth date: digits there are the value (`dob=19570314`), where a name
# key's digits are a count (`first: 50`, GraphQL's page size).
_BIRTH_KEYS = frozenset(_words("dob dateofbirth birthdate birthday"))
# What a key's value says when it holds nothing: `dob=None`, `last: null`.
_PLACEHOLDERS = frozenset(
    _words("none null nil true false undefined nan empty missing unknown redacted masked")
)
_KEY_LETTERS = re.compile(r"[^a-z]")
# A person key's value runs over words one space apart, never over another key or field.
_KEY_GAP = re.compile(r"[\"']?[ \t]?[=:][ \t]{0,2}[\"']?")
_VALUE_WORDS = 4


@cache
def _vocabulary() -> Vocabulary:
    """English words (lower case), code words, names that are not English words, and names
    that are English words too (all lower case), read on the first strict call."""
    import asyncio
    import builtins
    import http
    import keyword
    import sys
    from importlib.resources import files

    from asyncproof._phi.names import _lists

    text = files("asyncproof._phi").joinpath("english_words.txt").read_text("utf-8")
    # The licence comes first, every line of it starting with `#`; then the words.
    body = text[text.index("\n", text.rindex("\n#") + 1) :]
    words = frozenset(body.split())
    code = {
        *keyword.kwlist,
        *keyword.softkwlist,
        *dir(builtins),
        *_LOG_WORDS,
        *_CODE_WORDS,
        *_FHIR_TYPES,
        *_PLACEHOLDERS,  # what stands for a value: `<redacted>`, `None`
    }
    # The standard library's modules (`datetime`, `asyncio`) and asyncio's names (`Task`,
    # `CancelledError`): what the reports of async tests are written in.
    code.update(sys.stdlib_module_names)
    code.update(name for name in dir(asyncio) if not name.startswith("_"))
    for kind in (str, bytes, int, float, list, dict, set):  # their methods: `text.endswith`
        code.update(name for name in dir(kind) if not name.startswith("_"))
    for status in http.HTTPStatus:
        code.update(status.phrase.lower().split())
    _, every, english = _lists()
    # Joined and lowered at once: a set of ~100,000 names in a few milliseconds.
    english_names = frozenset(" ".join(english).lower().split())
    # The words of programs listed here are read as such even where the name data has them
    # (`cron`): they are chosen, where the name lists are gathered in bulk.
    listed = _LOG_WORDS | _CODE_WORDS | _FHIR_TYPES
    names = frozenset(" ".join(every).lower().split()) - english_names - listed
    return words, frozenset(w.lower() for w in code), names, english_names


def _word_ok(part: str, vocabulary: Vocabulary, *, key: bool) -> bool:
    """Whether one part of a token (`error`, `Patient`, `HTTP`, `utf8`, `42`) is harmless."""
    words, code, names, english_names = vocabulary
    if part.isdecimal():
        return len(part) <= _SMALL_DIGITS and int(part) not in _OLD_AGES
    mixed = _MIXED.fullmatch(part)
    if mixed:  # `utf8`, `sha256`, `v2`, `h2`: a short word and a small number
        letters = mixed.group("letters")
        if part.isupper() and len(part) >= 5:
            return False  # `HGT442`: a plate or a code of some record, not a word of code
        return len(letters) <= 3 or _word_ok(letters, vocabulary, key=key)
    if not part.isalpha() or not part.isascii():
        return False
    low = part.lower()
    if part.isupper() and low in _SQL_WORDS:
        return True  # `UNIQUE constraint failed`: SQL as databases write it, not a surname
    if low in names:
        return False
    if part[0].isupper() and low in english_names:
        return False  # `Rose`, `Hill`, `Young`: a name first, a word second
    if low in words or low in code or _DRUG.fullmatch(low):
        return True
    if (part.isupper() and len(part) <= _ACRONYM) or (part.islower() and len(part) <= 3):
        return True  # an acronym that is no name: HTTP, MRN, DOB, JSON, `dob`, `sms`
    return key and part.islower()  # a key's own abbreviation: `dob=`, `pt_id:`


# Words recur from line to line (`error`, `patient_id`, `File`): each token's answer is kept,
# up to this many tokens, so that a log or a report judges each word about once.
_TOKEN_CACHE = 8192


@lru_cache(maxsize=_TOKEN_CACHE)
def _token_harmless(token: str, *, key: bool) -> bool:
    """`_harmless` with the vocabulary, remembered for the recent tokens."""
    return _harmless(token, _vocabulary(), key=key)


def _harmless(token: str, vocabulary: Vocabulary, *, key: bool) -> bool:
    """Whether a token can be shown: every path segment of it is harmless."""
    if "@" in token.strip("@"):
        # A user named as code (`ehr_app`, `svc2`, `celery`; not `grace`, a login too) at a
        # host with no domain is a program's account: PostgreSQL's user and database
        # (`ehr_app@ehr`), a Celery worker (`celery@worker-3`). With a domain it is an address
        # (`r.lima@example.com`): a role's is kept before tokens are judged.
        user, _, host = token.strip("@").partition("@")
        programs = ("_" in user or any(c.isdecimal() for c in user) or user in vocabulary[1]) and (
            _program_name(user, vocabulary)
        )
        return (
            programs
            and "." not in host
            and "@" not in host
            and _harmless(user, vocabulary, key=False)
            and _harmless(host, vocabulary, key=False)
        )
    product = _PRODUCT.fullmatch(token)
    if product and not any(_name_like(part, vocabulary) for part in product.group(1).split("-")):
        return True  # a program and its version: `kube-probe/1.30` (not `Hill/2.1`)
    if _TZ_OFFSET.fullmatch(token):
        return True  # a zone: `+0000`
    source = _SOURCE_PATH.search(token) is not None
    for segment in _SEGMENT.findall(token):
        if source and _source_segment(segment, vocabulary):
            continue
        core = segment.strip(".-_+@$%")
        if not any(c.isalnum() for c in core):
            continue  # punctuation
        if core.lower() in vocabulary[1] and not _name_like(core, vocabulary):
            continue  # a word of code: `UnicodeDecodeError`, `stdout`
        if _UUID.fullmatch(core) or _PRIVATE_IP.fullmatch(core) or _digest(core):
            continue
        if _ADDRESS_IN_MEMORY.fullmatch(core):  # `0x7f639fc17ab0` in a repr
            continue
        if _public_ip(core):
            return False  # `192.0.2.1`, also where it reads as a version
        if _VERSION.fullmatch(core) and not _DATE_DOTS.fullmatch(core):
            continue
        if _SMALL.fullmatch(core) or _TZ_OFFSET.fullmatch(core) or _MEASURE.fullmatch(core):
            if core.isdecimal() and _old_age(core):
                return False
            continue
        key_shape = _OPAQUE_KEY.fullmatch(core) or _NAMED_KEY.fullmatch(core)
        if key_shape and key_shape.group("prefix") not in _IDENTIFIER_PREFIXES:
            named = key_shape.groupdict().get("words") or ""
            if all(_word_ok(w, vocabulary, key=False) for w in _PART.findall(named)):
                continue
        if _NUMBER_GROUPS.search(core):
            return False  # digits in groups: `00-950`, `12-34`, a code of some record
        if _CODE_AND_NUMBER.search(core) or _JOINED_WORDS.search(core):
            return False  # `882-KTW`: a plate; `Cedar+Rapids`: words of a query value
        code_like = "-" not in core  # a module or a variable, not a slug of words
        if not _parts_harmless(_PART.findall(core), vocabulary, key=key, code_like=code_like):
            return False
    return True


_RUN_DIGITS = 5
_FOUR_PARTS = re.compile(r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})")


def _public_ip(core: str) -> bool:
    """Whether four dotted numbers are an IPv4 address that is not private: each part up to
    255 and the first over 10. A program's version of four parts has one over 255
    (`10.0.19045.2965`, `120.0.6099.109`), starts under 11 (`1.2.3.4`, `3.11.4.1`), or goes on
    in single digits after a first part under 100 (`ojdbc8:21.1.0.0`, `Newtonsoft.Json:13.0.0.0`;
    a public address so low in its last three parts is rare)."""
    parts = _FOUR_PARTS.fullmatch(core)
    if parts is None:
        return False
    first, *rest = (int(part) for part in parts.groups())
    return (
        first > 10
        and all(part <= 255 for part in rest)
        and first <= 255
        and not (first < 100 and all(part < 10 for part in rest))
        and not _PRIVATE_IP.fullmatch(core)
    )


def _program_name(user: str, vocabulary: Vocabulary) -> bool:
    """Whether an account's name has no part that is a name or a word that is one too
    (`grace_h`), nor a run of four digits (`june_1957`: a birth year)."""
    if _FOUR_DIGITS.search(user):
        return False
    return not any(_name_like(part.title(), vocabulary) for part in _ACCOUNT_PARTS.split(user))


_FOUR_DIGITS = re.compile(r"\d{4}")
_ACCOUNT_PARTS = re.compile(r"[\W\d_]+")


def _source_segment(segment: str, vocabulary: Vocabulary) -> bool:
    """Whether a segment of a path to Python source (`.../site-packages/django/db/utils.py`)
    is a package or module name: an identifier with no name among its parts."""
    if not _IDENTIFIER.fullmatch(segment):
        return False
    words, names, english_names = vocabulary[0], vocabulary[2], vocabulary[3]
    parts = _PART.findall(segment)
    # a run's number is a directory's (`pytest-1063`); a record's is longer or labelled
    # (`mrn-00417733`)
    labelled = any(part.lower() in _IDENTIFIER_PREFIXES for part in parts)
    return not any(
        part.lower() in names
        # `Hill_Grace` is a name; `root`, `runner`, `work` (a CI's directories) are words
        or (part.lower() in english_names and (part[:1].isupper() or part not in words))
        or (part.isdecimal() and (labelled or len(part) > _RUN_DIGITS))
        for part in parts
    )


def _parts_harmless(
    parts: list[str], vocabulary: Vocabulary, *, key: bool, code_like: bool
) -> bool:
    """Whether the parts of one identifier (`alembic.runtime`, `ehr_app`, `ValueError`) are
    harmless: none is a name, and each is a harmless word; in an identifier of several parts
    a lower-case part the dictionary lacks (`alembic`) may stay beside one it has."""
    names = vocabulary[2]
    known = 0
    unknown = 0
    for part in parts:
        if part.lower() in names:
            return False  # a name, also as a part of an identifier: `ana_lima`
        pieces = [part] if part.isupper() or part.islower() else _CAMEL.findall(part)
        if "".join(pieces) != part:
            return False  # letters the camelCase split does not cover: accents, signs
        if any(
            len(a) >= 2 and a.isalpha() and b in _OCR_DIGITS and len(c) >= 2 and c.islower()
            for a, b, c in zip(pieces, pieces[1:], pieces[2:], strict=False)
        ):
            return False  # a letter OCR read as a digit inside a word: `Whitf1eld`
        camel = len(pieces) > 1
        for piece in pieces:
            # Inside `AsyncMockMixin` a capital marks where a word starts, not a proper noun:
            # `Mock` is read as `mock` (a piece of two letters, `Ol04`, is no word); a name is
            # still a name (`LimaRecord`).
            word = piece.lower() if camel and piece.istitle() and len(piece) >= 3 else piece
            if word.lower() in names:
                return False
            if _word_ok(word, vocabulary, key=key):
                known += len(piece) >= 3  # `r.delacroix`: an initial vouches for nothing
            elif code_like and _lower_name(word) and (len(parts) > 1 or camel):
                unknown += 1  # `psycopg.errors`, `AsyncMockMixin`: beside known words
            else:
                return False
    return unknown == 0 or known >= unknown


def _lower_name(word: str) -> bool:
    """A lower-case word, or one with a version's digits after it (`psycopg2`, `boto3`)."""
    letters = word.rstrip("0123456789")
    return letters.islower() and letters.isalpha() and len(word) - len(letters) <= 2


def _host_harmless(host: str) -> bool:
    """Whether the port after a host (`localhost:`, `('127.0.0.1', `) is a connection's: the
    host is no value itself, or an IP address (masked itself, its port no one's)."""
    name = host.strip("(:'\", \t")
    return _public_ip(name) or _token_harmless(name, key=False)


def _name_like(word: str, vocabulary: Vocabulary) -> bool:
    """A name (`Lima`), or a capitalised word that is a name too (`Long`, `Rose`)."""
    low = word.lower()
    return low in vocabulary[2] or (word[:1].isupper() and low in vocabulary[3])


def _digest(core: str) -> bool:
    """A hex digest or an opaque hex key (`9f86d08188...`): 16 hex characters or more, in one
    case, with letters and digits both common (not a long number with a letter in it)."""
    shortest = 7 if core.islower() else 16  # a short key is written in lower case: `3f9a2c1`
    if len(core) < shortest or not _HEX.fullmatch(core) or not (core.islower() or core.isupper()):
        return False
    letters = sum(c.isalpha() for c in core)
    # Random hex changes between letters and digits often; `abc448812` is a code and a number.
    changes = sum(a.isalpha() != b.isalpha() for a, b in itertools.pairwise(core))
    return 0.15 <= letters / len(core) <= 0.85 and changes >= len(core) // 4


# Money, never a person's value: an amount with its cents (`1,204.00`, `$412.66`, a balance
# padded with zeros, `0000412201.55`), a card number with its middle masked as processors print
# it (`541333******0007`, `XXXX-XXXX-XXXX-4242`, `****4242`).
_AMOUNT = re.compile(
    r"(?<![\w.,/:-])(?:[$€£]|USD[ \t]?)?-?(?:\d{1,3}(?:,\d{3}){1,4}|0{0,12}\d{1,7})\.\d{2}"
    r"(?![\w.,:/-]?\d)"
)
_MASKED_CARD = re.compile(r"(?<![\w*])\d{0,6}(?:[ \t-]?[*Xx•]{2,12}){1,4}[ \t-]?\d{4}(?![\w*])")
_CENTS = re.compile(r"\d\.\d\d(?!\d)")  # what an amount needs: a point and two digits
_MASK_RUNS = ("**", "XX", "xx", "••")


def _money(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of money in `text[start:end]`, each regex run only where its gate passes."""
    line = text[start:end]
    spans = []
    if "." in line and _CENTS.search(line):
        spans += [hit.span() for hit in _AMOUNT.finditer(text, start, end)]
    if any(run in line for run in _MASK_RUNS):
        spans += [hit.span() for hit in _MASKED_CARD.finditer(text, start, end)]
    return spans


# An organisation's numbers, never a person's: a toll-free phone (`1-800-555-0199`, `+1 888
# 555 0177`: a person's phone has a place's area code), an OID naming a code system or a
# standard's class (`2.16.840.1.113883.6.96`, `1.2.840.10008.5.1.4.1.1.2`).
_TOLL_FREE = re.compile(
    r"(?<![\w+.-])(?:\+?1[ \t.-])?(?:8(?:00|88|77|66|55|44|33)|\(8(?:00|88|77|66|55|44|33)\))"
    # written as a phone, its groups apart: ten digits in a run are as often a card's or a
    # record's number
    r"[ \t.-]\d{3}[ \t.-]\d{4}(?![\w-]|\.\d)"
)
# Only under the roots of standards: HL7's code systems, vocabulary, identifier types,
# templates and tables, the value sets of the NLM, DICOM's own classes and syntaxes. A study's
# or an image's UID (`1.2.840.113619.2.55...`) is under its maker's root and names one
# patient's imaging, often with its date; an arc of six digits or more after a standard's root
# is a value added to it (`2.16.840.1.113883.4.1.123456789`, an SSN after its system's OID).
_OID = re.compile(
    r"(?<![\w.])(?:2\.16\.840\.1\.113883\.(?:[2456]|10|12)|2\.16\.840\.1\.113762\.1\.4"
    r"|1\.2\.840\.10008\.[1-6])(?:\.\d{1,5}){0,12}(?![\w.])"
)


def _organisation_numbers(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of toll-free phones and OIDs in `text[start:end]`."""
    return [hit.span() for hit in _TOLL_FREE.finditer(text, start, end)] + [
        hit.span() for hit in _OID.finditer(text, start, end)
    ]


# A record of money or of a batch job is never a person's (not `order`: a court's order names
# one): the number after the word naming it is the record's, also where it has a date's or a
# phone's digits (`Invoice INV-2026-118899`, `batch_id=20261130-07`, `Merchant MID 887000001204`).
_BUSINESS_WORDS = frozenset(
    _words(
        "invoice batch merchant terminal txn transaction payout deposit lockbox settlement "
        "remittance"
    )
)
# A code of a code system after its name, as a key or a word: `cpt=99214`, `loinc 4548-4`,
# `NDC 0002-8215-01`, `ICD-10 J44.9`; what a claim, an order or a result
# codes, never anyone's value. Only in the shape of that system's codes: a validation error
# logs what a clerk typed into a code's field (`invalid icd10 code: 123456789`), and RxNorm's
# codes are any number of up to seven digits: not kept.
_CODE_SYSTEMS = frozenset(_words("loinc icd cpt hcpcs ndc cvx"))
_CODED = re.compile(
    r"(?<![\w-])(?P<system>(?ai:loinc|icd(?:[ _-]?(?:9|10|11))?(?:[ _-]?(?:cm|pcs))?"
    r"|cpt|hcpcs|ndc|cvx))(?![0-9])(?:[ _-]?(?ai:code|cd))?[\"']?[ \t]?[=:#]?[ \t]?[\"']?"
    r"(?P<code>[A-Z]?\d[\d.-]{0,14}[A-Z0-9]?)(?![\w.-])"
)
_CODE_SHAPES = {
    "cpt": re.compile(r"\d{4}[\dFTU]"),
    "hcpcs": re.compile(r"[A-V]\d{4}"),
    # ICD-10 (`J44.9`, `S72.001A`), ICD-9 (`250.00`, `V45.81`, `E880.9`)
    "icd": re.compile(
        r"[A-TV-Z]\d[\dA-Z](?:\.[\dA-Z]{1,4})?|\d{3}(?:\.\d{1,2})?|[EV]\d{2,3}(?:\.\d{1,2})?"
    ),
    "loinc": re.compile(r"\d{1,7}-\d"),  # and its check digit (Luhn's, as an NPI's)
    "cvx": re.compile(r"\d{1,3}"),
    # the labeller, product and package, in one of the FDA's three ways of writing them
    "ndc": re.compile(r"\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d{1,2}"),
}


def _coded(hit: re.Match[str]) -> bool:
    """Whether a `_CODED` match's code has the shape of its system's codes."""
    system = hit["system"].lower()
    shape = _CODE_SHAPES.get("icd" if system.startswith("icd") else system)
    code = hit["code"]
    return (
        shape is not None
        and shape.fullmatch(code) is not None
        and (system != "loinc" or luhn(code.replace("-", "")))
    )


_BUSINESS_NUMBER = re.compile(
    rf"(?i:(?<![a-z])(?:{'|'.join(sorted(_BUSINESS_WORDS))})(?:[ _-]?(?:id|no|num|number))?)"
    r"(?:[ \t]{1,2}(?:MID|TID|ID|No\.?|#))?[ \t]{0,2}[#:=]?[ \t]{0,2}[\"']?"
    r"[A-Za-z]{0,8}[-_]?\d[\w-]{0,40}(?![\w@.])"
)


_COMPARED = frozenset([" == ", " != ", " >= ", " <= "])


def _is_key(text: str, end: int) -> bool:
    """Whether the token ending at `end` is a key: `=` or `:` follows (after a quote), or it
    is a variable assigned to or compared (`rowcount = 0`, `assert rowcount == 1`: source
    lines in a traceback)."""
    rest = text[end : end + 3].lstrip("\"'")
    if rest[:1] in ("=", ":"):
        return rest[1:2] != "/"  # `https://` is no key
    return text[end : end + 3] == " = " or text[end : end + 4] in _COMPARED


def _after_level(text: str, previous: list[Any], start: int) -> bool:
    """Whether the token before `start` is a log level (`INFO Received task`)."""
    return (
        text[previous[0] : previous[1]].lower() in _LOG_WORDS
        and text[previous[1] : start].isspace()
    )


def _wordlike(token: str) -> bool:
    """A capitalised word, a word in capitals or an initial: what a name or place is made of,
    also with a digit that OCR read for a letter (`Whitf1eld`)."""
    letters = token.replace("'", "").replace("-", "").rstrip(".")
    if _OCR_WORD.fullmatch(letters):
        return True
    if _DOTTED_INITIALS.fullmatch(token):
        return token not in DOTTED_WORDS  # initials with their dots (`J.W. Smith`; not `U.S.`)
    return token[:1].isupper() and letters.isalpha()


def _line_spans(
    text: str, start: int, end: int, found: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The spans of `text[start:end]` (one line) that strict redaction masks; `found` holds
    the detector's spans in the line."""
    vocabulary = _vocabulary()
    stamp = _LOG_TIMESTAMP.match(text, start, end)
    record = _RECORD_TIME.match(text, start, end) if stamp else None
    if stamp and record and record.end() == stamp.end():
        stamp = None  # a record's time, not the log's: judged as any other value
    position = stamp.end() if stamp else start
    masked = list(found)
    clocks: list[tuple[int, int]] = []
    if _STAMP_DAY.search(text, position, end):  # a clock's reading holds a day
        clocks = [hit.span(1) for hit in _CLOCK_KEY.finditer(text, position, end)]
        leading = _LEADING_CLOCK.match(text, position, end)
        if leading:
            clocks.append(leading.span(1))
        tagged = None if stamp else _CLOCK_AFTER_TAG.match(text, start, end)
        if tagged:
            clocks.append(tagged.span(1))
    days = [_STAMP_DAY.match(text, s, e) for s, e in clocks]
    if stamp:
        days.append(_STAMP_DAY.search(text, start, position))
    if any(days):
        # the log's day is also a value of the line (`admitted=2026-11-30`): it tells it
        values = _days_outside(text, position, end, {s for s, _ in clocks})
        masked += [day.span() for day in days if day and day.group() in values]
    references = []
    for hit in _URL.finditer(text, position, end):
        _, _, rest = hit.group().partition("://")
        site, slash, after = rest.partition("/")
        if (
            site.lower() in _REFERENCE_HOSTS
            and _reference_path(after)
            and text[hit.start() - 1 : hit.start()] != "="  # a search's value: `code=http://...`
        ):
            references.append(hit.span())
        elif slash and any(
            not _token_harmless(tok.group(), key=False) for tok in _TOKEN.finditer(after)
        ):
            masked.append(hit.span())  # a link that holds a person's value is one value
    kept = [hit.span() for hit in _ACCESS_TIMESTAMP.finditer(text, position, end)] + clocks
    kept += references
    words = line_words(text, position, end)
    kept += _money(text, position, end)
    if text.find("8", position, end) >= 0:  # (toll-free area codes and health data's OIDs)
        kept += _organisation_numbers(text, position, end)
    if text.find("@", position, end) >= 0:
        # a role's mailbox at a domain of harmless words (`intake@example.org`, not
        # `mail@tove-lind.de`): no person's
        kept += [hit.span() for hit in _ADDRESS.finditer(text, position, end) if _role_address(hit)]
    if not words.isdisjoint(_EPOCH_WORDS):
        kept += [hit.span(1) for hit in _EPOCH_KEY.finditer(text, position, end)]
    if not words.isdisjoint(_BUSINESS_WORDS):
        kept += [hit.span() for hit in _BUSINESS_NUMBER.finditer(text, position, end)]
    if not words.isdisjoint(_CODE_SYSTEMS):
        kept += [hit.span("code") for hit in _CODED.finditer(text, position, end) if _coded(hit)]
    inside = _Cover(kept)  # asked in order: a line may keep hundreds of spans
    masked += [
        (s, e)
        for s, e in sorted(shape_spans(text, position, end, words))
        if not _PRIVATE_IP.fullmatch(text, s, e) and not inside.overlaps(s, s + 1)
    ]
    code = vocabulary[1]
    # [start, end, masked, masked by the detector, opens a sentence that may not go on]
    tokens: list[list[Any]] = []
    covered = _Cover(masked)
    found_cover = _Cover(list(found))
    skipped = _Within(kept)
    value_words = 0  # words of a person key's value still to mask
    value_from = 0  # where the gap before the next word of that value starts
    digits_too = False  # whether digits are that value's (a birth date's, a place's)
    for hit in _TOKEN.finditer(text, position, end):
        s, e = hit.span()
        # (a kept value's token whole, less a sentence's punctuation after it: a token reaching
        # past it, `intake@example.org/from/tove.lindqvist`, is judged as any other)
        if kept and skipped.holds(s, s + len(hit.group().rstrip(".,;!?"))):
            if tokens and tokens[-1][4] and _GOES_ON.fullmatch(text, tokens[-1][1], s):
                tokens[-1][2] = tokens[-1][4] = False  # `Amount $1,204.00`: the clause goes on
            continue
        is_key = _is_key(text, e)
        # A token that a masked shape overlaps goes whole: `F255-[?]-0` would keep a part.
        # the detector's: its label is a label, not a prefix
        named = bool(found) and found_cover.overlaps(s, e)
        hidden = named or covered.overlaps(s, e) or not _token_harmless(hit.group(), key=is_key)
        number = hit.group().isdecimal() and len(hit.group()) <= _MEASURE_DIGITS
        if hidden and not named and number and _UNIT.match(text, e, end):
            hidden = covered.overlaps(s, e)  # a duration, a size, a count
        if hidden and not named and number and _DURATION_BEFORE.search(text, max(start, s - 12), s):
            hidden = covered.overlaps(s, e)  # `asyncio.sleep(3600)`, `timeout=3600`
        if hidden and not named and number and _measured(text, max(start, s - 48), s):
            hidden = covered.overlaps(s, e)  # `bytes=48213`, `rows: 12044`
        if hidden and hit.group().isdecimal() and len(hit.group()) <= 5:
            host = _PORT.search(text, max(start, s - 80), s)
            hidden = host is None or not _host_harmless(host.group())
        if hit.group().isdecimal() and _old_age(hit.group()) and not named:
            # a number that could be an age over 89, unless it says where or is a code
            hidden = covered.overlaps(s, e) or not _WHERE.search(text, max(start, s - 12), s)
        if value_words:
            gap = text[value_from:s]
            first = value_words == _VALUE_WORDS
            syntax = not any(c.isalnum() for c in hit.group())  # `%(dob)s`, `__/__/____`
            expression = text[e : e + 1] in ("[", "(")  # `dob=row["dob"]`
            joined = _KEY_GAP.fullmatch(gap) if first else gap == " "
            if is_key or syntax or expression or not joined:
                value_words = 0
            else:
                value = hit.group()
                spared = value.lower() in _PLACEHOLDERS or (value.isdecimal() and not digits_too)
                hidden = hidden or not spared
                value_words -= 1
                value_from = e
        if is_key:
            key = _KEY_LETTERS.sub("", hit.group().rsplit(".", 1)[-1].lower())
            digits_too = key in _BIRTH_KEYS or key in _PLACE_KEYS
            if digits_too or key in _PERSON_KEYS:
                value_words, value_from = _VALUE_WORDS, e
        if hidden and not covered.overlaps(s, e) and _ordinary_opener(text, hit, tokens, position):
            hidden = False  # `Stuck here when ...`: a word that is a name too, opening a clause
        opens = False
        # a word ending a sentence is judged without its full stop: `moved to Mobile.`
        word = hit.group().removesuffix(".")
        if (
            not hidden
            and _TITLE_WORD.fullmatch(word)
            and word.lower() not in code
            and not _DRUG.fullmatch(word.lower())  # `Metformin 500 mg` inside a sentence
            and not _CALLED.match(text, e)  # `Session(engine)`, `Optional[int]`
        ):
            # A capitalised word inside a sentence is a proper noun more often than not (a town
            # that is a word: `in Mobile`); it is an ordinary word at the start of a sentence
            # that goes on (`Patient not found`, checked below), or after another kept one
            # (`Not Found`). Measured on the labelled sets: 0.4 to 2 points more of the
            # negatives' characters masked, for a class of value no other rule sees.
            opens = _opens(text, s, position, tokens)
            hidden = not opens
            if opens and is_key and not text[position:s].strip():
                opens = False  # a label opening its line: `Subject: ...`, `Date: ...`
            if hidden and tokens and not tokens[-1][2] and text[tokens[-1][1] : s] == " ":
                hidden = not _TITLE_OR_CAPS.fullmatch(text[tokens[-1][0] : tokens[-1][1]])
        if tokens and tokens[-1][4]:  # the word before opened a sentence: does it go on?
            previous = tokens[-1]
            gap = text[previous[1] : s]
            goes_on = bool(_GOES_ON.fullmatch(gap)) and (hit.group().islower() or not hidden)
            previous[2] = not goes_on
            previous[4] = False
        tokens.append([s, e, hidden, named, opens])
    if tokens and tokens[-1][4]:
        tokens[-1][2] = True  # `Mobile` alone, as a field's whole value
    _spread(text, tokens, vocabulary)
    return masked + [(token[0], token[1]) for token in tokens if token[2]]


def _days_outside(text: str, start: int, end: int, clocks: set[int]) -> set[str]:
    """The days written in `text[start:end]` other than at the start of a clock's reading."""
    return {
        hit.group() for hit in _STAMP_DAY.finditer(text, start, end) if hit.start() not in clocks
    }


def _opens(text: str, s: int, position: int, tokens: list[list[Any]]) -> bool:
    """Whether the token at `s` opens a sentence: first in its line (after a timestamp or
    pytest's `E` prefix), after a sentence's end or a separator, or after a log level."""
    return bool(
        not text[position:s].strip()
        or _PYTEST_PREFIX.fullmatch(text, position, s)
        or _SENTENCE_START.search(text, max(position, s - 3), s)
        or (_PADDED_LEVEL.search(text, max(position, s - 24), s) and not _name_too(text, s))
        or (tokens and _after_level(text, tokens[-1], s))
    )


def _name_too(text: str, s: int) -> bool:
    """Whether the word at `s` is a name too (`Will`, `Page`): after a padded log level it
    may be the message's subject, a person."""
    word = _WORD_AT.match(text, s)
    return word is not None and _name_like(word.group(), _vocabulary())


def _ordinary_opener(text: str, hit: re.Match[str], tokens: list[list[Any]], position: int) -> bool:
    """Whether a capitalised word that is a name too (`Stuck`, `Mark`) is read as the English
    word it also is: it opens a sentence, and a lower-case function word follows it (`Stuck
    here when`, `Mark as done`), where a name is followed by a verb or another name."""
    vocabulary = _vocabulary()
    word = hit.group()
    low = word.lower()
    if not _TITLE_WORD.fullmatch(word) or low not in vocabulary[3] or low not in vocabulary[0]:
        return False
    after = _NEXT_WORD.match(text, hit.end())
    if after is None or after.group(1) not in _FUNCTION_WORDS:
        return False
    return _opens(text, hit.start(), position, tokens)


class _Within:
    """Whether spans, sorted, hold whole the tokens asked in the order of the text."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._next = 0
        self._reach = -1  # the furthest end of the spans starting at or before the last token

    def holds(self, start: int, end: int) -> bool:
        spans = self._spans
        while self._next < len(spans) and spans[self._next][0] <= start:
            self._reach = max(self._reach, spans[self._next][1])
            self._next += 1
        return self._reach >= end


class _Cover:
    """Whether spans, sorted, overlap tokens asked in the order of the text: one pass over
    both, so a line with many masked spans and many tokens costs their sum, not product."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._next = 0
        self._reach = -1  # the furthest end of the spans passed so far

    def overlaps(self, start: int, end: int) -> bool:
        spans = self._spans
        while self._next < len(spans) and spans[self._next][0] < end:
            self._reach = max(self._reach, spans[self._next][1])
            self._next += 1
        return self._reach > start


def _spread(text: str, tokens: list[list[Any]], vocabulary: Vocabulary) -> None:
    """Mask the neighbours a masked token makes suspect: the capitalised words and initials of
    the same name or place (`Ana M. Lima`, `Oak Lane`), the number before a masked place
    (`19 Kingsway`), and the pieces of the same number or code (`MA 3KX 991`,
    `1^541^5550158`, `NY 392 118 407`). Three sweeps (forward, back, forward), so a run of
    any length is reached from either end and the work stays linear."""
    count = len(tokens)
    if not any(token[2] for token in tokens):
        return  # nothing masked, nothing made suspect
    cleared: set[tuple[int, int]] = set()  # pairs judged harmless: a later sweep agrees
    for sweep in (range(count), range(count - 1, -1, -1), range(count)):
        for i in sweep:
            s, e, hidden = tokens[i][:3]
            if hidden:
                continue
            word = text[s:e]
            for j in (i - 1, i + 1):
                if not 0 <= j < count or not tokens[j][2] or (i, j) in cleared:
                    continue
                other = text[tokens[j][0] : tokens[j][1]]
                gap = text[tokens[j][1] : s] if j < i else text[e : tokens[j][0]]
                named = tokens[j][3]
                ends_part = text[e : e + 1] in _PART_ENDS
                if (
                    gap == "&"
                    and _code_like(other)
                    and (_code_like(word) or _initials(word))
                    and not _is_key(text, e)
                ):
                    # pieces of one code glued by `&` alone are the same value: `BPM-A&D-5120338`,
                    # `A&D-UA651-5K0038812` (in a query string the word after `&` is a key; in
                    # HL7, `207&Internal error`, a code's parts are words and numbers, not both
                    # codes)
                    tokens[i][2] = True
                    break
                if _suspect(
                    word,
                    other,
                    gap,
                    before=i < j,
                    named=named,
                    ends_part=ends_part,
                    opens_value=_opens_value(text, s),
                    key_after=_is_key(text, e),
                    vocabulary=vocabulary,
                ):
                    tokens[i][2] = True
                    break
                cleared.add((i, j))
    # An abbreviation or a one-letter word between two masked words, a space either side, is
    # part of the same value: `1045 ch. du Roy` (`ch.`, chemin), `cuarenta y cinco`. A short
    # word without its dot (`at`, `of`) is as often the sentence's own. A capital alone as a
    # field between two masked words of a delimited record is a middle initial:
    # `WILHELMINA|J|VAN HOUTEN`.
    for i in range(1, count - 1):
        before, token, after = tokens[i - 1], tokens[i], tokens[i + 1]
        if token[2] or not (before[2] and after[2]):
            continue
        word = text[token[0] : token[1]]
        gap = text[before[1] : token[0]]
        if gap != text[token[1] : after[0]]:
            continue
        if gap == " ":
            around = (text[before[0] : before[1]], text[after[0] : after[1]])
            token[2] = (
                _SHORT_WORD.fullmatch(word) is not None
                or (len(word) == 1 and word.isalpha())
                # a conjunction joining two names in capitals: `HARRISON OR ELLA TSOSIE`
                or (
                    word in _CAPITAL_CONJUNCTIONS
                    and all(_wordlike(o) and o.isupper() for o in around)
                )
            )
        elif gap in _FIELD_SEPARATORS and len(word) == 1 and word.isupper():
            around = (text[before[0] : before[1]], text[after[0] : after[1]])
            token[2] = all(_wordlike(other) and len(other) > 1 for other in around)


_DOTTED_INITIALS = re.compile(r"[A-Z](?:\.-?[A-Z]){1,4}\.")
_OCR_DIGITS = frozenset("015")  # what OCR reads for `O`, `l`, `S`
_OCR_WORD = re.compile(r"[A-Z][a-z]{1,20}[015][a-z]{1,20}")
_SHORT_WORD = re.compile(r"[a-z]{1,3}\.")
# Particles of names (`da`, `van`, `bin`), Portuguese `e` (`Costa e Silva`) and the
# patronymic particles of Welsh and Arabic names (`Carys ap Gwilym`, `Fatima bint Ali`).
_PARTICLES = PARTICLE_WORDS | {"e", "ap", "ab", "ferch", "verch", "bint", "binti", "bte", "abu"}
# ... and the prefixes of Gaelic and Italian names written apart (`mc allister`, `Lo Presti`).
_PARTICLES |= {"mc", "mac", "lo"}
# A generation's suffix after a masked name is the name's (`DE LA CRUZ^TOMAS^^JR`, `Roe, Jr.`).
_NAME_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])
_SUFFIX_GAPS = frozenset([" ", ", ", ",", "^", "^^", "^^^"])
# The word that ends a place's name after its masked first word (`grove city`, `cass lake`,
# `spokane vly`): a town is a smaller place than a state (Safe Harbor). (Not `Center`: after a
# masked word it ends a facility's name far more often, `Mercy Medical Center`.)
_PLACE_ENDS = frozenset(
    _words(
        "city town lake valley vly park bay beach falls springs heights hills village island "
        "harbor harbour"
    )
)
_ORDINAL = re.compile(r"\d{1,3}(?:st|nd|rd|th|ST|ND|RD|TH)")
_HOUSE_NUMBER = re.compile(r"\d{1,5}[A-Za-z]?")
_HALF = re.compile(r"[13]/[24]")
_PART_ENDS = frozenset(["", "\n", "\r", ",", ";", "|", '"', "'"])
_FIELD_SEPARATORS = frozenset(["|", ",", ";", "\t", "^", "*"])
_VOWEL = re.compile(r"[aeiouy]")


def _syllable(word: str, vocabulary: Vocabulary) -> bool:
    """Up to three letters in lower case, with a vowel, that no dictionary has (`yah`); an
    abbreviation has no vowel (`ssn`, `dsn`)."""
    return (
        len(word) <= 3
        and word.isalpha()
        and word.islower()
        and _VOWEL.search(word) is not None
        and word not in vocabulary[0]
    )


def _code_like(token: str) -> bool:
    """A piece of a code: it holds a hyphen or a digit (`BPM-A`, `UA651`)."""
    return "-" in token or any(c.isdecimal() for c in token)


def _initials(token: str) -> bool:
    """One to three capitals (`A` of `A&D-UA651`): a maker's initials before a code."""
    return len(token) <= 3 and token.isalpha() and token.isupper()


# What opens a value: a quote or a key's `=` (`input_value='xgp 884 201 337'`).
_VALUE_OPENERS = frozenset(["'", '"', "="])


def _opens_value(text: str, start: int) -> bool:
    """Whether the token at `start` opens a quoted value or a key's (not after an apostrophe
    inside a word: `plan's`)."""
    return text[start - 1 : start] in _VALUE_OPENERS and not text[start - 2 : start - 1].isalnum()


# Conjunctions between two holders' names in a record written in capitals.
_CAPITAL_CONJUNCTIONS = frozenset(["AND", "OR", "&"])
# What marks a phone's extension, also with nothing after it: `555.013.4412 x`.
_EXTENSION_MARKS = frozenset(["x", "ext", "ext."])
# A phone has at least seven digits (`555 0144`).
_PHONE_DIGITS = 7


def _suspect(
    word: str,
    other: str,
    gap: str,
    *,
    before: bool,
    named: bool,
    ends_part: bool,
    opens_value: bool,
    key_after: bool,
    vocabulary: Vocabulary,
) -> bool:
    """Whether `word`, next to the masked `other` with `gap` between them, is masked too;
    `ends_part`: a field's or a clause's end follows `word`; `opens_value`: a quote or a
    key's `=` precedes it; `key_after`: `word` is a key (`=` or `:` after it)."""
    joined = (_wordlike(other) or other.lower() in _PARTICLES) and _JOIN.fullmatch(gap)
    if joined and word.lower() in _PARTICLES and _wordlike(other):
        return True  # `Maria da Silva`, `N. A. bin Yusof` (`bin` is a builtin too)
    if (
        before
        and gap == " "
        and word in _STATES
        and word != "ID"
        and any(c.isdecimal() for c in other)
    ):
        # a state's code before a plate or a licence, also one that is a word of code: `IN
        # 402-TRK`, `OR 5512874` (`ID`, Idaho, labels an identifier far more often)
        return True
    if (
        not before
        and gap == " "
        and word.lower() in _EXTENSION_MARKS
        and sum(c.isdecimal() for c in other) >= _PHONE_DIGITS
    ):
        return True  # a phone's extension mark, its digits missing: `555.013.4412 x`
    if (
        before
        and gap == " "
        and opens_value
        and word.isalpha()
        and len(word) <= 3
        and other.isdecimal()
    ):
        return True  # a code's letters opening a value before its digits: `'xgp 884 201 337'`
    if not before and gap in _SUFFIX_GAPS and word.lower().rstrip(".") in _NAME_SUFFIXES:
        return other.isalpha()  # `[NAME]^^JR`, `[?], Jr.`
    if (
        not before
        and gap == " "
        and word.lower() in _PLACE_ENDS
        and other.isalpha()
        and not key_after
    ):
        return True  # `[?] city`, `[?] lake` (not a key: `name=[NAME] city=Boston`)
    if word.lower() in vocabulary[1] and len(word) > 1 and not _name_like(word, vocabulary):
        return False  # `ERROR Ana Lima`: a log level or a keyword stays
    if (
        gap == " "
        and _syllable(word, vocabulary)
        and other.islower()
        and (other in vocabulary[2] or _syllable(other, vocabulary))
    ):
        # a syllable no dictionary has beside a name in lower case, or beside another such
        # syllable: a name that speech-to-text cut in pieces (`pre yah sharma`)
        return True
    if gap.endswith("'") and other.isalpha() and len(word) <= 3 and word.isalpha():
        return True  # `O'[?]`, `Fa'[?]`, `d'[?]`
    if joined and _wordlike(word):
        return True  # `Ana M. Lima`, `Ortega y Gasset`, `N. A. bin [?]`
    if gap == "*" and len(word) == 1 and word.isupper() and len(other) > 1 and other.isalpha():
        return True  # a middle initial in an X12 name: `HALVORSEN*INGRID*M`
    if (
        word.isdecimal()
        and before
        and gap in (" ", "  ")
        and (_wordlike(other) or _ORDINAL.fullmatch(other))
    ):
        return len(word) <= 6  # a house number: `19 Kingsway`, `710 5TH ST`
    if before and gap == " " and word.isdecimal() and len(word) <= 6 and _HALF.fullmatch(other):
        return True  # a house number with a half: `42 1/2`
    if (
        not before
        and _HOUSE_NUMBER.fullmatch(word)
        and (
            (gap == " #" and other.lower().rstrip(".") in _STREET_WORDS)
            or (gap == " " and other.isalpha() and ends_part)
        )
    ):
        # the number closing an address's part: `Sahaidachnoho 25,`, `Street 7B,`, `ave #2`
        return True
    if any(c.isdecimal() for c in other) and _NUMBER_JOIN.fullmatch(gap):
        if word.isdecimal() and len(word) <= 4 and (gap != " " or not before):
            return True  # another group of the same number: `1^541^[?]`, `[?] 442`
        if before and word.isupper() and len(word) <= 3 and (not named or word in _STATES):
            # a prefix of the same code: a plate's region, a licence's state: `NY [?]`; before
            # what the detector named, a word is its label (`SSN [SSN]`) unless a state's code
            return True
    return False


def strict_spans(text: str) -> list[tuple[int, int, str]]:
    """`(start, end, kind)` of everything strict redaction hides in `text`, sorted and never
    overlapping: `find_phi`'s matches with their kinds, the rest as `MASK`."""
    from asyncproof._phi import scan
    from asyncproof._phi.learned_numbers import GUESSED

    # (a line ended by a lone `\r` is judged as one ended by `\n`: the spans are the same)
    text = with_lf_for_lone_cr(text)
    scanned = scan(text)
    spans = [(s, e, kind) for s, e, kind, _ in scanned]
    # What the rules named (a word before it is its label: `SSN [SSN]`); the learned look at
    # numbers guesses, and a word before its guess may be the value's own part (`UHC 9112-...`)
    found = [(s, e) for s, e, _, priority in scanned if priority != GUESSED]
    line_start = 0
    first = 0  # the first of `found` (sorted) that may reach the current line
    for line in text.split("\n"):
        line_end = line_start + len(line)
        # A CRLF file's line ends before its `\r`: the last value of a line is judged as on a
        # line of its own (`25` after a street), whatever the line endings.
        content_end = line_end - 1 if line.endswith("\r") else line_end
        while first < len(found) and found[first][1] <= line_start:
            first += 1
        inside = []
        index = first  # walked, not sliced: a slice of the rest a line is quadratic in lines
        while index < len(found) and found[index][0] < content_end:
            inside.append(found[index])
            index += 1
        spans += [(s, e, MASK) for s, e in _line_spans(text, line_start, content_end, inside)]
        line_start = line_end + 1
    merged: list[tuple[int, int, str]] = []
    for s, e, kind in sorted(spans, key=lambda span: (span[0], -span[1], span[2] == MASK)):
        if merged and s < merged[-1][1]:
            ms, me, mkind = merged[-1]
            # Overlapping spans become one, named by the detector's kind if its match is all.
            merged[-1] = (ms, max(me, e), mkind if e <= me else MASK)
        else:
            merged.append((s, e, kind))
    return merged


def redact_strict(text: str) -> str:
    """`text` with every span of `strict_spans` replaced by its kind in brackets."""
    return written(text, strict_spans(text))
