"""Text matching that treats every Finnish and Swedish letter alike on SQLite and PostgreSQL.

SQLite's LIKE and lower() fold only A–Z, so "Ärm" would not find "ärm". SQLite connections get an
`arm_casefold` function (Python's str.lower) and comparisons fold both sides with it. PostgreSQL's
lower() folds non-ASCII letters only under a locale that knows them, so the letters of Finnish and
Swedish are also folded explicitly: the same results on both, whatever the database's locale.
"""

from sqlalchemy import String, event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction


class casefold(GenericFunction):
    type = String()
    inherit_cache = True


UPPER, LOWER = "ÅÄÖŠŽÉÜ", "åäöšžéü"


@compiles(casefold)
def _casefold_default(element, compiler, **kw):
    return f"translate(lower({compiler.process(element.clauses, **kw)}), '{UPPER}', '{LOWER}')"


@compiles(casefold, "sqlite")
def _casefold_sqlite(element, compiler, **kw):
    return f"arm_casefold({compiler.process(element.clauses, **kw)})"


@event.listens_for(Engine, "connect")
def _register_sqlite_casefold(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.create_function(
            "arm_casefold", 1, lambda value: value.lower() if isinstance(value, str) else value, deterministic=True
        )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains_text(column, text: str):
    """`column` contains `text`, whatever the case of any letter (and % or _ in `text` match themselves)."""
    return casefold(column).like(f"%{_escape_like(text.lower())}%", escape="\\")


def same_text(column, text: str):
    """`column` equals `text`, whatever the case of any letter."""
    return casefold(column) == text.lower()
