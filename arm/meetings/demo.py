"""The meetings' share of the Kemi demo case: the working group's weekly meeting.

Seed [001]: "Toimintasuunnitelman mukaan työryhmä kokoontuu viikoittain" and the coordination lay with
the City of Kemi. The weekday, hour and length, the last meeting's attendance and the outcomes are the
demo's own illustration; the agenda items are drafted from the demo case itself, and no minutes text
claims anything of Kemi.
"""

from datetime import UTC, datetime, time, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _

from arm.core.parts import DemoContext
from arm.extensions import db
from arm.meetings import agenda, services
from arm.meetings.models import Attendance, ItemKind, Outcome, Recurrence
from arm.meetings.times import first_on_or_after

COORDINATOR = "koordinaattori@example.fi"
MONDAY = 0
# Shown under each demo meeting's opening, as the demo's layoff waves carry theirs.
ILLUSTRATIVE = (
    "Suuntaa-antava: toimintasuunnitelman mukaan työryhmä kokoontui viikoittain; viikonpäivä, kellonaika ja "
    "läsnäolot ovat esimerkkiä."
)


def load_demo(context: DemoContext) -> None:
    now = datetime.now(UTC)
    today = now.date()
    last_monday = first_on_or_after(today - timedelta(days=7), MONDAY)
    if last_monday >= today:
        last_monday -= timedelta(days=7)
    coordinator = context.memberships.get(COORDINATOR)
    with force_locale("fi"):
        template = services.save_template(
            context.case,
            None,
            _("ÄRM-työryhmän viikkopalaveri"),
            [
                {"title": str(item.title), "placement": item.placement, "duration_minutes": item.duration_minutes}
                for item in agenda.DEFAULT_STANDING_ITEMS
            ],
        )
        held = services.create_meeting(
            context.case,
            {
                "title": _("ÄRM-työryhmän viikkopalaveri"),
                "date": last_monday,
                "start_time": time(9, 0),
                "end_time": time(10, 30),
                "recurrence": Recurrence.WEEKLY,
                "chair_id": coordinator.id if coordinator else None,
                "secretary_id": None,
                "subgroup_id": None,
                "place": "",
                "video_link": "",
                "last_on": None,
            },
            None,
            template=template,
            now=now - timedelta(days=14),  # the series began before today
        )
        agenda.draft_agenda(held, now)
        for index, invitee in enumerate(sorted(held.invitees, key=lambda invitee: invitee.membership_id)):
            invitee.attendance = Attendance.EXCUSED if index % 5 == 4 else Attendance.PRESENT
        for item in held.items:
            if item.kind is not ItemKind.STANDING:
                item.outcome = Outcome.NOTED
        following = services.next_in_series(held)
        agenda.draft_agenda(following, now)
    for meeting in (held, following):
        meeting.items[0].description = ILLUSTRATIVE
    db.session.flush()
