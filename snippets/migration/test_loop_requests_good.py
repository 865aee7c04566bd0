import asyncio

import pytest
import pytest_asyncio


# Stands in for your code: a server that sends back each line it receives.
class EchoProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


# A sync fixture that drives the loop, setup and teardown.
@pytest_asyncio.fixture
async def echo_server():
    event_loop = asyncio.get_running_loop()
    starting = event_loop.create_server(EchoProtocol, host="127.0.0.1", port=0)
    server = await starting
    yield server
    server.close()
    await server.wait_closed()


@pytest.fixture
def echo_port(echo_server):
    return echo_server.sockets[0].getsockname()[1]


async def round_trip(port, line):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(line)
    answer = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return answer


# A sync test that drives the loop.
@pytest.mark.asyncio
async def test_echo(echo_port):
    assert await round_trip(echo_port, b"pt-0001\n") == b"pt-0001\n"


# An async test that asks for the loop it already runs in.
@pytest.mark.asyncio
async def test_future_on_the_test_loop():
    event_loop = asyncio.get_running_loop()
    waiter = event_loop.create_future()
    event_loop.call_soon(waiter.set_result, "ready")
    assert await waiter == "ready"
