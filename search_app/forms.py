"""Flask-WTF forms: the GET advanced-search form (writes query syntax), the watchlist form and the admin POST forms."""
from __future__ import annotations

import re

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ingest.alerts import MAX_ADDRESS_CHARS, normalize_address

from .i18n import gettext
from .params import clean_text

FIELDS = ("all", "title", "body")
_SPACE = re.compile(r"\s+")
# Characters that carry meaning in the query language; stripped from words the form quotes itself.
_SYNTAX = re.compile(r'["()*:]')


def _words(text: str | None) -> list[str]:
    """Split a form box into plain words, dropping query-language characters and leading '-'."""
    cleaned = _SYNTAX.sub(" ", clean_text(text or ""))
    return [w.lstrip("-") for w in _SPACE.split(cleaned) if w.lstrip("-")]


def _quoted(value: str) -> str:
    """A value as one quoted query-language token."""
    return '"' + " ".join(_words(value)) + '"'


class AdvancedSearchForm(FlaskForm):
    """Advanced search over request.args (GET; no CSRF token needed for a read-only form)."""

    class Meta:
        csrf = False

    all_words = StringField("advanced.all", validators=[Optional(), Length(max=500)])
    any_words = StringField("advanced.any", validators=[Optional(), Length(max=500)])
    phrase = StringField("advanced.phrase", validators=[Optional(), Length(max=500)])
    none_words = StringField("advanced.none", validators=[Optional(), Length(max=500)])
    field = SelectField("advanced.field", choices=list(FIELDS), default="all")
    date_from = DateField("advanced.date_from", validators=[Optional()])
    date_to = DateField("advanced.date_to", validators=[Optional()])
    source = StringField("advanced.source", validators=[Optional(), Length(max=300)])
    official = StringField("advanced.official", validators=[Optional(), Length(max=300)])
    organization = StringField("advanced.organization", validators=[Optional(), Length(max=300)])
    place = StringField("advanced.place", validators=[Optional(), Length(max=300)])
    topic = StringField("advanced.topic", validators=[Optional(), Length(max=300)])

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formdata", request.args)
        super().__init__(*args, **kwargs)

    def validate(self, extra_validators: object = None) -> bool:
        """Field checks, plus: something filled in, and from <= to."""
        if not super().validate(extra_validators):
            return False
        if not self.to_query():
            self.all_words.errors = [gettext("advanced.empty")]
            return False
        if self.date_from.data and self.date_to.data and self.date_from.data > self.date_to.data:
            self.date_to.errors = [gettext("advanced.date_order")]
            return False
        return True

    def to_query(self) -> str:
        """The query-language string equivalent to the filled-in boxes."""
        prefix = "" if self.field.data == "all" else f"{self.field.data}:"
        parts = [prefix + w for w in _words(self.all_words.data)]
        any_words = _words(self.any_words.data)
        if len(any_words) == 1:
            parts.append(prefix + any_words[0])
        elif any_words:
            parts.append("(" + " OR ".join(prefix + w for w in any_words) + ")")
        if _words(self.phrase.data):
            parts.append(prefix + _quoted(self.phrase.data))
        parts.extend("-" + prefix + w for w in _words(self.none_words.data))
        for name in ("source", "official", "organization", "place", "topic"):
            if _words(getattr(self, name).data):
                parts.append(f"{name}:{_quoted(getattr(self, name).data)}")
        start, end = self.date_from.data, self.date_to.data
        if start or end:
            parts.append(f"date:{start.isoformat() if start else ''}..{end.isoformat() if end else ''}")
        return " ".join(parts)


class LoginForm(FlaskForm):
    """Admin login (POST, CSRF-protected)."""

    username = StringField("admin.username", validators=[DataRequired(), Length(max=100)])
    password = PasswordField("admin.password", validators=[DataRequired(), Length(max=1000)])


class UploadForm(FlaskForm):
    """A batch file for ingest."""

    file = FileField("admin.upload.file", validators=[FileRequired()])
    dry_run = BooleanField("admin.upload.dry_run")


class WithdrawForm(FlaskForm):
    """Withdraw one article with a public reason."""

    article_id = StringField("admin.withdraw.id", validators=[DataRequired(), Length(max=300)])
    reason = StringField("admin.withdraw.reason", validators=[DataRequired(), Length(max=1000)])


class WatchForm(FlaskForm):
    """Subscribe an e-mail address to the search carried in the form's hidden fields (POST, CSRF)."""

    email = StringField("watch.email", validators=[DataRequired(), Length(max=MAX_ADDRESS_CHARS)])

    def validate_email(self, field: StringField) -> None:
        """A plain deliverable address; `address` holds its canonical form."""
        self.address = normalize_address(field.data or "")
        if self.address is None:
            raise ValidationError(gettext("watch.bad_email"))


class RestoreForm(FlaskForm):
    """Restore a withdrawn article (the id travels in a hidden field)."""

    article_id = StringField("admin.withdraw.id", validators=[DataRequired(), Length(max=300)])
