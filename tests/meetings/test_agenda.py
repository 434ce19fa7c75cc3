"""The agenda drafts itself from a case with a known history: what each area proposes through the case-parts
registry (arm/plans, risks, comms and cases agenda.py), in which order and with which titles; redrafting;
a subgroup's meeting; the first meeting of a scope; the caps; the statement count at two sizes; other cases."""

from datetime import UTC, date, datetime, timedelta

import pytest
from freezegun import freeze_time

from arm.cases.models import Case
from arm.comms.models import CommsStatus, Recurrence
from arm.core.parts import agenda_suggestions, case_parts
from arm.core.urls import app_path
from arm.extensions import db
from arm.meetings import agenda
from arm.meetings.models import ItemKind, Meeting
from arm.plans.models import Action, ActionCategory, ActionStatus, ActionUpdate, Horizon, TargetGroup
from arm.risks.models import Risk, RiskAssessment, RiskCategory, RiskStatus
from tests import factories
from tests.conftest import count_queries
from tests.risks.helpers import bulk_risks

ONGOING, DONE, DELAYED, PLANNED = ActionStatus.ONGOING, ActionStatus.DONE, ActionStatus.DELAYED, ActionStatus.PLANNED

# Three whole-network meetings a week apart, 13.00 Helsinki time (10.00 UTC); the one under test is the middle one.
PREVIOUS = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
THIS = PREVIOUS + timedelta(weeks=1)
NEXT = THIS + timedelta(weeks=1)


def june(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 6, day, hour, 0, tzinfo=UTC)


def meetings(case, subgroup=None):
    return [factories.MeetingFactory(case=case, subgroup=subgroup, starts_at=when) for when in (PREVIOUS, THIS, NEXT)]


def update(action, when, statuses, progresses):
    """An ActionUpdate at `when`: statuses and progresses are (old, new)."""
    (old_status, new_status), (old_progress, new_progress) = statuses, progresses
    db.session.add(
        ActionUpdate(
            case_id=action.case_id,
            action_id=action.id,
            at=when,
            old_status=old_status,
            new_status=new_status,
            old_progress=old_progress,
            new_progress=new_progress,
        )
    )


def risk(case, title, assessments, *, status=RiskStatus.OPEN, review_on=date(2026, 12, 31)):
    """A risk with its assessments [(when, likelihood, impact)], oldest first."""
    last = assessments[-1] if assessments else (None, None, None)
    row = Risk(
        case_id=case.id,
        title=title,
        category=RiskCategory.FUNDING,
        likelihood=last[1],
        impact=last[2],
        status=status,
        next_review_on=review_on,
        assessments=[
            RiskAssessment(case_id=case.id, likelihood=likelihood, impact=impact, assessed_at=when)
            for when, likelihood, impact in assessments
        ],
    )
    db.session.add(row)
    return row


def generated(meeting) -> list[tuple[str, str]]:
    return [(item.section, item.title) for item in meeting.items if item.kind is ItemKind.GENERATED]


def keys(meeting) -> list[str]:
    return [item.source_key for item in meeting.items if item.kind is ItemKind.GENERATED]


