from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _

from arm.cases import network, services
from arm.cases.enums import NetworkRole, OrganisationType
from arm.cases.models import CaseOrganisation, Membership
from arm.cases.reference import normalise_business_id
from arm.core.errors import ValidationError
from arm.core.permissions import Access
from arm.extensions import db
from arm.plans.models import Subgroup
from tests import factories


def _facts(**overrides):
    facts = {
        "title": "Kemin äkillinen rakennemuutos 2021",
        "kind": factories.CaseKind.NEGATIVE,
        "phase": factories.CasePhase.ACTIVE,
        "lead_municipality_code": "240",
        "municipality_codes": ["241", "751"],
        "employer": "Tehdas Oy",
        "industry_code": "C",
        "announced_on": date(2021, 4, 21),
        "direct_layoffs": 550,
        "indirect_job_losses": 950,
        "summary": "",
    }
    facts.update(overrides)
    return facts


def test_open_case_applies_the_tem_template(app):
    user = factories.UserFactory()
    organisation = factories.OrganisationFactory()
    case = services.open_case(user, organisation, **_facts())
    db.session.commit()

    assert case.affected_municipality_codes == ["240", "241", "751"]
    assert {item.organisation_type for item in case.checklist} == {
        OrganisationType.MUNICIPALITY,
        OrganisationType.REGIONAL_COUNCIL,
        OrganisationType.DEVELOPMENT_COMPANY,
        OrganisationType.EDUCATION_PROVIDER,
        OrganisationType.EMPLOYMENT_AUTHORITY,
        OrganisationType.ELY_CENTRE,
    }
    subgroups = db.session.scalars(db.select(Subgroup).where(Subgroup.case_id == case.id)).all()
    assert len(subgroups) == 4
    assert sum(s.is_crisis_group for s in subgroups) == 1
    membership = db.session.scalar(db.select(Membership).where(Membership.case_id == case.id))
    assert membership.user_id == user.id and membership.access is Access.COORDINATOR
    assert [r.role for r in membership.roles] == [NetworkRole.COORDINATOR]
    assert db.session.scalar(db.select(CaseOrganisation).where(CaseOrganisation.case_id == case.id))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"direct_layoffs": -1}, "direct_layoffs"),
        ({"announced_on": date.today() + timedelta(days=400)}, "announced_on"),
        ({"lead_municipality_code": "999"}, "lead_municipality_code"),
        ({"municipality_codes": ["240", "000"]}, "municipality_codes"),
        ({"industry_code": "Z"}, "industry_code"),
    ],
)
def test_open_case_rejects_bad_facts(app, overrides, field):
    with pytest.raises(ValidationError) as error:
        services.open_case(factories.UserFactory(), factories.OrganisationFactory(), **_facts(**overrides))
    assert field in [f for f, _ in error.value.errors]


def test_slugs_are_unique(app):
    user, organisation = factories.UserFactory(), factories.OrganisationFactory()
    first = services.open_case(user, organisation, **_facts())
    second = services.open_case(user, organisation, allow_duplicate=True, **_facts())
    assert first.slug == "kemin-akillinen-rakennemuutos-2021"
    assert second.slug == "kemin-akillinen-rakennemuutos-2021-2"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0193036-3", None),
        ("2617416-4", "2617416-4"),
        ("737546-2", "0737546-2"),
        ("1234567-1", "1234567-1"),
        ("1234567-8", None),
        ("abc", None),
        ("12345678", None),
        (" 2617416-4 ", "2617416-4"),
        ("2617 416-4", "2617416-4"),  # spaces anywhere are dropped
        ("2617416 - 4", "2617416-4"),
        ("26174164", None),  # the dash is part of the form people are asked for
        ("FI26174164", None),  # a VAT number is not a Business ID
        ("2617416-", None),
        ("-4", None),
        ("", None),
        ("٢٦١٧٤١٦-٤", None),  # digits of another script are not the ones the registry writes
        ("\t2617416-4\n", "2617416-4"),  # surrounding whitespace is stripped
    ],
)
def test_business_id_checksum(value, expected):
    """python-stdnum's `stdnum.fi.ytunnus` checks the digit; the form people type stays the same."""
    assert normalise_business_id(value) == expected


