"""The list with its filters, the calendar by week and month, the dashboard's next 14 days and the exports."""

import csv
import io
from datetime import date, timedelta

import pytest
from docx import Document
from openpyxl import load_workbook

from arm.comms.models import CommsAudience, CommsChannel, CommsStatus, Recurrence
from arm.extensions import db
from tests import factories
from tests.comms.helpers import bulk_items
from tests.conftest import sign_in
from tests.markup import page_of


@pytest.fixture
def plan(people):
    """Four items: internal and external, one-off and recurring, planned and published."""
    people.items = {
        "info": factories.CommsItemFactory(
            case=people.case, title="Infotilaisuus", planned_on=date(2021, 6, 21), wave=people.wave
        ),
        "press": factories.CommsItemFactory(
            case=people.case,
            title="Lehdistötiedote",
            audience=CommsAudience.MEDIA,
            channel=CommsChannel.PRESS_RELEASE,
            planned_on=date(2021, 7, 2),
            status=CommsStatus.PUBLISHED,
            published_on=date(2021, 7, 2),
            reach=350,
            wave=people.wave,
        ),
        "weekly": factories.CommsItemFactory(
            case=people.case,
            title="Viikkotiedote",
            audience=CommsAudience.NETWORK_ACTORS,
            channel=CommsChannel.EMAIL,
            planned_on=date(2021, 5, 3),  # a Monday
            recurrence=Recurrence.WEEKLY,
            repeats_until=date(2021, 8, 30),
        ),
        "monthly": factories.CommsItemFactory(
            case=people.case,
            title="Kuukausikatsaus",
            audience=CommsAudience.GENERAL_PUBLIC,
            channel=CommsChannel.WEB_PAGE,
            planned_on=date(2021, 1, 31),
            recurrence=Recurrence.MONTHLY,
        ),
    }
    return people


def _titles(page) -> list[str]:
    return [row.find("a").text for row in page.find("tbody").find_all("tr") if row.find_all("a")]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("", ["Kuukausikatsaus", "Viikkotiedote", "Infotilaisuus", "Lehdistötiedote"]),
        ("?audience=MEDIA", ["Lehdistötiedote"]),
        ("?channel=EMAIL", ["Viikkotiedote"]),
        ("?status=PUBLISHED", ["Lehdistötiedote"]),
        ("?from=2021-06-22&to=2021-07-31", ["Kuukausikatsaus", "Viikkotiedote", "Lehdistötiedote"]),
        ("?from=2021-09-01", ["Kuukausikatsaus"]),  # the weekly one ended on 30.8.
        ("?to=2021-05-01", ["Kuukausikatsaus"]),
        ("?audience=LAID_OFF&to=2021-06-30", ["Infotilaisuus"]),
    ],
)
def test_the_list_filters_by_audience_channel_status_and_dates(client, plan, query, titles):
    sign_in(client, plan.observer)
    response = client.get(f"/cases/{plan.case.id}/comms{query}")
    assert response.status_code == 200
    assert _titles(page_of(response)) == titles


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?audience=SPACE_ALIENS", "Tuntematon kohderyhmä: näytetään kaikki kohderyhmät."),
        ("?audience=<script>", "Tuntematon kohderyhmä"),
        ("?channel=PIGEON", "Tuntematon kanava"),
        ("?status=x", "Tuntematon tila"),
        ("?from=eilen", "Alkaen: anna päivämäärä muodossa vvvv-kk-pp"),
        ("?from=2021-07-01&to=2021-06-01", "Aikavälin loppu on ennen sen alkua"),
    ],
)
def test_an_argument_the_list_cannot_use_is_named_not_a_500(client, plan, query, message):
    sign_in(client, plan.observer)
    response = client.get(f"/cases/{plan.case.id}/comms{query}")
    assert response.status_code == 400
    page = page_of(response)
    assert message in page.by_id("filter-problems").text
    assert len(_titles(page)) == 4  # the unusable filter is left out


def test_the_list_paginates(client, people, app):
    bulk_items(people.case, app.config["PAGE_SIZE"] + 3, first=date(2021, 6, 1))
    sign_in(client, people.observer)
    first = page_of(client.get(f"/cases/{people.case.id}/comms"))
    assert len(_titles(first)) == app.config["PAGE_SIZE"]
    last = page_of(client.get(f"/cases/{people.case.id}/comms?page=2"))
    assert len(_titles(last)) == 3


def _calendar_days(page) -> dict[str, list[str]]:
    days = page.find("ol", class_="calendar-days").find_all("li", class_="border-top")
    return {day.attrs["id"].removeprefix("day-"): [a.text for a in day.find_all("a")] for day in days}


