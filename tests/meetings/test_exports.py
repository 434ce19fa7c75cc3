"""The meeting papers as files: each format is downloaded and opened (python-docx, pypdf, icalendar) and read
for the right items, outcomes, decisions and attendance; the options, the user's language, the calendar
invitations and who may have them."""

import io
import re
import socket
from datetime import UTC, date, datetime, time

import pytest
from docx import Document
from flask import render_template_string
from flask_babel import force_locale
from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy import select

from arm.cases.models import Membership
from arm.exports.docx import add_markdown
from arm.exports.pdf import local_static_fetcher, path_to_url
from arm.extensions import db
from arm.meetings import exports, queries, services
from arm.meetings.exports import PaperOptions, PaperOptionsError
from arm.meetings.exports import pdf as exports_pdf
from arm.meetings.models import Attendance, ItemKind, Outcome, Recurrence
from arm.plans.models import Action, ActionCategory, ActionStatus, Horizon, SubgroupMember, TargetGroup
from tests import factories
from tests.conftest import count_queries, sign_in_without_password
from tests.meetings.test_services import meeting_data

NAMES = {"coordinator": "Aino Aalto", "editor": "Eero Eskola", "member": "Maija Mäki", "observer": "Olli Oja"}


def membership(case, user) -> Membership:
    return db.session.scalar(select(Membership).where(Membership.case_id == case.id, Membership.user_id == user.id))


def new_action(owner: Membership, title: str, due_on: date):
    def create(case, data):
        action = Action(
            case_id=case.id,
            title=title,
            category=ActionCategory.RE_EMPLOYMENT,
            horizon=Horizon.SHORT,
            target_group=TargetGroup.LAID_OFF,
            status=ActionStatus.PLANNED,
            progress=0,
            owner_id=owner.id,
            due_on=due_on,
            description="",
        )
        db.session.add(action)
        db.session.flush()
        return action

    return create


def build_meeting(people, extra_items: int = 0, **values):
    """A meeting of 22.6.2026 13.00–14.30 with the default frame, two manual items (minutes on both, an
    outcome on both, a decision that created an action on the second) and attendance of the four members."""
    case = people.case
    case.title = "Kemin rakennemuutos 2021"
    case.slug = "kemi-2021"
    for level, name in NAMES.items():
        getattr(people, level).name = name
    members = {level: membership(case, getattr(people, level)) for level in NAMES}
    data = meeting_data(
        chair_id=members["coordinator"].id,
        secretary_id=members["editor"].id,
        video_link="https://meet.example.fi/arm",
        **values,
    )
    meeting = services.create_meeting(case, data, [each.id for each in members.values()])
    services_item = services.add_item(
        case,
        meeting,
        {"title": "Irtisanottujen palvelut", "presenter_id": members["editor"].id, "duration_minutes": 20},
    )
    second = services.add_item(case, meeting, {"title": "Yritysten tukipaketti", "duration_minutes": 15})
    for number in range(extra_items):
        services.add_item(case, meeting, {"title": f"Lisäkohta {number + 1}", "duration_minutes": 1})
    services.update_item(
        services_item,
        services_item.version,
        {
            "title": services_item.title,
            "presenter_id": members["editor"].id,
            "duration_minutes": 20,
            "minutes": "Käytiin läpi **muutosturva**.\n\n- koulutukset\n- työnhaku",
            "outcome": Outcome.NOTED,
        },
    )
    services.update_item(
        second,
        second.version,
        {"title": second.title, "duration_minutes": 15, "minutes": "Esitys tukipaketista.", "outcome": None},
    )
    services.add_decision(
        second,
        "Valmistellaan tukipaketti yrityksille.",
        {},
        new_action(members["member"], "Yritysten tukipaketin valmistelu", date(2026, 7, 31)),
    )
    # The manual items between the opening and the closing standing items, as a coordinator orders them.
    standing = [item for item in meeting.items if item.kind is ItemKind.STANDING]
    manual = sorted((item for item in meeting.items if item.kind is ItemKind.MANUAL), key=lambda item: item.id)
    for position, item in enumerate([*standing[:2], *manual, *standing[2:]], start=1):
        item.position = position
    by_membership = {invitee.membership_id: invitee.id for invitee in meeting.invitees}
    services.record_attendance(
        meeting,
        {
            by_membership[members["coordinator"].id]: Attendance.PRESENT,
            by_membership[members["editor"].id]: Attendance.PRESENT,
            by_membership[members["member"].id]: Attendance.EXCUSED,
            by_membership[members["observer"].id]: Attendance.ABSENT,
        },
    )
    db.session.commit()
    return meeting