def test_case_keeps_at_least_one_coordinator(app):
    people = factories.case_with_people()
    coordinator = db.session.scalar(
        db.select(Membership).where(Membership.case_id == people.case.id, Membership.access == Access.COORDINATOR)
    )
    with pytest.raises(ValidationError):
        network.change_access(coordinator, Access.EDITOR)
    with pytest.raises(ValidationError):
        network.end_membership(coordinator)
    editor = db.session.scalar(
        db.select(Membership).where(Membership.case_id == people.case.id, Membership.access == Access.EDITOR)
    )
    network.change_access(editor, Access.COORDINATOR)
    network.change_access(coordinator, Access.EDITOR)
    assert coordinator.access is Access.EDITOR


def test_ending_a_membership_ends_its_roles_and_keeps_history(app):
    membership = factories.MembershipFactory(access=Access.MEMBER)
    factories.RoleAssignmentFactory(membership=membership, role=NetworkRole.EXPERT)
    network.end_membership(membership)
    db.session.commit()
    assert membership.ended_on == date.today()
    assert [r.ended_on for r in membership.roles] == [date.today()]
    assert db.session.get(Membership, membership.id) is not None


def test_role_cannot_be_held_twice_at_once(app):
    membership = factories.MembershipFactory()
    network.assign_role(membership, NetworkRole.INNOVATOR)
    with pytest.raises(ValidationError):
        network.assign_role(membership, NetworkRole.INNOVATOR)


def test_invite_existing_user_adds_membership_without_new_account(app, outbox):
    people = factories.case_with_people()
    existing = factories.UserFactory()
    with app.test_request_context():
        network.invite_member(
            people.case,
            people.coordinator,
            email=existing.email.upper(),
            name="X",
            organisation=people.organisation,
            access=Access.MEMBER,
            roles=[NetworkRole.EXPERT],
        )
        db.session.commit()
    assert outbox[-1].to == existing.email
    assert "/invitation/" not in outbox[-1].text
    with pytest.raises(ValidationError):
        network.invite_member(
            people.case,
            people.coordinator,
            email=existing.email,
            name="X",
            organisation=people.organisation,
            access=Access.MEMBER,
            roles=[],
        )


def test_organisation_with_people_cannot_leave(app):
    people = factories.case_with_people()
    link = db.session.scalar(db.select(CaseOrganisation).where(CaseOrganisation.case_id == people.case.id))
    with pytest.raises(ValidationError):
        network.remove_organisation(link)


def test_registry_rejects_duplicates(app):
    services.create_organisation(name="Kemin kaupunki", type=OrganisationType.MUNICIPALITY, business_id="2617416-4")
    with pytest.raises(ValidationError) as error:
        services.create_organisation(name="Toinen", type=OrganisationType.COMPANY, business_id="2617416-4")
    assert error.value.errors[0][0] == "business_id"
    with pytest.raises(ValidationError) as error:
        services.create_organisation(name="kemin KAUPUNKI", type=OrganisationType.MUNICIPALITY)
    assert error.value.errors[0][0] == "name"


def _template_subgroups(case) -> list[tuple[str, str, bool]]:
    subgroups = db.session.scalars(db.select(Subgroup).where(Subgroup.case_id == case.id).order_by(Subgroup.position))
    return [(s.name, s.purpose, s.is_crisis_group) for s in subgroups]


