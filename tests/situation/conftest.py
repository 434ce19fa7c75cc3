import pytest


@pytest.fixture(autouse=True)
def _parked_imports(app, tmp_path):
    """Parked uploads go to the test's own folder, never the instance folder."""
    app.config["SITUATION_IMPORT_DIR"] = str(tmp_path / "situation-imports")