@pytest.fixture
def meeting(case_with_network):
    return build_meeting(case_with_network)


def paper_url(meeting, kind: str, file_format: str) -> str:
    return f"/cases/{meeting.case_id}/meetings/{meeting.id}/{kind}.{file_format}"


def docx_paragraphs(body: bytes) -> list[str]:
    return [paragraph.text for paragraph in Document(io.BytesIO(body)).paragraphs]


def pdf_pages(body: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]


# ---------------------------------------------------------------- the files, opened


def test_the_minutes_as_docx_hold_the_items_outcomes_decisions_and_attendance_in_order(client, case_with_network):
    meeting = build_meeting(case_with_network)
    sign_in_without_password(client, case_with_network.member)
    response = client.get(paper_url(meeting, "minutes", "docx"))
    assert response.status_code == 200
    assert response.mimetype == exports.DOCX_MIMETYPE
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="kemi-2021-muistio-2026-06-22.docx"'
    )
    document = Document(io.BytesIO(response.data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "Muistio: ÄRM-työryhmän viikkopalaveri",
        "Osallistujat",
        "Käsiteltävät asiat",
        "1. Kokouksen avaus",
        "2. Edellisen kokouksen muistion hyväksyminen",
        "3. Irtisanottujen palvelut",
        "4. Yritysten tukipaketti",
        "5. Muut asiat",
        "6. Seuraava kokous",
        "7. Kokouksen päättäminen",
    ]
    text = [p.text for p in document.paragraphs]
    assert "Tapaus: Kemin rakennemuutos 2021" in text
    assert "Aika: maanantai 22.6.2026 klo 13.00–14.30" in text
    assert "Puheenjohtaja: Aino Aalto" in text
    assert "Sihteeri: Eero Eskola" in text
    assert "Etäyhteys: https://meet.example.fi/arm" in text
    services_at = text.index("3. Irtisanottujen palvelut")
    assert text[services_at + 1] == "Esittelijä: Eero Eskola · 20 min"
    assert "Käytiin läpi muutosturva." in text[services_at:]
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert "muutosturva" in bold  # the Markdown's emphasis survives
    assert [p.text for p in document.paragraphs[services_at:] if p.style.name == "List Bullet"][:2] == [
        "koulutukset",
        "työnhaku",
    ]
    assert "Käsittelyn tulos: Merkittiin tiedoksi" in text
    assert "Käsittelyn tulos: Päätettiin" in text  # the decision set the second item's outcome
    assert "Valmistellaan tukipaketti yrityksille." in text
    assert (
        "Uusi toimenpide: Yritysten tukipaketin valmistelu (vastuuhenkilö Maija Mäki, valmis viimeistään 31.7.2026)"
        in text
    )
    assert "Kohtien kestot yhteensä 48 min, kokouksen kesto 90 min." in text
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows == [
        ["Nimi", "Organisaatio", "Läsnäolo"],
        ["Aino Aalto", "Kemin kaupunki", "Läsnä"],
        ["Eero Eskola", "Kemin kaupunki", "Läsnä"],
        ["Maija Mäki", "Kemin kaupunki", "Estynyt"],
        ["Olli Oja", "Kemin kaupunki", "Poissa"],
    ]
    assert document.core_properties.language == "fi-FI"


def test_the_agenda_as_markdown_lists_items_presenters_and_durations_against_the_length(
    client, case_with_network, meeting
):
    sign_in_without_password(client, case_with_network.coordinator)
    response = client.get(paper_url(meeting, "agenda", "md"))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.get_data(as_text=True)
    assert text.startswith("# Esityslista: ÄRM-työryhmän viikkopalaveri\n")
    assert "- **Aika:** maanantai 22.6.2026 klo 13.00–14.30" in text
    titles = re.findall(r"^### (.+)$", text, flags=re.MULTILINE)
    assert titles[2:4] == ["3. Irtisanottujen palvelut", "4. Yritysten tukipaketti"]
    assert "Esittelijä: Eero Eskola · 20 min" in text
    assert "Kohtien kestot yhteensä 48 min, kokouksen kesto 90 min." in text
    assert "## Kutsutut" in text and "- Olli Oja, Kemin kaupunki" in text
    assert "Käytiin läpi" not in text  # the minutes belong to the minutes
    assert "Valmistellaan tukipaketti" not in text


def test_an_overrun_is_said(client, case_with_network):
    meeting = build_meeting(case_with_network, extra_items=60)  # 48 + 60 minutes in a 90-minute meeting
    sign_in_without_password(client, case_with_network.coordinator)
    text = client.get(paper_url(meeting, "agenda", "md")).get_data(as_text=True)
    assert "Esityslista ylittää kokouksen keston 18 minuutilla." in text


def test_the_minutes_as_pdf_have_header_page_numbers_footer_and_finnish_dates(client, case_with_network):
    meeting = build_meeting(case_with_network)  # two pages
    sign_in_without_password(client, case_with_network.observer)
    response = client.get(paper_url(meeting, "minutes", "pdf"), query_string={"footer": "Luonnos – ei julkinen"})
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "kemi-2021-muistio-2026-06-22.pdf" in response.headers["Content-Disposition"]
    pages = pdf_pages(response.data)
    count = len(pages)
    assert count >= 2
    for number, page in enumerate(pages, start=1):
        assert "Kemin rakennemuutos 2021 · maanantai 22.6.2026" in page  # the running header
        assert f"sivu {number} / {count}" in page
        assert "Luonnos – ei julkinen" in page
    first = pages[0]
    assert "Muistio: ÄRM-työryhmän viikkopalaveri" in first
    assert "maanantai 22.6.2026 klo 13.00–14.30" in first
    whole = " ".join(" ".join(pages).split())  # lines wrap where the page ends them
    assert whole.index("3. Irtisanottujen palvelut") < whole.index("4. Yritysten tukipaketti")
    assert "Merkittiin tiedoksi" in whole
    assert "Valmistellaan tukipaketti yrityksille." in whole
    assert "valmis viimeistään 31.7.2026" in whole
    for name in NAMES.values():
        assert name in whole
    assert "7. Kokouksen päättäminen" in pages[-1]


def test_the_pdf_renders_without_a_request_in_the_schedulers_language(app, case_with_network, monkeypatch):
    """As the scheduler calls it: a bare app context and a forced locale; and no host is asked for anything."""
    meeting = build_meeting(case_with_network)

    def no_network(*args, **kwargs):
        raise AssertionError("a paper must not open a connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    with app.app_context(), force_locale("sv"):
        loaded = queries.get_meeting(meeting.case_id, meeting.id)
        body, mimetype, filename = exports.render_paper(loaded, "agenda", "pdf", PaperOptions())
    assert mimetype == "application/pdf"
    assert filename.startswith("kemi-2021-") and filename.endswith("-2026-06-22.pdf")
    text = "\n".join(pdf_pages(body))
    assert "Kemin rakennemuutos 2021 · måndag 22.6.2026" in text
    assert "Ärende" in text and "Ordförande" in text  # strings the Swedish catalogue already holds
    assert "3. Irtisanottujen palvelut" in text


def test_the_pdf_fetcher_reads_only_the_apps_static_files(app, tmp_path):
    fetcher = local_static_fetcher()
    css = path_to_url(f"{app.static_folder}/css/paper.css")
    response = fetcher.fetch(css)
    assert b"@page" in response.read()
    assert response.content_type == "text/css"
    response.close()
    outside = tmp_path / "secret.css"
    outside.write_text("body {}")
    for url in (
        "https://cdn.example.com/font.woff2",
        "http://127.0.0.1:5000/static/css/paper.css",
        path_to_url(str(outside)),
        css.replace("css/paper.css", "../../config.py"),
        "data:text/css,body{}",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


# ---------------------------------------------------------------- options


def test_options_toggle_attendance_outcomes_and_backlog(client, case_with_network, meeting):
    services.add_item(meeting.case, None, {"title": "Koulutusyhteistyön laajentaminen"})  # into the backlog
    db.session.commit()
    sign_in_without_password(client, case_with_network.coordinator)
    default = client.get(paper_url(meeting, "minutes", "md")).get_data(as_text=True)
    assert "## Osallistujat" in default
    assert "**Käsittelyn tulos:** Merkittiin tiedoksi" in default
    assert "Koulutusyhteistyön laajentaminen" not in default

    toggled = client.get(
        paper_url(meeting, "minutes", "md"), query_string={"attendance": "0", "outcomes": "0", "backlog": "1"}
    ).get_data(as_text=True)
    assert "Osallistujat" not in toggled and "Olli Oja" not in toggled
    assert "Käsittelyn tulos" not in toggled
    assert "## Odottavat asiat\n\n- Koulutusyhteistyön laajentaminen" in toggled
    assert "Valmistellaan tukipaketti yrityksille." in toggled  # decisions stay

    # The options page's form sends a hidden 0 before each ticked box's 1: the last one counts.
    ticked = client.get(paper_url(meeting, "minutes", "docx") + "?attendance=0&attendance=1&outcomes=0")
    paragraphs = docx_paragraphs(ticked.data)
    assert "Osallistujat" in paragraphs
    assert not any(p.startswith("Käsittelyn tulos") for p in paragraphs)


def test_the_footer_ends_the_markdown_and_docx_capped_and_cleaned(client, case_with_network, meeting):
    sign_in_without_password(client, case_with_network.coordinator)
    markdown = client.get(paper_url(meeting, "agenda", "md"), query_string={"footer": "Julkinen\x07 versio\n2"})
    assert markdown.get_data(as_text=True).endswith("---\n\nJulkinen versio 2\n")
    long = client.get(paper_url(meeting, "agenda", "docx"), query_string={"footer": "x" * 500})
    assert long.status_code == 200
    assert docx_paragraphs(long.data)[-1] == "x" * exports.FOOTER_MAX_LENGTH


@pytest.mark.parametrize("args", [{"attendance": "maybe"}, {"backlog": "2"}, {"outcomes": "<script>"}])
def test_an_option_that_means_nothing_gets_a_clear_400(client, case_with_network, meeting, args):
    sign_in_without_password(client, case_with_network.coordinator)
    response = client.get(paper_url(meeting, "minutes", "pdf"), query_string=args)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "arvo voi olla vain 1 (otetaan mukaan) tai 0 (jätetään pois)" in page
    assert "<script>" not in page


def test_paper_options_from_args():
    from werkzeug.datastructures import MultiDict

    assert PaperOptions.from_args(MultiDict()) == PaperOptions()
    assert PaperOptions.from_args(MultiDict([("backlog", "on"), ("outcomes", "false")])) == PaperOptions(
        backlog=True, outcomes=False
    )
    assert PaperOptions.from_args({"footer": "  Luonnos \t 1  "}).footer == "Luonnos 1"
    with pytest.raises(PaperOptionsError):
        PaperOptions.from_args({"attendance": "joo"})
    options = PaperOptions(backlog=True, footer="Luonnos")
    assert PaperOptions.from_args(MultiDict(options.query_args())) == options


# ---------------------------------------------------------------- the user's language


@pytest.mark.parametrize(
    ("language", "expected"),
    [("sv", ("Ärende", "måndag 22.6.2026")), ("en", ("Case", "Monday 22 June 2026"))],
)
def test_the_papers_are_in_the_users_language(client, case_with_network, meeting, language, expected):
    case_label, day = expected
    user = case_with_network.coordinator
    user.locale = language
    db.session.commit()
    sign_in_without_password(client, user)
    paragraphs = docx_paragraphs(client.get(paper_url(meeting, "minutes", "docx")).data)
    assert f"{case_label}: Kemin rakennemuutos 2021" in paragraphs
    assert any(day in paragraph for paragraph in paragraphs)
    calendar = Calendar.from_ical(client.get(f"/cases/{meeting.case_id}/meetings/{meeting.id}/meeting.ics").data)
    event = next(iter(calendar.walk("VEVENT")))
    assert f"{case_label}: Kemin rakennemuutos 2021" in str(event["DESCRIPTION"])


# ---------------------------------------------------------------- calendar invitations


def test_the_meeting_ics_is_one_event_in_helsinki_time_with_a_stable_uid(client, case_with_network, meeting):
    sign_in_without_password(client, case_with_network.coordinator)
    url = f"/cases/{meeting.case_id}/meetings/{meeting.id}/meeting.ics"
    first, second = client.get(url), client.get(url)
    assert first.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "kemi-2021-kokous-2026-06-22.ics" in first.headers["Content-Disposition"]
    calendar = Calendar.from_ical(first.data)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    (event,) = calendar.walk("VEVENT")
    assert b"DTSTART;TZID=Europe/Helsinki:20260622T130000" in first.data
    assert event.decoded("DTSTART") == datetime(2026, 6, 22, 10, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 6, 22, 11, 30, tzinfo=UTC)
    assert str(event["UID"]) == f"meeting-{meeting.id}@127.0.0.1"
    assert str(next(iter(Calendar.from_ical(second.data).walk("VEVENT")))["UID"]) == str(event["UID"])
    assert str(event["SUMMARY"]) == "ÄRM-työryhmän viikkopalaveri"
    assert str(event["LOCATION"]) == "Kemin kaupungintalo, https://meet.example.fi/arm"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]).startswith("http://127.0.0.1:5000/cases/")
    assert "3. Irtisanottujen palvelut" in str(event["DESCRIPTION"])
    assert "RRULE" not in event


def test_a_cancelled_meeting_is_a_cancelled_event(client, case_with_network, meeting):
    services.cancel_meeting(meeting)
    db.session.commit()
    sign_in_without_password(client, case_with_network.coordinator)
    calendar = Calendar.from_ical(client.get(f"/cases/{meeting.case_id}/meetings/{meeting.id}/meeting.ics").data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == f"meeting-{meeting.id}@127.0.0.1"


def test_a_weekly_series_is_one_recurring_event(client, case_with_network):
    meeting = build_meeting(case_with_network, recurrence=Recurrence.WEEKLY, last_on=date(2026, 8, 31))
    second = services.next_in_series(meeting)
    services.cancel_meeting(second)
    db.session.commit()
    sign_in_without_password(client, case_with_network.member)
    url = f"/cases/{meeting.case_id}/meetings/{meeting.id}/series.ics"
    response = client.get(url)
    assert response.status_code == 200
    assert "kemi-2021-kokoussarja.ics" in response.headers["Content-Disposition"]
    calendar = Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    assert b"DTSTART;TZID=Europe/Helsinki:20260622T130000" in response.data
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO"]
    assert rule["UNTIL"] == [datetime(2026, 8, 31, 10, 0, tzinfo=UTC)]  # 13.00 Helsinki summer time
    assert str(event["UID"]) == f"meeting-series-{meeting.series_id}@127.0.0.1"
    assert str(Calendar.from_ical(client.get(url).data).walk("VEVENT")[0]["UID"]) == str(event["UID"])
    assert b"EXDATE;TZID=Europe/Helsinki:20260629T130000" in response.data  # the cancelled second week
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]

    # A single occurrence written as part of the series, for calendars that hold the series.
    occurrence = Calendar.from_ical(exports.meeting_ics(queries.get_meeting(second.case_id, second.id), True))
    (event,) = occurrence.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-series-{meeting.series_id}@127.0.0.1"
    assert event.decoded("RECURRENCE-ID") == datetime(2026, 6, 29, 10, 0, tzinfo=UTC)
    assert str(event["STATUS"]) == "CANCELLED"


def test_a_series_without_an_end_has_no_until(app, case_with_network):
    meeting = build_meeting(case_with_network, recurrence=Recurrence.WEEKLY)
    body = exports.series_ics(meeting.series)
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert "UNTIL" not in event["RRULE"]


def test_a_one_off_meeting_has_no_series_ics(client, case_with_network, meeting):
    sign_in_without_password(client, case_with_network.coordinator)
    assert client.get(f"/cases/{meeting.case_id}/meetings/{meeting.id}/series.ics").status_code == 404


def test_a_deleted_meetings_ics_is_our_404_page(client, case_with_network):
    case = case_with_network.case
    meeting = services.create_meeting(case, meeting_data(), None)
    db.session.commit()
    meeting_id = meeting.id
    services.delete_meeting(meeting)
    db.session.commit()
    sign_in_without_password(client, case_with_network.coordinator)
    for path in ("meeting.ics", "series.ics", "agenda.pdf", "papers"):
        response = client.get(f"/cases/{case.id}/meetings/{meeting_id}/{path}")
        assert response.status_code == 404
        assert response.mimetype == "text/html"
        assert "<h1>" in response.get_data(as_text=True)


# ---------------------------------------------------------------- who may have them

PATHS = ("agenda.md", "minutes.docx", "meeting.ics", "papers")


@pytest.mark.parametrize("path", PATHS)
def test_a_member_reads_only_their_own_subgroups_papers(client, case_with_network, path):
    case = case_with_network.case
    subgroup = factories.SubgroupFactory(case=case)
    meeting = build_meeting(case_with_network, subgroup_id=subgroup.id)
    url = f"/cases/{case.id}/meetings/{meeting.id}/{path}"
    sign_in_without_password(client, case_with_network.member)
    assert client.get(url).status_code == 403
    db.session.add(
        SubgroupMember(
            case_id=case.id, subgroup_id=subgroup.id, membership_id=membership(case, case_with_network.member).id
        )
    )
    db.session.commit()
    assert client.get(url).status_code == 200
    sign_in_without_password(client, case_with_network.observer)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("path", PATHS)
def test_outsiders_and_other_cases_get_404(client, case_with_network, path):
    meeting = build_meeting(case_with_network)
    sign_in_without_password(client, case_with_network.outsider)
    assert client.get(f"/cases/{meeting.case_id}/meetings/{meeting.id}/{path}").status_code == 404
    other = factories.case_with_people()
    sign_in_without_password(client, other.coordinator)
    assert client.get(f"/cases/{other.case.id}/meetings/{meeting.id}/{path}").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, case_with_network, meeting):
    response = client.get(paper_url(meeting, "agenda", "pdf"))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# ---------------------------------------------------------------- the options page and the links


