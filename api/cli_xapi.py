"""`studypath xapi status` and `studypath xapi retry`: the outbox of statements for the LRS,
seen and mended from the command line (the database from the usual settings)."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from api.settings import Settings
from store import outbox
from store.db import make_engine
from store.migrate import upgrade

xapi_app = typer.Typer(
    help="xAPI statements waiting for the LRS (STUDYPATH_XAPI_ENDPOINT).", no_args_is_help=True
)

UrlOption = Annotated[
    str | None,
    typer.Option("--url", help="Database URL (default: $STUDYPATH_DATABASE_URL, else SQLite)"),
]


def session_for(url: str | None) -> Session:
    """A session on the learner database (migrated first), or exit 1 naming why not."""
    engine = make_engine(url or Settings().database_url)
    try:
        upgrade(engine)
    except DBAPIError as err:
        typer.echo(f"error: cannot reach the database: {err.orig}", err=True)
        raise typer.Exit(1) from None
    return Session(engine)


@xapi_app.command("status")
def status(url: UrlOption = None) -> None:
    """How many statements wait, how many the LRS refused for good, and why."""
    with session_for(url) as s:
        found = outbox.counts(s)
        typer.echo(f"pending {found['pending']}, rejected {found['rejected']}")
        for row in outbox.rejected_rows(s):
            verb = row.statement.get("verb", {}).get("id", "?").rsplit("/", 1)[-1]
            typer.echo(f"  rejected {row.id} ({verb}, learner {row.learner_id}): {row.last_error}")


@xapi_app.command("retry")
def retry(url: UrlOption = None) -> None:
    """Queue the rejected statements again (after fixing what the LRS objected to)."""
    with session_for(url) as s:
        typer.echo(f"{outbox.retry_rejected(s)} statements queued again")
