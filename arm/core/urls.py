"""URLs: where a request may send someone next, the ids a request may name, and links that leave the app.

A request's Host header is whatever the client sent; a link built from it (url_for(..., _external=True))
lets anyone who can post a form mail a real user a link to their own site carrying a live token. Links in
e-mails are therefore built from the configured public address (`public_url`), never from the request.
"""

from urllib.parse import urlsplit

from flask import current_app, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.exceptions import SecurityError
from werkzeug.routing import IntegerConverter

from config import MISSING_PUBLIC_BASE_URL, ConfigurationError

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


def public_url(endpoint: str, **values) -> str:
    """The absolute address of `endpoint` under PUBLIC_BASE_URL (which may carry a base path, e.g. /arm).

    The path is built against the URL map with no script root, so that neither the request's host nor its
    SCRIPT_NAME ends up in the link; the base path comes from the setting alone. Works outside requests too.
    """
    if not current_app.config["PUBLIC_BASE_URL"]:
        raise ConfigurationError(MISSING_PUBLIC_BASE_URL)
    return current_app.config["PUBLIC_BASE_URL"] + app_path(endpoint, **values)


def app_path(endpoint: str, **values) -> str:
    """The path of `endpoint` from the app's root ("/cases/1/actions/2"), with no host and no script root.

    For links stored in rows (a generated agenda item's) and built where there may be no request (the
    scheduler): the same in a request and in a bare app context. A page puts `request.script_root` before
    it, an e-mail the public address (`public_url`). Values the route does not take become the query string.
    """
    app = current_app._get_current_object()
    app.inject_url_defaults(endpoint, values)
    return app.url_map.bind("app.invalid", script_name="/").build(endpoint, values)


def register_host_check(app) -> None:
    """A request for a host outside TRUSTED_HOSTS answers 400 with a page of its own; without a public
    address (production with ARM_PUBLIC_BASE_URL unset) no request is served at all.

    Flask refuses such a request before it can build any URL (there is no URL adapter), so the usual error
    page, whose layout is full of url_for, would fail with a 500; this one needs no URL and no sign-in, and
    says the same in every language of the app because it cannot know the reader's.
    """

    if not app.config["PUBLIC_BASE_URL"]:
        app.logger.error(MISSING_PUBLIC_BASE_URL)

        @app.before_request
        def refuse_without_a_public_address():
            raise ConfigurationError(MISSING_PUBLIC_BASE_URL)  # logged, and answered with the 500 page

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
