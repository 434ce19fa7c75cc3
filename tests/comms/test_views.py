"""The communications plan through its pages: saves, refusals, links, the wave warning, delete and 404."""

from datetime import date

import pytest
from sqlalchemy import func, select

from arm.cases.models import Membership
from arm.comms import services
from arm.comms.models import CommsAudience, CommsChannel, CommsItem, CommsItemAction, CommsLanguage, CommsStatus
from arm.core.errors import ValidationError
from arm.core.models import AuditEvent
from arm.extensions import db
from tests import factories
from tests.comms.conftest import item_form
from tests.conftest import sign_in
from tests.markup import dd_after, field_error, field_value, page_of


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(CommsItem))


def test_editor_adds_an_item_with_its_links_and_it_is_audited(client, people):
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/comms/new", data=item_form(people))
    assert response.status_code == 302, response.get_data(as_text=True)
    item = db.session.scalar(select(CommsItem))
    assert response.location.endswith(f"/comms/{item.id}")
    assert item.audience is CommsAudience.LAID_OFF and not item.audience.is_internal
    assert item.language_list == [CommsLanguage.FI, CommsLanguage.PLAIN_FI]
    assert (item.owner_id, item.wave_id, item.service_id) == (
        people.membership["editor"].id,
        people.wave.id,
        people.service.id,
    )
    assert [link.action_id for link in item.action_links] == [people.own_action.id]
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.entity == "CommsItem")) == "create"
    page = page_of(client.get(response.location))
    assert page.find("div", class_="markdown").find("strong").text == "irtisanotuille"  # Markdown rendered
    assert dd_after(page, "Kohderyhmä") == "Irtisanotut ja heidän perheensä (ulkoinen)"
    assert dd_after(page, "Palvelu") == "Pointti"
    assert dd_after(page, "Toimenpiteet") == "Oma toimenpide"
    assert dd_after(page, "Kielet") == "suomi, selkosuomi"
    assert page.find_all(id="late-for-wave") == []  # 21.6. is before the wave of 30.6.


def test_the_message_is_sanitised_markdown(client, people):
    item = factories.CommsItemFactory(
        case=people.case, message="**Tärkeä** <script>alert(1)</script>[x](javascript:alert(1))"
    )
    sign_in(client, people.observer)
    html = client.get(f"/cases/{people.case.id}/comms/{item.id}").get_data(as_text=True)
    assert "<strong>Tärkeä</strong>" in html
    assert "<script>alert(1)" not in html and "javascript:" not in html


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"message": ""}, "message", "Kirjoita viesti: tyhjää viestiä ei voi tallentaa."),
        ({"message": "   \n  "}, "message", "Kirjoita viesti: tyhjää viestiä ei voi tallentaa."),
        ({"audience": "SPACE_ALIENS"}, "audience", "Valitse jokin annetuista vaihtoehdoista."),
        ({"channel": ""}, "channel", "Valitse jokin annetuista vaihtoehdoista."),
        ({"status": "PUBLISHED", "published_on": "2021-06-21", "reach": "paljon"}, "reach", "Anna kokonaisluku"),
        (
            {"status": "PUBLISHED", "published_on": "2021-06-21", "reach": "-5"},
            "reach",
            "Anna luku väliltä 0–10 000 000.",
        ),
        (
            {"status": "PUBLISHED", "published_on": "2021-06-21", "reach": "99999999999999999999"},
            "reach",
            "Anna luku väliltä 0–10 000 000.",
        ),
        ({"reach": "120"}, "reach", "Tavoitettujen määrä kirjataan, kun viestin tila on Julkaistu."),
        ({"status": "PUBLISHED"}, "published_on", "Anna päivä, jona viesti julkaistiin."),
        ({"published_on": "2021-06-21"}, "published_on", "Julkaisupäivä kirjataan, kun viestin tila on Julkaistu."),
        ({"language_list": []}, "language_list", "Valitse ainakin yksi kieli."),
        ({"language_list": ["KLINGON"]}, "language_list", "Valitse jokin annetuista vaihtoehdoista."),
        ({"planned_on": ""}, "planned_on", "Anna päivä, jolle viesti on suunniteltu."),
        ({"planned_on": "21.6.2021"}, "planned_on", "Anna päivämäärä muodossa vvvv-kk-pp"),
        (
            {"recurrence": "WEEKLY", "repeats_until": "2021-06-01"},
            "repeats_until",
            "Toisto ei voi päättyä ennen aloituspäivää.",
        ),
        (
            {"repeats_until": "2021-12-31"},
            "repeats_until",
            "Toiston päättymispäivä annetaan vain toistuvalle viestille.",
        ),
        ({"title": ""}, "title", "Anna viestille otsikko."),
        ({"title": "Otsikko\x1b"}, "title", "ohjausmerkit"),
        ({"message": "Henkilö 131052-308T"}, "message", "henkilötunnuksen"),
    ],
)
def test_bad_input_is_refused_on_its_field_with_the_input_kept(client, people, values, field, message):
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/comms/new", data=item_form(people, **values))
    assert response.status_code == 422
    page = page_of(response)
    assert message in field_error(page, field)
    if field != "title":
        assert field_value(page, "title") == "Ensimmäinen infotilaisuus Pointissa"
    assert _count() == 0


