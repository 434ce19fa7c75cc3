"""Links that leave the app (in e-mails): built from the configured public address, never from the request.

A request's Host header is whatever the client sent; a link built from it (url_for(..., _external=True))
lets anyone who can post a form mail a real user a link to their own site carrying a live token.
"""

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.exceptions import SecurityError


def public_url(endpoint: str, **values) -> str:
    """The absolute address of `endpoint` under PUBLIC_BASE_URL (which may carry a base path, e.g. /arm).

    The path is built against the URL map with no script root, so that neither the request's host nor its
    SCRIPT_NAME ends up in the link; the base path comes from the setting alone. Works outside requests too.
    """
    app = current_app._get_current_object()
    app.inject_url_defaults(endpoint, values)
    path = app.url_map.bind("public.invalid", script_name="/").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"] + path


def register_host_check(app) -> None:
    """A request for a host outside TRUSTED_HOSTS answers 400 with a page of its own.

    Flask refuses such a request before it can build any URL (there is no URL adapter), so the usual error
    page, whose layout is full of url_for, would fail with a 500; this one needs no URL and no sign-in, and
    says the same in every language of the app because it cannot know the reader's.
    """

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        messages = []
        for locale in app.config["LANGUAGES"]:
            with force_locale(locale):
                messages.append(
                    (
                        locale,
                        _("Virheellinen pyyntö"),
                        _("Palvelu ei vastaa tällä osoitteella. Käytä palvelun omaa osoitetta."),
                    )
                )
        return render_template("errors/untrusted_host.html", messages=messages), 400
