"""Sends one webhook delivery: checks where it goes, signs it (Standard Webhooks), posts it."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import httpx
from standardwebhooks import Webhook

from services.notifications.domain.webhooks import Attempt, address_allowed, check_url
from shared.errors import FieldError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class RefusedDestinationError(FieldError):
    """The receiver's address is one a delivery may not reach (SSRF guard)."""


@dataclass(frozen=True)
class Destinations:
    """Which receivers deliveries may reach: loopback (development only), listed networks."""

    loopback: bool
    allowed: Sequence[Network] = ()

    async def check(self, url: str) -> None:
        """Raises FieldError unless the URL's shape and every address its host resolves to
        may be reached."""
        host, port = check_url(url, self.loopback)
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except OSError:
            raise RefusedDestinationError("url", "its host does not resolve") from None
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
            if not address_allowed(address, self.allowed, self.loopback):
                raise RefusedDestinationError(
                    "url", "resolves to a private or reserved address, which is not allowed"
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
        self.client = httpx.AsyncClient(follow_redirects=False, timeout=timeout_s)

    async def send(
        self, url: str, secret: str, message_id: str, body: str, now: datetime
    ) -> Attempt:
        """Makes one attempt; returns what happened (a refusal or an error is an attempt too)."""
        started = time.monotonic()
        try:
            await self.destinations.check(url)
            response = await self.client.post(
                url, content=body.encode(), headers=signed_headers(secret, message_id, now, body)
            )
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
