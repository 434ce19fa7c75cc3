"""The progress area's part of a case (being built: issue 13)."""

from flask import Flask

from arm.core.parts import CasePart, register_part
from arm.progress import models  # noqa: F401 (the area's tables, loaded with the app as every area's are)

PART = CasePart(name="progress")


def register(app: Flask) -> None:
    from arm.progress.views import bp

    app.register_blueprint(bp)
    register_part(app, PART)
