"""A name found in pieces is found whole (`asyncproof._phi.whole_names`), and nothing that is
not a name's is taken in with it."""

from __future__ import annotations

import pytest

from asyncproof.phi import find_phi, redact_phi


def _found(text: str) -> list[tuple[str, str]]:
    return [(match.kind, match.text) for match in find_phi(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the rules and the learned look found a piece each: one name, not two
        (
            "Twilio webhook: Body=Yes+confirm+for+Yolanda+Achterberg&NumMedia=0",
            "Yolanda+Achterberg",
        ),
        (
            "ERROR edrs.validate: decedent=Okonjo, Adaeze Ngozi dob=1932-05-09",
            "Okonjo, Adaeze Ngozi",
        ),
        ("intake: guardian Hoa Thi Ngo for minor Ngo Minh Khoa (2019-09-01)", "Ngo Minh Khoa"),
        # the initial after a name in HL7's order, the particle before one in capitals
        ("ordering provider not found: ABERNETHY^QUENTIN^R NPI 1215930367", "ABERNETHY^QUENTIN^R"),
        ("patient DE SOUZA, MATEUS FERREIRA MRN E8812004", "DE SOUZA, MATEUS FERREIRA"),
        # a repr's escaped apostrophe before a family name
        ("args=('Sinead O\\'Hanlon', 'sohanlon@example.net')", "Sinead O\\'Hanlon"),
        # a name in capitals with a quote after it: the quote is not the name's
        (
            "surescripts.status reason='Patient name mismatch: KOWALCZUK, TEODOR'",
            "KOWALCZUK, TEODOR",
        ),
        ("status reason='Patient name mismatch: KOWALCZUK, TEODOR' code=3", "KOWALCZUK, TEODOR"),
        # letters of any Latin script in capitals: not `REZ, JOS`
        ("summary for RAMÍREZ, JOSÉ ANTONIO unsigned for 72h", "RAMÍREZ, JOSÉ ANTONIO"),
        # two initials after a name in capitals
        ("rx filled for ABERNATHY-SMYTHE J K", "ABERNATHY-SMYTHE J K"),
        # a nickname quoted between the given and the family name
        ('rebooked Wilhelmina "Billie" Ashcroft from 2026-12-01', 'Wilhelmina "Billie" Ashcroft'),
        # an initial in a caret or X12 group, whatever follows it; in a path
        ("MDM^T02 transcription: author Feldstein^Miriam^K doc type DS", "Feldstein^Miriam^K"),
        ("N4 missing for subscriber JOHANSSON*ASTRID*L (XQH310045562)", "JOHANSSON*ASTRID*L"),
        ("gs://pacs-export/ct-head/LINDQVIST^TORBJORN^E/20261130/1.2.840", "LINDQVIST^TORBJORN^E"),
        # two initials after a name in mixed case; one in a file's name, a query, a quoted value
        ("ringdown('CCT4', {'pt': 'Lindqvist E J', 'dob': '1946-09-30'})", "Lindqvist E J"),
        ("MAR PDF generated mar/2026-11/res-00871_Ashworth-Pryce_D.pdf", "Ashworth-Pryce_D"),
        ("From=%2B15045550114&CallerName=LINDQVIST+T&Duration=212", "LINDQVIST+T"),
        ("B=(E0098804, 'Garcia Lopez', 'Ines M', 1972-03-09)", "Ines M"),
        # the same at a line's end, before its `\n` or `\r\n`; two initials before a word
        ("patient Maria Lopez_A\r\nnext", "Maria Lopez_A"),
        ("patient Lindqvist E J arrived", "Lindqvist E J"),
        # an initial after a comma that is no sex's letter
        ("bed 14\t1936-09-30\t(860) 555-0107\tOkonkwo, B", "Okonkwo, B"),
        # a slug in any Latin script; a particle after a file name's `_`
        ("exports/kowalczyk_bożena_19470211.pdf", "kowalczyk_bożena"),
        ("pod/photo_de-la-fuente_marisol_21661.jpg", "de-la-fuente_marisol"),
        # a bare comma between two one-word pieces; a query's `%2C+`; a slug's dot
        ('lab.ingest ERROR patient match failed: name="ZULU,SIPHO" sex=M', "ZULU,SIPHO"),
        ("GET /search?q=villalobos%2C+esperanza&dob=03%2F02%2F1947", "villalobos%2C+esperanza"),
        ("GET /reports/evac?case=evc_2209&patient=deirdre.kavanagh HTTP/1.1", "deirdre.kavanagh"),
        # a nickname quoted that no pass found; particles in capitals, Irish's and Portuguese's
        ('no bed for resident Marcus "Moose" Delacroix in unit north', 'Marcus "Moose" Delacroix'),
        (
            "overflow for ('MARIA DE LOS ANGELES GUTIERREZ-ECHEVERRIA', 'C/O JUAN')",
            "MARIA DE LOS ANGELES GUTIERREZ-ECHEVERRIA",
        ),
        ("consult.started patient_name='ruairí ó dónaill' dob='1933-05-08'", "ruairí ó dónaill"),
        ('R-00421,"Ana Beatriz Costa e Silva",1994-11-23,F', "Ana Beatriz Costa e Silva"),
    ],
)
def test_a_name_found_in_pieces_is_one_match(text: str, name: str) -> None:
    names = [found for kind, found in _found(text) if kind == "NAME"]
    assert name in names
    redacted = redact_phi(text)
    assert name not in redacted
    # (an initial's letter may be a kind's: the `E` of `[NAME]`)
    parts = name.replace("^", " ").replace("+", " ").replace("*", " ").split()
    assert all(part not in redacted for part in parts if len(part) > 1)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a temperature's unit, a side of the body, a spelled-out name, a label: no initials
        ("Pt Mendez, Graciela, T 99F", "Mendez, Graciela"),
        (
            "incident resident=Pualani Kealoha-Winters L forearm skin tear",
            "Pualani Kealoha-Winters",
        ),
        ("Pt name: Ekaterina Sokolova-Brandt D.O.B. 3 Jan 1938", "Ekaterina Sokolova-Brandt"),
        ("caller: her name is Rosalind Achterberg A C H T E R B E R G", "Rosalind Achterberg"),
        # a crew role's letter before a name written in mixed case
        ("Crew: P Priya Raghunathan (lead)", "Priya Raghunathan"),
        # a clinical abbreviation after a name, a blood group, a sex after a comma
        ("pt Maria Lopez S/P CABG", "Maria Lopez"),
        ("patient Maria Lopez C/O chest pain", "Maria Lopez"),
        ("pt Maria Lopez A&O x3 on arrival", "Maria Lopez"),
        # escaped characters that are no letters: a field separator, an apostrophe
        ("payload=b'PATIENT Maria Lopez\\x1fADMITTED\\x1fWARD'", "Maria Lopez"),
        ("msg='Maria Lopez\\u2019s chart'", "Maria Lopez"),
        # a sex's letter after a comma; a tumour sample's letter after a file name's `_`; a
        # particle after `_` that a space, not a slug's joint, follows
        ("bed 14\t1936-09-30\t(860) 555-0107\tOkonkwo, M", "Okonkwo"),
        ("process > 'SAREK (LINDQVIST_ASTRID_T_L001)'", "LINDQVIST_ASTRID"),
        ("mode_de Ravi Shankar", "Ravi Shankar"),
    ],
)
def test_what_is_beside_a_name_but_no_initial_stays_out(text: str, name: str) -> None:
    assert ("NAME", name) in _found(text)


