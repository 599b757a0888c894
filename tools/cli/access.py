"""Who may see personal data in the CLI's output."""

from __future__ import annotations

import os

from shared.auth import PERMISSIONS, Action, AuthSettings, TokenVerifier
from tools.cli.config import fail

# The roles that read phones and family contacts through the services' own API (aftercare's
# contacts route needs case.read): the CLI follows the same table, it keeps no list of its own.
PERSONAL_ROLES = frozenset(
    role.value for role, may in PERMISSIONS.items() if Action.CASE_READ in may
)


def personal_data_allowed(show_personal: bool, token: str | None) -> bool:
    """Whether to print phones and family contacts unmasked.

    Only with ``--show-personal`` AND a valid token (``--token`` or ``HOMEWARD_TOKEN``) whose
    role reads workers' contact details in the services themselves. Otherwise refused.
    """
    if not show_personal:
        return False
    token = token or os.environ.get("HOMEWARD_TOKEN")
    if not token:
        raise fail("--show-personal needs a token (--token or HOMEWARD_TOKEN) of an allowed role")
    try:
        principal = TokenVerifier(AuthSettings()).verify(token)
    except Exception as exc:  # any refusal (signature, expiry, issuer) keeps data masked
        raise fail(f"the token was refused ({exc}); personal data stays masked") from None
    role = str(getattr(principal, "role", ""))
    if role not in PERSONAL_ROLES:
        raise fail(f"role {role!r} may not see personal data; run without --show-personal")
    return True
