"""The database engine: a SQLite file by default, PostgreSQL through a URL.

SQLite is set up for several processes on one file: WAL journal, a busy timeout,
foreign keys on, and write transactions that take the write lock when they begin
(BEGIN IMMEDIATE), so two workers never deadlock upgrading a read lock ("database is
locked").
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import create_engine

HOME_ENV = "STUDYPATH_HOME"


def default_database_url() -> str:
    """sqlite:///<data home>/studypath.db, creating the folder on first use."""
    home = os.environ.get(HOME_ENV)
    if home:
        folder = Path(home).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        folder = Path(base) / "studypath"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'studypath.db'}"


def make_engine(
    url: str | None = None, *, read_only: bool = False, timeout: float = 10.0, **kwargs: Any
) -> Engine:
    """An engine for ``url``. With SQLite, ``read_only`` engines begin deferred transactions
    (WAL readers never wait for the writer); the default engine begins IMMEDIATE ones.

    ``timeout`` (seconds) bounds waiting for SQLite's lock, and on PostgreSQL connecting,
    a pooled connection and each statement. SQL parameters never reach logs or error
    messages (they hold token hashes and personal data).
    """
    url = url or default_database_url()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": timeout}, **kwargs
        )
        _configure_sqlite(
            engine, begin="BEGIN" if read_only else "BEGIN IMMEDIATE", busy_ms=int(timeout * 1000)
        )
        _refuse_nul(engine)
        return engine
    engine = create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=20,
        pool_timeout=timeout,
        connect_args={
            "connect_timeout": max(1, int(timeout)),
            "options": f"-c statement_timeout={int(timeout * 1000)}",
        },
        **kwargs,
    )
    _refuse_nul(engine)
    return engine


class NulInText(ValueError):
    """A text value holds U+0000, which PostgreSQL cannot store (SQLite would keep it)."""


def _refuse_nul(engine: Engine) -> None:
    # One rule on both databases, before any statement runs: the request is refused (422)
    # instead of failing inside the driver with the parameters in the traceback.
    @event.listens_for(engine, "before_cursor_execute")
    def _check(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        rows = parameters if many else [parameters]
        if isinstance(rows, dict) or (
            isinstance(rows, list | tuple) and rows and not isinstance(rows[0], dict | list | tuple)
        ):
            rows = [rows]  # an insertmanyvalues batch passes one flat parameter set
        compiled = getattr(context, "compiled", None)
        names = list(getattr(compiled, "positiontup", None) or [])
        for row in rows:
            items = row.items() if isinstance(row, dict) else enumerate(row or ())
            for key, value in items:
                if isinstance(value, str) and "\x00" in value:
                    name = names[key] if isinstance(key, int) and key < len(names) else key
                    field = str(name).rsplit("_", 1)[0] if str(name)[-1:].isdigit() else name
                    raise NulInText(f"text may not contain the NUL character (U+0000): {field}")


def _configure_sqlite(engine: Engine, *, begin: str, busy_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _: Any) -> None:
        # Let SQLAlchemy, not the driver, issue BEGIN (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable across process crashes
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)
