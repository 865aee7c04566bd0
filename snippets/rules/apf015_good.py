import asyncio

import pytest
import pytest_asyncio


# Stands in for your code: the records service, one patient id per line in, one record out.
async def serve_records(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    patient_id = (await reader.readline()).decode().strip()
    writer.write(f"record of {patient_id}\n".encode())
    await writer.drain()
    writer.close()


# One server for all the module's tests, started once on the module's loop.
@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def records_port():
    server = await asyncio.start_server(serve_records, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()


# The test runs on the module's loop too, where the server is.
@pytest.mark.asyncio(loop_scope="module")
async def test_record_lookup(records_port):
    reader, writer = await asyncio.open_connection("127.0.0.1", records_port)
    writer.write(b"pt-0001\n")
    assert await reader.readline() == b"record of pt-0001\n"
    writer.close()
    await writer.wait_closed()
