"""Vietnamese mobile numbers normalised to +84 and nine digits; abroad, a market's mobile."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.intake.domain.phone import MOBILE_PREFIXES, mobile_network, normalise_phone
from shared.errors import FieldError


@pytest.mark.parametrize(
    "written",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "84912345678",
        "+84912345678",
        "+84 912 345 678",
        "+84 (0) 912 345 678",
        "0084 912 345 678",
        " 091 234 5678 ",
        "(091) 234-5678",
    ],
)
def test_accepted_forms_normalise_to_one(written: str) -> None:
    assert normalise_phone(written) == "+84912345678"


@pytest.mark.parametrize(
    ("number", "network"),
    [
        ("0362 123 456", "Viettel"),
        ("0981 234 567", "Viettel"),
        ("0845 123 456", "VinaPhone"),
        ("0702 123 456", "MobiFone"),
        ("0921 234 567", "Vietnamobile"),
        ("0598 123 456", "Gmobile"),
        ("0877 123 456", "Itelecom"),
    ],
)
def test_each_network_is_known(number: str, network: str) -> None:
    assert mobile_network(normalise_phone(number)) == network


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("", "is empty"),
        ("  ", "is empty"),
        ("0912 345 67x", "may hold only digits"),
        ("0912+345678", "may hold only digits"),
        ("091234567", "must have 10 digits"),
        ("09123456789", "must have 10 digits"),
        ("912345678", "must have 10 digits"),
        ("+1 202 555 0143", "country code must be +84"),
        ("0044 20 7946 0958", "country code must be +84"),  # the United Kingdom: no market
        ("+81 3 1234 5678", "is not a mobile number in JP"),  # a Tokyo landline
        ("+82 10 1234", "is not a valid number in KR"),
        ("+81 abc", "may hold only digits"),
        ("+", "may hold only digits"),
        ("+999 1234 5678", "country code must be +84"),
        ("0241 234 5678", "must have 10 digits"),  # a Hà Nội landline, 11 digits
        ("0201234567", "unknown network prefix"),
        ("0112345678", "unknown network prefix"),
        ("0951234567", "unknown network prefix"),  # S-Fone, closed
        ("01662 345 678", "before the 2018 conversion"),
        ("+84 1662 345 678", "before the 2018 conversion"),
    ],
)
def test_refusals_say_why(written: str, reason: str) -> None:
    with pytest.raises(FieldError) as refused:
        normalise_phone(written, field="family_contact.phone")
    assert refused.value.field == "family_contact.phone"
    assert reason in refused.value.reason


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("+81 90-1234-5678", "+819012345678"),  # Japan
        ("0081 90 1234 5678", "+819012345678"),
        ("+82 10-1234-5678", "+821012345678"),  # Korea
        ("+886 912 345 678", "+886912345678"),  # Taiwan
    ],
)
def test_a_mobile_number_in_a_destination_market_is_accepted(written: str, stored: str) -> None:
    assert normalise_phone(written) == stored
    assert mobile_network(stored) is None


def test_refusal_never_repeats_the_number() -> None:
    with pytest.raises(FieldError) as refused:
        normalise_phone("0201 234 567")
    assert "201" not in str(refused.value)
    assert "234" not in str(refused.value)


prefixes = st.sampled_from(sorted(MOBILE_PREFIXES))
subscribers = st.text("0123456789", min_size=7, max_size=7)
separators = st.sampled_from(["", " ", ".", "-"])


@given(prefixes, subscribers, separators, st.sampled_from(["0", "84", "+84", "+84 (0)", "0084"]))
def test_every_written_form_of_a_valid_number_gives_the_same_e164(
    prefix: str, subscriber: str, separator: str, lead: str
) -> None:
    national = f"{prefix}{separator}{subscriber[:3]}{separator}{subscriber[3:]}"
    expected = f"+84{prefix}{subscriber}"
    assert normalise_phone(f"{lead}{separator}{national}") == expected


@given(prefixes, subscribers)
def test_normalising_is_idempotent(prefix: str, subscriber: str) -> None:
    once = normalise_phone(f"0{prefix}{subscriber}")
    assert normalise_phone(once) == once
    assert len(once) == 12
    assert once.startswith("+84")


@given(st.text("0123456789 +.-", max_size=16))
def test_any_input_is_normalised_or_refused_without_echo(raw: str) -> None:
    refusal: FieldError | None = None
    try:
        number = normalise_phone(raw)
    except FieldError as refused:
        refusal = refused
    if refusal is not None:
        assert refusal.field == "phone"
        digits = "".join(c for c in raw if c.isdigit())
        if len(digits) >= 4:
            assert digits not in refusal.reason
        return
    assert number.startswith("+84")
    assert number[3:].isdigit()
    assert len(number) == 12
    assert number[3:5] in MOBILE_PREFIXES


def test_full_width_digits_are_refused() -> None:
    with pytest.raises(FieldError, match="only digits"):
        normalise_phone("０９１２３４５６７８")
