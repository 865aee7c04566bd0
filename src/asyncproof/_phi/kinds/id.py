"""ID: any other identifying number after its label (passport, national or tax id, badge), a
certificate's number (birth, death, marriage), and a biometric identifier's (fingerprint, face,
iris, voice or palm template; Safe Harbor's item 16)."""

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
                *each("birth death marriage", r"[ _-]?certificate" + NUM),
                r"certificate[ _-]?(?:number|num|no\.?|#)",
            ),
            value=CODE,
        ),
        # Biometric templates are often lower-case hex: `FPT-0c91-7713-22a8`.
        Labelled(
            family="biometric_id",
            order=201,
            labels=(
                *each(
                    "fingerprint face iris retina palm[_-]?vein voice gait",
                    r"(?:[ _-]?(?:template|code|scan|signature|print))?(?:[ _-]?(?:id|no\.?))?",
                ),
                "voiceprint",
                r"biometric(?:[ _-]?template)?(?:[ _-]?id)?",
                r"template[ _-]?id",
                r"photo[ _-]?id",
                r"dna[ _-]?sample(?:[ _-]?barcode)?",
            ),
            value=r"(?=[A-Za-z_.-]{0,24}\d)(?=[A-Z]{1,6}[-_]|\d)[A-Za-z0-9]"
            r"(?:[A-Za-z0-9]|[-_.](?=[A-Za-z0-9])){3,40}(?![A-Za-z0-9-])",
        ),
    ),
)
