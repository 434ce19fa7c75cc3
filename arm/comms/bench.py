"""The communications plan's benchmark rows: twenty items a case (2 000 at scale 1), one in five recurring."""

from datetime import timedelta

from arm.comms.models import CommsAudience, CommsChannel, CommsItem, CommsLanguage, CommsStatus, Recurrence
from arm.core.bench import Auditable, BenchContext

ITEMS_A_CASE = 20
TITLES = ("Tiedote irtisanotuille", "Infotilaisuus", "Lehdistötiedote", "Verkoston viikkotiedote", "Rekrypäivä")


def bench_data(context: BenchContext) -> None:
    rng = context.rng
    audiences, channels, statuses = list(CommsAudience), list(CommsChannel), list(CommsStatus)
    rows = []
    for case in context.cases:
        for number in range(ITEMS_A_CASE):
            planned = (case.started + timedelta(days=rng.randrange(0, 900))).date()
            recurrence = Recurrence.WEEKLY if number % 10 == 0 else Recurrence.MONTHLY if number % 10 == 5 else None
            status = CommsStatus.PLANNED if recurrence else statuses[number % len(statuses)]
            published = status is CommsStatus.PUBLISHED
            rows.append(
                {
                    "case_id": case.id,
                    "title": f"{TITLES[number % len(TITLES)]} {number + 1}",
                    "audience": audiences[number % len(audiences)],
                    "channel": channels[number % len(channels)],
                    "message": "Viestin sisältö: mitä, kenelle ja mistä lisätietoa saa.",
                    "owner_id": rng.choice(case.membership_ids) if case.membership_ids else None,
                    "planned_on": planned,
                    "recurrence": recurrence or Recurrence.NONE,
                    "repeats_until": None,
                    "languages": ",".join(language.name for language in list(CommsLanguage)[: 1 + number % 3]),
                    "status": status,
                    "is_crisis": number % 7 == 0,
                    "wave_id": None,
                    "service_id": None,
                    "published_on": planned if published else None,
                    "reach": rng.randrange(20, 2_000) if published else None,
                    "feedback": "",
                    "template_key": None,
                    "created_at": case.started,
                    "updated_at": case.started,
                    "version": 1,
                }
            )
    context.insert(CommsItem.__table__, context.numbered(CommsItem.__table__, rows), len(rows), "comms items")
    for row in rows:
        context.auditables.append(Auditable(row["case_id"], "CommsItem", row["id"], row["title"], ("status",)))