def test_the_week_shows_every_day_and_each_recurring_item_on_its_day(client, plan):
    sign_in(client, plan.observer)
    response = client.get(f"/cases/{plan.case.id}/comms/calendar?view=week&date=2021-06-23")
    assert response.status_code == 200
    page = page_of(response)
    days = _calendar_days(page)
    assert list(days) == [f"2021-06-{day}" for day in range(21, 28)]  # Monday to Sunday
    assert days["2021-06-21"] == ["Infotilaisuus", "Viikkotiedote"]
    assert days["2021-06-22"] == []
    assert "Ei viestintää." in page.by_id("day-2021-06-22").text
    assert "Viikko 25" in page.find("h2", id="period-heading").text
    links = {a.text: a.attrs["href"] for a in page.find("nav", aria_label="Kalenterin jakso").find_all("a")}
    assert links["Edellinen viikko"].endswith("view=week&date=2021-06-20")
    assert links["Seuraava viikko"].endswith("view=week&date=2021-06-28")


def test_the_month_lists_the_days_with_something(client, plan):
    sign_in(client, plan.observer)
    page = page_of(client.get(f"/cases/{plan.case.id}/comms/calendar?view=month&date=2021-06-10"))
    days = _calendar_days(page)
    mondays = [f"2021-06-{day:02}" for day in (7, 14, 21, 28)]
    assert sorted(days) == sorted({*mondays, "2021-06-30"})  # the monthly one on the 30th: June has no 31st
    assert days["2021-06-21"] == ["Infotilaisuus", "Viikkotiedote"]
    assert days["2021-06-30"] == ["Kuukausikatsaus"]
    assert page.find("h2", id="period-heading").text == "kesäkuu 2021"
    september = _calendar_days(page_of(client.get(f"/cases/{plan.case.id}/comms/calendar?date=2021-09-01")))
    assert september == {"2021-09-30": ["Kuukausikatsaus"]}  # the weekly one ended in August


@pytest.mark.parametrize(
    ("query", "message"),
    [("?view=year", "Tuntematon näkymä"), ("?date=huomenna", "vvvv-kk-pp"), ("?date=0001-01-01", "1990–2099")],
)
def test_the_calendar_names_what_it_cannot_show(client, plan, query, message):
    sign_in(client, plan.observer)
    response = client.get(f"/cases/{plan.case.id}/comms/calendar{query}")
    assert response.status_code == 400
    assert message in page_of(response).by_id("period-problems").text


def test_the_dashboard_shows_what_is_due_in_the_next_14_days(client, people):
    today = date.today()
    factories.CommsItemFactory(case=people.case, title="Huomenna", planned_on=today + timedelta(days=1))
    factories.CommsItemFactory(case=people.case, title="Liian myöhään", planned_on=today + timedelta(days=14))
    factories.CommsItemFactory(
        case=people.case,
        title="Jo julkaistu",
        planned_on=today + timedelta(days=2),
        status=CommsStatus.PUBLISHED,
        published_on=today,
    )
    factories.CommsItemFactory(
        case=people.case, title="Viikoittain", planned_on=today - timedelta(days=30), recurrence=Recurrence.WEEKLY
    )
    sign_in(client, people.observer)
    panel = page_of(client.get(f"/cases/{people.case.id}")).find("section", aria_labelledby="comms-due-heading")
    titles = [li.find("a").text for li in panel.find_all("li")]
    assert titles.count("Viikoittain") == 2 and "Huomenna" in titles
    assert "Liian myöhään" not in titles and "Jo julkaistu" not in titles


def test_exports_read_back_in_xlsx_csv_and_docx(client, plan):
    sign_in(client, plan.observer)
    base = f"/cases/{plan.case.id}/comms/export"
    xlsx = client.get(f"{base}.xlsx?audience=MEDIA")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, [cell.value for cell in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert [row["Otsikko"] for row in rows] == ["Lehdistötiedote"]
    assert rows[0]["Tavoitettuja"] == 350 and rows[0]["Suunniteltu päivä"].date() == date(2021, 7, 2)
    assert rows[0]["Myöhässä aallosta"] == "kyllä" and rows[0]["Sisäinen vai ulkoinen"] == "Ulkoinen"

    text = client.get(f"{base}.csv").get_data(as_text=True).lstrip("\ufeff")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = next(row for row in table if "Kohderyhmä" in row)
    body = table[table.index(header) + 1 :]
    weekly = next(row for row in body if row and row[0] == "Viikkotiedote")
    assert weekly[header.index("Toistuu")] == "Viikoittain" and weekly[header.index("Toistuu asti")] == "30.8.2021"

    docx = client.get(f"{base}.docx?status=PUBLISHED")
    assert docx.status_code == 200 and docx.mimetype.endswith("wordprocessingml.document")
    document = Document(io.BytesIO(docx.data))
    cells = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert cells[0][0] == "Otsikko" and [row[0] for row in cells[1:]] == ["Lehdistötiedote"]
    assert any("Tila: Julkaistu" in paragraph.text for paragraph in document.paragraphs)


def test_the_export_is_in_the_users_language(client, plan):
    plan.observer.locale = "sv"
    db.session.commit()
    sign_in(client, plan.observer)
    sheet = load_workbook(io.BytesIO(client.get(f"/cases/{plan.case.id}/comms/export.xlsx").data)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert "Målgrupp" in header
