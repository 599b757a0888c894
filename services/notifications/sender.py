"""Sends one webhook delivery: checks where it goes, signs it (Standard Webhooks), posts it.

The receiver's host is resolved once per connection, and the connection goes to the address
that was checked: a name that answers a public address to the check and a private one to the
connect (DNS rebinding) never reaches the private one."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
import typing
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import httpcore
import httpx
from standardwebhooks import Webhook

from services.notifications.domain.webhooks import Attempt, address_allowed, check_url
from shared.errors import FieldError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]
"""Answers the addresses a host name resolves to (the port is for the resolver's own use)."""


class RefusedDestinationError(FieldError):
    """The receiver's address is one a delivery may not reach (SSRF guard)."""


async def system_resolver(host: str, port: int) -> Sequence[str]:
    """Returns the addresses the system's resolver answers for a host."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


@dataclass(frozen=True)
class Destinations:
    """Which receivers deliveries may reach: loopback (development only), listed networks."""

    loopback: bool
    allowed: Sequence[Network] = ()
    resolve: Resolver = field(default=system_resolver)

    async def check(self, url: str) -> None:
        """Raises FieldError unless the URL's shape and every address its host resolves to
        may be reached."""
        host, port = check_url(url, self.loopback)
        await self.address_of(host, port)

    async def address_of(self, host: str, port: int) -> Address:
        """Returns the address to connect to for a host, resolved now; raises
        RefusedDestinationError if it does not resolve or any address it answers may not be
        reached."""
        try:
            answers = await self.resolve(host, port)
        except OSError:
            raise RefusedDestinationError("url", "its host does not resolve") from None
        addresses = [ipaddress.ip_address(a.split("%")[0]) for a in answers]
        if not addresses:
            raise RefusedDestinationError("url", "its host does not resolve")
        for address in addresses:
            if not address_allowed(address, self.allowed, self.loopback):
                raise RefusedDestinationError(
                    "url", "resolves to a private or reserved address, which is not allowed"
                )
        return addresses[0]


class CheckedConnections(httpcore.AsyncNetworkBackend):
    """Opens each connection to the address its host resolved to when it was checked."""

    def __init__(self, destinations: Destinations) -> None:
        self.destinations = destinations
        self.network = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        address = await self.destinations.address_of(host, port)
        return await self.network.connect_tcp(
            str(address), port, timeout, local_address, socket_options
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise RefusedDestinationError("url", "must be an https URL, not a socket")

    async def sleep(self, seconds: float) -> None:
        await self.network.sleep(seconds)


def checked_client(destinations: Destinations, timeout_s: float) -> httpx.AsyncClient:
    """Returns an HTTP client that connects only to checked addresses, never follows a
    redirect and ignores proxy variables (a proxy would connect in our stead)."""
    transport = httpx.AsyncHTTPTransport(trust_env=False)
    transport._pool = httpcore.AsyncConnectionPool(  # httpx offers no backend hook
        ssl_context=httpx.create_ssl_context(trust_env=False),
        network_backend=CheckedConnections(destinations),
    )
    return httpx.AsyncClient(
        transport=transport, follow_redirects=False, timeout=timeout_s, trust_env=False
    )


def signed_headers(secret: str, message_id: str, at: datetime, body: str) -> dict[str, str]:
    """Returns the Standard Webhooks headers of a body sent at ``at``."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at, body),
        "content-type": "application/json",
        "user-agent": "homeward-notifications",
    }


class Sender:
    """Posts deliveries over one HTTP client; never follows a redirect."""

    def __init__(self, destinations: Destinations, timeout_s: float) -> None:
        self.destinations = destinations
        self.timeout_s = timeout_s
        self.client = checked_client(destinations, timeout_s)

    async def send(
        self,
        url: str,
        secret: str,
        message_id: str,
        body: str,
        now: datetime,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Attempt:
        """Makes one attempt; returns what happened (a refusal or an error is an attempt too).
        The host is resolved and checked as the connection opens, to the address checked."""
        started = time.monotonic()
        headers = {**signed_headers(secret, message_id, now, body), **(extra_headers or {})}
        try:
            check_url(url, self.destinations.loopback)
            response = await self.client.post(url, content=body.encode(), headers=headers)
            error = None if response.is_success else f"answered {response.status_code}"
            status: int | None = response.status_code
        except FieldError as refused:
            status, error = None, f"refused: {refused.reason}"
        except httpx.HTTPError as exc:
            status, error = None, type(exc).__name__
        elapsed = int((time.monotonic() - started) * 1000)
        return Attempt(at=now, status=status, error=error, duration_ms=elapsed)

    async def close(self) -> None:
        await self.client.aclose()
