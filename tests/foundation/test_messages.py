"""The message catalogue: every message has both translations with the same parameters, the
language follows Accept-Language, and a problem document says its words in it."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from shared.messages import LANGUAGES, known, language_of, text
from shared.problems import CLASSES, VALIDATION_MESSAGES, document
from tools import messages

ROOT = Path(__file__).resolve().parents[2]


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_translation_keeps_the_parameters_of_its_message() -> None:
    for language in LANGUAGES:
        for message in messages.read(language):
            if message.id:
                said, meant = str(message.string), str(message.id)
                assert said, (language, meant)
                assert _fields(said) == _fields(meant), (language, meant)


def test_every_problem_class_and_validation_type_has_both_translations() -> None:
    titles = [c.title for c in CLASSES.values()]
    for message in [*titles, *VALIDATION_MESSAGES.values()]:
        for language in LANGUAGES:
            assert known(message, language), (language, message)


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "vi"),
        ("", "vi"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("vi-VN,vi;q=0.9,en;q=0.8", "vi"),
        ("fr, en;q=0.5", "en"),
        ("fr", "vi"),
        ("vi;q=0.2, en;q=0.8", "en"),
        ("en;q=nonsense, vi", "vi"),
    ],
)
def test_the_language_follows_accept_language_with_vietnamese_by_default(
    header: str | None, language: str
) -> None:
    assert language_of(header) == language


def test_parameters_are_filled_in_after_translation() -> None:
    message = "must have at most {max_length} characters"
    assert text(message, "en", max_length=30) == "must have at most 30 characters"
    assert text(message, "vi", max_length=30) == "phải có tối đa 30 ký tự"


def test_a_problem_document_names_its_class_and_translates_its_words() -> None:
    vi = document("not_found", "vi", detail="{what} {key} not found", params={"what": "worker"})
    en = document("not_found", "en", detail="{what} {key} not found", params={"what": "worker"})
    assert vi["type"] == en["type"] == "https://homeward.example/problems/not_found"
    assert (vi["code"], vi["status"], en["status"]) == ("not_found", 404, 404)
    assert (vi["title"], en["title"]) == ("Không tìm thấy", "Not found")
    assert vi["detail"] == "không tìm thấy người lao động {key}"
    assert en["detail"] == "worker {key} not found"