@pytest.fixture
def history(app):
    """A case whose week between PREVIOUS and THIS is known, and another case busy in the same week."""
    case = factories.CaseFactory(title="Kemi 2021")
    action = {}

    def add(name, **values):
        action[name] = factories.ActionFactory(case=case, title=name, **values)
        return action[name]

    # Status and progress changes.
    update(add("Työnhakuvalmennus", status=DONE, progress=100), june(10), (PLANNED, ONGOING), (0, 40))
    update(action["Työnhakuvalmennus"], june(17), (ONGOING, ONGOING), (40, 70))
    update(action["Työnhakuvalmennus"], june(19), (ONGOING, DONE), (70, 100))
    update(add("Yrityspalvelujen messut", status=DELAYED, progress=30), june(18), (ONGOING, DELAYED), (30, 30))
    update(add("Koulutuskokeilu", progress=20), june(16), (ONGOING, ONGOING), (20, 50))
    update(action["Koulutuskokeilu"], june(18), (ONGOING, ONGOING), (50, 20))  # undone: no net change
    update(add("Rekrytointitapahtuma", progress=30), june(17), (ONGOING, ONGOING), (10, 30))
    update(add("Sijoittumisselvitys", progress=60), june(12), (ONGOING, ONGOING), (50, 60))  # before the window
    update(add("Alihankkijoiden kartoitus", progress=90), THIS, (ONGOING, ONGOING), (80, 90))  # at the meeting's start
    db.session.add(  # a note alone changes nothing
        ActionUpdate(
            case_id=case.id,
            action_id=add("Yrityskummit").id,
            at=june(17),
            old_status=ONGOING,
            new_status=ONGOING,
            old_progress=20,
            new_progress=20,
            note="Ei muutoksia.",
        )
    )
    # Deadlines: today is the meeting's day, 22.6.
    add("Muuttovalmennus", due_on=date(2026, 6, 18), progress=50)  # became overdue in the window
    add("Palkkatukikampanja", due_on=date(2026, 6, 15), status=PLANNED, progress=0)  # due at the previous meeting
    add("Vanha selvitys", due_on=date(2026, 6, 10))  # already overdue at the previous meeting
    add("Valmis hakemus", due_on=date(2026, 6, 19), status=DONE, progress=100)
    add("Palvelupisteen aukiolo", due_on=date(2026, 6, 22))
    add("Messuosasto", due_on=date(2026, 6, 28))
    add("Kesäkoulutus", due_on=date(2026, 6, 29))  # the next meeting's own day: its agenda

    # Risks.
    risk(case, "Rahoituspäätökset viivästyvät", [(june(1), 2, 3), (june(17), 3, 4)])
    risk(case, "Osaajat muuttavat pois", [(june(16), 4, 4)])
    risk(case, "Tietosuojaloukkaus", [], status=RiskStatus.PROPOSED)  # a starter proposal, not yet accepted
    risk(case, "Palvelut ruuhkautuvat", [(june(1), 3, 3), (june(17), 4, 4), (june(19), 3, 3)])  # back where it was
    risk(case, "Yritysten luottamus", [(june(1), 2, 2)], review_on=date(2026, 6, 25))
    risk(case, "Suljettu riski", [(june(1), 5, 5)], status=RiskStatus.CLOSED, review_on=date(2026, 6, 20))
    risk(case, "Mediakohu", [(june(1), 3, 2)], review_on=date(2026, 6, 1))  # review overdue
    db.session.commit()

    # Communications in the 14 days from 22.6. (to 5.7.).
    factories.CommsItemFactory(case=case, title="Infotilaisuus irtisanotuille", planned_on=date(2026, 6, 24))
    factories.CommsItemFactory(
        case=case, title="Viikkotiedote verkostolle", planned_on=date(2026, 6, 1), recurrence=Recurrence.WEEKLY
    )
    factories.CommsItemFactory(
        case=case, title="Julkaistu tiedote", planned_on=date(2026, 6, 23), status=CommsStatus.PUBLISHED
    )
    factories.CommsItemFactory(case=case, title="Heinäkuun kirje", planned_on=date(2026, 7, 6))

    # Layoff waves, by when they were recorded.
    with freeze_time(june(16)):
        factories.LayoffWaveFactory(case=case, occurs_on=date(2026, 7, 31), headcount=120, employer="Stora Enso Oyj")
    with freeze_time(june(1)):
        factories.LayoffWaveFactory(case=case, occurs_on=date(2026, 6, 30), headcount=300)

    # Another case, just as busy in the same week.
    other = factories.CaseFactory(title="Toinen tapaus")
    stranger = factories.ActionFactory(case=other, title="Toisen tapauksen toimenpide", due_on=date(2026, 6, 18))
    update(stranger, june(17), (ONGOING, DONE), (10, 100))
    risk(other, "Toisen tapauksen riski", [(june(1), 1, 1), (june(17), 5, 5)], review_on=date(2026, 6, 23))
    db.session.commit()
    factories.CommsItemFactory(case=other, title="Toisen tapauksen viesti", planned_on=date(2026, 6, 23))
    with freeze_time(june(16)):
        factories.LayoffWaveFactory(case=other, occurs_on=date(2026, 8, 1), headcount=50)
    factories.MeetingFactory(case=other, starts_at=june(19, 10))  # not this case's previous meeting

    return case, action


