"""The README's diagram of services and topics says who reads which topic, as the code does."""

from __future__ import annotations

import re

from shared.events.topics import Topic
from tests.support.infrastructure import ROOT
from tools import front_door
from tools.cli.config import Connection
from tools.cli.layout import layout

# The diagram's short names of the topics (`tI[["homeward.intake.events"]]`).
NODE = re.compile(r'(t[A-Z])\[\["([a-z.]+)"\]\]')
READERS = re.compile(r"^\s*(t[A-Z]) --> ([a-z &]+)$", re.MULTILINE)


def _diagram() -> str:
    readme = (ROOT / "README.md").read_text()
    found = re.search(r"```mermaid\n(.*?)```", readme, re.DOTALL)
    assert found, "the README has no Mermaid diagram"
    return found.group(1)


async def test_the_diagram_shows_who_reads_each_topic() -> None:
    diagram = _diagram()
    topics = dict(NODE.findall(diagram))
    assert set(topics.values()) == {str(t) for t in Topic}
    drawn = {
        (topics[node], reader.strip())
        for node, readers in READERS.findall(diagram)
        for reader in readers.split("&")
    }
    conn = Connection(bootstrap="127.0.0.1:1", store_url="mongodb://127.0.0.1:1")
    read = {
        (topic, service)
        for service in front_door.SERVICES
        for subscription in layout(conn, service).subscriptions
        for topic in subscription.topics
    }
    assert drawn == read, (
        f"draw in the README's diagram {sorted(read - drawn)}, remove {sorted(drawn - read)}"
    )
