"""A coordinator on a phone holds a weekly meeting: creates it, drafts its agenda, writes an item's minutes,
records a decision that creates an action, and downloads the minutes as Markdown and Word."""

import io
import re
from datetime import date, timedelta
from pathlib import Path

import docx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.factories import PASSWORD
from tests.plans.conftest import build_plan_case

pytestmark = pytest.mark.browser

MINUTES = "Käytiin läpi koulutuspaikkojen tilanne: ryhmä täyttyi."
DECISION = "Avataan toinen koulutusryhmä syksyllä."
ACTION_TITLE = "Toisen koulutusryhmän hankinta"


def test_coordinator_holds_a_meeting_and_downloads_its_minutes(live_server, page):
    people = build_plan_case()
    day = date.today() + timedelta(days=1)

    page.goto(f"{live_server}/login")
    page.get_by_label("Sähköpostiosoite").fill(people.coordinator.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.get_by_role("link", name=people.case.title).click()
    page.get_by_role("link", name="Kokoukset", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kokoukset")
    meeting_url = create_meeting(page, day)
    item_title = write_minutes_and_decide(page)

    # The action exists in the plan and leads back to the meeting's item.
    page.get_by_role("link", name="Toimenpidesuunnitelma", exact=True).first.click()
    page.get_by_role("link", name=ACTION_TITLE).click()
    expect(page.get_by_role("heading", level=1, name=ACTION_TITLE)).to_be_visible()
    back = page.get_by_role("link", name=re.compile(r"^Työryhmän viikkopalaveri \d"))
    expect(back).to_have_attribute("href", re.compile(re.escape(meeting_url.removeprefix(live_server)) + "#item-"))
    back.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Työryhmän viikkopalaveri")
    expect(page.locator("#agenda")).to_contain_text(item_title)
    download_minutes(page)


def create_meeting(page, day: date) -> str:
    page.get_by_role("link", name="Uusi kokous").click()
    page.get_by_label("Nimi", exact=True).fill("Työryhmän viikkopalaveri")
    page.get_by_label("Päivä", exact=True).fill(day.isoformat())
    page.get_by_label("Alkaa klo").fill("9.00")
    page.get_by_label("Päättyy klo").fill("10.30")
    page.get_by_label("Paikka").fill("Kemin kaupungintalo")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Työryhmän viikkopalaveri")
    return page.url


def write_minutes_and_decide(page) -> str:
    """The first item's minutes, and a decision on it that creates an action; the item's title."""
    page.get_by_role("button", name="Kokoa esityslista tapauksen muutoksista").click()
    agenda = page.locator("#agenda")
    notes_links = agenda.get_by_role("link", name=re.compile("^Muistiinpanot ja tulos: "))
    expect(notes_links.first).to_be_visible()
    item_title = notes_links.first.get_attribute("aria-label").removeprefix("Muistiinpanot ja tulos: ")
    screenshot(page, "meeting-agenda-phone")

    notes_links.first.click()
    expect(page.get_by_role("heading", level=1, name="Esityslistan kohta")).to_be_visible()
    page.get_by_label("Muistiinpanot").fill(MINUTES)
    page.get_by_role("button", name="Tallenna kohta").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator("#agenda")).to_contain_text(MINUTES)

    page.locator("#agenda").get_by_role("link", name=f"Kirjaa päätös: {item_title}").click()
    page.get_by_label("Päätös", exact=True).fill(DECISION)
    page.get_by_label("Päätöksestä syntyy uusi toimenpide").check()
    page.get_by_label("Toimenpiteen otsikko").fill(ACTION_TITLE)
    page.get_by_label("Toimenpiteen laji").select_option(index=1)
    page.get_by_label("Kohderyhmä").select_option(index=1)
    page.get_by_role("button", name="Kirjaa päätös").click()
    expect(page.get_by_role("status")).to_contain_text(f"Toimenpide luotu: {ACTION_TITLE}")
    expect(page.locator("#agenda")).to_contain_text(DECISION)
    screenshot(page, "meeting-decision-phone")
    return item_title


def download_minutes(page) -> None:
    """The meeting page's minutes links, as Markdown and as Word: both hold the minutes and the decision."""
    with page.expect_download() as markdown:
        page.get_by_role("link", name="Muistio, Markdown").click()
    assert markdown.value.suggested_filename.endswith(".md")
    text = Path(markdown.value.path()).read_text(encoding="utf-8")
    assert MINUTES in text and DECISION in text, text

    with page.expect_download() as word:
        page.get_by_role("link", name="Muistio, Word (DOCX)").click()
    assert word.value.suggested_filename.endswith(".docx")
    document = docx.Document(io.BytesIO(Path(word.value.path()).read_bytes()))
    paragraphs = "\n".join(paragraph.text for paragraph in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert MINUTES in paragraphs + cells and DECISION in paragraphs + cells, paragraphs
