"""The one-click "record this match" form of the matching page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from content.models import EmployerProfilePage, FieldOfStudy, Institution, Level

from .models import Establishment


class MatchRecordForm(forms.Form):
    establishment = forms.ModelChoiceField(Establishment.objects.all(), required=False)
    profile_page = forms.IntegerField(required=False, min_value=1)
    institution = forms.ModelChoiceField(Institution.objects.all())
    level = forms.ModelChoiceField(Level.objects.all(), required=False)
    year = forms.IntegerField(min_value=2500, max_value=2700)
    places = forms.IntegerField(min_value=1, max_value=10_000)

    def __init__(self, *args, field_of_study: FieldOfStudy, **kwargs):
        super().__init__(*args, **kwargs)
        self.field_of_study = field_of_study

    def clean(self):
        data = super().clean()
        page_id = data.get("profile_page")
        if data.get("establishment") is None and not page_id:
            raise forms.ValidationError(_("Choose an employer."))
        if data.get("establishment") is None:
            page = EmployerProfilePage.objects.filter(pk=page_id, live=True).first()
            if page is None:
                raise forms.ValidationError(_("This employer profile does not exist."))
            data["profile_page"] = page
        return data

    def error_messages_flat(self) -> list[str]:
        return [str(message) for errors in self.errors.values() for message in errors]
