"""Cells of tables read by their header (`asyncproof._phi.columns`): each shape of table a
backend prints, the rows that do not fit, the columns that are not PHI, and linear time.

Every value here is synthetic (555 numbers, made-up names and record numbers).
"""

from __future__ import annotations

import json

import pytest

from asyncproof._phi.columns import values_under_headers
from asyncproof._phi.columns.names import column_kind
from asyncproof.phi import find_phi, redact_phi
from tests._support.linear_time import assert_linear_time


def _found(text: str) -> list[tuple[str, str]]:
    return [(match.kind, match.text) for match in find_phi(text)]


def _read_by_columns(text: str) -> list[tuple[str, str]]:
    """What the column pass alone reads (the other passes find some names by their shape)."""
    read = values_under_headers(text)
    return [(kind, text[start:end]) for start, end, kind, _ in read]


def _assert_found(text: str, expected: list[tuple[str, str]]) -> None:
    found = _found(text)
    for pair in expected:
        assert pair in found, (pair, found)


# ---- each shape of table ----------------------------------------------------------------


def test_csv_rows_under_their_header() -> None:
    text = (
        "mrn,last_name,first_name,dob,zip\n"
        "E0012245,Mensah,Kwame,1976-07-04,06106\n"
        "E0012266,Haugen,Per,1952-11-01,06082\n"
    )
    _assert_found(
        text,
        [
            ("MRN", "E0012245"),
            ("NAME", "Mensah"),
            ("NAME", "Kwame"),
            ("DATE", "1976-07-04"),
            ("ZIP", "06106"),
            ("NAME", "Haugen"),
            ("NAME", "Per"),
            ("ZIP", "06082"),
        ],
    )
    redacted = redact_phi(text)
    for value in ("Mensah", "Kwame", "Haugen", "06082", "E0012266"):
        assert value not in redacted


def test_quoted_csv_cells_hold_commas_and_particles() -> None:
    text = (
        '"patient_name","street","city","zip5","home_phone"\n'
        '"Kapoor, Vikram","1420 Asylum Ave Apt 5F","Hartford","06105","860-555-0128"\n'
        '"de Souza, Luiz Fernando","2 Bayberry Ct","West Hartford","06117",""\n'
    )
    _assert_found(
        text,
        [
            ("NAME", "Kapoor, Vikram"),
            ("ADDRESS", "Hartford"),
            ("ZIP", "06105"),
            ("NAME", "de Souza, Luiz Fernando"),
            ("ADDRESS", "West Hartford"),
        ],
    )


def test_an_aligned_header_keeps_a_name_of_plain_words_whole() -> None:
    text = "Date of Birth   Last Name   Code\n1950-02-02      Zyzzmore    QX7\n"
    assert _read_by_columns(text) == [("DATE", "1950-02-02"), ("NAME", "Zyzzmore")]


def test_tab_and_semicolon_separated_rows() -> None:
    tsv = "mrn\tname\tdob\tage\nE0009001\tPetrakis, Georgios\t1932-02-14\t94\n"
    _assert_found(
        tsv,
        [
            ("MRN", "E0009001"),
            ("NAME", "Petrakis, Georgios"),
            ("DATE", "1932-02-14"),
            ("AGE", "94"),
        ],
    )
    semicolons = "nom;cognome;surname;birth_date\nx;y;Marchetti;14/03/1957\n"
    _assert_found(semicolons, [("NAME", "Marchetti"), ("DATE", "14/03/1957")])


def test_psql_output_with_its_rule_line() -> None:
    text = (
        "   mrn    | last_name  | first_name | birth_date |   home_phone\n"
        "----------+------------+------------+------------+----------------\n"
        " E0060114 | Mbeki      | Thandiwe   | 1931-06-02 | 860-555-0109\n"
        " E0071442 | Lefebvre   | Antoine    | 1979-09-11 | (203) 555-0131\n"
        "(2 rows)\n"
    )
    _assert_found(
        text,
        [
            ("MRN", "E0060114"),
            ("NAME", "Mbeki"),
            ("NAME", "Thandiwe"),
            ("DATE", "1931-06-02"),
            ("NAME", "Lefebvre"),
            ("NAME", "Antoine"),
            ("DATE", "1979-09-11"),
        ],
    )
    assert "(2 rows)" in redact_phi(text)


def test_markdown_table() -> None:
    text = "| surname | given_name | dob |\n|---|---|---|\n| Okonkwo | Chidi | 1944-05-06 |\n"
    _assert_found(text, [("NAME", "Okonkwo"), ("NAME", "Chidi"), ("DATE", "1944-05-06")])


