"""The meetings' forms: a meeting, an agenda item (with its minutes and outcome), a decision that may create
an action, attendance, amendments, guests, agenda templates and the case's paper setting."""

from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FieldList, FormField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import URL, DataRequired, Email, Length, NumberRange, Optional

from arm.core.forms import (
    INVALID_CHOICE,
    CheckboxListField,
    DateField,
    Form,
    IntegerField,
    TimeField,
    add_rule_errors,
    enum_select,
    optional_int,
    with_empty_choice,
)
from arm.core.merge import VersionedForm
from arm.meetings import services
from arm.meetings.models import Outcome, Placement, Recurrence
from arm.meetings.times import local
from arm.plans.models import ActionCategory, TargetGroup

MARKDOWN_HELP = _l("Voit käyttää Markdown-muotoilua.")


def minutes_field(label=None) -> IntegerField:
    return IntegerField(
        label or _l("Kesto (min)"),
        validators=[Optional(), NumberRange(0, 720, message=_l("Anna kesto minuutteina väliltä 0–720."))],
    )


MEETING_FIELDS = (
    "title",
    "subgroup_id",
    "date",
    "start_time",
    "end_time",
    "place",
    "video_link",
    "chair_id",
    "secretary_id",
)


class MeetingForm(VersionedForm, Form):
    title = StringField(_l("Nimi"), validators=[DataRequired(_l("Anna kokoukselle nimi.")), Length(max=200)])
    subgroup_id = SelectField(
        _l("Kokoontuu"),
        coerce=optional_int,
        invalid_choice_message=INVALID_CHOICE,
        description=_l("Koko verkosto tai yksi alatyöryhmä."),
    )
    date = DateField(_l("Päivä"), validators=[DataRequired(_l("Valitse kokouksen päivä."))])
    start_time = TimeField(_l("Alkaa klo"), validators=[DataRequired(_l("Anna alkamisaika muodossa 13.00."))])
    end_time = TimeField(_l("Päättyy klo"), validators=[DataRequired(_l("Anna päättymisaika muodossa 14.30."))])
    recurrence = enum_select(
        _l("Toistuvuus"),
        Recurrence,
        default=Recurrence.ONCE,
        description=_l(
            "Viikoittainen sarja kokoontuu samana viikonpäivänä samaan aikaan; seuraava kokous syntyy itsestään."
        ),
    )
    last_on = DateField(_l("Sarjan viimeinen kokous"), validators=[Optional()], description=_l("Tyhjä: toistaiseksi."))
    template_id = SelectField(_l("Esityslistan pohja"), coerce=optional_int, invalid_choice_message=INVALID_CHOICE)
    place = StringField(_l("Paikka"), validators=[Optional(), Length(max=200)])
    video_link = StringField(
        _l("Etäyhteyden osoite"),
        validators=[
            Optional(),
            Length(max=500),
            URL(require_tld=False, message=_l("Anna etäyhteyden osoite muodossa https://…")),
        ],
    )
    chair_id = SelectField(_l("Puheenjohtaja"), coerce=optional_int, invalid_choice_message=INVALID_CHOICE)
    secretary_id = SelectField(_l("Sihteeri"), coerce=optional_int, invalid_choice_message=INVALID_CHOICE)
    invitee_ids = CheckboxListField(
        _l("Kutsutut"),
        coerce=int,
        validate_choice=False,
        description=_l("Jos et valitse ketään, kutsutaan koko verkosto tai valitun alatyöryhmän jäsenet."),
    )
    submit = SubmitField(_l("Tallenna"))

    merge_fields = (*MEETING_FIELDS, "invitee_ids")
    is_new = True

    @classmethod
    def values_of(cls, meeting) -> dict:
        """What the form shows of a saved meeting: its date and times in Helsinki."""
        start, end = local(meeting.starts_at), local(meeting.ends_at)
        return {"date": start.date(), "start_time": start.time(), "end_time": end.time()}

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        rules = services.meeting_field_errors(self.data_for_service(), is_new=self.is_new, now=datetime.now(UTC))
        known = {choice[0] for choice in self.invitee_ids.choices or []}
        if any(membership_id not in known for membership_id in self.invitee_ids.data or []):
            rules.append(("invitee_ids", _l("Kutsua voi vain tapauksen verkoston nykyisiä jäseniä.")))
        return add_rule_errors(self, rules) and valid

    def data_for_service(self) -> dict:
        data = {name: getattr(self, name).data for name in MEETING_FIELDS}
        data["recurrence"] = self.recurrence.data if self.is_new else Recurrence.ONCE
        data["last_on"] = self.last_on.data if self.is_new else None
        return data


ITEM_FIELDS = ("title", "description", "presenter_id", "duration_minutes", "minutes", "outcome")


class AgendaItemForm(VersionedForm, Form):
    title = StringField(_l("Otsikko"), validators=[DataRequired(_l("Anna kohdalle otsikko.")), Length(max=300)])
    description = TextAreaField(
        _l("Kuvaus"), validators=[Optional(), Length(max=10_000)], description=MARKDOWN_HELP, render_kw={"rows": 3}
    )
    presenter_id = SelectField(_l("Esittelijä"), coerce=optional_int, invalid_choice_message=INVALID_CHOICE)
    duration_minutes = minutes_field()
    minutes = TextAreaField(
        _l("Muistiinpanot"),
        validators=[Optional(), Length(max=20_000)],
        description=MARKDOWN_HELP,
        render_kw={"rows": 6},
    )
    outcome = enum_select(_l("Käsittelyn tulos"), Outcome, optional=True)
    submit = SubmitField(_l("Tallenna kohta"))

    merge_fields = ITEM_FIELDS

    def data_for_service(self) -> dict:
        return {name: getattr(self, name).data for name in ITEM_FIELDS}


