"""Webhook connections go to the address that was checked (DNS rebinding): a host name that
answers an allowed address first and a private one afterwards never reaches the private one.

Two raw TCP listeners share a port: one on 127.0.0.2 (the "public" address, allowed here by
``allowed``), one on 127.0.0.1 (the private one, since loopback is not allowed). The host is
``localhost``, so a sender that checked the name with the injected resolver but then let the
system resolve it again at connect time would reach 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime

import pytest

from services.notifications.sender import Destinations, RefusedDestinationError, Sender
from tests.support.services import free_port

CHECKED = "127.0.0.2"
PRIVATE = "127.0.0.1"


class Rebinding:
    """A resolver that answers the allowed address ``first`` times, then the private one."""

    def __init__(self, first: int) -> None:
        self.first = first
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> Sequence[str]:
        self.asked.append(host)
        return [CHECKED if len(self.asked) <= self.first else PRIVATE]


class Listener:
    """A TCP listener counting the connections that reach it."""

    def __init__(self) -> None:
        self.connections = 0

    async def accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        writer.close()


@contextlib.asynccontextmanager
async def listening(host: str, port: int, listener: Listener) -> AsyncIterator[Listener]:
    server = await asyncio.start_server(listener.accept, host, port, family=socket.AF_INET)
    try:
        yield listener
    finally:
        server.close()
        await server.wait_closed()


def destinations(resolver: Rebinding) -> Destinations:
    allowed = [ipaddress.ip_network(f"{CHECKED}/32")]
    return Destinations(loopback=False, allowed=allowed, resolve=resolver)


async def test_the_connection_goes_to_the_address_checked() -> None:
    port = free_port()
    checked, private = Listener(), Listener()
    resolver = Rebinding(first=1)
    sender = Sender(destinations(resolver), timeout_s=2.0)
    url = f"https://localhost:{port}/hook"
    now = datetime.now(UTC)
    async with listening(CHECKED, port, checked), listening(PRIVATE, port, private):
        first = await sender.send(url, "whsec_" + "a" * 40, "msg_1", "{}", now)
        second = await sender.send(url, "whsec_" + "a" * 40, "msg_2", "{}", now)
    await sender.close()
    assert private.connections == 0
    assert checked.connections == 1
    assert first.status is None
    assert first.error
    assert not first.error.startswith("refused")  # it went to the checked address
    assert second.status is None
    assert second.error == (
        "refused: resolves to a private or reserved address, which is not allowed"
    )
    assert resolver.asked == ["localhost", "localhost"]


async def test_a_subscription_checked_public_is_refused_once_its_name_turns_private() -> None:
    resolver = Rebinding(first=1)
    guard = destinations(resolver)
    await guard.check("https://localhost/hook")  # answered the allowed address
    with pytest.raises(RefusedDestinationError, match="private"):
        await guard.check("https://localhost/hook")
