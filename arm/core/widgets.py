"""WTForms' HTML attributes, written the same way at a twentieth of the cost.

Every widget of WTForms 3 writes its attributes with `html_params`, which formats each one through
`Markup.format`: Python's string formatter with escaping, about 35 µs for a field's five attributes. "My
actions" shows fifty quick-update forms, some 750 calls: a third of the page's time. `html_params` here gives
the same string from f-strings and one `escape` a value (tests/core/test_widgets.py compares the two), and
`speed_up_wtforms` puts it wherever WTForms looks the function up.
"""

import wtforms.widgets
import wtforms.widgets.core
from markupsafe import Markup, escape
from wtforms.widgets.core import clean_key

WTFORMS_HTML_PARAMS = wtforms.widgets.core.html_params  # kept for the test that compares the two


def html_params(**attributes) -> Markup:
    """`wtforms.widgets.html_params`: sorted, `class_` → `class`, `data_x` → `data-x`, True alone, False left out."""
    params = []
    for name, value in sorted(attributes.items()):
        if value is False:
            continue
        attribute = escape(clean_key(name))
        if value is True:
            params.append(attribute)
        else:
            # escape() returns Markup as it is, and Markup may hold a quote that would end the attribute.
            params.append(f'{attribute}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(params))  # nosec B704 # every name and value in it was escaped above


def speed_up_wtforms() -> None:
    """Called once by create_app; widgets look `html_params` up in these four places when they render."""
    wtforms.widgets.core.html_params = html_params
    wtforms.widgets.html_params = html_params  # what Label uses
    wtforms.widgets.core.Input.html_params = staticmethod(html_params)
    wtforms.widgets.core.Button.html_params = staticmethod(html_params)
