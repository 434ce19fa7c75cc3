"""The overview's part of a case: nothing inside a case's pages; the demo case publishes its public page, so
that the demo shows it."""

from flask import Flask

from arm.core.parts import CasePart, DemoContext, register_part


def load_demo(context: DemoContext) -> None:
    context.case.is_public = True


PART = CasePart(name="overview", load_demo=load_demo)


def register(app: Flask) -> None:
    from arm.overview.views import bp

    app.register_blueprint(bp)
    register_part(app, PART)
