"""CSV and PxWeb imports: the report before anything is stored, every bad input, all or nothing, re-import."""

import json
import time
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from arm.extensions import db
from arm.situation import imports, pxweb, services
from arm.situation.models import IndicatorImport, IndicatorValue
from tests.conftest import sign_in
from tests.markup import page_of
from tests.situation.helpers import sample_pxweb, token_of, upload

AREAS = {"KU240", "SK192", "MK19", "ELY15", "SSS"}
KEYS = set(services.catalogue.BY_KEY)


def values_count() -> int:
    return db.session.scalar(select(func.count(IndicatorValue.id)))


def csv_parse(text: str | bytes, **kwargs):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return imports.parse_csv(raw, "t.csv", kwargs.get("keys", KEYS), kwargs.get("areas", AREAS))


@pytest.mark.parametrize("month", ["2024-03", "2024M03", "3/2024", "03/2024", " 2024-3 "])
def test_months_in_every_accepted_form(app, month):
    assert imports.parse_month(month) == date(2024, 3, 1)


@pytest.mark.parametrize("month", ["2024-13", "2024M3", "maaliskuu", "", "13/2024", "2024-03-01", "0/2024"])
def test_bad_months(app, month):
    assert imports.parse_month(month) is None


@pytest.mark.parametrize(("text", "value"), [("3,5", "3.5"), ("3.5", "3.5"), ("1 135", "1135"), ("9,4 %", "9.4")])
def test_decimal_comma_and_point(app, text, value):
    assert imports.parse_value(text) == (Decimal(value), None)


@pytest.mark.parametrize("text", ["3,5,1", "kolme", "1.2.3", "-4", "0,00001", "1e5"])
def test_bad_numbers(app, text):
    value, problem = imports.parse_value(text)
    assert value is None and problem


def test_semicolon_file_with_decimal_commas(app):
    parsed = csv_parse("alue;kuukausi;indikaattori;arvo;lähde\nKU240;2023-08;unemployment_rate;13,8;ELY\n")
    assert parsed.ok and parsed.rows == [["unemployment_rate", "KU240", "2023-08", "13.8", "ELY"]]


def test_comma_file_with_a_quoted_decimal_comma_and_english_headers(app):
    parsed = csv_parse(
        'area,month,indicator,value,source\nKU240,2023M08,unemployment_rate,"13,8",ELY\n240,8/2023,unemployed,1135,\n'
    )
    assert parsed.ok
    assert parsed.rows[1] == ["unemployed", "KU240", "2023-08", "1135", ""]


def test_utf8_with_bom_and_windows_1252(app):
    text = "alue;kuukausi;indikaattori;arvo;lähde\nKU240;2023-08;unemployed;1135;Lapin ELY-keskus, työnvälitystilasto\n"
    with_bom = csv_parse(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert with_bom.ok and with_bom.rows[0][4] == "Lapin ELY-keskus, työnvälitystilasto"
    windows = csv_parse(text.encode("cp1252"))
    assert windows.ok and windows.rows[0][4] == "Lapin ELY-keskus, työnvälitystilasto"
    assert any("Windows-1252" in note for note in windows.notes)


def test_every_bad_row_is_reported_with_its_number(app):
    parsed = csv_parse(
        "alue;kuukausi;indikaattori;arvo;lähde\n"
        "KU999;2023-08;unemployed;1;\n"  # 2: unknown municipality
        "XX1;2023-08;unemployed;1;\n"  # 3: not an area code
        "KU240;elokuu;unemployed;1;\n"  # 4: bad month
        "KU240;2023-08;nonsense;1;\n"  # 5: unknown indicator
        "KU240;2023-08;unemployed;paljon;\n"  # 6: bad number
        "KU240;2023-09;unemployed;5;\n"  # 7: fine
        "KU240;2023-09;unemployed;5;\n"  # 8: identical duplicate: a warning
        "KU240;2023-09;unemployed;6;\n"  # 9: conflicting duplicate: an error
        "KU240;2023-10\n"  # 10: too few columns
        "KU851;2023-09;unemployed;5;\n"  # 11: Tornio, not of this case: left out
        "KU240;2023-11;unemployed;;\n"  # 12: no value: left out
    )
    assert not parsed.ok
    assert sorted(row for row, _message in parsed.errors) == [2, 3, 4, 5, 6, 9, 10]
    assert "KU999" in dict(parsed.errors)[2] and "elokuu" in dict(parsed.errors)[4]
    assert "rivin 7" in dict(parsed.errors)[9]
    warnings = dict((row, message) for row, message in parsed.warnings)
    assert "rivillä 7" in warnings[8] and 12 in warnings
    assert any("KU851" in message for row, message in parsed.warnings if row is None)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Tiedosto on tyhjä."),
        (b"   \n", "Tiedosto on tyhjä."),
        (b"alue;kuukausi;indikaattori;arvo\n", "ei ole yhtään riviä"),
        (b"kunta;aika;mittari;luku\nKU240;2023-08;unemployed;1\n", "Otsikkorivistä puuttuu sarakkeita"),
    ],
)
def test_empty_files_and_wrong_headers(app, content, message):
    parsed = csv_parse(content)
    assert not parsed.ok and message in parsed.errors[0][1]