def test_names_in_neighbouring_columns_stay_apart() -> None:
    # A run of spaces splits the fields of a fixed-width record: each name is its own match.
    text = "Okafor          Chidinma        1932-05-09"
    names = [found for kind, found in _found(text) if kind == "NAME"]
    assert all("  " not in name for name in names)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a word after a name that names organisations as often as it follows a person's
        ("NEEDS ATTENTION Bao Yang Medicare MBI pending", "Bao Yang"),
        # a key's word after a name, not a word of its name
        ("prescriber=Lena Abernathy pharmacy_ncpdp=6612240", "Lena Abernathy"),
        # a report's next column, a ward, a word of no organisation's end (found in review)
        ("Member: ERIK LINDQVIST  GROUP: 88213  PLAN: PPO", "ERIK LINDQVIST"),
        ("Admitted Marcus Delacroix General Medicine ward 4", "Marcus Delacroix"),
        ("LINDQVIST,ERIK Insurance verified", "LINDQVIST,ERIK"),
    ],
)
def test_a_name_before_a_word_that_is_no_organisations_stays(text: str, name: str) -> None:
    assert ("NAME", name) in _found(text)


def test_names_in_neighbouring_fields_of_a_csv_row_stay_apart() -> None:
    # A bare comma joins `ZULU,SIPHO`, not a row's given and family names, two fields.
    names = [m for kind, m in _found("pt-1442,Linnea,Bergstrom,1940-03-12,F") if kind == "NAME"]
    assert names == ["Linnea", "Bergstrom"]


def test_two_people_a_word_between_splits_stay_apart() -> None:
    # `DO` (a doctor of osteopathy's letters) is no particle between two names.
    assert [m for kind, m in _found("caregivers John Smith DO Mary Jones") if kind == "NAME"] == [
        "John Smith",
        "Mary Jones",
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a school, a practice, a hotel, a care home: no one's name, whichever pass found it
        "nurse.report: Garfield Elementary sent 3 students home",
        "referred to Twin Pines Orthopedics for follow-up",
        "stay at Hilton Garden Inn, room 611",
        "discharged to Sunrise Memorial, bed 4",
    ],
)
def test_a_name_that_holds_an_organisation_s_word_is_none(text: str) -> None:
    assert [kind for kind, _ in _found(text)] == []


def test_a_surname_that_is_also_a_place_s_word_stays_a_name() -> None:
    text = 'From: "Hunter Church" <hchurch.1958@example.com>'
    assert ("NAME", "Hunter Church") in _found(text)


def test_a_name_in_brackets_after_another_stays_its_own() -> None:
    # Quotes or brackets join a nickname only between a given and a family name.
    names = [
        found for kind, found in _found("dx for Ana Lima (Rui Costa) pending") if kind == "NAME"
    ]
    assert names == ["Ana Lima", "Rui Costa"]