def test_a_link_to_another_cases_action_is_refused_and_never_stored(client, people):
    foreign = factories.ActionFactory(title="Toisen tapauksen toimenpide")
    sign_in(client, people.editor)
    response = client.post(
        f"/cases/{people.case.id}/comms/new",
        data=item_form(people, action_ids=[str(people.own_action.id), str(foreign.id)]),
    )
    assert response.status_code == 422
    assert field_error(page_of(response), "action_ids") == "Valitse vain tämän tapauksen toimenpiteitä."
    assert _count() == 0 and db.session.scalar(select(func.count()).select_from(CommsItemAction)) == 0


def _data(**values) -> dict:
    data = {
        "title": "Tiedote",
        "audience": CommsAudience.MEDIA,
        "channel": CommsChannel.PRESS_RELEASE,
        "message": "Viesti",
        "owner_id": None,
        "planned_on": date(2021, 6, 1),
        "recurrence": None,
        "repeats_until": None,
        "language_list": [CommsLanguage.FI],
        "status": CommsStatus.PLANNED,
        "is_crisis": False,
        "wave_id": None,
        "service_id": None,
        "published_on": None,
        "reach": None,
        "feedback": "",
    }
    data.update(values)
    return data


def test_the_service_refuses_links_outside_the_case_too(app, people):
    """The last defence behind the form's choices: another case's action, wave and service, and an owner who is
    not a current member (another case's, or one whose membership ended)."""
    other = factories.case_with_people()
    foreign_owner = db.session.scalar(select(Membership).where(Membership.case_id == other.case.id))
    ended = factories.MembershipFactory(case=people.case, organisation=people.organisation, ended_on=date(2021, 5, 1))
    cases = [
        ({"owner_id": foreign_owner.id}, "owner_id", "Vastuuhenkilön on oltava tapauksen nykyinen jäsen."),
        ({"owner_id": ended.id}, "owner_id", "Vastuuhenkilön on oltava tapauksen nykyinen jäsen."),
        ({"wave_id": factories.LayoffWaveFactory().id}, "wave_id", "Valitse tämän tapauksen irtisanomisaalto."),
        ({"service_id": 999_999}, "service_id", "Valitse tämän tapauksen palvelu."),
    ]
    with app.test_request_context():
        for values, field, message in cases:
            with pytest.raises(ValidationError) as refused:
                services.save_item(people.case, None, _data(**values), [])
            assert refused.value.errors == [(field, message)]
        foreign_action = factories.ActionFactory(case=other.case)
        with pytest.raises(ValidationError) as refused:
            services.save_item(people.case, None, _data(), [people.own_action.id, foreign_action.id])
        assert refused.value.errors == [("action_ids", "Toimenpiteiden on kuuluttava tähän tapaukseen.")]
    db.session.rollback()
    assert _count() == 0


def test_an_owner_who_is_not_a_member_is_refused(client, people):
    outsider_membership = factories.MembershipFactory()  # of another case
    sign_in(client, people.editor)
    response = client.post(
        f"/cases/{people.case.id}/comms/new", data=item_form(people, owner_id=str(outsider_membership.id))
    )
    assert response.status_code == 422
    assert field_error(page_of(response), "owner_id") == "Valitse vastuuhenkilöksi tapauksen nykyinen jäsen."
    assert _count() == 0