def test_too_many_rows(app):
    app.config["SITUATION_IMPORT_MAX_ROWS"] = 3
    parsed = csv_parse(
        "alue;kuukausi;indikaattori;arvo\n" + "".join(f"SSS;20{10 + n}-01;unemployed;1\n" for n in range(5))
    )
    assert not parsed.ok and "yli 3 riviä" in parsed.errors[-1][1]


def test_problems_shown_are_capped_but_all_counted(app):
    parsed = csv_parse("alue;kuukausi;indikaattori;arvo\n" + "XX;2023-08;unemployed;1\n" * 500)
    assert parsed.error_count == 500 and len(parsed.errors) == imports.SHOWN_PROBLEMS


def _hundred_thousand_rows() -> bytes:
    lines = ["alue;kuukausi;indikaattori;arvo;lähde"]
    keys = sorted(services.catalogue.BY_KEY)
    areas = sorted(AREAS)
    count = 0
    for year in range(1900, 2100):
        for month in range(1, 13):
            for key in keys:
                for area in areas[:4]:
                    lines.append(f"{area};{year}-{month:02};{key};{count % 997},5;TEM")
                    count += 1
                    if count == 100_000:
                        return ("\n".join(lines) + "\n").encode("utf-8")
    raise AssertionError


def test_a_hundred_thousand_rows_are_checked_and_stored_then_reimported_without_duplicates(
    app, client, case_with_network
):
    people = case_with_network
    sign_in(client, people.editor)
    content = _hundred_thousand_rows()
    started = time.perf_counter()
    response = upload(client, people.case.id, content)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    page = page_of(response)
    assert page.by_id("count-created").text.replace("\xa0", "").replace(" ", "") == "100000"
    assert values_count() == 0  # nothing stored before the confirmation
    response = client.post(
        f"/cases/{people.case.id}/situation/import/confirm", data={"token": token_of(response.get_data(as_text=True))}
    )
    assert response.status_code == 302
    assert values_count() == 100_000
    response = upload(client, people.case.id, content)
    page = page_of(response)
    assert page.by_id("count-unchanged").text.replace("\xa0", "").replace(" ", "") == "100000"
    client.post(
        f"/cases/{people.case.id}/situation/import/confirm", data={"token": token_of(response.get_data(as_text=True))}
    )
    assert values_count() == 100_000
    assert time.perf_counter() - started < 120


