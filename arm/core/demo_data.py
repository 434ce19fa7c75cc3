"""Reading an area's share of the demo case: a TOML file whose tables become typed, frozen records.

Each area keeps its demo data in `arm/<area>/data/demo.toml`, with the notes on where each fact comes
from beside it, and describes the file's shape with dataclasses. `read_records` turns the file into
those dataclasses, so that an unknown or missing key, a value of the wrong type or an unknown enum
member fails at once, naming its place in the file.

How values are written: strings, integers and dates as TOML has them; an enum member by its name in
lower case (`access = "coordinator"`, `kind = "negative"`); an amount (`Decimal`) as an integer or a
string, never a float; a list as an array; an optional value by leaving its key out (TOML has no null).
"""

import enum
import tomllib
import types
import typing
from dataclasses import MISSING, fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

T = typing.TypeVar("T")


class DemoDataError(ValueError):
    """The demo data file does not fit its records."""


def read_records(path: Path, cls: type[T]) -> T:
    """The whole file read as one record of type `cls`."""
    with open(path, "rb") as file:
        return _record(cls, tomllib.load(file), path.name)


def _record(cls: type[T], table: object, where: str) -> T:
    if not isinstance(table, dict):
        raise DemoDataError(f"{where}: expected a table, found {table!r}")
    hints = typing.get_type_hints(cls)
    known = [f.name for f in fields(cls)]
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise DemoDataError(f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(known)}")
    missing = [
        f.name for f in fields(cls) if f.name not in table and f.default is MISSING and f.default_factory is MISSING
    ]
    if missing:
        raise DemoDataError(f"{where}: missing key(s) {', '.join(missing)}")
    return cls(**{key: _value(hints[key], value, f"{where}.{key}") for key, value in table.items()})


def _value(hint: typing.Any, value: object, where: str) -> typing.Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        # TOML has no null: an optional value is a key left out, so a value present is of the other type.
        (hint,) = [arg for arg in args if arg is not type(None)]
        return _value(hint, value, where)
    if origin is tuple:
        if not isinstance(value, list):
            raise DemoDataError(f"{where}: expected an array, found {value!r}")
        return tuple(_value(args[0], item, f"{where}[{index}]") for index, item in enumerate(value))
    if is_dataclass(hint):
        return _record(hint, value, where)
    return _scalar(hint, value, where)


def _scalar(hint: typing.Any, value: object, where: str) -> typing.Any:
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        member = hint.__members__.get(value.upper()) if isinstance(value, str) else None
        if member is None:
            names = ", ".join(name.lower() for name in hint.__members__)
            raise DemoDataError(f"{where}: {value!r} is not one of {names}")
        return member
    if hint is Decimal:
        return _amount(value, where)
    # A subclass check: a test's frozen clock swaps `date` for a subclass of its own.
    if isinstance(hint, type) and issubclass(hint, date) and not issubclass(hint, datetime):
        if not isinstance(value, date) or isinstance(value, datetime):
            raise DemoDataError(f"{where}: expected a date, found {value!r}")
        return value
    if hint in (str, int, bool):
        if type(value) is not hint:
            raise DemoDataError(f"{where}: expected {hint.__name__}, found {value!r}")
        return value
    raise DemoDataError(f"{where}: no way to read a {hint!r}")


def _amount(value: object, where: str) -> Decimal:
    """An integer or a string: a float would not be exact."""
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            pass
    raise DemoDataError(f"{where}: expected an amount (an integer or a string), found {value!r}")
