"""A valid henkilötunnus typed into any free-text field of a form, one form of each area: the page comes
back (422) with the reason under that field and the text kept, and nothing is saved.

The free-text fields are read from the form class (every plain text field and text area), so a field added
later is tested too.
"""

import pytest
from sqlalchemy import func, select
from wtforms import StringField, TextAreaField

from arm.auth.forms import ProfileForm
from arm.cases.forms import MemberDetailsForm
from arm.comms.forms import CommsItemForm
from arm.core.input import IDENTITY_CODE_MESSAGE
from arm.core.models import AuditEvent
from arm.extensions import db
from arm.plans.forms import ActionForm
from arm.support.forms import ServiceForm
from tests.conftest import sign_in
from tests.factories import CommsItemFactory
from tests.markup import field_error, field_value, page_of
from tests.plans.conftest import build_plan_case
from tests.support.helpers import add_service

TYPED = "Yhteyshenkilö Matti, hetu 131052-308T, soittaa maanantaina"


def _free_text_fields(form_class) -> list[str]:
    """The plain text fields and text areas of the form, its mixins' included."""
    fields = {
        name: unbound
        for klass in reversed(form_class.__mro__)
        for name, unbound in vars(klass).items()
        if hasattr(unbound, "field_class")
    }
    return [name for name, unbound in fields.items() if unbound.field_class in (StringField, TextAreaField)]


def _form_values(page, form_element) -> dict:
    """What the browser would submit from the form as it is shown."""
    values = {}
    for control in form_element.iter():
        name = control.attrs.get("name")
        kind = control.attrs.get("type", "text")
        if not name or control.tag not in ("input", "select", "textarea") or kind == "submit":
            continue
        if kind in ("checkbox", "radio"):
            if "checked" in control.attrs:
                values.setdefault(name, []).append(control.attrs.get("value", "y"))
        elif (value := field_value(page, name, form_element)) is not None:
            values[name] = value
    return values


def _pages(people) -> dict[str, tuple]:
    case = people.case
    service = add_service(case, people.organisation, description="Kuvaus", reach="Kaikki irtisanotut")
    member = people.membership["member"]
    return {
        "plans": (f"/cases/{case.id}/actions/{people.own_action.id}/edit", ActionForm),
        "cases": (f"/cases/{case.id}/network/members/{member.id}/details", MemberDetailsForm),
        "support": (f"/cases/{case.id}/services/{service.id}/edit", ServiceForm),
        "comms": (f"/cases/{case.id}/comms/{CommsItemFactory(case=case, feedback='Palaute').id}/edit", CommsItemForm),
        "auth": ("/account", ProfileForm),
    }


@pytest.mark.parametrize("area", ["plans", "cases", "support", "comms", "auth"])
def test_an_identity_code_in_any_free_text_field_is_refused_with_the_text_kept(app, client, area):
    people = build_plan_case()
    url, form_class = _pages(people)[area]
    sign_in(client, people.coordinator)
    fields = _free_text_fields(form_class)
    assert fields, form_class
    for name in fields:
        page = page_of(client.get(url))
        form = next(f for f in page.find_all("form") if f.find_all(name=name))
        data = {**_form_values(page, form), name: TYPED}
        events = db.session.scalar(select(func.count()).select_from(AuditEvent))

        response = client.post(url, data=data)

        assert response.status_code == 422, (area, name)
        refused = page_of(response)
        assert str(IDENTITY_CODE_MESSAGE) in field_error(refused, name), (area, name)
        assert field_value(refused, name) == TYPED, (area, name)
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events, (area, name)