def test_dataframe_print_with_its_index_and_names_with_spaces() -> None:
    text = (
        "       name_a                  name_b                 dob_a        score\n"
        "881    Fatima Zahra El Idrissi  Fatima El-Idrissi      1983-08-15   0.964\n"
        "902    José Ángel Ruiz         Jose A. Ruiz           1950-02-02   0.971\n"
        "[2 rows x 4 columns]\n"
    )
    _assert_found(
        text,
        [
            ("NAME", "Fatima Zahra El Idrissi"),
            ("NAME", "Fatima El-Idrissi"),
            ("DATE", "1983-08-15"),
            ("NAME", "José Ángel Ruiz"),
            ("NAME", "Jose A. Ruiz"),
        ],
    )
    found = _found(text)
    assert not any(value in ("881", "902", "0.964") for _, value in found), found


def test_fixed_width_report_cut_at_its_rule_line() -> None:
    # Single spaces between columns: only the rule line says where `de la Cruz` ends.
    text = (
        "LAST NAME       FIRST      DOB\n"
        "--------------- ---------- ----------\n"
        "de la Cruz      María      1950-02-02\n"
        "O'Sullivan      Niamh      1939-01-17\n"
    )
    _assert_found(
        text,
        [
            ("NAME", "de la Cruz"),
            ("NAME", "María"),
            ("DATE", "1950-02-02"),
            ("NAME", "O'Sullivan"),
            ("NAME", "Niamh"),
        ],
    )


def test_r_tibble_with_its_type_row_and_row_numbers() -> None:
    text = (
        "# A tibble: 2 x 3\n"
        "  mrn      last_name dob       \n"
        "  <chr>    <chr>     <date>    \n"
        "1 E0012245 Mensah    1976-07-04\n"
        "2 E0012266 Haugen    1952-11-01\n"
    )
    _assert_found(
        text,
        [("MRN", "E0012245"), ("NAME", "Mensah"), ("NAME", "Haugen"), ("DATE", "1952-11-01")],
    )


def test_tibble_cells_with_spaces_and_numbers_wider_than_their_name() -> None:
    text = (
        "# A tibble: 2 x 3\n"
        "  pt_name            age mrn     \n"
        "  <chr>            <dbl> <chr>   \n"
        "1 Zyzzmore, Anna      95 00448815\n"
        "2 Qorvath, Erik      101 00448816\n"
    )
    assert _read_by_columns(text) == [
        ("NAME", "Zyzzmore, Anna"),
        ("AGE", "95"),
        ("MRN", "00448815"),
        ("NAME", "Qorvath, Erik"),
        ("AGE", "101"),
        ("MRN", "00448816"),
    ]


def test_a_fixed_width_report_ends_at_a_line_that_fills_one_column() -> None:
    text = (
        "PATIENT NAME              MRN\n"
        "------------------------- -----------\n"
        "DE LA CRUZ, MARIA JOSE    00448812\n"
        "# A tibble: 1 x 2\n"
        "  lname    code\n"
        "  <chr>    <chr>\n"
        "1 Zyzzmore QX7\n"
    )
    read = _read_by_columns(text)
    assert ("NAME", "DE LA CRUZ, MARIA JOSE") in read
    assert ("NAME", "Zyzzmore") in read  # the next table, read by its own header


def test_a_column_of_people_needs_no_listed_name_a_column_of_names_does() -> None:
    people = "| Patient | DOB |\n|:--|--:|\n| Grace Qorvath | 1931-06-02 |\n"
    assert ("NAME", "Grace Qorvath") in _read_by_columns(people)
    things = "| Name | Runs |\n|:--|--:|\n| Grace Period | 12 |\n"
    assert _read_by_columns(things) == []


def test_psql_expanded_record() -> None:
    text = (
        "-[ RECORD 1 ]-+-------------------------------\n"
        "mrn           | E0082217\n"
        "full_name     | MACLEOD, EILIDH F\n"
        "age           | 97\n"
        "city          | Glasgow\n"
    )
    _assert_found(
        text,
        [("MRN", "E0082217"), ("NAME", "MACLEOD, EILIDH F"), ("AGE", "97"), ("ADDRESS", "Glasgow")],
    )


