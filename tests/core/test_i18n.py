"""Dates and numbers in each UI language: English writes dates day-month-year (en_GB), keeps its decimal point,
and stays `lang="en"` with its texts from the `en` catalogue."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from flask import render_template_string
from flask_babel import force_locale

from arm.extensions import db
from tests import factories
from tests.conftest import sign_in
from tests.markup import dd_after, page_of

SAMPLES = (
    "{{ at|datetime('short') }} | {{ at|datetime }} | {{ day|date }} | {{ day|date('short') }} | "
    "{{ count|number }} | {{ amount|money }} | {{ share|percent }}"
)
# 18.27 UTC is 20.27 in Helsinki in December (UTC+2).
VALUES = {
    "at": datetime(2026, 12, 1, 18, 27),
    "day": date(2026, 12, 1),
    "count": 1234567,
    "amount": Decimal("12500.5"),
    "share": 42.4,
}


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("fi", "1.12.2026 20.27 | 1.12.2026 20.27.00 | 1.12.2026 | 1.12.2026 | 1 234 567 | 12 500,50 | 42 %"),
        ("sv", "2026-12-01 20:27 | 1 dec. 2026 20:27:00 | 1 dec. 2026 | 2026-12-01 | 1 234 567 | 12 500,50 | 42 %"),
        ("en", "01/12/2026, 20:27 | 1 Dec 2026, 20:27:00 | 1 Dec 2026 | 01/12/2026 | 1,234,567 | 12,500.50 | 42 %"),
    ],
)
def test_dates_and_numbers_in_each_language(app, locale, expected):
    with app.test_request_context(), force_locale(locale):
        text = render_template_string(SAMPLES, **VALUES)
    # CLDR's group separator is a no-break space (fi, sv) and may come as a narrow one.
    assert text.replace("\u00a0", " ").replace("\u202f", " ") == expected


def test_english_page_has_british_dates_but_stays_english(client):
    membership = factories.MembershipFactory(user=factories.UserFactory(locale="en"))
    user, case = membership.user, membership.case
    db.session.commit()
    sign_in(client, user)
    page = page_of(client.get(f"/cases/{case.id}"))
    assert page.find("html").attrs["lang"] == "en"
    assert dd_after(page, "Announcement date") == "21 Apr 2021"  # the text from the en catalogue, the date en_GB
    switcher = page.find("select", id="footer-locale")
    assert [o.attrs["value"] for o in switcher.find_all("option") if "selected" in o.attrs] == ["en"]


def test_the_language_switcher_still_switches(client):
    membership = factories.MembershipFactory(user=factories.UserFactory(locale="en"))
    user, case = membership.user, membership.case
    db.session.commit()
    sign_in(client, user)
    client.post("/language", data={"locale": "fi", "next": f"/cases/{case.id}"})
    page = page_of(client.get(f"/cases/{case.id}"))
    assert page.find("html").attrs["lang"] == "fi"
    assert dd_after(page, "Ilmoituspäivä") == "21.4.2021"
