"""Configuration classes. Every setting can come from an environment variable (see README)."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("ARM_INSTANCE_PATH", BASE_DIR / "instance"))


def _env(name: str) -> str | None:
    """The variable's value, or None when it is unset or empty: `SESSION_COOKIE_SECURE=""` keeps the default."""
    value = (os.environ.get(name) or "").strip()
    return value or None


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}") from None


SCHEDULER_MODES = ("inprocess", "off")


def _scheduler_mode(default: str) -> str:
    """ARM_SCHEDULER: "inprocess" runs the jobs inside the web server, "off" leaves them to `flask arm scheduler`."""
    value = (_env("ARM_SCHEDULER") or default).lower()
    if value not in SCHEDULER_MODES:
        raise ConfigurationError(f"ARM_SCHEDULER must be one of {', '.join(SCHEDULER_MODES)}, not {value!r}")
    return value


def _env_positive_int(name: str, default: int) -> int:
    value = _env_int(name, default)
    if value < 1:
        raise ConfigurationError(f"{name} must be 1 or more, not {value}")
    return value


class ConfigurationError(RuntimeError):
    """A setting that production needs is missing or malformed; the app refuses to start."""


MISSING_PUBLIC_BASE_URL = (
    "ARM_PUBLIC_BASE_URL is not set. In production set it to the address people use, for example "
    "ARM_PUBLIC_BASE_URL=https://arm.example.fi: links in e-mails are built from it, never from the "
    "request's Host header. Until it is set the app serves no request; commands such as `flask db upgrade` work."
)


def _public_base_url(default: str | None) -> str | None:
    """Where people reach the app (scheme, host and any base path): every link in an e-mail starts with it.

    None when it is not set (production only): the commands run, the app serves nothing (arm.core.urls).
    """
    url = (_env("ARM_PUBLIC_BASE_URL") or default or "").rstrip("/")
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise ConfigurationError(
            f"ARM_PUBLIC_BASE_URL must be an http(s) address such as https://arm.example.fi, not {url!r}."
        )
    return url


def _trusted_hosts(public_base_url: str | None, local: bool) -> list[str]:
    """Host names the app answers to: ARM_TRUSTED_HOSTS, else the public one (plus localhost when developing)."""
    # An empty list would let every host through (werkzeug's convention), so it falls back to the default.
    if configured := [host.strip() for host in (_env("ARM_TRUSTED_HOSTS") or "").split(",") if host.strip()]:
        return configured
    hosts = [urlsplit(public_base_url).hostname] if public_base_url else []
    if local or not hosts:
        hosts += ["localhost", "127.0.0.1"]
    return list(dict.fromkeys(hosts))


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{INSTANCE_DIR / 'arm.sqlite'}"
    return normalise_database_url(url)