EXPECTED = [
    ("actions", "Yrityspalvelujen messut: käynnissä → viivästynyt"),
    ("actions", "Työnhakuvalmennus: käynnissä → valmis, 40 % → 100 %"),
    ("actions", "Rekrytointitapahtuma: 10 % → 30 %"),
    ("actions", "Myöhässä: Palkkatukikampanja"),
    ("actions", "Myöhässä: Muuttovalmennus"),
    ("actions", "Määräpäivä 22.6.2026: Palvelupisteen aukiolo"),
    ("actions", "Määräpäivä 28.6.2026: Messuosasto"),
    ("risks", "Uusi riski: Osaajat muuttavat pois"),
    ("risks", "Riskin pisteet nousivat 6 → 12: Rahoituspäätökset viivästyvät"),
    ("risks", "Riskin arviointi: Mediakohu"),
    ("risks", "Riskin arviointi: Yritysten luottamus"),
    ("comms", "Viestintä 22.6.2026: Viikkotiedote verkostolle"),
    ("comms", "Viestintä 24.6.2026: Infotilaisuus irtisanotuille"),
    ("comms", "Viestintä 29.6.2026: Viikkotiedote verkostolle"),
    ("waves", "Uusi irtisanomisaalto 31.7.2026: 120 henkilöä"),
]


def test_the_agenda_tells_what_changed_since_the_previous_meeting(history):
    case, action = history
    _previous, meeting, _next = meetings(case)
    result = agenda.draft_agenda(meeting, factories.NOW)
    db.session.commit()
    assert generated(meeting) == EXPECTED
    assert result.added == len(EXPECTED)
    assert [item.position for item in meeting.items] == list(range(1, len(EXPECTED) + 1))

    first = meeting.items[1]
    assert first.source_key == f"action:{action['Työnhakuvalmennus'].id}:change"
    assert (first.entity, first.entity_id) == ("Action", action["Työnhakuvalmennus"].id)
    assert first.url == f"/cases/{case.id}/actions/{action['Työnhakuvalmennus'].id}"
    assert first.description == "2 päivitystä, viimeisin 19.6.2026."
    overdue = meeting.items[4]
    assert overdue.source_key == f"action:{action['Muuttovalmennus'].id}:overdue"
    assert overdue.description == "Määräpäivä oli 18.6.2026; tila käynnissä, edistyminen 50 %."
    risen = next(item for item in meeting.items if item.source_key.endswith(":rose"))
    assert risen.description == "Todennäköisyys 2 → 3, vaikutus 3 → 4."
    assert risen.url == f"/cases/{case.id}/risks/{risen.entity_id}"
    weekly = [item.source_key for item in meeting.items if item.title.endswith("Viikkotiedote verkostolle")]
    assert [key.rsplit(":", 1)[1] for key in weekly] == ["2026-06-22", "2026-06-29"]
    wave = meeting.items[-1]
    assert (wave.source_key, wave.description, wave.url) == (
        f"wave:{wave.entity_id}:new",
        "Stora Enso Oyj",
        f"/cases/{case.id}/waves",
    )


