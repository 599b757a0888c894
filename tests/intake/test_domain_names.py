"""Name folding: accent- and case-insensitive search over Vietnamese names."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.intake.domain.names import (
    fold_name,
    name_matches,
    name_prefixes,
    name_tokens,
    normalise_name,
)

VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
letters = st.sampled_from(VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper())
words = st.text(letters, min_size=1, max_size=8)
names = st.lists(words, min_size=1, max_size=5).map(" ".join)


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Đinh Thị Linh", "dinh thi linh"),
        ("Nguyễn Ngọc Toàn", "nguyen ngoc toan"),
        ("Phạm Ngọc Huy", "pham ngoc huy"),
        ("Lò Văn Thưởng", "lo van thuong"),
        ("Giàng A Sùng", "giang a sung"),
        ("Y Giang Ly", "y giang ly"),
        ("  ĐỖ   THỊ  HƯƠNG  ", "do thi huong"),
        ("Trần Đức Thuận", "tran duc thuan"),
        ("Bùi Việt Cường", "bui viet cuong"),
        ("Lê Thịnh", "le thinh"),
    ],
)
def test_folds_vietnamese_names(written: str, folded: str) -> None:
    assert fold_name(written) == folded


def test_folds_decomposed_input_like_composed() -> None:
    composed = "Nguyễn Thị Hường"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert fold_name(decomposed) == fold_name(composed) == "nguyen thi huong"


def test_eth_typed_for_d_with_stroke_folds_to_d() -> None:
    # U+00D0 looks like Đ (U+0110) and some keyboards produce it.
    assert fold_name("\u00d0inh Th\u1ecb Linh") == "dinh thi linh"


def test_tokens_drop_apostrophes_and_hyphens() -> None:
    assert name_tokens("Ksor H'Bơ") == ["ksor", "hbo"]
    assert name_tokens("Rơ Mah Bru-Vân") == ["ro", "mah", "bruvan"]
    assert name_tokens("  ") == []


def test_prefixes_cover_every_word_without_repeats() -> None:
    prefixes = name_prefixes("Đinh Thị Linh")
    assert prefixes == ["d", "di", "din", "dinh", "t", "th", "thi", "l", "li", "lin", "linh"]
    assert name_prefixes("Lê Lê", min_length=2) == ["le"]
    assert name_prefixes("A Lê", min_length=2) == ["le"]
    assert name_prefixes("Lan Lanh", min_length=2) == ["la", "lan", "lanh"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("dinh thi linh", True),
        ("Đinh", True),
        ("DINH", True),
        ("d", True),
        ("linh dinh", True),
        ("thi li", True),
        ("đinh thị lình", True),
        ("dinh van", False),
        ("linha", False),
        ("inh", False),
    ],
)
def test_name_matches_by_word_prefixes(query: str, found: bool) -> None:
    assert name_matches("Đinh Thị Linh", query) is found


def test_normalise_keeps_diacritics_and_single_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", "Đinh  Thị\tLinh ")
    assert normalise_name(decomposed) == "Đinh Thị Linh"


@given(names)
def test_folding_is_idempotent(name: str) -> None:
    assert fold_name(fold_name(name)) == fold_name(name)


@given(names)
def test_folded_vietnamese_is_lower_ascii_with_single_spaces(name: str) -> None:
    folded = fold_name(name)
    assert folded.isascii()
    assert folded == folded.lower()
    assert "  " not in folded
    assert folded == folded.strip()
    assert len(folded.split(" ")) == len(name.split())


@given(names)
def test_folding_ignores_case_and_normal_form(name: str) -> None:
    assert fold_name(name.upper()) == fold_name(name.lower()) == fold_name(name)
    assert fold_name(unicodedata.normalize("NFD", name)) == fold_name(name)


@given(names)
def test_a_name_is_found_by_its_folded_form_and_each_prefix(name: str) -> None:
    assert name_matches(name, fold_name(name))
    for prefix in name_prefixes(name):
        assert name_matches(name, prefix)
