"""Reading a demo data file into typed records: what fits is converted, what does not fails loudly."""

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from arm.core.demo_data import DemoDataError, read_records


class Colour(enum.Enum):
    DARK_RED = "dark_red"
    BLUE = "blue"


class Level(enum.IntEnum):
    LOW = 10
    HIGH = 20


@dataclass(frozen=True)
class Item:
    name: str
    amount: Decimal | None = None


@dataclass(frozen=True)
class Sample:
    title: str
    colour: Colour
    level: Level
    on: date
    count: int
    tags: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    note: str = ""


def read(tmp_path, text: str):
    path = tmp_path / "demo.toml"
    path.write_text(text, encoding="utf-8")
    return read_records(path, Sample)


VALID = """
title = "Kemi"
colour = "dark_red"
level = "high"
on = 2021-04-21
count = 550
tags = ["a", "b"]
items = [{ name = "x", amount = 2300000 }, { name = "y", amount = "12.50" }, { name = "z" }]
"""


def test_reads_typed_records(tmp_path):
    sample = read(tmp_path, VALID)
    assert sample == Sample(
        title="Kemi",
        colour=Colour.DARK_RED,
        level=Level.HIGH,
        on=date(2021, 4, 21),
        count=550,
        tags=("a", "b"),
        items=(Item("x", Decimal("2300000")), Item("y", Decimal("12.50")), Item("z")),
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("count = 550", "count = 550\ncolor = 'blue'"), "unknown key(s) color"),
        (("count = 550", ""), "missing key(s) count"),
        (('colour = "dark_red"', 'colour = "green"'), "demo.toml.colour: 'green' is not one of dark_red, blue"),
        (('level = "high"', "level = 20"), "demo.toml.level: 20 is not one of low, high"),
        (("amount = 2300000", "amount = 2300000.5"), "demo.toml.items[0].amount: expected an amount"),
        (('amount = "12.50"', 'amount = "many"'), "demo.toml.items[1].amount: expected an amount"),
        (("on = 2021-04-21", "on = 2021-04-21T10:00:00"), "demo.toml.on: expected a date"),
        (("count = 550", 'count = "550"'), "demo.toml.count: expected int"),
        (('tags = ["a", "b"]', 'tags = "a"'), "demo.toml.tags: expected an array"),
        (('tags = ["a", "b"]', "tags = [1]"), "demo.toml.tags[0]: expected str"),
    ],
)
def test_what_does_not_fit_fails_naming_its_place(tmp_path, change, message):
    old, new = change
    with pytest.raises(DemoDataError) as error:
        read(tmp_path, VALID.replace(old, new))
    assert message in str(error.value)