def test_a_redraft_adds_nothing_twice_and_follows_the_case(history):
    case, action = history
    _previous, meeting, _next = meetings(case)
    agenda.draft_agenda(meeting, factories.NOW)
    db.session.commit()
    again = agenda.draft_agenda(meeting, factories.NOW)
    assert (again.added, again.refreshed, again.removed) == (0, 0, 0)
    assert generated(meeting) == EXPECTED

    # The case moves on: the delayed action is done after all, and the overdue one is finished.
    update(action["Yrityspalvelujen messut"], june(20), (DELAYED, DONE), (30, 100))
    action["Muuttovalmennus"].status = DONE
    factories.ActionFactory(case=case, title="Unohtunut selvitys", due_on=date(2026, 6, 20))
    db.session.commit()
    later = agenda.draft_agenda(meeting, factories.NOW)
    db.session.commit()
    assert (later.added, later.refreshed, later.removed) == (1, 1, 1)
    titles = [title for _section, title in generated(meeting)]
    assert titles[:6] == [
        "Yrityspalvelujen messut: käynnissä → valmis, 30 % → 100 %",
        "Työnhakuvalmennus: käynnissä → valmis, 40 % → 100 %",
        "Rekrytointitapahtuma: 10 % → 30 %",
        "Myöhässä: Palkkatukikampanja",
        "Myöhässä: Unohtunut selvitys",  # among the actions, not after the waves
        "Määräpäivä 22.6.2026: Palvelupisteen aukiolo",
    ]
    assert "Myöhässä: Muuttovalmennus" not in titles
    assert [item.position for item in meeting.items] == list(range(1, len(meeting.items) + 1))
    assert len(set(keys(meeting))) == len(keys(meeting))


def test_a_subgroup_meeting_sees_only_its_subgroups_actions(history):
    case, _action = history
    subgroup = factories.SubgroupFactory(case=case, name="Henkilöihin kohdistuvat toimenpiteet")
    own = factories.ActionFactory(case=case, subgroup=subgroup, title="Uravalmennus", due_on=date(2026, 6, 26))
    update(own, june(18), (PLANNED, ONGOING), (0, 10))
    db.session.commit()
    _previous, meeting, _next = meetings(case, subgroup)
    agenda.draft_agenda(meeting, factories.NOW)
    actions = [title for section, title in generated(meeting) if section == "actions"]
    assert actions == ["Uravalmennus: suunniteltu → käynnissä, 0 % → 10 %", "Määräpäivä 26.6.2026: Uravalmennus"]
    # The rest of the network's business comes as it does at the whole network's meeting.
    assert [item for item in generated(meeting) if item[0] != "actions"] == [
        item for item in EXPECTED if item[0] != "actions"
    ]
    plan_link = next(item.url for item in meeting.items if item.title.startswith("Määräpäivä"))
    assert plan_link == f"/cases/{case.id}/actions/{own.id}"


def test_the_first_meeting_of_a_scope_looks_at_everything_before_it(history):
    case, _action = history
    first, _this, _next = meetings(case)  # 15.6.: no earlier meeting of the whole network
    agenda.draft_agenda(first, factories.NOW)
    assert generated(first) == [
        ("actions", "Työnhakuvalmennus: suunniteltu → käynnissä, 0 % → 40 %"),
        ("actions", "Sijoittumisselvitys: 50 % → 60 %"),
        ("actions", "Myöhässä: Vanha selvitys"),
        ("actions", "Määräpäivä 15.6.2026: Palkkatukikampanja"),
        ("actions", "Määräpäivä 18.6.2026: Muuttovalmennus"),
        ("risks", "Uusi riski: Suljettu riski"),
        ("risks", "Uusi riski: Palvelut ruuhkautuvat"),
        ("risks", "Uusi riski: Rahoituspäätökset viivästyvät"),
        ("risks", "Uusi riski: Mediakohu"),
        ("risks", "Uusi riski: Yritysten luottamus"),
        ("risks", "Riskin arviointi: Mediakohu"),
        ("comms", "Viestintä 15.6.2026: Viikkotiedote verkostolle"),
        ("comms", "Viestintä 22.6.2026: Viikkotiedote verkostolle"),
        ("comms", "Viestintä 24.6.2026: Infotilaisuus irtisanotuille"),
        ("waves", "Uusi irtisanomisaalto 30.6.2026: 300 henkilöä"),
    ]