def test_polars_frame_drawn_with_box_characters() -> None:
    text = (
        "shape: (2, 3)\n"
        "┌──────────┬───────────┬────────────┐\n"
        "│ mrn      ┆ surname   ┆ dob        │\n"
        "│ ---      ┆ ---       ┆ ---        │\n"
        "│ str      ┆ str       ┆ date       │\n"
        "╞══════════╪═══════════╪════════════╡\n"
        "│ E0012245 ┆ Zyzzmore  ┆ 1976-07-04 │\n"
        "│ E0012266 ┆ Qorvath   ┆ 1952-11-01 │\n"
        "└──────────┴───────────┴────────────┘\n"
    )
    assert _read_by_columns(text) == [
        ("MRN", "E0012245"),
        ("NAME", "Zyzzmore"),
        ("DATE", "1976-07-04"),
        ("MRN", "E0012266"),
        ("NAME", "Qorvath"),
        ("DATE", "1952-11-01"),
    ]


def test_mysql_client_grid() -> None:
    text = (
        "+----------+-----------+\n"
        "| mrn      | lname     |\n"
        "+----------+-----------+\n"
        "| E0012245 | Zyzzmore  |\n"
        "+----------+-----------+\n"
        "1 row in set (0.00 sec)\n"
    )
    assert _read_by_columns(text) == [("MRN", "E0012245"), ("NAME", "Zyzzmore")]


def test_dataframe_with_a_named_index_reads_the_index_as_its_column() -> None:
    # `df.set_index("mrn")`: the index's name on a line of its own, its values first on each row.
    text = (
        "          last_name  first_name         dob\n"
        "mrn                                       \n"
        "E0012245  Zyzzmore       Kwame  1976-07-04\n"
        "E0012266   Qorvath         Per  1952-11-01\n"
    )
    read = _read_by_columns(text)
    assert ("MRN", "E0012245") in read
    assert ("NAME", "Qorvath") in read
    assert ("DATE", "1952-11-01") in read


def test_wide_dataframe_with_elided_columns_and_continued_lines() -> None:
    text = (
        "        mrn  lastname  ...   zip5  \\\n"
        "0  E0012245  Zyzzmore  ...  06106  \n"
        "1  E0012266   Qorvath  ...  06082  \n"
    )
    read = _read_by_columns(text)
    assert ("NAME", "Zyzzmore") in read
    assert ("ZIP", "06082") in read
    assert not any(value == "..." for _, value in read)


def test_header_names_with_spaces_brackets_and_a_byte_order_mark() -> None:
    text = "\ufeffPatient Name,Date of Birth (MM/DD/YYYY),Phone #\nAna Zyzzmore,03/14/1957,x\n"
    assert _read_by_columns(text)[:2] == [("NAME", "Ana Zyzzmore"), ("DATE", "03/14/1957")]


def test_header_names_with_a_percent_or_a_currency_sign() -> None:
    text = "mrn,lname,copay ($),coinsurance %\nE0012245,Zyzzmore,20.00,10\n"
    assert _read_by_columns(text) == [("MRN", "E0012245"), ("NAME", "Zyzzmore")]


def test_a_table_of_people_reads_a_column_named_date_as_theirs() -> None:
    people = "date,mrn,lname\n2026-12-14,E0012245,Zyzzmore\n"
    assert ("DATE", "2026-12-14") in _read_by_columns(people)
    runs = "date,job,status,phone\n2026-12-14,nightly-export,failed,x\n"
    assert _read_by_columns(runs) == []


def test_spark_show_and_its_vertical_records() -> None:
    table = (
        "+--------+---------+----------+\n"
        "|     mrn|last_name|       dob|\n"
        "+--------+---------+----------+\n"
        "|E0012245| Zyzzmore|1976-07-04|\n"
        "+--------+---------+----------+\n"
        "only showing top 1 row\n"
    )
    assert _read_by_columns(table) == [
        ("MRN", "E0012245"),
        ("NAME", "Zyzzmore"),
        ("DATE", "1976-07-04"),
    ]
    vertical = "-RECORD 0-----------------\n mrn       | E0012245\n last_name | Zyzzmore\n"
    assert _read_by_columns(vertical) == [("MRN", "E0012245"), ("NAME", "Zyzzmore")]


def test_csv_with_the_unnamed_index_column_pandas_writes() -> None:
    text = ",mrn,last_name\n0,E0012245,Zyzzmore\n1,E0012266,Qorvath\n"
    assert _read_by_columns(text) == [
        ("MRN", "E0012245"),
        ("NAME", "Zyzzmore"),
        ("MRN", "E0012266"),
        ("NAME", "Qorvath"),
    ]


