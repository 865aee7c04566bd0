import asyncio


async def test_lab_result():  # no @pytest.mark.asyncio
    await asyncio.sleep(0)
    assert "HbA1c 5.4 %".startswith("HbA1c")
