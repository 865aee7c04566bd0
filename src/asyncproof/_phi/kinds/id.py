"""ID: any other identifying number after its label (passport, national or tax id, badge)."""

from __future__ import annotations

from asyncproof._phi.blocks import CODE, NUM, each
from asyncproof._phi.declare import Kind, Labelled

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
            ),
            value=CODE,
        ),
    ),
)