def test_a_series_printed_reads_each_value_by_its_name() -> None:
    text = (
        "In [32]: print(row)\n"
        "mrn                     E0066120\n"
        "name          Ahmadi, Shirin Q\n"
        "dob                   1958-04-12\n"
        "visits                        12\n"
        "Name: 8120, dtype: object\n"
    )
    assert _read_by_columns(text) == [
        ("MRN", "E0066120"),
        ("NAME", "Ahmadi, Shirin Q"),
        ("DATE", "1958-04-12"),
    ]
    # Without the footer that says it is a Series, name-and-value lines are not read so.
    assert _read_by_columns(text.replace("Name: 8120, dtype: object", "done")) == []


def test_tuples_under_a_list_of_column_names() -> None:
    text = (
        ">>> cols\n"
        "['mrn', 'last_name', 'dob']\n"
        ">>> rows\n"
        "[('E0012245', 'Zyzzmore', datetime.date(1976, 7, 4)), ('E0012266', 'Qorvath', None)]\n"
        ">>> len(rows)\n"
        "2\n"
    )
    assert _read_by_columns(text) == [
        ("MRN", "E0012245"),
        ("NAME", "Zyzzmore"),
        ("DATE", "1976, 7, 4"),
        ("MRN", "E0012266"),
        ("NAME", "Qorvath"),
    ]


def test_tuples_under_the_columns_a_select_names() -> None:
    text = (
        "SELECT p.mrn, p.last_name AS surname, p.birth_date FROM patients p LIMIT 2\n"
        "('E0012245', 'Zyzzmore', Timestamp('1976-07-04 00:00:00'))\n"
        "('E0012266', \"O'Qorvath\", None)\n"
        "('x', 'y')\n"
        "('E0012299', 'Vexmoor', None)\n"
    )
    read = _read_by_columns(text)
    assert ("DATE", "1976-07-04 00:00:00") in read
    assert ("NAME", "O'Qorvath") in read
    # A tuple of another width ends the rows: what follows is not read under these names.
    assert ("NAME", "Vexmoor") not in read


def test_the_parameters_on_a_select_line_are_no_row_of_its_columns() -> None:
    text = (
        "SELECT t.id, t.mrn FROM t WHERE t.last_name = %s AND t.dob = %s; "
        "args=('Zyzzmore', datetime.date(1975, 6, 30))\n"
        "(0.001) COMMIT\n"
        "(0.004) UPDATE t SET email = %s WHERE t.id = 4822; args=('a@example.com', 4822)\n"
    )
    assert _read_by_columns(text) == []


def test_a_json_array_of_words_is_no_list_of_columns() -> None:
    text = '{"fields": ["street", "city"]}\n{"changes": ["12 Elm St", "Springfield"]}\n'
    assert _read_by_columns(text) == []


# ---- rows that do not fit, cells that hold nothing --------------------------------------


def test_a_row_wider_or_narrower_than_its_header_ends_the_table() -> None:
    # After the row of six cells, the next rows could be another table's: never read under
    # these names.
    text = "code,last_name,first_name\nA1,Mensah,Kwame\nx,y,z,w,v,u\nB2,Haugen,Per\n"
    found = _read_by_columns(text)
    assert ("NAME", "Mensah") in found
    assert not any(value in ("Haugen", "Per", "z") for _, value in found), found


def test_empty_null_and_masked_cells_are_not_reported() -> None:
    text = (
        "mrn,last_name,first_name,dob\n"
        "E0078310,None,Priya,NaN\n"
        "E0078311,NULL,-,\n"
        "E0078312,***,[withheld],<NA>\n"
    )
    found = {value for _, value in _found(text)}
    assert {"E0078310", "Priya", "E0078311", "E0078312"} <= found
    assert not found & {"None", "NaN", "NULL", "-", "***", "[withheld]", "<NA>"}, found


def test_unknown_columns_are_not_read() -> None:
    text = "code,last_name,status\nQX7,Mensah,Kwabena\n"
    found = _read_by_columns(text)
    assert ("NAME", "Mensah") in found
    # `Kwabena` under `status` would be a name by its shape, but the header does not say so.
    assert not any(value in ("QX7", "Kwabena") for _, value in found), found


def test_a_header_with_no_row_under_it_reads_nothing() -> None:
    assert _read_by_columns("mrn,last_name,first_name,dob\n") == []