def test_another_cases_history_never_leaks_in(history):
    case, _action = history
    _previous, meeting, _next = meetings(case)
    agenda.draft_agenda(meeting, factories.NOW)
    assert not [title for _section, title in generated(meeting) if "Toisen" in title or "50 henkilöä" in title]

    # The other case's meeting of 19.6. (its first) sees its own rows only.
    theirs = db.session.scalar(db.select(Meeting).join(Case).where(Case.title == "Toinen tapaus"))
    agenda.draft_agenda(theirs, factories.NOW)
    assert generated(theirs) == [
        ("actions", "Toisen tapauksen toimenpide: käynnissä → valmis, 10 % → 100 %"),
        ("actions", "Myöhässä: Toisen tapauksen toimenpide"),
        ("risks", "Uusi riski: Toisen tapauksen riski"),
        ("risks", "Riskin arviointi: Toisen tapauksen riski"),
        ("comms", "Viestintä 23.6.2026: Toisen tapauksen viesti"),
        ("waves", "Uusi irtisanomisaalto 1.8.2026: 50 henkilöä"),
    ]


def test_each_kind_is_capped_with_a_summary_that_links_to_the_list(app):
    case = factories.CaseFactory()
    for n in range(12):
        factories.ActionFactory(case=case, title=f"Toimenpide {n:02}", due_on=date(2026, 6, 16) + timedelta(days=n % 5))
        risk(case, f"Riski {n:02}", [(june(16), 1 + n % 5, 2)])
    db.session.commit()
    for n in range(12):
        factories.CommsItemFactory(case=case, title=f"Viesti {n:02}", planned_on=date(2026, 6, 22) + timedelta(days=n))
    factories.CommsItemFactory(
        case=case, title="Viikkotiedote", planned_on=date(2026, 6, 1), recurrence=Recurrence.WEEKLY
    )  # on 22.6. and 29.6.
    with freeze_time(june(17)):
        for n in range(12):
            factories.LayoffWaveFactory(case=case, occurs_on=date(2026, 7, 1) + timedelta(days=n), headcount=10 + n)
    _previous, meeting, _next = meetings(case)
    agenda.draft_agenda(meeting, factories.NOW)

    items = [item for item in meeting.items if item.kind is ItemKind.GENERATED]
    by_section = {section: [item for item in items if item.section == section] for section in ("actions", "risks")}
    assert len(by_section["actions"]) == 11 and len(by_section["risks"]) == 11
    summaries = [(item.source_key, item.title, item.url) for item in items if item.source_key.endswith(":more")]
    assert summaries == [
        (
            "action:overdue:more",
            "… ja 2 muuta myöhässä olevaa toimenpidettä",
            f"/cases/{case.id}/plan?overdue=1",
        ),
        ("risk:new:more", "… ja 2 muuta uutta riskiä", f"/cases/{case.id}/risks"),
        (
            "comms:due:more",
            "… ja 4 muuta viestiä seuraavan kahden viikon aikana",
            f"/cases/{case.id}/comms?from=2026-06-22&to=2026-07-05",
        ),
        ("wave:new:more", "… ja 2 muuta uutta irtisanomisaaltoa", f"/cases/{case.id}/waves"),
    ]
    # The most important first: the longest overdue, the highest score, the soonest.
    assert [item.title for item in by_section["actions"][:2]] == ["Myöhässä: Toimenpide 00", "Myöhässä: Toimenpide 05"]
    assert by_section["risks"][0].description.startswith("Todennäköisyys 5, vaikutus 2, pisteet 10")
    comms = [item.title for item in items if item.section == "comms"]
    assert comms[:3] == [
        "Viestintä 22.6.2026: Viesti 00",
        "Viestintä 22.6.2026: Viikkotiedote",
        "Viestintä 23.6.2026: Viesti 01",
    ]
    assert comms[8:10] == ["Viestintä 29.6.2026: Viesti 07", "Viestintä 29.6.2026: Viikkotiedote"]
    assert [item.section for item in items] == ["actions"] * 11 + ["risks"] * 11 + ["comms"] * 11 + ["waves"] * 11


