import pytest

from asyncproof import assert_no_phi


# Stands in for your code: a recall job that skips deceased patients, by chart number.
class RecallError(RuntimeError):
    pass


async def schedule_recall(chart: str, deceased: bool) -> None:
    if deceased:
        raise RecallError(f"recall skipped: {chart} deceased")


@pytest.mark.asyncio
async def test_recall_error_carries_no_phi():
    with pytest.raises(RecallError) as excinfo:
        await schedule_recall("RQ-0019044", deceased=True)
    assert_no_phi(excinfo.value)  # fails: RQ-0019044 is a chart number, declared as MRN