# ---- tables and columns that are not PHI ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # An aggregate: counts by payer.
        "   payer    | count  | round\n"
        "------------+--------+-------\n"
        " MEDICARE   | 112044 |  5.12\n"
        " COMMERCIAL |  88120 |  3.40\n",
        # No column of PHI at all.
        "measure,numerator,denominator,rate,run_date\nCMS122v12,1204,9960,12.1%,2026-12-01\n",
        # A header-like line followed by prose.
        "name, dob, phone\nPlease fill in all three fields before you submit the form.\n",
        # Names with a PHI word that are no PHI: the last word says what the column holds.
        "name_server,file_name,zip_file,dob_verified\n"
        "ns1.example.net,Quarterly Report.pdf,export 2026.zip,true\n",
        # A table of places: where, and no one.
        "clinic_id,clinic_name,city,visits\nc-01,Lakeshore Family Medicine,Chicago,4122\n",
        # A package listing: one word under `Name` is no one's name.
        "Name     Version\n-------- -------\nDjango   5.1.2\nrequests 2.32.3\n",
        # A task list: two capitalised words under `Name` are no one's name.
        "Name                           Status     Runtime\n"
        "Daily Export                   SUCCESS    12.1s\n"
        "Nightly Backup                 FAILURE    0.4s\n",
        # Years of birth: Safe Harbor keeps the year.
        "birth_year  patients\n1950        1204\n1951        1311\n",
        # kubectl: `AGE` is how long a pod has run.
        "NAME                     READY   STATUS    RESTARTS   AGE\n"
        "api-7d9f8b6c4-xk2pq      1/1     Running   0          92m\n"
        "worker-5c7d8f9b7-abcde   1/1     Running   3          95d\n",
    ],
    ids=[
        *("aggregate", "no-phi-column", "prose", "phi-words", "places", "packages", "tasks"),
        *("years", "kubectl"),
    ],
)
def test_tables_without_phi_are_not_read(text: str) -> None:
    assert _read_by_columns(text) == []


def test_an_organisation_in_a_row_keeps_its_details_out() -> None:
    text = (
        "npi,provider,specialty,state_license\n"
        '1487203349,"Ilić, Teodora",Internal Medicine,IL-036.118842\n'
        '1730184422,"General Hospital of Example",Hospital,\n'
    )
    found = {value for _, value in _read_by_columns(text)}
    assert {"1487203349", "IL-036.118842"} <= found  # a clinician's
    assert "1730184422" not in found  # a hospital's


def test_an_organisation_beside_a_column_of_people_is_where_they_were_seen() -> None:
    # A worklist of people, each at a clinic: the clinic's name does not make the row its own.
    text = (
        "chase_id|member|dob|provider_site|status\n"
        "CC-26-00012|ANDERSON, GLORIA J|06/09/1961|Mankato Clinic Family Med|REQUESTED\n"
        "CC-26-00013|OKAFOR, CHIDI|1948-02-11|Example Valley Hospital|RECEIVED\n"
    )
    found = _read_by_columns(text)
    for pair in (("NAME", "ANDERSON, GLORIA J"), ("DATE", "06/09/1961"), ("NAME", "OKAFOR, CHIDI")):
        assert pair in found, found
    assert not any("Clinic" in value or "Hospital" in value for _, value in found)


def test_a_delimited_row_whose_last_cell_is_empty() -> None:
    # `|` at the row's end opens its last, empty cell: the header has no `|` at its end.
    text = (
        "visit_id|member_id|member_name|exception\n"
        "EVV-0001|MA0049000012|KOWALCZYK, STANISLAWA|\n"
        "EVV-0002|MA0049000020|BAH, MAMADOU|MISSED_VISIT\n"
    )
    found = _read_by_columns(text)
    for pair in (("NAME", "KOWALCZYK, STANISLAWA"), ("HEALTH_PLAN", "MA0049000012")):
        assert pair in found, found


def test_a_hand_aligned_tibble_reads_values_a_character_off_their_name() -> None:
    # Values one character right of their column's name, and text across the next column's
    # start (left-aligned, as a tibble prints text): each stays in its own column.
    text = (
        "  record_id pt_name            mrn      dob        city        zip  \n"
        "  <chr>     <chr>              <chr>    <date>     <chr>       <chr>\n"
        "1 588       Rafael Quintero     E2290118 1958-06-19 Miami       33131\n"
        "2 591       Mei-Ling Chen       E2291517 1966-04-01 Florida City 33034\n"
    )
    found = _read_by_columns(text)
    for pair in (
        ("MRN", "E2290118"),
        ("DATE", "1958-06-19"),
        ("ADDRESS", "Miami"),
        ("ADDRESS", "Florida City"),
        ("ZIP", "33034"),
    ):
        assert pair in found, found


