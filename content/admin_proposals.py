"""Proposed changes to the shared units of competency in the Wagtail admin: CVM staff submit
them through the snippet's create view; OVEC (and its reference data editors) review each one
here and approve (the values are applied as a new revision of the unit) or reject it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from . import permissions, services
from .models import UnitOfCompetency, UnitOfCompetencyProposal


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve and apply")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    note = forms.CharField(
        label=_("Note to the proposer"), required=False, max_length=4000, widget=forms.Textarea
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say why the proposal is rejected."))
        return cleaned


def can_decide(user) -> bool:
    return user.has_perm(permissions.UNIT_DECIDE_PERMISSION)


def _field_labels() -> dict[str, str]:
    return {
        field.name: field.verbose_name
        for field in UnitOfCompetency._meta.get_fields()
        if hasattr(field, "verbose_name")
    }


@require_http_methods(["GET", "POST"])
def unit_proposal_review_view(request, proposal_id: int):
    if not can_decide(request.user):
        raise PermissionDenied
    proposal = get_object_or_404(
        UnitOfCompetencyProposal.objects.select_related("unit", "proposed_by", "decided_by"),
        pk=proposal_id,
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and proposal.is_pending and form.is_valid():
        note = form.cleaned_data["note"].strip()
        try:
            if form.cleaned_data["decision"] == "approve":
                unit = services.unit_proposal_approve(
                    proposal=proposal, user=request.user, note=note
                )
                messages.success(request, _("The change is applied to %(unit)s.") % {"unit": unit})
            else:
                services.unit_proposal_reject(proposal=proposal, user=request.user, note=note)
                messages.success(request, _("The proposal is rejected."))
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return redirect(reverse("wagtailsnippets_content_unitofcompetencyproposal:list"))
    labels = _field_labels()
    changes = [
        (labels.get(name, name), current, proposed)
        for name, current, proposed in proposal.changes()
    ]
    return render(
        request,
        "content/admin/unit_proposal_review.html",
        {"proposal": proposal, "changes": changes, "form": form},
    )
