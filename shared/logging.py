"""Structlog configured once: JSON lines or a terminal view, context bound per request/event."""

from __future__ import annotations

import logging
import os
import re
import sys
import uuid
from collections.abc import Mapping, MutableMapping
from typing import Any

import structlog

# Personal data never reaches a log line: these keys are dropped whatever their value, and
# anything shaped like a national ID or a Vietnamese phone number is masked inside strings.
SENSITIVE_KEYS = frozenset(
    {
        "national_id",
        "cccd",
        "phone",
        "phone_number",
        "family_contact",
        "contact",
        "authorization",
        "password",
    }
)
NATIONAL_ID_PATTERN = re.compile(r"(?<!\d)\d{12}(?!\d)")
PHONE_PATTERN = re.compile(r"(?<![\w])(?:\+?84|0)[\s.-]?(?:\d[\s.-]?){8,9}(?!\d)")
MASK = "***"
UUID_PATTERN = re.compile(
    r"(?<![0-9a-fA-F])"
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
"""Ids are never personal data: a uuid's last group may be twelve digits, like a CCCD. A uuid
starts after no other hex digit, so a number's tail cannot pass for the start of an id."""
HANDLER_NAME = "homeward"
COPY_HANDLER_NAME = "homeward-copy"
LOG_DIR_VARIABLE = "HOMEWARD_LOG_DIR"
"""If set, every process also appends its log lines (JSON) to ``<dir>/<service>-<pid>.jsonl``:
the test suite scans them all for personal data at the end of a run."""


def mask_text(text: str) -> str:
    """Returns the text with national-ID-like and phone-like numbers masked; uuids (ids)
    are left whole."""
    kept = UUID_PATTERN.split(text)
    if len(kept) == 1:
        return _mask(text)
    ids = UUID_PATTERN.findall(text)
    return "".join(_mask(part) + (ids[i] if i < len(ids) else "") for i, part in enumerate(kept))


def _mask(text: str) -> str:
    return PHONE_PATTERN.sub(MASK, NATIONAL_ID_PATTERN.sub(MASK, text))


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if value is None or isinstance(value, int | float):
        return value
    if isinstance(value, Mapping):
        return {
            k: (MASK if str(k).lower() in SENSITIVE_KEYS else _scrub(v)) for k, v in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [_scrub(v) for v in value]
    # Anything else (an exception, a model, bytes) is written as its repr: masked as such.
    return mask_text(repr(value))


META_KEYS = frozenset({"_record", "_from_structlog"})
"""structlog's own keys for the formatter: never written."""


def redact_personal_data(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Structlog processor: removes personal data from every field of a log line."""
    for key in list(event_dict):
        if key in META_KEYS:
            continue
        if key.lower() in SENSITIVE_KEYS:
            event_dict[key] = MASK
        else:
            event_dict[key] = _scrub(event_dict[key])
    return event_dict


def configure_logging(service: str, fmt: str = "json", level: str = "INFO") -> None:
    """Configures structlog and the standard library to write one format to stderr."""
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        redact_personal_data,
    ]
    renderer: structlog.types.Processor = (
        structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
        if fmt == "console"
        else structlog.processors.JSONRenderer(ensure_ascii=False)
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                renderer,
            ],
            foreign_pre_chain=shared,
        )
    )
    handler.set_name(HANDLER_NAME)
    handlers: list[logging.Handler] = [handler]
    copy_dir = os.environ.get(LOG_DIR_VARIABLE)
    if copy_dir:
        handlers.append(_log_copy(f"{copy_dir}/{service}-{os.getpid()}.jsonl", shared))
    root = logging.getLogger()
    # Replace only our own handlers: others (a test's log capture, an APM agent) stay.
    ours = {HANDLER_NAME, COPY_HANDLER_NAME}
    root.handlers[:] = [h for h in root.handlers if h.get_name() not in ours] + handlers
    root.setLevel(level.upper())
    for noisy in ("aiokafka", "pymongo", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    structlog.contextvars.bind_contextvars(service=service)


_COPIES: dict[str, logging.Handler] = {}
"""One file handler per copy file for the life of the process (closed by logging at exit),
however often logging is configured again: a dropped handler would leak its open file."""


def _log_copy(path: str, shared: list[structlog.types.Processor]) -> logging.Handler:
    if path not in _COPIES:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        copy = logging.FileHandler(path, encoding="utf-8")
        copy.setFormatter(
            structlog.stdlib.ProcessorFormatter(
                processors=[
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.JSONRenderer(ensure_ascii=False),
                ],
                foreign_pre_chain=shared,
            )
        )
        copy.set_name(COPY_HANDLER_NAME)
        _COPIES[path] = copy
    return _COPIES[path]


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    """Returns a logger bound to the module's name."""
    logger: structlog.stdlib.BoundLogger = structlog.stdlib.get_logger(name)
    return logger


def current_correlation_id() -> str:
    """Returns the correlation id bound to this request or event, or a new one."""
    bound = structlog.contextvars.get_contextvars().get("correlation_id")
    return str(bound) if bound else str(uuid.uuid4())