def test_a_frame_aligned_by_hand_reads_cells_split_by_two_spaces() -> None:
    # One cell per column where two spaces split them, though a cell reaches under the next
    # column's name.
    text = (
        "          npi                  name  score\n"
        "0  1982740315   KHALIL SAMIR   0.97\n"
        "1  1548203991   ANNIKA FERNSTRÖM   0.91\n"
    )
    found = _read_by_columns(text)
    assert ("LICENSE", "1982740315") in found, found
    assert ("NAME", "ANNIKA FERNSTRÖM") in found, found
    # Only after cells under their own names: an R data.frame's row splits at two spaces
    # into as many cells too (`KWAME 1951-11-30` one of them), but at one space under its
    # names, its row number first.
    text = (
        "  donor_id     surname  forename birth_date postcode\n"
        "2     0077      MENSAH     KWAME 1951-11-30    55901\n"
    )
    found = _read_by_columns(text)
    for pair in (("NAME", "MENSAH"), ("NAME", "KWAME"), ("DATE", "1951-11-30")):
        assert pair in found, found


def test_a_whole_address_in_one_cell_is_read_as_its_parts() -> None:
    text = (
        "piece_id,addressee,orig_address,forward_address\n"
        'P0031877,MARK OYELARAN,"77 SUMMIT AVE, SAINT PAUL MN 55105",\n'
        'P0032115,ELODIE DUBOIS,"PO BOX 4412, WILLMAR MN 56201",'
        '"18 RUE DE LA PAIX, FARGO, ND 58102"\n'
    )
    found = _read_by_columns(text)
    for pair in (
        ("ADDRESS", "77 SUMMIT AVE, SAINT PAUL"),
        ("ZIP", "55105"),
        ("ADDRESS", "PO BOX 4412, WILLMAR"),
        ("ADDRESS", "18 RUE DE LA PAIX, FARGO"),
        ("ZIP", "58102"),
    ):
        assert pair in found, found
    assert not any(value.endswith("MN") for _, value in found)  # the state is no PHI


def test_an_address_cell_in_lower_case_with_its_number_after_the_street() -> None:
    text = (
        "registry_id,full_name,address,city\n"
        'R-00416,"Oksana Hrytsenko","vul. Sahaidachnoho 25, kv. 14",Kyiv\n'
        "R-00417,Emile Lachance,see notes,Quebec\n"
    )
    found = _read_by_columns(text)
    assert ("ADDRESS", "vul. Sahaidachnoho 25, kv. 14") in found, found
    assert ("ADDRESS", "see notes") not in found  # no number: words, not a street


def test_a_row_of_placeholders_shows_the_layout_and_is_not_read() -> None:
    text = (
        "pa_id\treceived\tmember_name\tdob\n"
        "PA-2611-004417\t2026-11-30\tABDI, HODAN\t09/30/1989\n"
        "PA-2611-0044xx\t<ts>\t<name>\t<dob>\n"
    )
    found = _read_by_columns(text)
    assert ("ID", "PA-2611-004417") in found, found
    assert not any(value.startswith("PA-2611-0044x") for _, value in found), found


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        # Every spelling of a surname column, one class.
        *(
            (spelling, "NAME")
            for spelling in (
                "last_name",
                "lastname",
                "LastName",
                "surname",
                "family_name",
                "pt_last",
                "LNAME",
                "PatientLastName",
                "name_b",
            )
        ),
        ("pt_dob", "DATE"),
        ("dob_a", "DATE"),
        ("disch_dt", "DATE"),
        ("zip5", "ZIP"),
        ("home_phone", "PHONE"),
        ("member_id", "HEALTH_PLAN"),
        ("patient_mrn", "MRN"),
        ("provider_npi", "LICENSE"),  # whose: a role in front
        ("city", "ADDRESS"),
        ("owner_dl", "LICENSE"),
        ("resident_name", "NAME"),  # a person's role, then `name`
        ("name_last", "NAME"),
        ("dos_from", "DATE"),
        ("admit_ts", "DATE"),  # a timestamp: the date and its time
        ("attending_md", "NAME"),
        ("last_visit", "DATE"),
        ("Date of Birth", "DATE"),
        ("drug_name", ""),  # a thing's name
        ("clinic_name", ""),
        ("last_login", ""),
        # A PHI word that does not say what the column holds: not read.
        ("name_server", ""),
        ("file_name", ""),
        ("zip_file", ""),
        ("dob_verified", ""),  # a flag about the date of birth, not the date
        ("patient_id", ""),  # an opaque key (the guide's rule: the one thing to log)
        ("patient_key", ""),
        ("payer", ""),
        # One person's claim, prior authorisation or appeal: a number of theirs (`ID`) ...
        ("pa_id", "ID"),
        ("auth_no", "ID"),
        ("appeal_number", "ID"),
        ("grievance_id", "ID"),
        ("case_id", "ID"),  # a case's number is the person's too (the corpus README)
        ("visit_id", ""),  # ... not a visit key of the system's
        ("treating_npi", "LICENSE"),  # a clinician by what they do for the patient
        ("mrn_at_site", "MRN"),  # where the value was issued, after its name
        ("forward_address", "ADDRESS"),  # which of a person's addresses
        ("orig_zip", "ZIP"),
    ],
)
def test_column_names_map_to_kinds_by_class(name: str, kind: str) -> None:
    assert column_kind(name)[0] == kind