def test_upload_confirm_update_and_import_record(client, case_with_network):
    people = case_with_network
    sign_in(client, people.editor)
    header = "alue;kuukausi;indikaattori;arvo;lähde\n"
    first = header + "KU240;2023-08;unemployment_rate;13,8;ELY\nSSS;2023-08;unemployment_rate;9,4;ELY\n"
    response = upload(client, people.case.id, first.encode("cp1252"))
    client.post(
        f"/cases/{people.case.id}/situation/import/confirm", data={"token": token_of(response.get_data(as_text=True))}
    )
    second = header + (
        "KU240;2023-08;unemployment_rate;13,9;ELY\nSSS;2023-08;unemployment_rate;9,4;ELY\n"
        "MK19;2023-08;unemployment_rate;9.5;ELY\n"
    )
    response = upload(client, people.case.id, second.encode())
    page = page_of(response)
    assert [page.by_id(f"count-{name}").text for name in ("created", "updated", "unchanged")] == ["1", "1", "1"]
    client.post(
        f"/cases/{people.case.id}/situation/import/confirm", data={"token": token_of(response.get_data(as_text=True))}
    )
    stored = dict(db.session.execute(select(IndicatorValue.area_code, IndicatorValue.value)).all())
    assert stored == {"KU240": Decimal("13.9"), "SSS": Decimal("9.4"), "MK19": Decimal("9.5")}
    record = db.session.scalars(select(IndicatorImport).order_by(IndicatorImport.id.desc())).first()
    assert (record.created, record.updated, record.unchanged, record.imported_by_id) == (1, 1, 1, people.editor.id)


def test_a_refused_file_stores_nothing_and_offers_no_confirmation(client, case_with_network):
    people = case_with_network
    sign_in(client, people.editor)
    response = upload(
        client,
        people.case.id,
        b"alue;kuukausi;indikaattori;arvo\nKU240;2023-08;unemployed;1\nKU999;2023-08;unemployed;1\n",
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "KU999" in text and 'name="token"' not in text
    assert values_count() == 0


def test_a_token_of_another_user_is_refused(client, case_with_network):
    people = case_with_network
    sign_in(client, people.editor)
    response = upload(client, people.case.id, b"alue;kuukausi;indikaattori;arvo\nKU240;2023-08;unemployed;1\n")
    token = token_of(response.get_data(as_text=True))
    client.post("/logout")
    sign_in(client, people.coordinator)
    response = client.post(f"/cases/{people.case.id}/situation/import/confirm", data={"token": token})
    assert response.status_code == 302 and values_count() == 0
    response = client.post(f"/cases/{people.case.id}/situation/import/confirm", data={"token": "../../etc/passwd"})
    assert response.status_code == 302 and values_count() == 0


def test_a_file_over_the_size_limit_is_refused(app, client, case_with_network):
    app.config["SITUATION_IMPORT_MAX_MB"] = 1
    sign_in(client, case_with_network.editor)
    response = upload(
        client, case_with_network.case.id, b"alue;kuukausi;indikaattori;arvo\n" + b"x" * (1024 * 1024 + 10)
    )
    assert response.status_code == 422 and "liian suuri" in response.get_data(as_text=True)


# --- PxWeb ---------------------------------------------------------------------------------------------------


def px_parse(data) -> imports.Parsed:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return pxweb.parse_pxweb(raw, "12r5.json", KEYS, AREAS)


def test_pxweb_sample_with_object_index_and_array_value(app):
    parsed = px_parse(sample_pxweb())
    assert parsed.ok
    assert ["unemployed", "KU240", "2024-03", "1220", parsed.rows[0][4]] in parsed.rows
    assert ["unemployment_rate", "KU240", "2024-01", "14.0", parsed.rows[0][4]] in parsed.rows
    assert len(parsed.rows) == 29 and parsed.warning_count == 1  # one null left out, said so
    assert "Tilastokeskus" in parsed.rows[0][4]


def test_pxweb_with_array_index_and_sparse_object_value(app):
    data = sample_pxweb()
    for dimension in data["dimension"].values():
        index = dimension["category"]["index"]
        dimension["category"]["index"] = sorted(index, key=index.get)
    data["value"] = {str(position): value for position, value in enumerate(data["value"]) if position % 2 == 0}
    parsed = px_parse(data)
    assert parsed.ok and len(parsed.rows) == 15
    assert {row[0] for row in parsed.rows} == {"unemployed"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(id=["Alue", "Vuosi", "Tiedot"]), "toisesta taulukosta"),
        (lambda d: d["dimension"]["Tiedot"]["category"].update(index={"VAKIY": 0, "MUUTTO": 1}), "toisesta taulukosta"),
        (lambda d: d.update(value=[1, 2]), "arvoja on 2"),
        (lambda d: d.pop("dimension"), "JSON-stat"),
        (lambda d: d.update(size=[5, 3]), "id ja size"),
        (lambda d: d["dimension"]["Alue"]["category"].update(index={"SSS": 0, "KU240": 7}), "category.index"),
        (lambda d: d.update(value={"999": 1}), "ulkopuolella"),
    ],
)
def test_pxweb_of_another_table_or_broken_is_refused(app, change, message):
    data = sample_pxweb()
    change(data)
    parsed = px_parse(data)
    assert not parsed.ok and message in parsed.errors[0][1] and not parsed.rows


