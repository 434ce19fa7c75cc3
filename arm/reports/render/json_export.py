"""The report as JSON for machines: schema `schema_version` "1" (docs/report-schema.md, docs/report-schema.json).

The stored document as it is (values in their JSON types: ISO dates, decimals as strings), with every label
both as its message id and translated into the export's language, so that a reader needs no catalogue."""

import json
from typing import Any

from flask_babel import get_locale

from arm.reports.render.document import Document, translate


def _label(message: Any) -> dict:
    if isinstance(message, dict):
        return {"msgid": message.get("msgid", ""), "args": message.get("args") or {}, "text": translate(message)}
    return {"msgid": str(message or ""), "args": {}, "text": translate(message)}


def _content(content: dict) -> dict:
    return {
        "facts": [
            {"label": _label(fact.get("label")), "value": fact.get("value"), "type": fact.get("type")}
            for fact in content.get("facts") or []
        ],
        "tables": [
            {
                "title": _label(table.get("title")),
                "columns": [
                    {"label": _label(column.get("label")), "type": column.get("type")}
                    for column in table.get("columns") or []
                ],
                "rows": table.get("rows") or [],
            }
            for table in content.get("tables") or []
        ],
        "charts": [
            {
                "title": _label(chart.get("title")),
                "description": _label(chart.get("description")),
                "kind": chart.get("kind") or "line",
                "unit": chart.get("unit") or "",
                "x": chart.get("x") or [],
                "x_type": chart.get("x_type") or "month",
                "series": [
                    {
                        "label": {"msgid": "", "args": {}, "text": str(series.get("label"))}
                        if series.get("literal")
                        else _label(series.get("label")),
                        "values": series.get("values") or [],
                        "type": series.get("type") or "int",
                        "dashed": bool(series.get("dashed")),
                        "literal": bool(series.get("literal")),
                    }
                    for series in chart.get("series") or []
                ],
            }
            for chart in content.get("charts") or []
        ],
        "notes": [
            {
                "text": {"msgid": "", "args": {}, "text": str(note.get("text"))}
                if note.get("literal")
                else _label(note.get("text")),
                "literal": bool(note.get("literal")),
            }
            for note in content.get("notes") or []
        ],
    }


def report_data(document: Document) -> dict:
    raw = document.raw
    case = dict(raw["case"])
    case["kind"] = _label(case.get("kind"))
    case["phase"] = _label(case.get("phase"))
    return {
        "schema_version": raw["schema_version"],
        "language": str(get_locale() or "fi"),
        "report": raw["report"],
        "case": case,
        "figures_on": raw["figures_on"],
        "sections": [
            {
                "key": section["key"],
                "label": _label(section.get("label")),
                "available": bool(section.get("available", True)),
                "narrative": section.get("narrative") or "",
                "content": _content(section.get("content") or {}),
            }
            for section in raw["sections"]
        ],
    }


def report_json(document: Document) -> bytes:
    return json.dumps(report_data(document), ensure_ascii=False, indent=2).encode("utf-8")