def test_a_json_frame_with_its_columns_apart_from_its_rows() -> None:
    # `DataFrame.to_json(orient="split")` and query APIs: on one line or pretty-printed.
    payload = {
        "columns": ["mrn", "last_name", "dob", "score"],
        "index": [0, 1],
        "data": [["E0012245", "Mensah", "1976-07-04", 0.5], ["E0012266", "Haugen", None, 1]],
    }
    for dumped in (json.dumps(payload), json.dumps(payload, indent=2)):
        found = _read_by_columns("GET /export 200\n" + dumped)
        for pair in (("MRN", "E0012245"), ("NAME", "Mensah"), ("DATE", "1976-07-04")):
            assert pair in found, (dumped, found)
        assert ("NAME", "Haugen") in found, found
    # A row of another width is no row of these columns.
    text = 'x\n{"columns": ["mrn", "last_name"], "data": [["E0012245", "Mensah", "extra"]]}'
    assert _read_by_columns(text) == []


def test_a_table_inside_a_json_string_with_escaped_line_breaks() -> None:
    # A CSV file or a TSV printed into a JSON log line.
    for stdout in (
        "mrn,last_name,dob\nE0012245,Mensah,1976-07-04\nE0012266,Haugen,1952-11-01\n",
        "mrn\tlast_name\tdob\nE0012245\tMensah\t1976-07-04\n",
    ):
        text = "job started\n" + json.dumps({"event": "export", "stdout": stdout})
        found = _read_by_columns(text)
        for pair in (("MRN", "E0012245"), ("NAME", "Mensah"), ("DATE", "1976-07-04")):
            assert pair in found, (stdout, found)
        redacted = redact_phi(text)
        assert "Mensah" not in redacted
        assert '"event": "export"' in redacted


# ---- whole text: where a value found once is taken out again -----------------------------


_DAY_LOG = (
    "2026-11-30 14:22:01 INFO intake: admitted Ana Lima (DOB 1958-06-19) on 2026-11-30, age 102\n"
    "2026-11-30 14:22:05 INFO worker: booted\n"
    "2026-11-30 14:22:09 INFO export: wrote claims_2026-11-30.csv in 102.5 ms\n"
    "2026-11-30 14:22:12 WARNING dedupe: 1958-06-19 00:00:00 seen twice\n"
)


def test_a_date_found_once_is_not_taken_out_of_that_days_timestamps() -> None:
    found = [(match.kind, match.text, match.start) for match in find_phi(_DAY_LOG)]
    line_starts = [0] + [at + 1 for at, char in enumerate(_DAY_LOG) if char == "\n"]
    # The admission's date on the day of the log: found on its line, and in a file name ...
    assert ("DATE", "2026-11-30", _DAY_LOG.index("on 2026-11-30") + 3) in found, found
    assert ("DATE", "2026-11-30", _DAY_LOG.index("claims_") + 7) in found, found
    # ... but the log's own timestamps, every line's, stay.
    assert not any(start in line_starts for _, _, start in found), found
    # A birth date is no day the log was written on: taken out wherever it is written again.
    assert ("DATE", "1958-06-19 00:00:00") in [(kind, text) for kind, text, _ in found]


def test_an_x12_envelope_date_is_a_timestamp_too() -> None:
    text = (
        "GS*HC*SUBMITTER*RECEIVER*20261130*1420*4412*X*005010X222A1~\n"
        "NM1*IL*1*MENSAH*KWAME****MI*W884213301~\n"
        "DTP*472*D8*20261130~\n"
        "BHT*0019*00*BATCH4412*20261130*1420*CH~\n"
    )
    dates = [match.start for match in find_phi(text) if match.kind == "DATE"]
    assert text.index("D8*20261130") + 3 in dates  # the service date, on its own line
    assert text.index("GS*") + 25 not in dates  # the envelope's time stamps stay
    assert text.index("BHT*") + 24 not in dates


