"""The ÄRM coordination platform."""

import importlib
import os

from flask import Flask, g, request
from flask_babel import get_locale
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from arm.core.urls import BoundedIntConverter
from arm.core.widgets import speed_up_wtforms
from config import CONFIGS, INSTANCE_DIR, Config


def create_app(config_class: type[Config] | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.url_map.converters["int"] = BoundedIntConverter  # before any route: ids out of range are 404
    if config_class is None:
        config_class = CONFIGS[os.environ.get("ARM_CONFIG", "production" if not _debug() else "development")]
    app.config.from_object(config_class)
    config_class.finalise(app)
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
    speed_up_wtforms()
    register_error_handlers(app)
    register_security_headers(app)
    register_commands(app)
    register_scheduler(app)
    if app.config["BENCHMARK_ROUTES"]:
        from arm.core.bench import register_benchmark_routes

        register_benchmark_routes(app)
    return app


def _debug() -> bool:
    return os.environ.get("FLASK_DEBUG", "").lower() in {"1", "true"}


def register_extensions(app: Flask) -> None:
    from arm import models  # noqa: F401  (every model registered before the mappers configure)
    from arm.auth.sessions import load_user as load_signed_in_user
    from arm.core.audit import register_audit_hook
    from arm.core.i18n import select_locale
    from arm.extensions import babel, csrf, db, login_manager, migrate
    from arm.notify.services import register_mail_hooks

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"

    # The id in the session and remember-me cookies names a sign-in, not only an account (arm/auth/sessions.py).
    login_manager.user_loader(load_signed_in_user)

    register_audit_hook()
    register_mail_hooks()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """SQLite: enforce foreign keys, and WAL so that readers do not block the writer."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


# Areas that plug a part into every case, in the order of their tabs and panels (see arm.core.parts).
CASE_AREAS = (
    "arm.cases",
    "arm.plans",
    "arm.support",
    "arm.comms",
    "arm.risks",
    "arm.meetings",
    "arm.progress",
    "arm.situation",
    "arm.reports",
    "arm.overview",
)


def register_blueprints(app: Flask) -> None:
    from arm.about.views import bp as about_bp
    from arm.auth.views import bp as auth_bp
    from arm.core.comments import bp as comments_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(about_bp)
    app.register_blueprint(comments_bp)
    for area in CASE_AREAS:
        importlib.import_module(f"{area}.part").register(app)


def register_template_helpers(app: Flask) -> None:
    from arm.cases.reference import industry_name, municipality_name
    from arm.core.audit import ACTION_LABELS, entity_label, field_label
    from arm.core.charts import data_uri as chart_data_uri
    from arm.core.comments import comment_url
    from arm.core.forms import text_limit
    from arm.core.i18n import LANGUAGE_NAMES, format_date, format_datetime, format_decimal
    from arm.core.markdown import render_markdown
    from arm.core.parts import nav_entries
    from arm.core.permissions import can
    from arm.core.urls import public_url

    app.jinja_env.filters.update(
        markdown=render_markdown,
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
        datetime=lambda value, fmt="medium": format_datetime(value, fmt) if value else "",
        number=lambda value: format_decimal(value) if value is not None else "",
        money=lambda value: format_decimal(value, "#,##0.00") if value is not None else "–",
        percent=lambda value: f"{format_decimal(round(value), '#,##0')} %" if value is not None else "–",
        municipality_name=municipality_name,
    )
    app.jinja_env.globals.update(
        can=can,
        comment_url=comment_url,
        text_limit=text_limit,
        public_url=public_url,
        case_nav_entries=nav_entries,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        current_locale=lambda: str(get_locale()),
        municipality_name=municipality_name,
        industry_name=industry_name,
        entity_label=entity_label,
        field_label=field_label,
        action_label=lambda action: str(ACTION_LABELS.get(action, action)),
        chart_data_uri=chart_data_uri,
    )


def register_error_handlers(app: Flask) -> None:
    from arm.core.errors import register_error_handlers as register
    from arm.core.urls import register_host_check

    register(app)
    register_host_check(app)


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def add_headers(response):
        # Everything the pages need is served from this host; nothing may load from elsewhere.
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if app.config["SESSION_COOKIE_SECURE"]:
            # Cookies that only travel over HTTPS mean the site is served over HTTPS: browsers should insist on it.
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.endpoint and not request.endpoint.endswith("static") and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.teardown_request
    def forget_request_state(exc):
        # Tests reuse one app context for many requests; a real server gets a fresh `g` each time.
        g.pop("arm_access_cache", None)


def register_commands(app: Flask) -> None:
    from arm.cli import arm_cli

    app.cli.add_command(arm_cli)


def register_scheduler(app: Flask) -> None:
    """ARM_SCHEDULER=inprocess (development): the jobs run in the web server (arm/notify/scheduler.py)."""
    from arm.notify.scheduler import register_scheduler as register

    register(app)
