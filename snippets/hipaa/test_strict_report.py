import logging

logger = logging.getLogger("scheduling")

# Stands in for your test data: a synthetic patient whose name and town are English words.
RECORD = {"patient_id": "pt-0001", "name": "Will Hill", "town": "Mobile", "age": 94}


# Stands in for your code: a reminder that logs and returns who it is for.
def reminder(record: dict) -> str:
    logger.warning("no phone on file for %s in %s", record["name"], record["town"])
    return f"{record['name']}, {record['age']}, {record['town']}: reminder not sent"


def test_reminder_is_sent():
    assert reminder(RECORD) == "reminder sent"
