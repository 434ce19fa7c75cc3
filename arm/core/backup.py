"""A consistent copy of the database while the server runs, and bringing one back into an empty instance.

SQLite: the online backup API copies every page in one step under a read transaction, so writers that
commit meanwhile are either wholly in the copy or wholly out of it (WAL lets them go on writing). PostgreSQL:
`pg_dump` in its custom format reads one snapshot; `pg_restore` loads it into an empty database.
"""

import os
import shutil
import sqlite3
import subprocess  # nosec B404 # runs only pg_dump and pg_restore, with an argument list, never a shell
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL

from arm.extensions import db


class BackupError(Exception):
    """The copy could not be made or brought back; the message says why."""


def backup(path: Path) -> None:
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        _backup_sqlite(path)
    elif url.get_backend_name() == "postgresql":
        _run_pg_tool("pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path), url=url)
    else:
        raise BackupError(f"backups of {url.get_backend_name()} databases are not supported")


def restore(path: Path) -> None:
    """Bring the copy at `path` back into this instance's database, which must hold no tables."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    if inspect(db.engine).get_table_names():
        raise BackupError("the database is not empty: restore into a new instance")
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        _restore_sqlite(path)
    elif url.get_backend_name() == "postgresql":
        _run_pg_tool("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", str(path), url=url)
    else:
        raise BackupError(f"backups of {url.get_backend_name()} databases are not supported")


def _backup_sqlite(path: Path) -> None:
    target = sqlite3.connect(path)
    try:
        source = db.engine.raw_connection()
        try:
            source.driver_connection.backup(target)
        finally:
            source.close()
        (check,) = target.execute("PRAGMA integrity_check").fetchone()
        if check != "ok":
            raise BackupError(f"the copy failed its integrity check: {check}")
    finally:
        target.close()


def _restore_sqlite(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            (check,) = source.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not an SQLite database: {error}") from error
        if check != "ok":
            raise BackupError(f"the copy failed its integrity check: {check}")
        target = db.engine.raw_connection()
        try:
            source.backup(target.driver_connection)
        finally:
            target.close()
    finally:
        source.close()
    db.engine.dispose()


def _run_pg_tool(tool: str, *arguments: str, url: URL) -> None:
    """Run pg_dump or pg_restore against `url`; the password travels in the environment, not the arguments."""
    executable = shutil.which(tool) or next(
        (str(found) for found in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"), reverse=True)), None
    )
    if executable is None:
        raise BackupError(f"{tool} is not installed")
    environment = {**os.environ, "PGPASSWORD": url.password or ""}
    target = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    command = [executable, f"--dbname={target}", *arguments]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip()}")