def test_publishing_records_the_date_reach_and_feedback(client, people):
    item = factories.CommsItemFactory(case=people.case, title="Lehdistötiedote")
    sign_in(client, people.editor)
    url = f"/cases/{people.case.id}/comms/{item.id}/edit"
    data = item_form(
        people,
        title="Lehdistötiedote",
        status="PUBLISHED",
        published_on="2021-06-22",
        reach="1200",
        feedback="Paikallislehti julkaisi jutun.\nKysymyksiä tuli puhelimitse.",
        wave_id="",
    )
    assert client.post(url, data=data).status_code == 302
    saved = db.session.get(CommsItem, item.id)
    assert (saved.status, saved.published_on, saved.reach) == (CommsStatus.PUBLISHED, date(2021, 6, 22), 1200)
    page = page_of(client.get(f"/cases/{people.case.id}/comms/{item.id}"))
    assert dd_after(page, "Tavoitettuja") == "1 200"
    assert "Kysymyksiä tuli puhelimitse." in page.text


def test_an_item_planned_after_its_wave_is_flagged_on_the_item_and_in_the_list(client, people):
    late = factories.CommsItemFactory(
        case=people.case, title="Myöhäinen", planned_on=date(2021, 7, 5), wave=people.wave
    )
    early = factories.CommsItemFactory(case=people.case, title="Ajoissa", planned_on=date(2021, 6, 1), wave=people.wave)
    cancelled = factories.CommsItemFactory(
        case=people.case, title="Peruttu", planned_on=date(2021, 7, 5), wave=people.wave, status=CommsStatus.CANCELLED
    )
    sign_in(client, people.observer)
    listing = page_of(client.get(f"/cases/{people.case.id}/comms"))
    assert listing.by_id(f"item-{late.id}").find_all(data_late_for_wave="")
    for item in (early, cancelled):
        assert listing.by_id(f"item-{item.id}").find_all(data_late_for_wave="") == []
    page = page_of(client.get(f"/cases/{people.case.id}/comms/{late.id}"))
    assert "alkaa jo 30.6.2021" in page.by_id("late-for-wave").text


def test_an_item_of_another_case_is_not_found(client, people):
    foreign = factories.CommsItemFactory(title="Toisen tapauksen viesti")
    sign_in(client, people.editor)
    base = f"/cases/{people.case.id}/comms/{foreign.id}"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/edit").status_code == 404
    assert client.post(f"{base}/edit", data=item_form(people)).status_code == 404
    assert client.post(f"{base}/delete").status_code == 404
    assert db.session.get(CommsItem, foreign.id).title == "Toisen tapauksen viesti"


def test_delete_an_item_with_its_links(client, people):
    item = factories.CommsItemFactory(case=people.case)
    item.action_links.append(CommsItemAction(case_id=people.case.id, action_id=people.own_action.id))
    db.session.commit()
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/comms/{item.id}/delete")
    assert response.status_code == 302 and response.location.endswith(f"/cases/{people.case.id}/comms")
    assert _count() == 0 and db.session.scalar(select(func.count()).select_from(CommsItemAction)) == 0


def test_members_read_but_do_not_edit(client, people):
    item = factories.CommsItemFactory(case=people.case)
    sign_in(client, people.member)
    page = page_of(client.get(f"/cases/{people.case.id}/comms/{item.id}"))
    assert page.find_all("a", text="Muokkaa") == []
    assert client.get(f"/cases/{people.case.id}/comms/new").status_code == 403


def test_members_comment_on_an_item_and_the_comments_go_with_it(client, people):
    """The generic comments of arm.core: members write, observers read, a deleted item takes its comments."""
    from arm.core.comments import Comment

    item = factories.CommsItemFactory(case=people.case)
    url = f"/cases/{people.case.id}/comments/comms_item/{item.id}"
    sign_in(client, people.member)
    response = client.post(url, data={"body": "Lisätään **selkosuomi**."})
    assert response.status_code == 302 and response.location.endswith(f"/comms/{item.id}#comments")
    assert (
        client.post(
            f"/cases/{people.case.id}/comments/comms_item/{factories.CommsItemFactory().id}", data={"body": "x"}
        ).status_code
        == 404
    )  # another case's item
    client.post("/logout")
    sign_in(client, people.observer)
    assert "<strong>selkosuomi</strong>" in client.get(f"/cases/{people.case.id}/comms/{item.id}").get_data(
        as_text=True
    )
    assert client.post(url, data={"body": "Tarkkailija"}).status_code == 403
    services.delete_item(item)
    assert db.session.scalar(select(func.count(Comment.id))) == 0
