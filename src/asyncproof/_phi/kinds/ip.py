"""IP: the address a person connected from, after a label (`client_ip=`, `logged in from`)."""

from __future__ import annotations

import re

from asyncproof._phi.blocks import each
from asyncproof._phi.declare import Kind, Labelled, whole_if

_IPV4 = (
    r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![\d.]\d)"
)
_IPV6 = r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])"
_PRIVATE_V4 = re.compile(
    r"(?:10|127|0)\.|172\.(?:1[6-9]|2\d|3[01])\.|192\.168\.|169\.254\.|255\.255\.255\.255"
)


def is_personal_ip(value: str) -> bool:
    """An address a person may connect from: not private, loopback or link-local (those are
    the infrastructure's own), and for IPv6 not a clock time (`10:00:00`) or a MAC address."""
    if ":" not in value:
        return not _PRIVATE_V4.match(value)
    if "::" not in value and value.count(":") != 7:
        return False
    lowered = value.lower()
    return lowered not in ("::", "::1") and not lowered.startswith(
        ("fc", "fd", "fe8", "fe9", "fea", "feb")
    )


# An address with no label: not inside a version, a URL's path or a longer dotted number, and
# without a service's port after it (those are servers).
# (What comes before is checked after the match: a look-behind tried at every digit of a log
# is what made this scan slow.)
_UNLABELLED = re.compile(
    r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}"
    r"(?![\d.]\d)(?!:(?:\d{1,4}|[12]\d{4}|3[01]\d{3}|32[0-6]\d\d)(?!\d))(?![\w-])"
)
_OCTETS = re.compile(_IPV4)
_BEFORE = re.compile(r"[\w.:/-]")


# A server's address, not a person's: `host='198.51.100.10', port=443`, `server at "db"
# (192.0.2.41), port 5432`, `relay=mx.example.net[192.0.2.25]:25` (a service's port).
_SERVER_AFTER = re.compile(r"""['"]?\)?,?[ \t]{0,2}port\b|\]:(?:\d{1,4}|[12]\d{4})(?!\d)""")
_SERVER_BEFORE = re.compile(r"""(?:host|server|upstream|connect(?:ing|ion)? to)\W{0,4}\Z""")


# Yet a client's, whatever the key: an address with an ephemeral port after it (`host=203.0.113.58
# port=40112`: PostgreSQL's `connection received`), or the host a `pg_hba.conf` entry is missing
# for.
_CLIENT_AFTER = re.compile(
    r"""['"]?\)?,?[ \t]{0,2}port[ \t]?[=:]?[ \t]?"""
    r"(?:3276[89]|327[7-9]\d|32[89]\d\d|3[3-9]\d{3}|[45]\d{4}|6[0-5]\d{3})(?!\d)"
)
_CLIENT_BEFORE = re.compile(r"""entry for host\W{0,3}\Z""")


def _is_server(text: str, start: int, end: int) -> bool:
    """Whether the address at `text[start:end]` is a server's (see `_SERVER_AFTER`)."""
    if _CLIENT_AFTER.match(text, end) or _CLIENT_BEFORE.search(text, max(0, start - 20), start):
        return False
    return bool(
        _SERVER_AFTER.match(text, end) or _SERVER_BEFORE.search(text, max(0, start - 24), start)
    )


def unlabelled_ips(text: str) -> list[tuple[int, int, str, int]]:
    """Public IPv4 addresses with no label: one of the Safe Harbor identifiers wherever it is
    written (`198.51.100.7 - - [...] "GET /portal"`), unless a server's."""
    return [
        (match.start(), match.end(), "IP", 1)
        for match in _UNLABELLED.finditer(text)
        if not (match.start() and _BEFORE.match(text, match.start() - 1))
        and _OCTETS.fullmatch(match.group())
        and is_personal_ip(match.group())
        and not _is_server(text, match.start(), match.end())
    ]


# A global unicast IPv6 address (2000::/3) with no label, compressed as logs write it: the
# client at the start of an access log line, in brackets before an ephemeral port (a load
# balancer's log). Found from its `::`, which `re` skips ahead to; the head before it is
# searched for from there.
_UNLABELLED_V6 = re.compile(r"::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?(?![\w:.])")
_V6_START = re.compile(r"(?<![\w:.])[23][0-9A-Fa-f]{3}(?::[0-9A-Fa-f]{1,4}){0,5}\Z")


def unlabelled_ipv6(text: str) -> list[tuple[int, int, str, int]]:
    """Public IPv6 addresses with no label, unless a server's (as `unlabelled_ips`)."""
    found = []
    for match in _UNLABELLED_V6.finditer(text):
        head = _V6_START.search(text, max(0, match.start() - 40), match.start())
        if head is None:
            continue
        start, end = head.start(), match.end()
        after = text[end : end + 1]
        if text[start - 1 : start] == "[" and after == "]":
            port = _SERVER_AFTER.match(text, end)
            if port is not None:
                continue  # `[2001:db8::10]:443`: a server's
        elif _is_server(text, start, end):
            continue
        found.append((start, end, "IP", 1))
    return found


KIND = Kind(
    name="IP",
    position=170,
    labelled=(
        Labelled(
            family="ip",
            order=230,
            labels=(
                *each(
                    "patient user client member caller remote home customer visitor"
                    " end[_-]?user src source login device subscriber",
                    r"[ _-]?(?:ip(?:v[46])?|ip[ _-]?addr(?:ess)?|addr(?:ess)?)",
                ),
                r"ip[ _-]?addr(?:ess)?",
                r"ip(?:[ _-]?v[46])?",
                "from",
                r"x-forwarded-for",
                r"client(?![_-]?id)",
                r"x-real-ip",
                "xff",
                *each("logged signed log sign", r"[ _-]?in from(?: ip)?"),
            ),
            # Not a gRPC target (`ipv4:192.0.2.60:50051`) nor an address with a service's
            # port (below the ephemeral range): those are servers, not people.
            value=r"(?<![Ii][Pp][Vv][46]:)(?:"
            + _IPV4
            + r"(?!\d)(?!:(?:\d{1,4}|[12]\d{4}|3[01]\d{3}|32[0-6]\d\d)(?!\d))"
            rf"|{_IPV6})",
            validator=whole_if(is_personal_ip),
        ),
    ),
)
