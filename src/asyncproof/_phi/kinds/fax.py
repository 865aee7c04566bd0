"""FAX: a fax number after its label. A phone number shortly after `fax` is one too: see
`phone.fax_or_phone`."""

from __future__ import annotations

from asyncproof._phi.blocks import PHONE_VALUE
from asyncproof._phi.declare import Kind, Labelled, whole_if
from asyncproof._phi.kinds.phone import is_personal_phone

KIND = Kind(
    name="FAX",
    position=70,
    labelled=(
        Labelled(
            family="fax",
            order=10,
            labels=(r"fax(?:[ _-]?(?:number|num|no\.?|#))?", "facsimile"),
            value=PHONE_VALUE,
            validator=whole_if(is_personal_phone),
        ),
    ),
)
