"""The situation picture's pages: the picture and its comparisons, thresholds and flags, custom indicators and
their merge, statements, permissions, the dashboard panel and the report section."""

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from arm.core.parts import ReportPeriod
from arm.extensions import db
from arm.situation import queries, report, services
from arm.situation.models import Indicator, IndicatorValue, ThresholdDirection
from tests.conftest import count_queries, sign_in
from tests.markup import field_error, page_of
from tests.races import post_at_once
from tests.situation.helpers import upload


def put(case, key: str, area: str, month: date, value: str) -> None:
    indicator = services.catalogue_indicator_row(case.id, key)
    db.session.add(
        IndicatorValue(case_id=case.id, indicator_id=indicator.id, area_code=area, month=month, value=Decimal(value))
    )
    db.session.commit()


@pytest.fixture
def figures(case_with_network):
    """Kemi's unemployed: March 2024 against February 2024, March 2023 and March 2019; the rate in March."""
    case = case_with_network.case
    for month, value in (
        (date(2019, 3, 1), "1500"),
        (date(2023, 3, 1), "1300"),
        (date(2024, 2, 1), "1250"),
        (date(2024, 3, 1), "1200"),
    ):
        put(case, "unemployed", "KU240", month, value)
    put(case, "unemployment_rate", "KU240", date(2024, 2, 1), "14,0".replace(",", "."))
    put(case, "unemployment_rate", "KU240", date(2024, 3, 1), "13.5")
    put(case, "unemployed", "SSS", date(2024, 3, 1), "280000")
    return case_with_network


def test_comparisons_with_the_previous_month_a_year_and_the_base_year(app, figures):
    case = figures.case
    with app.test_request_context():
        items = {item.info.key: item for item in queries.picture(case, services.area_codes_of(case))}
        kemi = items["unemployed"].figures[0]
        assert (kemi.area.code, kemi.month, kemi.value) == ("KU240", date(2024, 3, 1), Decimal("1200"))
        assert (kemi.previous, kemi.year_ago, kemi.base) == (Decimal("1250"), Decimal("1300"), Decimal("1500"))
        assert kemi.changes["month"].difference == -50 and kemi.changes["month"].percent == -4
        assert kemi.changes["base"].difference == -300 and kemi.changes["base"].percent == -20
        assert queries.change_text(kemi.changes["year"], False) == "−100 (−8 %)"
        rate = items["unemployment_rate"].figures[0]
        assert queries.change_text(rate.changes["month"], True) == "−0,5 %-yks."
        assert items["unemployed"].chart is not None
        assert [series.dashed for series in items["unemployed"].chart.series] == [False, True, True]


def test_picture_page_shows_figures_and_a_chosen_base_year(client, figures):
    sign_in(client, figures.observer)
    response = client.get(f"/cases/{figures.case.id}/situation?base_year=2023")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Työttömät työnhakijat" in text and "vuoden 2023 samasta kuukaudesta" in text
    assert "−100 (−8 %)" in text
    assert client.get(f"/cases/{figures.case.id}/situation?base_year=kaksi").status_code == 400


