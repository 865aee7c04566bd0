"""EMAIL: a person's e-mail address (not a role's, as `support@`), found from its `@`."""

from __future__ import annotations

import re

from asyncproof._phi.declare import Kind, Shape, whole_if

# Addresses of a role, not of a person: `support@`, `noreply@`.
_ROLE_MAILBOXES = frozenset(
    [
        *("support", "info", "help", "helpdesk", "noreply", "no-reply", "donotreply"),
        *("do-not-reply", "admin", "administrator", "billing", "contact", "postmaster"),
        *("webmaster", "hostmaster", "sales", "security", "abuse", "privacy"),
        *("notifications", "alerts", "team", "office", "compliance"),
        # A department's or a desk's mailbox (`records@`, `care-team@`, `revenue-cycle@`).
        *("records", "medical-records", "benefits", "careteam", "care-team", "edi"),
        *("revenue-cycle", "hr", "frontdesk", "front-desk", "reception", "scheduling"),
        *("appointments", "claims", "referrals", "pharmacy", "lab", "intake", "mail"),
        *("newsletter", "marketing", "feedback", "hello", "service", "accounts"),
        *("payments", "finance", "legal", "it", "ops", "devops", "dev", "reports"),
        *("mailer-daemon", "bounce", "bounces", "reply", "system", "ehr", "portal"),
        *("feedback", "outreach", "unsub", "unsubscribe", "notify", "ci", "bot", "care"),
    ]
)
# `<20261201003107.4412.88120@mailer-2.example.org>`: a Message-ID, not a mailbox.
_MESSAGE_ID = re.compile(r"[\d.$_-]{10,}\Z")
_LOCAL_PART = re.compile(r"[A-Za-z0-9][\w.%+-]{0,63}\Z")


def is_personal_email(value: str) -> bool:
    """Not the address of a role (`support@`, `noreply@`, `ci-bot@`, `bounces+7712@`), of a
    desk, a team or a program with no one's name in it (`path-results@`, `svc_etl@`), of a
    cloud service account, nor a Message-ID, nor a file name (`logo@2x.png`)."""
    local, _, domain = value.lower().partition("@")
    local = local.split("+", 1)[0]  # `bounces+7712`: a tag after the mailbox
    # (`portal-feedback`, `care.team`: words of roles only)
    if is_role_mailbox(local) or _MESSAGE_ID.match(local):
        return False
    if local.endswith(("-bot", "_bot", ".bot")):
        return False
    if domain.endswith(_SERVICE_DOMAINS):
        return False  # a cloud service account (`etl@proj.iam.gserviceaccount.com`)
    parts = _PARTS.split(local)
    if (
        (
            parts[0] in _PROGRAMS
            or any(part in _ROLE_MAILBOXES or part in _ROLE_WORDS for part in parts)
        )
        and domain not in _FREE_MAIL
        and not any(map(_a_persons_word, parts))
    ):
        # A program's account (`svc_etl@`, `root@`), a desk's or a team's (`path-results@`,
        # `dw-team@`): no one's name in it, at no webmail's domain.
        return False
    return not domain.endswith(_FILE_EXTENSIONS)


# Words of a desk's, a team's or a program's mailbox, besides `_ROLE_MAILBOXES`: with one of
# them and no person's name, a local part is a role's (`unblinding-desk`, `family-services`).
_ROLE_WORDS = frozenset(
    [
        *("results", "desk", "services", "admissions", "registrar", "repairs", "orders"),
        *("operations", "staff", "nursing", "dispatch", "queue", "inbox", "dept", "unit"),
        *("clinic", "center", "centre", "alert", "notification", "casemgmt", "helpline"),
        *("hotline", "coordinator", "coordination", "group"),
        *("etl", "cron", "daemon", "batch", "jobs", "test", "qa", "prod", "staging"),
    ]
)
# The first word of a program's account (`svc_etl@`, `root@`), and the domains of cloud
# service accounts.
_PROGRAMS = frozenset(["svc", "root", "daemon", "cron", "nobody", "www-data", "apache", "nginx"])
_SERVICE_DOMAINS = (".gserviceaccount.com", ".iam.amazonaws.com")
# Webmail, where no desk keeps its mailbox: whatever its words, an address there is someone's.
_FREE_MAIL = frozenset(
    [
        *("gmail.com", "googlemail.com", "yahoo.com", "outlook.com", "hotmail.com", "live.com"),
        *("msn.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com"),
        *("gmx.com", "gmx.net", "mail.com", "yandex.com", "zoho.com", "fastmail.com"),
    ]
)


def _a_persons_word(part: str) -> bool:
    """Whether a piece of a local part says whose the mailbox is: a first name (`john`, also a
    word), a surname that is no English word (not `north`), an initial before a surname
    (`jsmith2`) or a patient's word (`patient`)."""
    # (imported here: `names` imports the kinds, this module among them)
    from asyncproof._phi.names import _lists, english_words

    if part in _PERSONS:
        return True
    first, every, _ = _lists()
    name = part.capitalize()
    if name in first or (name in every and part not in english_words()):
        return True  # (a first name that is a word too is a name here: `john.smith.dev`)
    # An initial before a surname (`jsmith2`, `rpatel`).
    surname = part[1:].rstrip("0123456789").capitalize()
    return len(surname) > 2 and surname in every


# Words that say a mailbox is someone's, whatever else it holds (`test.patient+e2e@`).
_PERSONS = frozenset(["patient", "member", "guarantor", "parent", "guardian", "mom", "dad"])


def is_role_mailbox(local: str) -> bool:
    """Whether an address's local part (`records`, `do-not-reply`, `care.team`) names a role
    in words of roles only, with no tag after a `+` (`intake+tove.lind`)."""
    local = local.lower()
    return "+" not in local and (
        local in _ROLE_MAILBOXES or all(part in _ROLE_MAILBOXES for part in _PARTS.split(local))
    )


_PARTS = re.compile(r"[.\-_]")
_FILE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf", ".js", ".css")


def local_part_start(text: str, at: int) -> int:
    """Where the local part of the e-mail address whose `@` is at `at` starts, or -1 (also
    when it is a message's id: `Message-ID: <CAF3x9q=Yk2aB7@mail.example.com>`)."""
    local = _LOCAL_PART.search(text, max(0, at - 64), at)
    if local is None:
        return -1
    if _MESSAGE_ID_HEADER.search(text, max(0, at - 200), at):
        return -1
    return local.start()


# A header whose angle brackets hold message ids, up to the `@` of one of them.
_MESSAGE_ID_HEADER = re.compile(
    r"(?i:message-id|in-reply-to|references|content-id):[ \t]{0,3}(?:<[^<>\s]{1,100}>[ \t,]{0,3})*"
    r"<[^<>\s@]{1,100}\Z"
)


KIND = Kind(
    name="EMAIL",
    position=80,
    shapes=(
        # Found from the `@` (or its URL encoding); the local part is found backwards from it.
        Shape(
            order=30,
            leads=("@", "%40"),
            pattern=r"\.?[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,7}\.[A-Za-z]{2,24}(?![\w-])",
            validator=whole_if(is_personal_email),
            start_at=local_part_start,
            needs=("@", "%40"),
        ),
    ),
)
