"""The Swedish and English catalogues translate every Finnish UI string that the code and templates use."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "arm" / "translations"


def _catalogue(path: Path):
    with path.open("rb") as file:
        return read_po(file)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The strings in the code today, extracted as `make extract-messages` does."""
    output = tmp_path_factory.mktemp("babel") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "N_",
            "--no-location",
            "-o",
            str(output),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    return {
        message.id if isinstance(message.id, str) else message.id[0] for message in _catalogue(output) if message.id
    }


@pytest.mark.parametrize("language", ["sv", "en"])
def test_catalogue_translates_every_string_in_use(extracted, language):
    catalogue = _catalogue(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po")
    translated = {
        (message.id if isinstance(message.id, str) else message.id[0])
        for message in catalogue
        if message.id
        and not message.fuzzy
        and all(message.string if isinstance(message.string, tuple) else [message.string])
    }
    missing = sorted(extracted - translated)
    assert not missing, f"run 'make extract-messages' and translate: {missing[:20]}"
