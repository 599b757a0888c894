"""Mobile numbers, normalised to E.164: Vietnamese ones (``+84`` and nine digits), and a
worker's number in a destination market (``+81 90...`` in Japan), checked by ``phonenumbers``."""

from __future__ import annotations

import re
from collections.abc import Mapping

import phonenumbers

from shared.contracts.common import Market
from shared.errors import FieldError
from shared.messages import N_

COUNTRY_CODE = "84"

MOBILE_PREFIXES: Mapping[str, str] = {
    # The two digits after the trunk 0 of a 10-digit mobile number, by network (since the 2018
    # conversion from 11 digits). Data: add a prefix here when the ministry assigns one.
    **dict.fromkeys(("32", "33", "34", "35", "36", "37", "38", "39"), "Viettel"),
    **dict.fromkeys(("86", "96", "97", "98"), "Viettel"),
    **dict.fromkeys(("81", "82", "83", "84", "85", "88", "91", "94"), "VinaPhone"),
    **dict.fromkeys(("70", "76", "77", "78", "79", "89", "90", "93"), "MobiFone"),
    **dict.fromkeys(("52", "56", "58", "92"), "Vietnamobile"),
    **dict.fromkeys(("59", "99"), "Gmobile"),
    "87": "Itelecom",
    "55": "Reddi",
}

_SEPARATORS = re.compile(r"[\s.\-()/]")
_ONLY_DIGITS = re.compile(r"^\+?[0-9]+$")
_LENGTH_REASON = N_("must have 10 digits (0xxxxxxxxx), or +84 and 9 digits")
DESTINATIONS = frozenset(market.value for market in Market)  # regions, as phonenumbers names them
_MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)
_FOREIGN_REASON = N_(
    "is not a Vietnamese number: the country code must be +84, or that of a destination market "
    "({markets})"
)
_MARKETS = ", ".join(sorted(DESTINATIONS))


def normalise_phone(raw: str, field: str = "phone") -> str:
    """Returns the number as ``+84xxxxxxxxx`` (or a destination market's mobile number in
    E.164), or raises FieldError naming the field.

    Accepts ``0xxxxxxxxx``, ``84xxxxxxxxx``, ``+84xxxxxxxxx``, ``0084xxxxxxxxx`` and
    ``+84 (0) xxx ...``, with spaces, dots, dashes, slashes or brackets between the digits;
    abroad, ``+`` or ``00`` and the country code of a market in ``Market``. Reasons never
    repeat the number.
    """
    compact = _SEPARATORS.sub("", raw)
    if not compact:
        raise FieldError(field, "is empty")
    if not _ONLY_DIGITS.match(compact):
        raise FieldError(field, "may hold only digits, spaces, dots, dashes and one leading +")
    international = "+" + compact[2:] if compact.startswith("00") else compact
    if international.startswith("+") and not international.startswith("+" + COUNTRY_CODE):
        return _abroad(international, field)
    subscriber = _subscriber_digits(compact, field)
    if subscriber[:2] not in MOBILE_PREFIXES:
        raise FieldError(field, "is not a Vietnamese mobile number: unknown network prefix")
    return f"+{COUNTRY_CODE}{subscriber}"


def _abroad(international: str, field: str) -> str:
    """A destination market's mobile number in E.164 form, or a FieldError saying why not."""
    try:
        number = phonenumbers.parse(international, None)
    except phonenumbers.NumberParseException:
        raise FieldError(field, _FOREIGN_REASON, markets=_MARKETS) from None
    region = phonenumbers.region_code_for_number(number)
    if region not in DESTINATIONS:
        raise FieldError(field, _FOREIGN_REASON, markets=_MARKETS)
    if not phonenumbers.is_valid_number(number):
        raise FieldError(field, "is not a valid number in {region}", region=region)
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise FieldError(field, "is not a mobile number in {region}", region=region)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _subscriber_digits(compact: str, field: str) -> str:
    """Returns the nine digits after the country code or the trunk 0."""
    if compact.startswith("+"):  # +84: any other country code went abroad first
        national = compact[3:]
    elif compact.startswith("00"):
        national = compact[4:]
    elif compact.startswith(COUNTRY_CODE) and len(compact) in (11, 12):
        national = compact[2:]
    elif compact.startswith("0"):
        national = compact[1:]
    else:
        raise FieldError(field, _LENGTH_REASON)
    if len(national) == 10 and national.startswith("0"):
        national = national[1:]  # "+84 (0) 912 ...": the trunk 0 written after the country code
    if len(national) == 10 and national.startswith("1"):
        raise FieldError(
            field, "is an 11-digit number from before the 2018 conversion: ask for the 10-digit one"
        )
    if len(national) != 9:
        raise FieldError(field, _LENGTH_REASON)
    return national


def mobile_network(number: str) -> str | None:
    """Returns the Vietnamese network of a normalised number, None for a number abroad."""
    if not number.startswith("+" + COUNTRY_CODE):
        return None
    return MOBILE_PREFIXES[number[3:5]]
