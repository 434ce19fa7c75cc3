"""Environment settings: an empty value counts as unset (issue 9, item 15)."""

import subprocess
import sys

import pytest

import config
from config import BASE_DIR


@pytest.mark.parametrize("value", ["", " ", "\t"])
def test_an_empty_boolean_keeps_its_default(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    assert config._env_bool("SOME_FLAG", True) is True
    assert config._env_bool("SOME_FLAG", False) is False


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("true", True), (" On ", True), ("0", False), ("no", False)]
)
def test_a_boolean_that_is_set_counts(monkeypatch, value, expected):
    monkeypatch.setenv("SOME_FLAG", value)
    assert config._env_bool("SOME_FLAG", not expected) is expected


def test_an_empty_number_keeps_its_default(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "")
    assert config._env_int("SOME_NUMBER", 5) == 5
    monkeypatch.setenv("SOME_NUMBER", " 7 ")
    assert config._env_int("SOME_NUMBER", 5) == 7


def _production_setting(name: str, **env) -> str:
    code = f"import config; print(config.ProductionConfig.{name})"
    environment = {"PATH": "/usr/bin:/bin", **env}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_secure_cookies_stay_on_when_the_variable_is_empty():
    """`SESSION_COOKIE_SECURE=""` (a template's blank line, an unset shell variable) must not turn Secure off."""
    assert _production_setting("SESSION_COOKIE_SECURE", SESSION_COOKIE_SECURE="") == "True"
    assert _production_setting("REMEMBER_COOKIE_SECURE", SESSION_COOKIE_SECURE="") == "True"
    assert _production_setting("SMTP_USE_TLS", SMTP_USE_TLS="") == "True"
    assert _production_setting("SESSION_COOKIE_SECURE", SESSION_COOKIE_SECURE="false") == "False"
    assert _production_setting("PROXY_COUNT", ARM_PROXY_COUNT="") == "0"


def test_every_number_setting_left_empty_keeps_its_default():
    """`SMTP_PORT=` (and any other number left empty in an env file) used to stop the app with a ValueError."""
    assert _production_setting("SMTP_PORT", SMTP_PORT="", ARM_IMPORT_MAX_ROWS=" ") == "587"
    assert _production_setting("IMPORT_MAX_ROWS", ARM_IMPORT_MAX_ROWS="") == "5000"


def test_a_number_setting_that_is_not_a_number_is_named(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "seven")
    with pytest.raises(config.ConfigurationError, match="SOME_NUMBER must be a whole number, not 'seven'"):
        config._env_int("SOME_NUMBER", 5)
