"""The communications plan's share of the demo case: what the sources say Kemi told, and illustrative items.

The data is `data/demo.toml`, with where each fact comes from beside it. It runs after the cases part (the
case, its waves and people) and the support part (the services the items announce). The case was opened from
the template, so its skeleton plan is there: an item naming a `template_key` fills that skeleton item in, as
the coordinator would; the skeleton items no demo item names stay as the template made them.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from arm.comms import services
from arm.comms.models import CommsAudience, CommsChannel, CommsItem, CommsLanguage, CommsStatus, Recurrence
from arm.core.demo_data import read_records
from arm.core.parts import DemoContext
from arm.extensions import db
from arm.plans.models import Action
from arm.support.models import SupportService

DATA = Path(__file__).parent / "data" / "demo.toml"
# Written in the message of an illustrative item, so that its page says so.
ILLUSTRATIVE_NOTE = "*Suuntaa-antava esimerkki: lähteet eivät kerro tämän viestin päivää eikä kanavaa.*"


@dataclass(frozen=True)
class DemoItem:
    title: str
    audience: CommsAudience
    channel: CommsChannel
    message: str
    owner: str  # a demo person's e-mail
    planned_on: date
    is_illustrative: bool
    status: CommsStatus = CommsStatus.PLANNED
    recurrence: Recurrence = Recurrence.NONE
    repeats_until: date | None = None
    published_on: date | None = None
    is_crisis: bool = False
    wave: int | None = None  # the number of a demo wave, 1 for the first
    service: str = ""  # a name on the demo service map
    actions: tuple[str, ...] = ()  # titles of demo actions
    template_key: str = ""  # the item of the template's skeleton plan this one fills in


@dataclass(frozen=True)
class CommsDemo:
    items: tuple[DemoItem, ...]


def read_demo() -> CommsDemo:
    return read_records(DATA, CommsDemo)


def load_demo(context: DemoContext) -> None:
    case = context.case
    waves = sorted(case.layoff_waves, key=lambda wave: wave.occurs_on)
    action_ids = dict(db.session.execute(select(Action.title, Action.id).where(Action.case_id == case.id)).all())
    service_ids = dict(
        db.session.execute(
            select(SupportService.name, SupportService.id).where(SupportService.case_id == case.id)
        ).all()
    )
    skeleton = {
        row.template_key: row
        for row in db.session.scalars(select(CommsItem).where(CommsItem.case_id == case.id))
        if row.template_key
    }
    for item in read_demo().items:
        message = f"{item.message}\n\n{ILLUSTRATIVE_NOTE}" if item.is_illustrative else item.message
        services.save_item(
            case,
            skeleton.get(item.template_key),
            {
                "title": item.title,
                "audience": item.audience,
                "channel": item.channel,
                "message": message,
                "owner_id": context.memberships[item.owner].id,
                "planned_on": item.planned_on,
                "recurrence": item.recurrence,
                "repeats_until": item.repeats_until,
                "language_list": [CommsLanguage.FI],
                "status": item.status,
                "is_crisis": item.is_crisis,
                "wave_id": waves[item.wave - 1].id if item.wave else None,
                "service_id": service_ids[item.service] if item.service else None,
                "published_on": item.published_on,
                "reach": None,
                "feedback": "",
            },
            [action_ids[title] for title in item.actions],
        )