def test_a_value_found_once_is_not_taken_out_of_a_longer_number() -> None:
    # `102` (an age over 89) is not taken out of `102.5 ms`.
    found = [(match.kind, match.text) for match in find_phi(_DAY_LOG)]
    assert found.count(("AGE", "102")) == 1, found
    assert "102.5 ms" in redact_phi(_DAY_LOG)
    # A value in a path is taken out again: `/` is no part of a number.
    text = "mrn=E0082217 dob=1958-06-19\nstored dicom/MR/E0082217/20261129/IM-0003.dcm\n"
    assert "E0082217" not in redact_phi(text)


# ---- linear time ------------------------------------------------------------------------

ADVERSARIAL = {
    "headers-only": "last_name,first_name,dob\n" * 40_000,
    "long-table": "last_name,dob\n" + "Mensah,1976-07-04\n" * 60_000,
    "header-then-misfits": ("mrn,last_name\n" + "a,b,c\n") * 50_000,
    "open-quotes": "last_name,dob\n" + '"Ab,"' * 200_000,
    "pipes": "name | dob\n" + "|" * 1_000_000,
    "wide-spaces": "last_name" + " " * 500_000 + "dob\nAb" + " " * 400_000 + "cd\n",
    "aligned-words": "  last_name dob\n" + "1 Ab Cd Ef Gh Ij Kl\n" * 50_000,
    "records": "-[ RECORD 1 ]-+---\n" + "last_name | Ab\n" * 60_000,
    "rule-lines": "LAST NAME  DOB\n" + "- " * 300_000 + "\n" + "ab cd\n" * 30_000,
    "column-lists": "['mrn', 'last_name'] " * 60_000,
    "open-tuples": "['mrn', 'last_name']\n" + "('a', " * 150_000,
    "nested-tuples": "['mrn', 'last_name']\n" + "(1, " * 200_000 + ")" * 200_000,
    "tuple-rows": "['mrn', 'last_name']\n" + "('E0012245', 'Zyzzmore')\n" * 40_000,
    "selects": "SELECT a, b, c " * 70_000 + "FROM t\n",
    "series": "dob" + " " * 70 + "1958-04-12\n" * 30_000 + "dtype: object\n",
    "series-footers": "dtype: object\nmrn   E0066120\n" * 40_000,
    "series-long": "mrn   E0066120\n" * 60_000 + "dtype: object\n",
    "continued-lines": "mrn  lastname  \\\r\n" * 50_000,
    "box-characters": "│ mrn ┆ surname │\n" + "│ ─ ┆ ═ │\n" * 60_000,
    # (Round 8's layouts: words across every column's start in a tibble; cells reaching under
    # their neighbours' names; whole addresses; rows ending in an empty cell; placeholders.)
    "tibble-straddles": "  a_x last_name dob city zip\n  <chr> <chr> <date> <chr> <chr>\n"
    + "1 abcdefghijklmnopqrstuvwxyz Ab\n" * 40_000,
    "loose-frame": "  npi   name  score\n" + "0  1982740315   KHALIL SAMIR   0.97\n" * 40_000,
    "whole-addresses": "member,address\n" + '"Ab Cd","' + "1 A, B, " * 30_000 + 'C MN 5510"\n',
    "empty-last-cells": "member_id|member_name|x\n" + "MA0049000012|BAH, MAMADOU|\n" * 50_000,
    "placeholders": "pa_id\tmember_name\n" + "<a>\t<b>\n" * 60_000,
    # (JSON frames: lists of names, rows, strings left open; strings of escaped lines.)
    "json-split": '{"columns": ["mrn", "dob"], "data": [' + '["E0012245", "1976-07-04"], ' * 40_000,
    "json-open-rows": '{"columns": ["mrn", "dob"], "data": [' + '["E00' * 100_000,
    "json-names": '"columns": [' + '"mrn", ' * 100_000,
    "escaped-lines": 'x\n"' + "mrn,last_name\\nE0012245,Mensah\\n" * 20_000 + '"',
    "open-escaped-quotes": 'x\n"' + '\\"' * 300_000,
    # (Days a text was written on, read from its timestamps, beside dates found once.)
    "timestamps": "DOB 1958-06-19 on 2026-11-30\n" + "2026-11-30 14:22:01 x 2026-11-30\n" * 40_000,
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_tables_scan_in_linear_time(name: str) -> None:
    """10x the input may take at most 40x the time (a quadratic scan takes 100x); the bound is
    loose so that a busy machine does not make it flaky (as in test_phi.py)."""
    text = ADVERSARIAL[name]
    assert_linear_time(find_phi, text[: len(text) // 100], text[: len(text) // 10])
