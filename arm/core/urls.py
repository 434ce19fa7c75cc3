"""What a request may name: where to go next (same-site paths only) and ids that fit the database."""

from urllib.parse import urlsplit

from flask import request
from werkzeug.routing import IntegerConverter

# The largest id every database here can hold: the id columns are INTEGER, 32 bits on PostgreSQL (64 on
# SQLite). Beyond it PostgreSQL answers "integer out of range" and SQLite's driver, past 64 bits, overflows.
MAX_ID = 2**31 - 1
MAX_BIGINT = 2**63 - 1


def safe_target(target: str | None, fallback: str) -> str:
    """`target` if it is a path on this site, else `fallback`: a link must not send anyone to another site.

    Browsers drop tabs and line breaks inside a URL and read a backslash as a slash, so `/\\t/evil.example`
    and `/\\evil.example` would go to another host; a line break in a Location header fails the response.
    Hence only a single leading slash, no backslash and no control character or whitespace anywhere.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(char.isspace() or not char.isprintable() for char in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def int_arg(name: str, default: int | None = None, *, args=None, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """An integer query parameter (of `args`, by default the request's); one that is missing, not a number
    or out of range is ignored (`default`), as a filter on an id no row can have would show nothing anyway."""
    value = (request.args if args is None else args).get(name, type=int)
    if value is None or not minimum <= value <= maximum:
        return default
    return value


class BoundedIntConverter(IntegerConverter):
    """The app's `<int:...>`: an id no row can have matches no route (404) instead of failing in the database."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
