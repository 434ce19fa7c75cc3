"""What the accessibility statement says beyond its fixed text: the contacts from configuration and the last
passing run of the automated accessibility test.

The test (tests/browser/test_accessibility.py) writes a small JSON record when every page passes; a server
where it has never run shows the date the statement was last reviewed by hand instead. A missing or
damaged record only leaves the date out: the statement never fails to render.
"""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from flask import Flask, current_app


@dataclass(frozen=True)
class AutomatedCheck:
    checked_at: datetime
    axe_version: str
    browser: str
    pages: int


@dataclass(frozen=True)
class Statement:
    feedback_email: str
    provider: str
    reviewed_on: date | None
    supervisor_name: str  # empty: the template names Traficom in the reader's language
    supervisor_email: str
    supervisor_url: str
    supervisor_phone: str
    last_check: AutomatedCheck | None


def check_file(app: Flask) -> Path:
    return Path(app.config.get("ACCESSIBILITY_CHECK_FILE") or Path(app.instance_path) / "accessibility-check.json")


def record_check(app: Flask, *, axe_version: str, browser: str, pages: int) -> None:
    path = check_file(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "checked_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "axe_version": axe_version,
        "browser": browser,
        "pages": pages,
    }
    path.write_text(json.dumps(record, indent=2) + "\n")


def last_check(app: Flask) -> AutomatedCheck | None:
    path = check_file(app)
    try:
        record = json.loads(path.read_text())
        checked_at = datetime.fromisoformat(record["checked_at"])
        return AutomatedCheck(
            checked_at=checked_at if checked_at.tzinfo else checked_at.replace(tzinfo=UTC),
            axe_version=str(record["axe_version"]),
            browser=str(record["browser"]),
            pages=int(record["pages"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        app.logger.warning("accessibility check record %s is unreadable: %s", path, error)
        return None


def _date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def statement() -> Statement:
    config = current_app.config
    return Statement(
        feedback_email=config.get("ACCESSIBILITY_FEEDBACK_EMAIL") or config["MAIL_SENDER"],
        provider=config.get("ACCESSIBILITY_PROVIDER") or "",
        reviewed_on=_date(config.get("ACCESSIBILITY_STATEMENT_REVIEWED_ON")),
        supervisor_name=config.get("ACCESSIBILITY_SUPERVISOR_NAME") or "",
        supervisor_email=config.get("ACCESSIBILITY_SUPERVISOR_EMAIL") or "",
        supervisor_url=config.get("ACCESSIBILITY_SUPERVISOR_URL") or "",
        supervisor_phone=config.get("ACCESSIBILITY_SUPERVISOR_PHONE") or "",
        last_check=last_check(current_app),
    )