def bulk_actions(case, count: int) -> None:
    """`count` unfinished actions of the case, due around the meeting, each changed in the week: two statements."""
    first_id = (db.session.scalar(db.select(db.func.max(Action.id))) or 0) + 1
    actions, updates = [], []
    for n in range(count):
        actions.append(
            {
                "id": first_id + n,
                "case_id": case.id,
                "title": f"Toimenpide {n:05}",
                "description": "",
                "category": ActionCategory.RE_EMPLOYMENT.name,
                "horizon": Horizon.SHORT.name,
                "target_group": TargetGroup.LAID_OFF.name,
                "status": ONGOING.name,
                "progress": 1 + n % 99,
                "due_on": date(2026, 6, 10) + timedelta(days=n % 30),
                "funding_sources": "",
                "created_at": june(1),
                "updated_at": june(1),
                "version": 1,
            }
        )
        updates.append(
            {
                "case_id": case.id,
                "action_id": first_id + n,
                "at": june(16) + timedelta(minutes=n),
                "old_status": (PLANNED if n % 3 == 0 else ONGOING).name,
                "new_status": ONGOING.name,
                "old_progress": 0,
                "new_progress": 1 + n % 99,
                "note": "",
            }
        )
    db.session.execute(Action.__table__.insert(), actions)
    db.session.execute(ActionUpdate.__table__.insert(), updates)
    db.session.commit()


def statements_of_drafts(app, actions: int) -> tuple[list[str], list[str], int]:
    """The statements of a first draft and of a redraft of a meeting of a case of `actions` actions (and as many
    risks), and how many items the first draft added."""
    case = factories.CaseFactory()
    bulk_actions(case, actions)
    bulk_risks(case, actions)  # reviewed in 2021–2022: every review is overdue
    _previous, meeting, _next = meetings(case)
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting.id)
    with count_queries(app) as first:
        added = agenda.draft_agenda(meeting, factories.NOW).added
    db.session.commit()
    with count_queries(app) as again:
        agenda.draft_agenda(meeting, factories.NOW + timedelta(minutes=1))
    db.session.commit()
    return list(first), list(again), added


def test_drafting_issues_the_same_statements_at_10_and_2000_actions(app):
    small_first, small_again, small_added = statements_of_drafts(app, 10)
    large_first, large_again, large_added = statements_of_drafts(app, 2000)

    def reads(statements):
        return [statement for statement in statements if not statement.startswith("INSERT INTO agenda_item")]

    def inserts(statements):
        return len(statements) - len(reads(statements))

    # What the drafts read and write besides the new items is the same at both sizes …
    assert len(reads(small_first)) == len(reads(large_first))
    assert len(small_again) == len(large_again)
    # … and the new items are bounded by the caps: changes, overdue, due and reviews, each with a summary.
    assert large_added == 4 * 11
    assert small_added < large_added
    # SQLite gets one INSERT per new item (the ORM cannot batch them there); PostgreSQL gets them in one.
    assert inserts(large_first) in (1, large_added)


def test_links_are_the_same_in_a_request_and_in_the_scheduler(app):
    with app.test_request_context("/", base_url="https://arm.example/arm"):
        in_request = app_path("plans.action", case_id=3, action_id=7)
    assert in_request == app_path("plans.action", case_id=3, action_id=7) == "/cases/3/actions/7"
    assert app_path("plans.plan", case_id=3, overdue="1") == "/cases/3/plan?overdue=1"


def test_every_part_proposes_its_section_in_order(history):
    case, _action = history
    _previous, meeting, _next = meetings(case)
    suggestions = agenda_suggestions(agenda.agenda_window(meeting))
    sections = list(dict.fromkeys((s.section, str(s.section_label), s.position) for s in suggestions))
    assert sections == [
        ("actions", "Toimenpiteet", 10),
        ("risks", "Riskit", 20),
        ("comms", "Viestintä", 30),
        ("waves", "Irtisanomisaallot", 40),
    ]


@pytest.mark.parametrize(("part", "statements"), [("plans", 2), ("risks", 2), ("comms", 2), ("cases", 1)])
def test_each_part_issues_a_fixed_number_of_statements(app, history, part, statements):
    case, _action = history
    _previous, meeting, _next = meetings(case)
    window = agenda.agenda_window(meeting)
    hook = next(registered.agenda_items for registered in case_parts() if registered.name == part)
    with count_queries(app) as issued:
        proposed = hook(window)
    assert proposed
    assert len(issued) == statements
