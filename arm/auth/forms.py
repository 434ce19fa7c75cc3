from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from arm.core.forms import Form
from arm.core.i18n import LANGUAGE_NAMES

PASSWORD_MIN_LENGTH = 12


def phone_characters(form, field):
    if field.data and not all(c.isdigit() or c in "+-() " for c in field.data):
        raise ValidationError(_l("Puhelinnumerossa voi olla vain numeroita, välilyöntejä ja merkkejä + - ( )."))


def _language_choices():
    return list(LANGUAGE_NAMES.items())


class LoginForm(Form):
    email = EmailField(_l("Sähköpostiosoite"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Salasana"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Muista minut tällä laitteella"))
    submit = SubmitField(_l("Kirjaudu sisään"))


class NewPasswordMixin:
    password = PasswordField(
        _l("Uusi salasana"),
        validators=[DataRequired(), Length(min=PASSWORD_MIN_LENGTH, max=200)],
        description=_l(
            "Vähintään %(count)s merkkiä. Pitkä salalause on hyvä ja helppo muistaa.", count=PASSWORD_MIN_LENGTH
        ),
    )
    password_again = PasswordField(
        _l("Uusi salasana uudelleen"),
        validators=[DataRequired(), EqualTo("password", message=_l("Salasanat eivät täsmää."))],
    )


class SetPasswordForm(NewPasswordMixin, Form):
    submit = SubmitField(_l("Tallenna salasana"))


class ChangePasswordForm(NewPasswordMixin, Form):
    current_password = PasswordField(_l("Nykyinen salasana"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Vaihda salasana"))


class ForgotPasswordForm(Form):
    email = EmailField(_l("Sähköpostiosoite"), validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Lähetä linkki"))


class ProfileForm(Form):
    name = StringField(_l("Nimi"), validators=[DataRequired(), Length(max=200)])
    job_title = StringField(_l("Tehtävänimike"), validators=[Optional(), Length(max=200)])
    phone = StringField(_l("Puhelin"), validators=[Optional(), Length(max=40), phone_characters])
    locale = SelectField(_l("Käyttöliittymän kieli"), choices=_language_choices)
    weekly_digest = BooleanField(
        _l("Lähetä minulle maanantaisin viikkokooste"),
        description=_l("Yksi sähköposti viikossa: omat toimenpiteesi, viestintäsi ja kokouksesi kaikista tapauksista."),
    )
    submit = SubmitField(_l("Tallenna"))


class LanguageForm(Form):
    locale = SelectField(_l("Kieli"), choices=_language_choices)
    submit = SubmitField(_l("Vaihda kieli"))


class UserForm(Form):
    """A platform administrator's form for a user account."""

    email = EmailField(_l("Sähköpostiosoite"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Nimi"), validators=[DataRequired(), Length(max=200)])
    job_title = StringField(_l("Tehtävänimike"), validators=[Optional(), Length(max=200)])
    phone = StringField(_l("Puhelin"), validators=[Optional(), Length(max=40), phone_characters])
    locale = SelectField(_l("Kieli"), choices=_language_choices)
    is_admin = BooleanField(_l("Alustan ylläpitäjä"))
    is_active = BooleanField(_l("Tili käytössä"), default=True)
    submit = SubmitField(_l("Tallenna"))
