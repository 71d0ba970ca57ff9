"""Sign-up extras (role, college, fields of study) and the profile form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from content.selectors import fields_queryset, institutions_queryset

from .models import Role


class InstitutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class FieldChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.full_name}"


class ProfileFieldsMixin(forms.Form):
    display_name = forms.CharField(label=_("Your name (shown to others)"), max_length=150)
    role = forms.ChoiceField(label=_("I am a"), choices=Role.choices, widget=forms.RadioSelect)
    institution = InstitutionChoiceField(
        label=_("College"),
        queryset=None,
        required=False,
        empty_label=_("— not a college member / not listed —"),
    )
    # A list of check boxes (a phone shows them as they are; a multiple <select> of 101
    # fields needed Ctrl-click on a computer), filtered as one types (accounts/field-filter.js).
    fields_of_study = FieldChoiceField(
        label=_("Fields of study"),
        queryset=None,
        required=False,
        help_text=_("Tick each field you teach or study."),
        widget=forms.CheckboxSelectMultiple(
            attrs={"class": "field-choices", "data-filter-label": _("Find a field")}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions_queryset()
        self.fields["fields_of_study"].queryset = fields_queryset()

    def profile_data(self) -> dict:
        return {
            "display_name": self.cleaned_data["display_name"],
            "role": self.cleaned_data["role"],
            "institution": self.cleaned_data.get("institution"),
            "fields_of_study": list(self.cleaned_data.get("fields_of_study") or []),
        }


class ProfileSignupForm(ProfileFieldsMixin):
    """allauth's ACCOUNT_SIGNUP_FORM_CLASS: its fields join the sign-up form."""

    def signup(self, request, user) -> None:
        from .services import profile_update

        profile_update(user=user, **self.profile_data())


class ProfileForm(ProfileFieldsMixin):
    pass
