"""Pages about the service itself, open to everyone signed in or not."""

from flask import Blueprint, render_template

from arm.about import services

bp = Blueprint("about", __name__)


@bp.get("/saavutettavuus")
def accessibility():
    """The accessibility statement the Act on the Provision of Digital Services (306/2019) requires."""
    return render_template("about/accessibility.html", statement=services.statement())
