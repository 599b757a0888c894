"""``homeward token``: a token from the local development issuer, for a role and its locality.

For the run command, the demo, tests and people trying the APIs with curl. Production tokens
come from the real identity provider; these are trusted only where ``AUTH_JWKS_FILE`` (default
``.local/auth/jwks.json``) is the services' key set.
"""

from __future__ import annotations

from typing import Annotated

import typer

from shared.auth import PERMISSIONS, AuthSettings, DevIssuer, Role
from tools.cli.config import fail


def token(
    role: Annotated[Role, typer.Argument(help="The caller's role")],
    province: Annotated[
        str | None, typer.Option(help="Province code (commune, centre, bank, aftercare, manager)")
    ] = None,
    commune: Annotated[str | None, typer.Option(help="Commune code (commune officer)")] = None,
    enterprise: Annotated[str | None, typer.Option(help="Enterprise id (enterprise)")] = None,
    provider: Annotated[str | None, typer.Option(help="Provider id (training provider)")] = None,
    subject: Annotated[
        str | None, typer.Option(help="Who the token names (default: the role)")
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="Display name (the name claim; audit entries show it)")
    ] = None,
    minutes: Annotated[int, typer.Option(min=1, max=24 * 60, help="Lifetime")] = 60,
    rotate: Annotated[
        bool, typer.Option("--rotate", help="First add a new signing key (old ones stay trusted)")
    ] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Print what the role may do")] = False,
) -> None:
    """Prints a bearer token: ``curl -H "Authorization: Bearer $(homeward token service)" ...``.

    ``service`` is Homeward's own (every action); ``integration`` another system's (reads only).
    """
    issuer = DevIssuer(AuthSettings())
    if rotate:
        issuer.rotate(keep_old=True)
    try:
        minted = issuer.mint(
            role,
            subject,
            province_code=province,
            commune_code=commune,
            enterprise_id=enterprise,
            provider_id=provider,
            name=name,
            ttl_s=minutes * 60,
        )
        # the services would refuse a token missing its scope: say so here, not with a 401 later
        from shared.auth import TokenVerifier

        TokenVerifier(issuer.settings).verify(minted)
    except Exception as exc:
        raise fail(str(exc)) from None
    if explain:
        allowed = ", ".join(sorted(a.value for a in PERMISSIONS[role]))
        typer.echo(f"# {role.value} may: {allowed}", err=True)
    typer.echo(minted)
