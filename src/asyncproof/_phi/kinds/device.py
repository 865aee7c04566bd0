"""DEVICE: a device's serial number, UDI, UUID or MAC address after a label, or a GS1 UDI."""

from __future__ import annotations

import re

from asyncproof._phi.blocks import each
from asyncproof._phi.declare import NO_VALUE, Kind, Labelled, Shape

_UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
_MAC = r"[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}(?![0-9A-Fa-f])"
_SERIAL_NUMBER = r"(?:[ _-]?(?:number|num|no\.?|#))?"

KIND = Kind(
    name="DEVICE",
    position=150,
    labelled=(
        Labelled(
            family="device",
            order=180,
            labels=(
                r"serial" + _SERIAL_NUMBER,
                "s/n",
                "sn",
                # (FHIR's `deviceIdentifier` is a UDI's DI: the model's number, not the unit's.)
                r"device[ _-]?(?:id|serial" + _SERIAL_NUMBER + r"|sn|uuid)",
                r"device[ _-]identifier",
                *each(
                    "implant pacemaker pump monitor glucometer inhaler cgm hearing[_-]?aid",
                    r"[ _-]?(?:id|serial" + _SERIAL_NUMBER + r"|sn|s/n)",
                ),
                "udi",
                "imei",
                "meid",
                # a SIM card's (a cellular gateway's)
                "iccid",
                r"mac[ _-]?addr(?:ess)?",
            ),
            value=rf"(?:{_UUID}|{_MAC}|\(01\)\d{{14}}(?:\(\d{{2}}\)[A-Za-z0-9]{{1,20}}){{0,4}}"
            rf"|[0-9a-f]{{12,64}}(?![0-9A-Za-z])"
            rf"|(?=[A-Z-]{{0,30}}\d)[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){{4,40}}(?![A-Za-z0-9:-]))",
        ),
        # A bare `mac` takes a MAC address only (`mac=00:1C:05:B4:2E:90`; not a message's
        # MAC, `bad record mac 9f86d0...`). (Not `sensor` nor `transmitter`: a machine's, a
        # radio's, as often as a person's CGM.)
        Labelled(
            family="device_mac",
            order=185,
            labels=("mac",),
            value=_MAC,
        ),
        # A certificate's or a key's serial is infrastructure, not a device of a person's:
        # these labels take no value; they only stop `serial` from being read on its own.
        Labelled(
            family="not_phi",
            order=190,
            labels=(
                r"certificate[ _-]?serial" + _SERIAL_NUMBER,
                r"cert[ _-]?serial" + _SERIAL_NUMBER,
                r"key[ _-]?serial" + _SERIAL_NUMBER,
            ),
            value=NO_VALUE,
        ),
        # `device FB-CHG6-00A1B2C3`: a device alone takes a long identifier only.
        Labelled(
            family="device_bare",
            order=210,
            labels=("device",),
            value=r"(?=[A-Z-]{0,30}\d)(?=[A-Z0-9-]{8})[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){7,40}"
            r"(?![A-Za-z0-9:-])",
        ),
    ),
    shapes=(
        # A GS1 UDI: the device identifier (01) and at least one production identifier
        # (serial, lot, expiry), as one match.
        Shape(
            order=90,
            # (a serial's parts joined by `-`: `(21)HL-88213`)
            pattern=r"\(01\)\d{14}(?:\(\d{2,4}\)[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,19})"
            r"{1,6}(?![A-Za-z0-9])",
        ),
    ),
)


# What a serial's token goes on with before its value, glued to it: a prefix and its joint
# (`SN-CGM-7Q2K8841`, `CT-SN-44A9017`, `A&D-UA651-5K0038812`, `BPM-A&D-UA651-5120338`): the
# token printed is the device's identifier, not the part after its label or its `&`.
_GLUED_BEFORE = re.compile(r"(?:[A-Za-z0-9]{1,8}[-&]){1,3}\Z")


def whole_serials(
    text: str, found: list[tuple[int, int, str, int]]
) -> list[tuple[int, int, str, int]]:
    """`found` with each device's serial taken back over the prefix glued to it."""
    result: list[tuple[int, int, str, int]] = []
    for start, end, kind, priority in found:
        if kind == "DEVICE" and start and text[start - 1] in "-&":
            floor = max(result[-1][1] if result else 0, start - 30)
            glued = _GLUED_BEFORE.search(text, floor, start)
            if glued is not None and not text[glued.start() - 1 : glued.start()].isalnum():
                start = glued.start()
        result.append((start, end, kind, priority))
    return result