def test_a_threshold_raises_a_flag_on_the_picture_and_the_dashboard(client, figures):
    sign_in(client, figures.editor)
    url = f"/cases/{figures.case.id}/situation/thresholds/unemployment_rate"
    page = page_of(client.get(url))
    data = {
        "threshold": "12,5",
        "threshold_direction": "ABOVE",
        "threshold_area": "KU240",
        "version": page.find(name="version").attrs["value"],
        "loaded": page.find(name="loaded").attrs["value"],
    }
    assert client.post(url, data=data).status_code == 302
    row = db.session.scalar(select(Indicator).where(Indicator.key == "unemployment_rate"))
    assert (row.threshold, row.threshold_direction, row.name) == (Decimal("12.5"), ThresholdDirection.ABOVE, "")
    text = client.get(f"/cases/{figures.case.id}/situation").get_data(as_text=True)
    assert "Hälytysraja ylittyy" in text and "⚠" in text
    dashboard = page_of(client.get(f"/cases/{figures.case.id}"))
    flags = dashboard.by_id("situation-flags")
    assert flags is not None and "Kemi" in flags.text and "13,5" in flags.text


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"threshold": "paljon"}, "threshold", "ei ole luku"),
        ({"threshold": "-1"}, "threshold", "negatiivinen"),
        ({"threshold_area": "KU091"}, "threshold_area", "Valitse jokin tapauksen alueista."),
        ({"threshold_direction": "SIDEWAYS"}, "threshold_direction", "Valitse"),
        ({"name": " "}, "name", "Anna indikaattorille nimi."),
        ({"unit": ""}, "unit", "Anna yksikkö"),
        ({"source": "hetu 131052-308T"}, "source", "henkilötunnukse"),
    ],
)
def test_bad_custom_indicator_is_refused_with_the_text_kept(client, case_with_network, values, field, message):
    sign_in(client, case_with_network.editor)
    data = {
        "name": "Nuorisotakuun asiakkaat",
        "unit": "henkilöä",
        "source": "Kemin kaupunki",
        "threshold": "",
        "threshold_direction": "ABOVE",
        "threshold_area": "",
    } | values
    response = client.post(f"/cases/{case_with_network.case.id}/situation/indicators/new", data=data)
    assert response.status_code == 422
    page = page_of(response)
    assert message.lower() in field_error(page, field).lower()
    assert db.session.scalar(select(func.count(Indicator.id))) == 0


def test_custom_indicator_is_added_imported_and_edited(client, case_with_network):
    people = case_with_network
    sign_in(client, people.editor)
    data = {
        "name": "Nuorisotakuun asiakkaat",
        "unit": "henkilöä",
        "source": "Kemin kaupunki",
        "threshold": "100",
        "threshold_direction": "ABOVE",
        "threshold_area": "",
    }
    assert client.post(f"/cases/{people.case.id}/situation/indicators/new", data=data).status_code == 302
    indicator = db.session.scalar(select(Indicator))
    assert indicator.key == "custom-nuorisotakuun-asiakkaat" and indicator.threshold == 100
    csv = b"alue;kuukausi;indikaattori;arvo\nKU240;2024-03;custom-nuorisotakuun-asiakkaat;120\n"
    response = upload(client, people.case.id, csv)
    assert response.status_code == 200
    edit = f"/cases/{people.case.id}/situation/indicators/{indicator.id}/edit"
    assert client.get(edit).status_code == 200
    other = Indicator(case_id=people.case.id + 1000, key="custom-x", name="x")
    assert client.get(f"/cases/{people.case.id}/situation/indicators/999999/edit").status_code == 404
    del other
    assert client.get(f"/cases/{people.case.id}/situation/thresholds/nonsense").status_code == 404


def test_both_changing_a_custom_indicator_shows_the_merge_page(client, case_with_network):
    people = case_with_network
    indicator = Indicator(case_id=people.case.id, key="custom-oma", name="Oma", unit="kpl", source="")
    db.session.add(indicator)
    db.session.commit()
    edit = f"/cases/{people.case.id}/situation/indicators/{indicator.id}/edit"
    sign_in(client, people.editor)
    page = page_of(client.get(edit))
    base = {
        "name": "Oma",
        "unit": "kpl",
        "source": "",
        "threshold": "",
        "threshold_direction": "ABOVE",
        "threshold_area": "",
        "version": page.find(name="version").attrs["value"],
        "loaded": page.find(name="loaded").attrs["value"],
    }
    assert client.post(edit, data={**base, "unit": "henkilöä"}).status_code == 302
    assert client.post(edit, data={**base, "source": "Uusi lähde"}).status_code == 302  # merged: other field
    response = client.post(edit, data={**base, "unit": "%"})
    assert response.status_code == 409 and "muutettiin samaan aikaan" in response.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(Indicator, indicator.id)
    assert (saved.unit, saved.source) == ("henkilöä", "Uusi lähde")


