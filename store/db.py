"""The database engine: a SQLite file by default, PostgreSQL through a URL.

SQLite is set up for several processes on one file: WAL journal, a 30 s busy timeout,
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


def make_engine(url: str | None = None, *, read_only: bool = False, **kwargs: Any) -> Engine:
    """An engine for ``url``. With SQLite, ``read_only`` engines begin deferred transactions
    (WAL readers never wait for the writer); the default engine begins IMMEDIATE ones."""
    url = url or default_database_url()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs
        )
        _configure_sqlite(engine, begin="BEGIN" if read_only else "BEGIN IMMEDIATE")
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, **kwargs)


def _configure_sqlite(engine: Engine, *, begin: str) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _: Any) -> None:
        # Let SQLAlchemy, not the driver, issue BEGIN (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable across process crashes
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
