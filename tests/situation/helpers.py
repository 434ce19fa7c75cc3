"""Shared pieces of the situation picture's tests."""

import io
import json
from pathlib import Path

DATA = Path(__file__).parent / "data"


def sample_pxweb() -> dict:
    return json.loads((DATA / "pxweb_12r5_sample.json").read_text(encoding="utf-8"))


def upload(client, case_id: int, content: bytes, name: str = "luvut.csv", kind: str = "csv"):
    return client.post(
        f"/cases/{case_id}/situation/import",
        data={"kind": kind, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def token_of(page_text: str) -> str:
    marker = 'name="token" type="hidden" value="'
    start = page_text.index(marker) + len(marker)
    return page_text[start : page_text.index('"', start)]
