"""The reports area's benchmark rows: three reports a case (two submitted with a small snapshot, one draft
with the default sections), each with a narrative per section."""

from datetime import date, timedelta

from arm.core.bench import TODAY, BenchContext
from arm.reports.models import Report, ReportNarrative, ReportStatus
from arm.reports.services import SCHEMA_VERSION, default_keys

REPORTS_PER_CASE = 3


def _snapshot(number: int, start: date, end: date, keys: list[str]) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "report": {
            "number": number,
            "title": f"Seurantaraportti {number}",
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "status": ReportStatus.SUBMITTED.value,
            "submitted_at": TODAY.isoformat(),
            "submitted_by": None,
            "based_on_number": None,
        },
        "case": {
            "id": 0,
            "title": "",
            "slug": "",
            "kind": "",
            "phase": "",
            "employer": "",
            "announced_on": None,
            "direct_layoffs": None,
            "indirect_job_losses": None,
        },
        "figures_on": end.isoformat(),
        "sections": [
            {
                "key": key,
                "label": key,
                "available": True,
                "narrative": "Osion teksti.",
                "content": {
                    "facts": [{"label": "Luku", "value": number, "type": "int"}],
                    "tables": [],
                    "charts": [],
                    "notes": [],
                },
            }
            for key in keys
        ],
    }


def bench_data(context: BenchContext) -> None:
    keys = default_keys()
    reports, narratives = [], []
    for case in context.cases:
        for number in range(1, REPORTS_PER_CASE + 1):
            start = (TODAY - timedelta(days=365 * (REPORTS_PER_CASE - number + 1))).date()
            end = start + timedelta(days=364)
            submitted = number < REPORTS_PER_CASE
            created = context.moment(case, 300)
            reports.append(
                {
                    "case_id": case.id,
                    "number": number,
                    "title": f"Seurantaraportti {number}",
                    "period_start": start,
                    "period_end": end,
                    "status": ReportStatus.SUBMITTED if submitted else ReportStatus.DRAFT,
                    "sections": keys,
                    "snapshot": _snapshot(number, start, end, keys) if submitted else None,
                    "submitted_at": TODAY if submitted else None,
                    "created_at": created,
                    "version": 1,
                }
            )
            for key in keys:
                narratives.append(
                    {
                        "case_id": case.id,
                        "section_key": key,
                        "text": "Osion teksti.",
                        "version": 1,
                        "_report": len(reports) - 1,
                    }
                )
    context.numbered(Report.__table__, reports)
    for narrative in narratives:
        narrative["report_id"] = reports[narrative.pop("_report")]["id"]
    context.insert(Report.__table__, reports)
    context.insert(ReportNarrative.__table__, narratives)
