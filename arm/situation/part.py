"""The situation area's part of a case (being built: issue 13)."""

from flask import Flask

from arm.core.parts import CasePart, register_part
from arm.situation import models  # noqa: F401 (the area's tables, loaded with the app as every area's are)

PART = CasePart(name="situation")


def register(app: Flask) -> None:
    register_part(app, PART)