def normalise_database_url(url: str) -> str:
    """Point PostgreSQL URLs at psycopg 3, the driver that is installed."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Config:
    SECRET_KEY = None  # filled in by create_app through _secret_key(), so imports stay side-effect free
    SQLALCHEMY_DATABASE_URI = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    BABEL_DEFAULT_LOCALE = "fi"
    BABEL_DEFAULT_TIMEZONE = "Europe/Helsinki"
    LANGUAGES = ("fi", "sv", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; forms left open all day still save

    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    # How long an uploaded plan waits for its preview to be confirmed (kept in the database meanwhile).
    IMPORT_PREVIEW_VALID_MINUTES = _env_int("ARM_IMPORT_PREVIEW_VALID_MINUTES", 60)
    # What an uploaded plan may hold (arm/plans/spreadsheet/archive.py): rows after the header, parts of the
    # XLSX archive, each part's and all parts' size unpacked, and how many times smaller a part may pack.
    IMPORT_MAX_ROWS = _env_int("ARM_IMPORT_MAX_ROWS", 5000)
    IMPORT_MAX_PARTS = _env_int("ARM_IMPORT_MAX_PARTS", 100)
    IMPORT_MAX_PART_MB = _env_int("ARM_IMPORT_MAX_PART_MB", 10)
    IMPORT_MAX_UNPACKED_MB = _env_int("ARM_IMPORT_MAX_UNPACKED_MB", 20)
    IMPORT_MAX_COMPRESSION_RATIO = _env_int("ARM_IMPORT_MAX_COMPRESSION_RATIO", 100)
    # The situation picture's indicator imports (arm/situation/imports.py, docs/indicator-csv.md): the largest
    # file and the most rows or cells one may hold, and Statistics Finland's PxWeb table the fetch button asks.
    SITUATION_IMPORT_MAX_MB = _env_int("ARM_SITUATION_IMPORT_MAX_MB", 15)
    SITUATION_IMPORT_MAX_ROWS = _env_int("ARM_SITUATION_IMPORT_MAX_ROWS", 200_000)
    PXWEB_URL = os.environ.get(
        "ARM_PXWEB_URL", "https://pxdata.stat.fi/PxWeb/api/v1/fi/StatFin/tyonv/statfin_tyonv_pxt_12r5.px"
    )
    PXWEB_TIMEOUT_SECONDS = _env_positive_int("ARM_PXWEB_TIMEOUT_SECONDS", 20)
    PXWEB_MONTHS = _env_positive_int("ARM_PXWEB_MONTHS", 25)

    # Mail: "log" prints messages to the application log, "smtp" sends them.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND") or ("smtp" if os.environ.get("SMTP_HOST") else "log")
    SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")
    SMTP_PORT = _env_int("SMTP_PORT", 587)
    SMTP_USERNAME = os.environ.get("SMTP_USERNAME")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD")
    SMTP_USE_TLS = _env_bool("SMTP_USE_TLS", True)
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "arm@localhost")
    SMTP_TIMEOUT_SECONDS = _env_positive_int("ARM_SMTP_TIMEOUT_SECONDS", 30)

    # The scheduler (arm/notify/scheduler.py): meeting papers and weekly digests. "off" in production, where
    # `flask arm scheduler` runs as a process of its own; each send is recorded first, so it goes out once.
    SCHEDULER = _scheduler_mode("off")
    SCHEDULER_INTERVAL_MINUTES = _env_positive_int("ARM_SCHEDULER_INTERVAL_MINUTES", 5)
    # A scheduled e-mail the server refuses is tried again after 1, 5, 25 … minutes (at most 4 hours apart)
    # and marked failed after this many attempts; a sender holds a send this long before another may retry it.
    SEND_MAX_ATTEMPTS = _env_positive_int("ARM_SEND_MAX_ATTEMPTS", 6)
    SEND_LEASE_MINUTES = _env_positive_int("ARM_SEND_LEASE_MINUTES", 10)

    INVITATION_VALID_DAYS = _env_int("ARM_INVITATION_VALID_DAYS", 7)
    PASSWORD_RESET_VALID_HOURS = _env_int("ARM_PASSWORD_RESET_VALID_HOURS", 2)
    LOGIN_FAILURES_PER_ACCOUNT = _env_int("ARM_LOGIN_FAILURES_PER_ACCOUNT", 5)
    LOGIN_FAILURES_PER_ADDRESS = _env_int("ARM_LOGIN_FAILURES_PER_ADDRESS", 20)
    LOGIN_THROTTLE_MINUTES = _env_int("ARM_LOGIN_THROTTLE_MINUTES", 15)
    # Password-reset requests allowed per account and per address in the window (the rest are answered
    # as if sent, and nothing is mailed).
    PASSWORD_RESETS_PER_ACCOUNT = _env_int("ARM_PASSWORD_RESETS_PER_ACCOUNT", 3)
    PASSWORD_RESETS_PER_ADDRESS = _env_int("ARM_PASSWORD_RESETS_PER_ADDRESS", 10)
    PASSWORD_RESET_THROTTLE_MINUTES = _env_int("ARM_PASSWORD_RESET_THROTTLE_MINUTES", 60)
    # How long a sign-in lasts at most (also the remember-me cookie's lifetime); signing out ends it sooner.
    REMEMBER_COOKIE_DURATION = timedelta(days=_env_int("ARM_SESSION_MAX_DAYS", 30))

    # The address people use (ARM_PUBLIC_BASE_URL, required in production) and the Host names the app
    # answers to (ARM_TRUSTED_HOSTS); a request for any other host gets 400. Filled in by finalise.
    PUBLIC_BASE_URL = None
    TRUSTED_HOSTS = None
    PUBLIC_BASE_URL_DEFAULT = None  # development and tests only

    # The accessibility statement (Act on the Provision of Digital Services 306/2019, sections 15–16): where
    # people send feedback on accessibility (falls back to MAIL_SENDER; set it in production), who provides
    # the service, when the statement was last reviewed, and the supervising authority. Supervision moved
    # from the Regional State Administrative Agency for Southern Finland to Traficom in 2025; a name left
    # empty is shown in the reader's language.
    ACCESSIBILITY_FEEDBACK_EMAIL = os.environ.get("ARM_ACCESSIBILITY_FEEDBACK_EMAIL")
    ACCESSIBILITY_PROVIDER = os.environ.get("ARM_ACCESSIBILITY_PROVIDER", "")
    ACCESSIBILITY_STATEMENT_REVIEWED_ON = os.environ.get("ARM_ACCESSIBILITY_STATEMENT_REVIEWED_ON", "2026-12-01")
    ACCESSIBILITY_SUPERVISOR_NAME = os.environ.get("ARM_ACCESSIBILITY_SUPERVISOR_NAME", "")
    ACCESSIBILITY_SUPERVISOR_EMAIL = os.environ.get("ARM_ACCESSIBILITY_SUPERVISOR_EMAIL", "saavutettavuus@traficom.fi")
    ACCESSIBILITY_SUPERVISOR_URL = os.environ.get(
        "ARM_ACCESSIBILITY_SUPERVISOR_URL", "https://www.saavutettavuusvaatimukset.fi"
    )
    ACCESSIBILITY_SUPERVISOR_PHONE = os.environ.get("ARM_ACCESSIBILITY_SUPERVISOR_PHONE", "029 534 5000")
    # The record of the last passing run of the accessibility test (tests/browser/test_accessibility.py
    # writes it); by default accessibility-check.json in the instance folder.
    ACCESSIBILITY_CHECK_FILE = os.environ.get("ARM_ACCESSIBILITY_CHECK_FILE")

    PAGE_SIZE = 50
    # The benchmark's baseline route (/_bench/baseline); `make bench` turns it on for its own servers only.
    BENCHMARK_ROUTES = _env_bool("ARM_BENCHMARK_ROUTES", False)
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    # It must match the proxies really in front of the app: with more than there are, a client reaching the
    # app directly picks its own address through X-Forwarded-For and escapes the per-address throttles.
    PROXY_COUNT = _env_int("ARM_PROXY_COUNT", 0)
    # Not an environment setting: only TestConfig names the cheapest parameters, and an app that is not
    # testing refuses them (finalise).
    PASSWORD_HASHING = "argon2id"

    @classmethod
    def finalise(cls, app) -> None:
        """Settings that need the instance folder are computed when an app is built, not on import."""
        if app.config["PASSWORD_HASHING"] != "argon2id" and not app.config["TESTING"]:
            raise ConfigurationError("Passwords are hashed with Argon2id's full parameters outside the tests.")
        app.config["SECRET_KEY"] = app.config["SECRET_KEY"] or _secret_key()
        app.config["SQLALCHEMY_DATABASE_URI"] = app.config["SQLALCHEMY_DATABASE_URI"] or _database_url()
        if not app.config["PUBLIC_BASE_URL"]:
            app.config["PUBLIC_BASE_URL"] = _public_base_url(app.config["PUBLIC_BASE_URL_DEFAULT"])
        if app.config["TRUSTED_HOSTS"] is None:
            app.config["TRUSTED_HOSTS"] = _trusted_hosts(
                app.config["PUBLIC_BASE_URL"], local=app.config["PUBLIC_BASE_URL_DEFAULT"] is not None
            )


class DevelopmentConfig(Config):
    DEBUG = True
    PUBLIC_BASE_URL_DEFAULT = "http://127.0.0.1:5000"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    SCHEDULER = _scheduler_mode("inprocess")


class ProductionConfig(Config):
    pass


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = "sqlite://"  # tests/conftest.py points it at a file or ARM_TEST_DATABASE_URL
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = False
    MAIL_BACKEND = "memory"
    MAIL_SENDER = "arm@example.fi"
    SCHEDULER = "off"
    PUBLIC_BASE_URL_DEFAULT = "http://127.0.0.1:5000"
    PASSWORD_HASHING = "cheapest-for-tests"  # thousands of sign-ins; tests/auth check the real parameters
    PXWEB_URL = ""  # tests never reach the network: the PxWeb fetch is off unless a test fakes it


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestConfig,
}