def test_two_threads_editing_a_custom_indicator_at_once(app, case_with_network):
    people = case_with_network
    indicator = Indicator(case_id=people.case.id, key="custom-oma", name="Oma", unit="kpl", source="")
    db.session.add(indicator)
    db.session.commit()
    edit = f"/cases/{people.case.id}/situation/indicators/{indicator.id}/edit"
    loaded = json.dumps(
        {
            "name": ["Oma"],
            "unit": ["kpl"],
            "source": [""],
            "threshold": [""],
            "threshold_direction": ["ABOVE"],
            "threshold_area": [""],
        }
    )
    clients = []
    for person in (people.editor, people.coordinator):
        client = app.test_client()
        sign_in(client, person)
        clients.append(client)

    def save(client, index):
        data = {
            "name": "Oma",
            "unit": ["kpl", "%"][index],
            "source": "",
            "threshold": str(10 + index),
            "threshold_direction": "ABOVE",
            "threshold_area": "",
            "version": "1",
            "loaded": loaded,
        }
        return client.post(edit, data=data)

    statuses = post_at_once(app, clients, save, rounds=3)
    assert set(statuses) <= {302, 409}, statuses
    assert 302 in statuses
    db.session.expire_all()
    saved = db.session.get(Indicator, indicator.id)
    assert (saved.unit, saved.threshold) in (("kpl", 10), ("%", 11))


def _bulk_values(case, first_offset: int, count: int) -> None:
    rows = []
    for key in ("unemployed", "laid_off", "unemployment_rate"):
        indicator_id = services.catalogue_indicator_row(case.id, key).id
        for area in ("KU240", "SK192", "MK19", "SSS", "KU851"):
            for offset in range(first_offset, first_offset + count):
                rows.append(
                    {
                        "case_id": case.id,
                        "indicator_id": indicator_id,
                        "area_code": area,
                        "month": queries.add_months(date(2024, 3, 1), -offset),
                        "value": Decimal(100 + offset),
                        "source": "",
                        "import_id": None,
                        "note": "",
                    }
                )
    db.session.execute(IndicatorValue.__table__.insert(), rows)
    db.session.commit()


def _statements(app, client, url: str) -> int:
    with count_queries(app) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_the_picture_and_the_dashboard_issue_fixed_statements(app, client, case_with_network):
    """The same statements with 3 months of figures and with 300 (and areas outside the case besides)."""
    people = case_with_network
    case = people.case
    row = services.catalogue_indicator_row(case.id, "unemployed")
    row.threshold = Decimal("1")
    _bulk_values(case, 0, 3)
    sign_in(client, people.observer)
    picture_url, dashboard_url = f"/cases/{case.id}/situation", f"/cases/{case.id}"
    small = (_statements(app, client, picture_url), _statements(app, client, dashboard_url))
    _bulk_values(case, 3, 297)
    large = (_statements(app, client, picture_url), _statements(app, client, dashboard_url))
    assert small == large, (small, large)
    assert "situation-flags" in client.get(dashboard_url).get_data(as_text=True)


def test_report_section_numbers(app, figures):
    case = figures.case
    row = services.catalogue_indicator_row(case.id, "unemployed")
    row.threshold, row.threshold_area = Decimal("1100"), "KU240"
    db.session.commit()
    with app.test_request_context():
        section = report.build_section(ReportPeriod(case, date(2024, 1, 1), date(2024, 3, 31), date(2024, 4, 5)))
    facts = {fact["label"]: fact["value"] for fact in section["facts"]}
    assert facts["Kuukausi, jonka luvut näytetään"] == "2024-03"
    assert facts["Indikaattoreita, joilla on lukuja"] == 2
    assert facts["Varhaisen varoituksen hälytyksiä"] == 1
    table = section["tables"][0]
    kemi = next(row for row in table["rows"] if row[0] == "Työttömät työnhakijat" and row[2] == "Kemi")
    assert kemi[3:] == ["2024-03", "1200", "-50", "-100", "-300", True]
    assert section["charts"][0]["x"][-1] == "3/2024"
    with app.test_request_context():
        earlier = report.build_section(ReportPeriod(case, date(2024, 1, 1), date(2024, 2, 29), date(2024, 4, 5)))
    kemi = next(row for row in earlier["tables"][0]["rows"] if row[0] == "Työttömät työnhakijat" and row[2] == "Kemi")
    assert kemi[3:5] == ["2024-02", "1250"]