def test_the_options_page_is_a_get_form_with_a_button_per_paper_and_format(client, case_with_network, meeting):
    sign_in_without_password(client, case_with_network.coordinator)
    response = client.get(
        f"/cases/{meeting.case_id}/meetings/{meeting.id}/papers", query_string={"backlog": "1", "footer": "Luonnos"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<form method="get"' in page
    assert "<legend" in page and '<label class="form-check-label" for="option-attendance">' in page
    for kind in ("agenda", "minutes"):
        for file_format in ("pdf", "docx", "md"):
            assert f'formaction="/cases/{meeting.case_id}/meetings/{meeting.id}/{kind}.{file_format}"' in page
    assert 'id="option-backlog" aria-describedby="option-backlog-help" checked' in page
    assert 'value="Luonnos"' in page
    assert "series.ics" not in page  # a one-off meeting


def test_export_links_name_every_file(app, meeting):
    with app.test_request_context():
        html = render_template_string(
            '{% from "meetings/_export_links.html" import export_links %}{{ export_links(case, meeting) }}',
            case=meeting.case,
            meeting=meeting,
        )
    base = f"/cases/{meeting.case_id}/meetings/{meeting.id}"
    for path in ("agenda.pdf", "agenda.docx", "agenda.md", "minutes.pdf", "minutes.docx", "minutes.md", "meeting.ics"):
        assert f'href="{base}/{path}"' in html
    assert f'href="{base}/papers"' in html
    assert "series.ics" not in html


# ---------------------------------------------------------------- a fixed number of statements


def test_a_paper_takes_the_same_number_of_statements_whatever_the_agenda(app, client, case_with_network):
    small = build_meeting(case_with_network)
    large = build_meeting(case_with_network, extra_items=40)
    for number in range(20):
        item = large.items[3 + number]
        services.add_decision(
            item,
            f"Päätös {number}",
            {},
            new_action(membership(large.case, case_with_network.member), f"Toimenpide {number}", date(2026, 9, 1)),
        )
    db.session.commit()
    sign_in_without_password(client, case_with_network.coordinator)
    counts = []
    for meeting in (small, large):
        with count_queries(app) as statements:
            response = client.get(paper_url(meeting, "minutes", "md"), query_string={"backlog": "1"})
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
    assert "Toimenpide 19" in response.get_data(as_text=True)


def test_meeting_times_are_helsinki_wall_clock_in_winter_too(app, case_with_network):
    meeting = build_meeting(case_with_network, date=date(2026, 12, 7), start_time=time(9, 0), end_time=time(10, 0))
    assert exports.meeting_when(meeting) == "maanantai 7.12.2026 klo 9.00–10.00"


# ---------------------------------------------------------------- what else the minutes carry


def test_approved_minutes_carry_their_amendments(client, case_with_network, meeting):
    later = services.create_meeting(case_with_network.case, meeting_data(date=date(2026, 6, 29)), None)
    services.approve_minutes(meeting, later)
    item = next(item for item in meeting.items if item.title == "Irtisanottujen palvelut")
    services.amend_minutes(meeting, item.id, "Koulutuksia on **kolme**, ei kaksi.", case_with_network.editor.id)
    db.session.commit()
    sign_in_without_password(client, case_with_network.member)
    text = client.get(paper_url(meeting, "minutes", "md")).get_data(as_text=True)
    assert "- **Muistio hyväksytty:** 15.6.2026" in text
    assert "## Muistion korjaukset\n\n- 15.6.2026 · Eero Eskola · Irtisanottujen palvelut" in text
    assert "Koulutuksia on **kolme**, ei kaksi." in text
    paragraphs = docx_paragraphs(client.get(paper_url(meeting, "minutes", "docx")).data)
    assert paragraphs[paragraphs.index("Muistion korjaukset") + 2] == "Koulutuksia on kolme, ei kaksi."
    agenda = client.get(paper_url(meeting, "agenda", "md")).get_data(as_text=True)
    assert "Muistion korjaukset" not in agenda


def test_a_cancelled_meeting_says_so_on_its_papers(client, case_with_network, meeting):
    services.cancel_meeting(meeting)
    db.session.commit()
    sign_in_without_password(client, case_with_network.coordinator)
    assert "**Kokous on peruttu.**" in client.get(paper_url(meeting, "agenda", "md")).get_data(as_text=True)
    assert "Kokous on peruttu." in docx_paragraphs(client.get(paper_url(meeting, "agenda", "docx")).data)


def test_markdown_minutes_become_word_paragraphs(app):
    document = Document()
    add_markdown(
        document,
        "Ensin **tärkeä** ja *kursiivi*.\n\n1. yksi\n2. kaksi\n\n- kohta\n\n[Kemin kaupunki](https://www.kemi.fi/)",
    )
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs == [
        ("Normal", "Ensin tärkeä ja kursiivi."),
        ("List Paragraph", "1. yksi"),
        ("List Paragraph", "2. kaksi"),
        ("List Bullet", "kohta"),
        ("Normal", "Kemin kaupunki (https://www.kemi.fi/)"),
    ]
    runs = {run.text: (run.bold, run.italic) for run in document.paragraphs[0].runs}
    assert runs["tärkeä"] == (True, None) and runs["kursiivi"] == (None, True)


def test_the_paper_html_escapes_what_people_typed(app, case_with_network, meeting):
    item = next(item for item in meeting.items if item.title == "Yritysten tukipaketti")
    item.title = '<img src="https://evil.example/x.png">'
    item.minutes = '<script>alert(1)</script><img src="https://evil.example/y.png">'
    db.session.commit()
    loaded = queries.get_meeting(meeting.case_id, meeting.id)
    html = exports_pdf.paper_html(exports.build_paper(loaded, "minutes", PaperOptions(footer='"><b>x')), "paper.css")
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=" in html
    assert 'data-footer="&#34;&gt;&lt;b&gt;x"' in html
