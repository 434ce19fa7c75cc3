"""The demo case's communications plan says only what the sources say; the rest is labelled illustrative."""

from datetime import date

from sqlalchemy import select

from arm.auth.models import User
from arm.comms.demo import ILLUSTRATIVE_NOTE, read_demo
from arm.comms.models import CommsItem, CommsStatus
from arm.demo import DEMO_COORDINATOR_EMAIL, load_demo_case
from arm.extensions import db
from tests.conftest import sign_in
from tests.factories import PASSWORD
from tests.markup import page_of


def test_the_demo_plan(app, client):
    case = load_demo_case(PASSWORD)
    db.session.commit()
    items = {item.title: item for item in db.session.scalars(select(CommsItem).where(CommsItem.case_id == case.id))}
    # Two demo items fill in the skeleton's info session and weekly update; its first info and press release stay.
    assert len(items) == len(read_demo().items) + 2
    skeleton = [item for item in items.values() if item.template_key and item.version == 1]
    assert {item.title for item in skeleton} == {"Ensimmäinen tiedote irtisanotuille", "Ensimmäinen lehdistötiedote"}
    gathered = items["Alueen toimijat koolle"]  # seed 002: the network was gathered the day of the news
    assert gathered.planned_on == date(2021, 4, 21) and gathered.status is CommsStatus.PUBLISHED
    assert ILLUSTRATIVE_NOTE not in gathered.message
    published = [item for item in items.values() if item.status is CommsStatus.PUBLISHED]
    assert published == [gathered]  # nothing else is claimed to have happened
    assert all(item.reach is None for item in items.values())  # the sources give no reach
    assert all(ILLUSTRATIVE_NOTE in item.message for item in items.values() if item not in [gathered, *skeleton])
    assert items["Viikkotiedote ÄRM-verkostolle"].template_key == "comms_weekly_update"
    session = items["Ensimmäinen infotilaisuus Pointissa"]
    assert session.service.name == "Työllisyyden yhteispalvelu Pointti" and not session.is_late_for_wave
    assert items["Infotilaisuus toisen aallon irtisanotuille"].is_late_for_wave
    assert items["Kriisityöryhmän tuki irtisanotuille ja perheille"].is_crisis

    sign_in(client, db.session.scalar(select(User).where(User.email == DEMO_COORDINATOR_EMAIL)), PASSWORD)
    listing = page_of(client.get(f"/cases/{case.id}/comms"))
    assert "Ensimmäinen infotilaisuus Pointissa" in listing.text
    assert len(listing.find_all(data_late_for_wave="")) == 1
    calendar = page_of(client.get(f"/cases/{case.id}/comms/calendar?view=month&date=2021-06-01"))
    assert "Ensimmäinen infotilaisuus Pointissa" in calendar.text and "Suuntaa-antava" not in calendar.text
    page = page_of(client.get(f"/cases/{case.id}/comms/{session.id}"))
    assert "Suuntaa-antava esimerkki" in page.text