def test_permissions(client, case_with_network):
    people = case_with_network
    base = f"/cases/{people.case.id}/situation"
    sign_in(client, people.observer)
    assert client.get(base).status_code == 200
    assert client.get(base + "/import").status_code == 403
    assert client.post(base + "/fetch").status_code == 403
    client.post("/logout")
    sign_in(client, people.outsider)
    assert client.get(base).status_code == 404
    assert client.get(base + "/import").status_code == 404
    client.post("/logout")
    sign_in(client, people.editor)
    assert client.get(base + "/import").status_code == 200
    assert client.get(base + "/indicators/new").status_code == 200


def test_demo_figures_are_the_seeds(app):
    from arm.situation import demo

    keys = {(key, area, month) for key, area, month, _value, _source in demo.FIGURES}
    assert ("unemployed", "MK19", date(2023, 8, 1)) in keys
    assert len(keys) == len(demo.FIGURES)
    assert all(source.startswith("Seed 001") for *_rest, source in demo.FIGURES)


def test_two_threads_setting_a_catalogue_threshold_first_at_once(app, case_with_network):
    """Both make the case's row for the catalogue indicator: one saves, the other is merged or told to try
    again; never a 500, and one row."""
    people = case_with_network
    url = f"/cases/{people.case.id}/situation/thresholds/unemployment_rate"
    loaded = json.dumps({"threshold": [""], "threshold_direction": ["ABOVE"], "threshold_area": [""]})
    clients = []
    for person in (people.editor, people.coordinator):
        client = app.test_client()
        sign_in(client, person)
        clients.append(client)

    def save(client, index):
        data = {
            "threshold": str(10 + index),
            "threshold_direction": "ABOVE",
            "threshold_area": "",
            "version": "0",
            "loaded": loaded,
        }
        return client.post(url, data=data)

    statuses = post_at_once(app, clients, save)
    assert set(statuses) <= {302, 409, 422}, statuses
    assert 302 in statuses
    db.session.expire_all()
    rows = db.session.scalars(select(Indicator).where(Indicator.key == "unemployment_rate")).all()
    assert len(rows) == 1 and rows[0].threshold in (10, 11)


def test_the_demo_figures_render_on_the_picture_the_dashboard_and_the_report(app, client, case_with_network):
    from arm.core.parts import DemoContext
    from arm.situation import demo

    people = case_with_network
    case = people.case
    from arm.cases.models import CaseMunicipality

    case.municipalities.extend(CaseMunicipality(code=code) for code in ("241", "751"))
    db.session.commit()
    demo.load_demo(DemoContext(password="x", case=case))
    db.session.commit()
    sign_in(client, people.observer)
    text = client.get(f"/cases/{case.id}/situation").get_data(as_text=True)
    assert "249" in text and "Kaikki työnhakijat yhteensä" in text and "Hälytysraja ylittyy" in text
    dashboard = page_of(client.get(f"/cases/{case.id}"))
    assert "Kemi" in dashboard.by_id("situation-flags").text
    with app.test_request_context():
        section = report.build_section(ReportPeriod(case, date(2023, 7, 1), date(2023, 8, 31), date(2023, 9, 1)))
    lapland = next(
        row for row in section["tables"][0]["rows"] if row[0] == "Työttömät työnhakijat" and row[2] == "Lappi"
    )
    assert lapland[3:7] == ["2023-08", "7590", "-1220", "-400"]