def test_template_subgroups_in_the_chosen_language_whatever_the_ui_language(app):
    user, organisation = factories.UserFactory(), factories.OrganisationFactory()
    with force_locale("en"):
        finnish = services.open_case(user, organisation, template_language="fi", **_facts())
        swedish = services.open_case(user, organisation, True, "sv", **_facts())
    assert _template_subgroups(finnish) == [
        (
            "Toimintaympäristö ja TKI-toiminta",
            "Toimintaympäristön kehittäminen, tutkimus-, kehitys- ja innovaatiotoiminta sekä investoinnit.",
            False,
        ),
        (
            "Henkilöihin kohdistuvat toimenpiteet",
            "Irtisanottujen ja muiden työnhakijoiden uudelleentyöllistyminen, koulutus ja hyvinvointi.",
            False,
        ),
        (
            "Yrityksiin kohdistuvat toimenpiteet",
            "Yritysten kasvu, uudet työpaikat, alihankintaverkoston tuki ja sijoittumiset alueelle.",
            False,
        ),
        (
            "Kriisityöryhmä",
            "Psykososiaalinen tuki irtisanotuille ja heidän perheilleen henkilökohtaisesti: sosiaalityö, "
            "seurakunta, psykiatrinen hoito, työterveyshuolto ja järjestöt.",
            True,
        ),
    ]
    names = [name for name, _purpose, _crisis in _template_subgroups(swedish)]
    assert names == [
        "Verksamhetsmiljö och FUI-verksamhet",
        "Åtgärder riktade till personer",
        "Åtgärder riktade till företag",
        "Krisgrupp",
    ]
    assert _template_subgroups(swedish)[3][1] == (
        "Personligt psykosocialt stöd till de uppsagda och deras familjer: socialarbete, församlingen, psykiatrisk "
        "vård, företagshälsovård och organisationer."
    )
    with force_locale("en"):
        assert str(_("Kriisityöryhmä")) == "Crisis group"  # the UI language is back after the template


def test_case_opened_with_only_the_chosen_template_subgroups(app):
    user, organisation = factories.UserFactory(), factories.OrganisationFactory()
    case = services.open_case(user, organisation, template_items=["people_subgroup", "crisis_group"], **_facts())
    assert [(name, crisis) for name, _purpose, crisis in _template_subgroups(case)] == [
        ("Henkilöihin kohdistuvat toimenpiteet", False),
        ("Kriisityöryhmä", True),
    ]
    assert [s.position for s in db.session.scalars(db.select(Subgroup).where(Subgroup.case_id == case.id))] == [0, 1]


def test_case_opened_with_no_template_subgroups(app):
    user, organisation = factories.UserFactory(), factories.OrganisationFactory()
    case = services.open_case(user, organisation, template_items=[], **_facts())
    assert _template_subgroups(case) == []
    assert services.is_deletable(case)  # nothing of the case's own yet


def test_case_opened_with_every_template_subgroup_when_none_is_named(app):
    user, organisation = factories.UserFactory(), factories.OrganisationFactory()
    case = services.open_case(user, organisation, **_facts())
    assert len(_template_subgroups(case)) == 4


@pytest.mark.parametrize("items", [["crisis_group", "situation_room"], ["Kriisityöryhmä"]])
def test_unknown_template_item_is_refused(app, items):
    user, organisation = factories.UserFactory(), factories.OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        services.open_case(user, organisation, template_items=items, **_facts())
    assert error.value.errors[0][0] == "template_items"
    assert db.session.scalar(db.select(db.func.count()).select_from(Subgroup)) == 0


@pytest.mark.parametrize("language", ["en", "", "SV", None])
def test_template_language_must_be_finnish_or_swedish(app, language):
    with pytest.raises(ValidationError) as error:
        services.open_case(
            factories.UserFactory(), factories.OrganisationFactory(), template_language=language, **_facts()
        )
    assert error.value.errors == [("template_language", "Valitse suomi tai ruotsi.")]
    assert db.session.scalar(db.select(db.func.count()).select_from(Subgroup)) == 0
