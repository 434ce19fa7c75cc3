"""Our html_params writes exactly what WTForms' own writes, and the app's widgets use it."""

import pytest
import wtforms.widgets.core
from markupsafe import Markup

from arm.core.widgets import WTFORMS_HTML_PARAMS, html_params

ATTRIBUTES = [
    {},
    {"name": "a1-status", "id": "a1-status", "class_": "form-select is-invalid"},
    {"required": True, "disabled": False, "checked": True, "readonly": False},
    {"data_limit": 200, "data_char_count": True, "aria_describedby": "a-error a-help", "aria_invalid": "true"},
    {"value": 'say "hi" & <script>alert(1)</script>'},
    {"value": Markup('already "safe" <b>markup</b>'), "title": Markup("&amp; kept")},
    {"value": 0, "step": 0.5, "min": -3, "placeholder": None},
    {"value": "rivinvaihto\nja\ttabulaattori ja ääkköset ÅÄÖ ja 👍", "for_": "x"},
    {"onclick": "x'y", "style": "a:b"},
]


@pytest.mark.parametrize("attributes", ATTRIBUTES)
def test_it_writes_what_wtforms_writes(attributes):
    assert html_params(**attributes) == WTFORMS_HTML_PARAMS(**attributes)
    assert isinstance(html_params(**attributes), Markup)


def test_the_app_renders_its_fields_with_it(app):
    assert wtforms.widgets.core.html_params is html_params
    assert wtforms.widgets.core.Input.html_params is html_params
    assert wtforms.widgets.html_params is html_params