@pytest.mark.parametrize("raw", [b"", b"{broken", b"[1, 2]", "ääkköset".encode("cp1252")])
def test_pxweb_that_is_no_json(app, raw):
    parsed = px_parse(raw)
    assert not parsed.ok


def test_pxweb_upload_and_confirm(client, case_with_network):
    people = case_with_network
    sign_in(client, people.editor)
    response = upload(client, people.case.id, json.dumps(sample_pxweb()).encode(), "12r5.json", "pxweb")
    assert response.status_code == 200
    client.post(
        f"/cases/{people.case.id}/situation/import/confirm", data={"token": token_of(response.get_data(as_text=True))}
    )
    assert values_count() == 29


class FakeResponse:
    def __init__(self, body: bytes):
        self.body = body

    def read(self, limit):
        return self.body[:limit]

    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False


PXWEB_URL = "https://pxdata.stat.fi/PxWeb/api/v1/fi/StatFin/tyonv/statfin_tyonv_pxt_12r5.px"


def test_fetch_is_off_without_a_url(client, case_with_network, monkeypatch):
    monkeypatch.setattr(services.urllib.request, "urlopen", lambda *args, **kwargs: pytest.fail("network"))
    sign_in(client, case_with_network.editor)
    assert "situation/fetch" not in client.get(f"/cases/{case_with_network.case.id}/situation").get_data(as_text=True)
    response = client.post(f"/cases/{case_with_network.case.id}/situation/fetch", follow_redirects=True)
    assert "ARM_PXWEB_URL" in response.get_data(as_text=True)


def test_fetch_posts_the_query_and_shows_the_report(app, client, case_with_network, monkeypatch):
    people = case_with_network
    app.config["PXWEB_URL"] = PXWEB_URL
    sent = {}

    def fake_urlopen(request, timeout):
        sent.update(url=request.full_url, body=json.loads(request.data), timeout=timeout, method=request.get_method())
        return FakeResponse(json.dumps(sample_pxweb()).encode())

    monkeypatch.setattr(services.urllib.request, "urlopen", fake_urlopen)
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/situation/fetch")
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    assert sent["method"] == "POST" and sent["url"].endswith("statfin_tyonv_pxt_12r5.px") and sent["timeout"] == 20
    query = {item["code"]: item["selection"] for item in sent["body"]["query"]}
    assert query["Alue"]["values"] == ["KU240", "SK192", "MK19", "ELY15", "SSS"]
    assert query["Kuukausi"] == {"filter": "top", "values": ["25"]}
    assert sent["body"]["response"] == {"format": "json-stat2"}
    assert values_count() == 0
    client.post(
        f"/cases/{people.case.id}/situation/import/confirm", data={"token": token_of(response.get_data(as_text=True))}
    )
    assert values_count() == 29


@pytest.mark.parametrize(
    "failure",
    [
        services.urllib.error.URLError("no network"),
        TimeoutError("timed out"),
        services.urllib.error.HTTPError(PXWEB_URL, 503, "busy", {}, None),
    ],
)
def test_fetch_failure_is_a_clear_message(app, client, case_with_network, monkeypatch, failure):
    app.config["PXWEB_URL"] = PXWEB_URL

    def failing(request, timeout):
        raise failure

    monkeypatch.setattr(services.urllib.request, "urlopen", failing)
    sign_in(client, case_with_network.editor)
    response = client.post(f"/cases/{case_with_network.case.id}/situation/fetch", follow_redirects=True)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Tilastokeskuksen rajapintaan ei saatu yhteyttä" in text or "virheellä 503" in text
    assert values_count() == 0
