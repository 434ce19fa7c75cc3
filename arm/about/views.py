"""Pages about the service itself, open to everyone signed in or not."""

from flask import Blueprint, current_app, render_template, send_from_directory

from arm.about import services

bp = Blueprint("about", __name__)


@bp.get("/saavutettavuus")
def accessibility():
    """The accessibility statement the Act on the Provision of Digital Services (306/2019) requires."""
    return render_template("about/accessibility.html", statement=services.statement())


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico where no page names an icon (a download, a bookmark)."""
    return send_from_directory(current_app.static_folder, "favicon.ico", max_age=86400)
