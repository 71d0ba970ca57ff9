"""Wagtail admin: the reference data as snippets, grouped under one menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from . import services
from .admin_proposals import can_decide, unit_proposal_review_view
from .admin_views import (
    import_download_view,
    import_help_view,
    import_permissions,
    resources_import_view,
)
from .models import (
    UNIT_VALUE_FIELDS,
    FieldOfStudy,
    FieldRole,
    Industry,
    Institution,
    Level,
    TeachingApproach,
    UnitOfCompetency,
    UnitOfCompetencyProposal,
)


class FieldOfStudyViewSet(SnippetViewSet):
    model = FieldOfStudy
    icon = "folder-open-inverse"
    list_display = ["code", "name_th", "name_en", "host_college", "fiscal_year"]
    list_filter = ["fiscal_year", "industries"]
    search_fields = ["code", "name_th", "name_en"]
    ordering = ["fiscal_year", "list_number"]


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "home"
    list_display = ["name_th", "name_en", "province_th", "ownership"]
    list_filter = ["ownership"]
    search_fields = ["name_th", "name_en", "province_th"]


class VocabularyViewSet(SnippetViewSet):
    icon = "tag"
    list_display = ["code", "name_th", "name_en", "sort_order"]


class IndustryViewSet(VocabularyViewSet):
    model = Industry


class LevelViewSet(VocabularyViewSet):
    model = Level


class TeachingApproachViewSet(VocabularyViewSet):
    model = TeachingApproach


class FieldRoleViewSet(VocabularyViewSet):
    model = FieldRole


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = _("Reference data")
    menu_icon = "list-ul"
    menu_order = 250
    items = (
        FieldOfStudyViewSet,
        InstitutionViewSet,
        IndustryViewSet,
        LevelViewSet,
        TeachingApproachViewSet,
        FieldRoleViewSet,
    )


register_snippet(ReferenceDataGroup)


# --- Units of competency, bulk import ------------------------------------------------------------


class UnitOfCompetencyViewSet(SnippetViewSet):
    model = UnitOfCompetency
    icon = "tasks"
    list_display = ["code", "title", "standard_body", "level"]
    list_filter = ["standard_body"]
    search_fields = ["code", "title", "title_en"]


register_snippet(UnitOfCompetencyViewSet)


# --- Proposed changes to units of competency ------------------------------------------------------


class UnitProposalCreateView(CreateView):
    """CVM staff propose a change (``?unit=<id>`` starts from that unit's values) or a new unit;
    the proposal is saved by the service, which notes it in the unit's history."""

    def get_initial_form_instance(self):
        proposal = UnitOfCompetencyProposal()
        unit_id = self.request.GET.get("unit", "")
        unit = UnitOfCompetency.objects.filter(pk=unit_id).first() if unit_id.isdigit() else None
        if unit is not None:
            proposal.unit = unit
            for name in UNIT_VALUE_FIELDS:
                setattr(proposal, name, getattr(unit, name))
        return proposal

    def save_instance(self):
        return services.unit_proposal_submit(proposal=self.form.instance, user=self.request.user)


class UnitProposalViewSet(SnippetViewSet):
    model = UnitOfCompetencyProposal
    add_view_class = UnitProposalCreateView
    icon = "edit"
    menu_label = _("Proposed changes to units")
    list_display = ["code", "title", "unit", "status", "proposed_by", "proposed_at"]
    list_filter = ["status"]
    search_fields = ["code", "title", "reason"]
    inspect_view_enabled = True
    # What was proposed stays as it was proposed: OVEC decides in the review view.
    inspect_view_fields = [
        "unit",
        *UNIT_VALUE_FIELDS,
        "reason",
        "status",
        "proposed_by",
        "proposed_at",
        "decided_by",
        "decided_at",
        "decision_note",
    ]


register_snippet(UnitProposalViewSet)


@hooks.register("register_snippet_listing_buttons")
def unit_proposal_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, UnitOfCompetencyProposal) and snippet.is_pending and can_decide(user):
        yield ListingButton(
            _("Review"),
            url=reverse("content_unit_proposal_review", args=[snippet.pk]),
            icon_name="tasks",
            priority=5,
        )
    if isinstance(snippet, UnitOfCompetency) and user.has_perm(
        "content.add_unitofcompetencyproposal"
    ):
        yield ListingButton(
            _("Propose a change"),
            url=reverse("wagtailsnippets_content_unitofcompetencyproposal:add")
            + f"?unit={snippet.pk}",
            icon_name="edit",
            priority=20,
        )


@hooks.register("register_log_actions")
def register_unit_proposal_actions(actions):
    @actions.register_action(services.UNIT_PROPOSAL_SUBMITTED)
    class ProposalSubmitted(LogFormatter):
        label = _("Change proposed")

        def format_message(self, log_entry):
            return _("%(proposer)s proposed a change: %(reason)s") % {
                "proposer": log_entry.data.get("proposer", ""),
                "reason": log_entry.data.get("reason", ""),
            }

    @actions.register_action(services.UNIT_PROPOSAL_APPROVED)
    class ProposalApproved(LogFormatter):
        label = _("Proposed change applied")

        def format_message(self, log_entry):
            return _("Applied the change proposed by %(proposer)s") % {
                "proposer": log_entry.data.get("proposer", "")
            }

    @actions.register_action(services.UNIT_PROPOSAL_REJECTED)
    class ProposalRejected(LogFormatter):
        label = _("Proposed change rejected")

        def format_message(self, log_entry):
            return _("Rejected the change proposed by %(proposer)s: %(note)s") % {
                "proposer": log_entry.data.get("proposer", ""),
                "note": log_entry.data.get("note", ""),
            }


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path("content/import/", resources_import_view, name="content_import"),
        path("content/import/help/", import_help_view, name="content_import_help"),
        path(
            "content/import/download/<str:name>",
            import_download_view,
            name="content_import_download",
        ),
        path(
            "content/unit-proposals/<int:proposal_id>/review/",
            unit_proposal_review_view,
            name="content_unit_proposal_review",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        allowed, _publishable = import_permissions(user=request.user)
        return bool(allowed)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import resources"), reverse("content_import"), icon_name="upload", order=260
    )
