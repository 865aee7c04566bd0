"""LICENSE: a driver's licence, professional licence or certificate number after a label."""

from __future__ import annotations

from asyncproof._phi.blocks import CODE, NUM, each
from asyncproof._phi.declare import Kind, Labelled

KIND = Kind(
    name="LICENSE",
    position=130,
    labelled=(
        Labelled(
            family="license",
            order=140,
            labels=(
                r"driver'?s?[ _-]?licen[cs]e" + NUM,
                r"dl[ _-]?(?:number|num|no\.?|#)",
                r"id[ _-]?card" + NUM,
                *each("birth death marriage", r"[ _-]?certificate" + NUM),
                *each("nursing medical professional state", r"[ _-]?licen[cs]e" + NUM),
                r"licen[cs]e[ _-]?(?:number|num|no\.?|#)",
                r"certificate[ _-]?(?:number|num|no\.?|#)",
                r"cert[ _-]?(?:number|no\.?|#)",
            ),
            value=CODE,
        ),
        # `DL D123-4567-8901`; `mg/dL|70-99` is a unit: a bare `dl` takes a letter-led number.
        Labelled(
            family="license_dl",
            order=150,
            labels=("dl",),
            value=r"(?=[A-Z0-9-]{0,24}\d)[A-Z][A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){3,24}"
            r"(?![A-Za-z0-9-])",
        ),
    ),
)
