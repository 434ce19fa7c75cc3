"""The shared parts issue 13 builds on: server-drawn charts, report section content, exact statistics."""

import base64
import re
from datetime import date
from decimal import Decimal
from functools import lru_cache

import pytest
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from arm.core import charts as charts_module
from arm.core.charts import Chart, Series, data_uri, render_svg
from arm.core.i18n import format_decimal
from arm.core.models import Measure
from arm.core.reporting import N_, SectionContent, from_json_value, label, msgid_of, series
from arm.plans.models.enums import Funder


def test_a_chart_is_svg_without_script_and_names_its_series():
    chart = Chart(
        "Työpaikat",
        "Suunnitellut ja toteutuneet työpaikat kuukausittain",
        ["2024-01", "2024-02"],
        [Series("Toteutunut", [226, 312]), Series("Tavoite", [1000, 1000], dashed=True)],
    )
    svg = render_svg(chart)
    assert svg.startswith("<svg")
    assert "<script" not in svg
    assert "Toteutunut" in svg and "Tavoite" in svg
    assert data_uri(chart).startswith("data:image/svg+xml;base64,")


def _picture(uri: str) -> str:
    svg = base64.b64decode(uri.removeprefix("data:image/svg+xml;base64,")).decode()
    return re.sub(r"chart-[0-9a-f-]{36}", "chart-id", svg)


def test_a_chart_is_drawn_once_for_the_same_figures_and_anew_when_anything_differs(app, monkeypatch):
    drawn = []

    def counting(chart, width=720, height=360):
        drawn.append(chart.title)
        return real_render(chart, width, height)

    real_render = charts_module.render_svg
    monkeypatch.setattr(charts_module, "_drawn", lru_cache(maxsize=2)(charts_module._draw))
    monkeypatch.setattr(charts_module, "render_svg", counting)

    def jobs(values, value_format=format_decimal):
        return Chart("Työpaikat", "Kuvaus", ["2024-01", "2024-02"], [Series("Toteutunut", values)],
                     value_format=value_format)  # fmt: skip

    first = data_uri(jobs([226, 312]))
    assert data_uri(jobs([226, 312])) == first  # a new Chart with equal figures: not drawn again
    assert len(drawn) == 1
    assert _picture(data_uri(jobs([226, 313]))) != _picture(first)  # one value differs
    with force_locale("en"):
        english = data_uri(jobs([1226, 1312]))
    assert _picture(data_uri(jobs([1226, 1312]))) != _picture(english)  # "1 226" in Finnish, "1,226" in English
    assert _picture(data_uri(jobs([226, 312], value_format=lambda value: f"{value} kpl"))) != _picture(first)
    assert len(drawn) == 5
    # The oldest drawing made room for the newer ones (two kept here); drawn again, it is the same picture
    # (but for the element id pygal draws at random).
    assert _picture(data_uri(jobs([226, 312]))) == _picture(first)
    assert len(drawn) == 6
    unhashable = Chart("Lista", "D", ["a"], [Series("S", [[1]])])  # a value no key can hold: drawn every time
    with pytest.raises(TypeError):
        hash(charts_module._Drawing(unhashable, 720, 360))
    monkeypatch.setattr(charts_module, "_draw", lambda drawing: "drawn anew")
    assert data_uri(unhashable) == "drawn anew"


def test_a_chart_formats_its_values_and_shows_a_gap_for_a_missing_one():
    chart = Chart("T", "D", ["a"], [Series("S", [None])], value_format=lambda value: f"{value} %")
    assert chart.formatted(None) == "–"
    assert chart.formatted(3.5) == "3.5 %"


def test_section_content_stores_typed_values_and_message_ids():
    content = SectionContent()
    content.fact(N_("Työpaikkatavoite"), 1000)
    content.fact(_l("Myönnetty"), Decimal("1500.5"), "money")
    content.fact(N_("Päivä"), date(2024, 2, 29), "date")
    content.table(N_("Rahoitus"), [(N_("Rahoittaja"), "label"), (N_("Summa"), "money")], [[Funder.ELY, 10]])
    content.chart(N_("Kuvio"), N_("Kuvaus"), [date(2024, 2, 1)], [series(N_("Toteutunut"), [312])])
    content.note("Käyttäjän oma teksti", literal=True)
    stored = content.as_json()
    assert stored["facts"][0] == {"label": "Työpaikkatavoite", "value": 1000, "type": "int"}
    assert stored["facts"][1]["value"] == "1500.50"
    assert stored["facts"][2]["value"] == "2024-02-29"
    assert stored["tables"][0]["rows"] == [["ELY-keskus", "10.00"]]  # the label's message id, translated when read
    assert stored["charts"][0]["x"] == ["2024-02"]
    assert stored["notes"] == [{"text": "Käyttäjän oma teksti", "literal": True}]
    assert from_json_value("1500.50", "money") == Decimal("1500.50")
    assert from_json_value("2024-02-29", "date") == date(2024, 2, 29)


def test_a_label_keeps_its_message_id_and_arguments():
    assert msgid_of(_l("Hanke")) == "Hanke"
    assert msgid_of(_l("%(count)s hanketta", count=56)) == {"msgid": "%(count)s hanketta", "args": {"count": 56}}
    assert label(N_("%(count)s hanketta"), count=56) == {"msgid": "%(count)s hanketta", "args": {"count": 56}}


def test_an_unknown_value_type_is_refused():
    with pytest.raises(ValueError, match="unknown value type"):
        SectionContent().fact(N_("X"), 1, "float")


def test_a_measure_is_exact_to_four_decimals():
    measure = Measure()
    assert measure.process_bind_param(Decimal("3.5"), None) == 35000
    assert measure.process_result_value(35000, None) == Decimal("3.5")
    assert measure.process_result_value(10_000_000, None) == Decimal(1000)
    with pytest.raises(ValueError, match="four decimals"):
        measure.process_bind_param(Decimal("0.00001"), None)


def test_the_chart_macro_shows_the_image_with_its_text_and_the_figures_as_a_table(app):
    chart = Chart("Työpaikat", "Toteutuneet kuukausittain", ["2024-01", "2024-02"], [Series("Toteutunut", [226, None])])
    with app.test_request_context():
        html = app.jinja_env.from_string(
            '{% from "macros/charts.html" import chart_figure %}{{ chart_figure(chart) }}'
        ).render(chart=chart)
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'alt="Työpaikat. Toteutuneet kuukausittain"' in html
    assert '<th scope="row">2024-02</th>' in html and "–" in html