class NewItemForm(Form):
    title = StringField(_l("Otsikko"), validators=[DataRequired(_l("Anna kohdalle otsikko.")), Length(max=300)])
    description = TextAreaField(
        _l("Kuvaus"), validators=[Optional(), Length(max=10_000)], description=MARKDOWN_HELP, render_kw={"rows": 2}
    )
    presenter_id = SelectField(_l("Esittelijä"), coerce=optional_int, invalid_choice_message=INVALID_CHOICE)
    duration_minutes = minutes_field()
    submit = SubmitField(_l("Lisää kohta"))

    def data_for_service(self) -> dict:
        return {name: getattr(self, name).data for name in ("title", "description", "presenter_id", "duration_minutes")}


class DecisionForm(Form):
    text = TextAreaField(
        _l("Päätös"), validators=[DataRequired(_l("Kirjoita päätös.")), Length(max=5_000)], render_kw={"rows": 3}
    )
    create_action = BooleanField(_l("Päätöksestä syntyy uusi toimenpide"))
    action_title = StringField(_l("Toimenpiteen otsikko"), validators=[Optional(), Length(max=200)])
    category = enum_select(_l("Toimenpiteen laji"), ActionCategory, optional=True)
    target_group = enum_select(_l("Kohderyhmä"), TargetGroup, optional=True)
    owner_id = SelectField(_l("Vastuuhenkilö"), coerce=optional_int, invalid_choice_message=INVALID_CHOICE)
    due_on = DateField(_l("Määräpäivä"), validators=[Optional()])
    submit = SubmitField(_l("Kirjaa päätös"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        rules = []
        if self.create_action.data:
            if not (self.action_title.data or "").strip():
                rules.append(("action_title", _l("Anna toimenpiteelle otsikko.")))
            if self.category.data is None:
                rules.append(("category", _l("Valitse toimenpiteen laji.")))
            if self.target_group.data is None:
                rules.append(("target_group", _l("Valitse kohderyhmä.")))
            if self.due_on.data is not None and self.due_on.data < date.today():
                rules.append(("due_on", _l("Uuden toimenpiteen määräpäivä ei voi olla menneisyydessä.")))
        return add_rule_errors(self, rules) and valid


class AmendmentForm(Form):
    agenda_item_id = SelectField(_l("Kohta"), coerce=optional_int, invalid_choice_message=INVALID_CHOICE)
    text = TextAreaField(
        _l("Korjaus"), validators=[DataRequired(_l("Kirjoita korjaus.")), Length(max=5_000)], render_kw={"rows": 3}
    )
    submit = SubmitField(_l("Kirjaa korjaus"))


class GuestForm(Form):
    name = StringField(_l("Vieraan nimi"), validators=[DataRequired(_l("Anna vieraan nimi.")), Length(max=200)])
    organisation = StringField(_l("Organisaatio"), validators=[Optional(), Length(max=200)])
    email = StringField(
        _l("Sähköposti"),
        validators=[
            Optional(),
            Length(max=254),
            Email(message=_l("Anna sähköpostiosoite muodossa nimi@esimerkki.fi.")),
        ],
    )
    submit = SubmitField(_l("Luo vieraan linkki"))


class TemplateLineForm(Form):
    class Meta:
        csrf = False  # the enclosing form carries the token

    title = StringField(_l("Kohta"), validators=[Optional(), Length(max=300)])
    placement = enum_select(_l("Paikka"), Placement, default=Placement.START)
    duration_minutes = minutes_field()


class TemplateForm(Form):
    name = StringField(_l("Pohjan nimi"), validators=[DataRequired(_l("Anna pohjalle nimi.")), Length(max=200)])
    lines = FieldList(FormField(TemplateLineForm), min_entries=1, max_entries=40)
    submit = SubmitField(_l("Tallenna pohja"))

    def lines_for_service(self) -> list[dict]:
        return [line.data for line in self.lines]


class SettingsForm(Form):
    paper_hours_before = IntegerField(
        _l("Esityslista lähetetään tuntia ennen kokousta"),
        validators=[
            DataRequired(_l("Anna tunnit väliltä 1–168.")),
            NumberRange(1, 168, message=_l("Anna tunnit väliltä 1–168.")),
        ],
    )
    submit = SubmitField(_l("Tallenna"))


class ScheduleForm(Form):
    meeting_id = SelectField(_l("Kokous"), coerce=optional_int, invalid_choice_message=INVALID_CHOICE)
    submit = SubmitField(_l("Lisää esityslistalle"))


def new_item_form(members: list[tuple[int, str]]) -> NewItemForm:
    form = NewItemForm(prefix="item")
    form.presenter_id.choices = with_empty_choice(members)
    return form


def decision_form(members: list[tuple[int, str]]) -> DecisionForm:
    form = DecisionForm()
    form.owner_id.choices = with_empty_choice(members)
    return form


def amendment_form(meeting) -> AmendmentForm:
    form = AmendmentForm(prefix="amendment")
    form.agenda_item_id.choices = with_empty_choice(
        [(item.id, f"{item.position}. {item.title}") for item in meeting.items]
    )
    return form
