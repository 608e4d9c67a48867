"""`studypath lti ...`: register learning platforms (LTI 1.3) and rotate the tool's key, in
the learner database of the usual settings (docs/lti.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli_xapi import UrlOption, session_for
from portal import lti
from store import lti as stored

lti_app = typer.Typer(help="LTI 1.3: the platforms that launch studypath.", no_args_is_help=True)

Url = Annotated[str, typer.Option(help="An https URL (http for a platform on this machine)")]


def _url(value: str, name: str) -> str:
    if not value.startswith(("https://", "http://")):
        typer.echo(f"error: --{name} must be an http(s) URL, not '{value}'", err=True)
        raise typer.Exit(4)
    return value


@lti_app.command("add-platform")
def add_platform(
    issuer: Annotated[
        str, typer.Option(help="The platform's issuer (iss), e.g. https://canvas.instructure.com")
    ],
    client_id: Annotated[str, typer.Option(help="The client id the platform gave studypath")],
    auth_url: Annotated[str, typer.Option(help="The platform's OIDC authorization endpoint")],
    token_url: Annotated[str, typer.Option(help="The platform's OAuth2 token endpoint")],
    jwks_url: Annotated[str, typer.Option(help="The platform's public keyset URL")],
    deployment_id: Annotated[
        list[str], typer.Option("--deployment-id", help="A deployment id (repeat for several)")
    ],
    url: UrlOption = None,
) -> None:
    """Register a platform with its deployment ids (adding deployments to one registered)."""
    for value, name in (
        (issuer, "issuer"),
        (auth_url, "auth-url"),
        (token_url, "token-url"),
        (jwks_url, "jwks-url"),
    ):
        _url(value, name)
    with session_for(url) as s:
        try:
            platform = stored.add_platform(
                s,
                issuer=issuer,
                client_id=client_id,
                auth_url=auth_url,
                token_url=token_url,
                jwks_url=jwks_url,
                deployments=deployment_id,
            )
        except stored.PlatformConflict as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(1) from None
        deployments = stored.deployment_ids(s, platform.id)
    typer.echo(
        f"registered {issuer} (client id {client_id}); deployments: {', '.join(deployments)}"
    )


@lti_app.command("list")
def list_platforms(url: UrlOption = None) -> None:
    """The registered platforms and their deployment ids."""
    with session_for(url) as s:
        rows = stored.list_platforms(s)
    if not rows:
        typer.echo("no platforms registered (studypath lti add-platform)")
    for platform, deployments in rows:
        typer.echo(
            f"{platform.issuer}\tclient id {platform.client_id}\tdeployments {', '.join(deployments)}\n"
            f"\tauth {platform.auth_url}\n\ttoken {platform.token_url}\n\tjwks {platform.jwks_url}"
        )


@lti_app.command("remove")
def remove(
    issuer: Annotated[str, typer.Option(help="The platform's issuer")],
    client_id: Annotated[str, typer.Option(help="Its client id")],
    url: UrlOption = None,
) -> None:
    """Remove a platform: its launches are refused from now on (its learners stay)."""
    with session_for(url) as s:
        if not stored.remove_platform(s, issuer, client_id):
            typer.echo(f"error: no platform {issuer} with client id {client_id}", err=True)
            raise typer.Exit(1)
    typer.echo(f"removed {issuer} (client id {client_id})")


@lti_app.command("rotate-key")
def rotate_key(url: UrlOption = None) -> None:
    """Make a new signing key; the old one stays in the JWKS for two more days."""
    with session_for(url) as s:
        key, deleted = stored.rotate_key(s, lti.new_key)
    typer.echo(f"new key {key.kid}; {deleted} long-retired keys deleted")
