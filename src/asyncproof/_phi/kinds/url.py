"""URL: a person's web page after a label, or a social-media profile. A link carrying other PHI
is reported whole by `asyncproof._phi.formats.url`."""

from __future__ import annotations

from asyncproof._phi.blocks import each
from asyncproof._phi.declare import Kind, Labelled, Shape

KIND = Kind(
    name="URL",
    position=160,
    labelled=(
        Labelled(
            family="url",
            order=220,
            labels=(
                *each("personal home", r"[ _-]?(?:website|url|page)"),
                "website",
                "homepage",
                "home page",
                "blog",
                r"profile[ _-]?(?:url|link|page)",
                *each(
                    "facebook twitter linkedin instagram tiktok",
                    r"(?:[ _-]?(?:url|profile|page))?",
                ),
            ),
            value=r"(?:https?://|www\.)[^\s\"'<>]{0,199}[^\s\"'<>.,;:)\]]",
        ),
    ),
    shapes=(
        Shape(
            order=160,
            pattern=r"https?://(?:www\.)?(?:facebook|twitter|x|linkedin|instagram|tiktok)\.com/"
            r"(?:in/)?[A-Za-z0-9_.-]{2,60}",
        ),
    ),
)
