"""The address a request came from: ``X-Forwarded-For`` is believed only from trusted proxies."""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Sequence

from starlette.requests import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(entries: Sequence[str]) -> tuple[Network, ...]:
    """Parses the trusted proxies' addresses or networks (``10.0.0.0/8``, ``192.0.2.7``)."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def client_address(request: Request, trusted: Sequence[Network]) -> str | None:
    """The client's address.

    The direct peer, unless it is a trusted proxy: then ``X-Forwarded-For`` is read from its
    right end (the hop the proxy itself added), skipping further trusted proxies, and the first
    address no trusted proxy owns is the client. Anyone can write the left end of the header,
    so it is never taken on its own.
    """
    peer = request.client.host if request.client else None
    if peer is None or not trusted or not _peer_within(peer, tuple(trusted)):
        return peer
    hops = [
        hop.strip()
        for header in request.headers.getlist("x-forwarded-for")
        for hop in header.split(",")
        if hop.strip()
    ]
    for hop in reversed(hops):
        if not _within(hop, trusted):
            return hop if _is_address(hop) else peer
    return hops[0] if hops and _is_address(hops[0]) else peer


def _within(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


@functools.lru_cache(maxsize=4096)
def _peer_within(peer: str, trusted: tuple[Network, ...]) -> bool:
    """``_within`` for a connection's peer, kept per peer: a service's peers are few (its
    proxies, its callers), and a peer's address is never longer than an IPv6 address."""
    return _within(peer, trusted)


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
