from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Visibility


class CollectionForm(forms.Form):
    title = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.PRIVATE,
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this collection?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
