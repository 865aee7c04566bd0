import logging

logger = logging.getLogger("billing")

# Stands in for your test data: one synthetic patient record.
RECORD = {"patient_id": "pt-0001", "name": "Avery Example", "dob": "1980-01-01"}


# Stands in for your code: a billing helper that logs and returns the patient's name.
def claim_summary(record: dict) -> str:
    logger.warning("no insurer on file for %s", record["name"])
    return f"claim for {record['name']}, born {record['dob']}: no insurer"


def test_claim_names_the_insurer():
    summary = claim_summary(RECORD)
    assert "insurer: ACME Health" in summary
