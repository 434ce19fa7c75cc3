"""The support area's benchmark rows: five services a case on its service map."""

from datetime import timedelta

from arm.core.bench import Auditable, BenchContext
from arm.support.models import ServiceKind, SupportService


def bench_data(context: BenchContext) -> None:
    rng = context.rng
    kinds = list(ServiceKind)
    rows = []
    for case in context.cases:
        for number in range(5):
            starts = (case.started + timedelta(days=rng.randrange(0, 200))).date()
            rows.append(
                {
                    "case_id": case.id,
                    "name": f"Palvelu {number + 1}",
                    "kind": kinds[number % len(kinds)],
                    "provider_id": rng.choice(case.organisation_ids),
                    "description": "Palvelun kuvaus.",
                    "starts_on": starts,
                    "ends_on": starts + timedelta(days=rng.randrange(90, 720)),
                    "created_at": case.started,
                    "updated_at": case.started,
                }
            )
    context.insert(SupportService.__table__, context.numbered(SupportService.__table__, rows))
    for row in rows:
        context.auditables.append(Auditable(row["case_id"], "SupportService", row["id"], row["name"], ("ends_on",)))
