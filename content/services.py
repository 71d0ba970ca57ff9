"""Writes for the knowledge banks: keyword-only, atomic, idempotent where they set things up."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from . import permissions
from .models import (
    UNIT_VALUE_FIELDS,
    FieldOfStudy,
    HomePage,
    KnowledgeBankPage,
    ProposalStatus,
    UnitOfCompetency,
    UnitOfCompetencyProposal,
)

logger = logging.getLogger("intelligent_center.content")

Progress = Callable[[str], None]


def _home_page() -> HomePage:
    default_locale = Locale.get_default()
    home = HomePage.objects.filter(locale=default_locale).first() or HomePage.objects.first()
    if home is None:
        raise RuntimeError("No home page: run `manage.py migrate` first.")
    return home


def locales_ensure() -> None:
    for language_code in ("th", "en"):
        Locale.objects.get_or_create(language_code=language_code)


def _page_permissions(codenames: tuple[str, ...]) -> list[Permission]:
    return list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)
    )


def _collection_permissions() -> list[Permission]:
    found: list[Permission] = []
    for app_label, codenames in permissions.COLLECTION_PERMISSIONS.items():
        found += Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    return found


def _grant_group_basics(group: Group) -> None:
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )


def _model_permissions(models: permissions.ModelPermissions) -> list[Permission]:
    found: list[Permission] = []
    for app_label, actions_by_model in models.items():
        found += Permission.objects.filter(
            content_type__app_label=app_label,
            codename__in=[
                f"{action}_{model}"
                for model, actions in actions_by_model.items()
                for action in actions
            ],
        )
    return found


def _grant_model_permissions(group: Group, models: permissions.ModelPermissions) -> None:
    group.permissions.add(*_model_permissions(models))


def _grant_field_pages_and_collection(
    *, group: Group, bank: KnowledgeBankPage, collection: Collection, codenames: tuple[str, ...]
) -> None:
    wanted = _page_permissions(codenames)
    for permission in wanted:
        GroupPagePermission.objects.get_or_create(group=group, page=bank, permission=permission)
    for permission in _collection_permissions():
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )
    _grant_model_permissions(group, permissions.CVM_MODEL_PERMISSIONS)
    group.permissions.remove(*_model_permissions(permissions.CVM_REVOKED_MODEL_PERMISSIONS))


def field_collection_ensure(*, field_of_study: FieldOfStudy) -> Collection:
    root = Collection.get_first_root_node()
    name = f"{field_of_study.code} {field_of_study.name_th}"[:255]
    existing = root.get_children().filter(name__startswith=f"{field_of_study.code} ").first()
    if existing:
        return existing
    return root.add_child(name=name)


@transaction.atomic
def field_group_ensure(*, field_of_study: FieldOfStudy, bank: KnowledgeBankPage) -> Group:
    """The field's CVM heads (group ``CVM <code>``): edit, publish and approve in their own bank
    only; also makes the field's editors group and moderation workflow."""
    group, _created = Group.objects.get_or_create(
        name=permissions.cvm_group_name(field_of_study.code)
    )
    _grant_group_basics(group)
    collection = field_collection_ensure(field_of_study=field_of_study)
    _grant_field_pages_and_collection(
        group=group, bank=bank, collection=collection, codenames=permissions.CVM_PAGE_PERMISSIONS
    )
    field_editors_group_ensure(field_of_study=field_of_study, bank=bank, collection=collection)
    field_workflow_ensure(field_of_study=field_of_study, bank=bank, heads=group)
    return group


@transaction.atomic
def field_editors_group_ensure(
    *, field_of_study: FieldOfStudy, bank: KnowledgeBankPage, collection: Collection
) -> Group:
    """The field's editors (``CVM <code> editors``): write drafts in their own bank and submit
    them for moderation; never publish. Publishing permissions are removed if someone added them."""
    group, _created = Group.objects.get_or_create(
        name=permissions.cvm_editors_group_name(field_of_study.code)
    )
    _grant_group_basics(group)
    _grant_field_pages_and_collection(
        group=group,
        bank=bank,
        collection=collection,
        codenames=permissions.CVM_EDITOR_PAGE_PERMISSIONS,
    )
    GroupPagePermission.objects.filter(group=group).exclude(
        permission__codename__in=permissions.CVM_EDITOR_PAGE_PERMISSIONS
    ).delete()
    return group


@transaction.atomic
def field_workflow_ensure(
    *, field_of_study: FieldOfStudy, bank: KnowledgeBankPage, heads: Group
) -> Workflow:
    """Two steps: an editor submits, a CVM head of the field (or OVEC) approves and publishes."""
    workflow, _created = Workflow.objects.get_or_create(
        name=permissions.workflow_name(field_of_study.code)
    )
    task = GroupApprovalTask.objects.filter(
        name=permissions.approval_task_name(field_of_study.code)
    ).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=permissions.approval_task_name(field_of_study.code)
        )
    ovec, _created = Group.objects.get_or_create(name=permissions.OVEC_GROUP_NAME)
    task.groups.add(heads, ovec)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=bank, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def ovec_group_ensure() -> Group:
    """OVEC's central office: every bank, every collection, the reference data."""
    group, _created = Group.objects.get_or_create(name=permissions.OVEC_GROUP_NAME)
    _grant_group_basics(group)
    home = _home_page()
    for permission in _page_permissions(permissions.OVEC_PAGE_PERMISSIONS):
        GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
    root_collection = Collection.get_first_root_node()
    for permission in _collection_permissions():
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=permission
        )
    _grant_model_permissions(group, permissions.OVEC_MODEL_PERMISSIONS)
    reference_editors_group_ensure()
    return group


@transaction.atomic
def reference_editors_group_ensure() -> Group:
    """The people OVEC names to edit the shared units of competency (and decide proposals)."""
    group, _created = Group.objects.get_or_create(name=permissions.REFERENCE_EDITORS_GROUP_NAME)
    _grant_group_basics(group)
    _grant_model_permissions(group, permissions.REFERENCE_EDITORS_MODEL_PERMISSIONS)
    return group


@transaction.atomic
def bank_page_create(
    *, field_of_study: FieldOfStudy, home: HomePage | None = None
) -> KnowledgeBankPage:
    home = home or _home_page()
    bank = KnowledgeBankPage(
        title=field_of_study.full_name_th,
        slug=field_of_study.code.lower(),
        field=field_of_study,
        locale=home.locale,
    )
    home.add_child(instance=bank)
    bank.save_revision().publish()
    return bank


def banks_ensure(*, progress: Progress | None = None) -> int:
    """Create the missing bank pages and CVM groups; returns how many banks were created."""
    locales_ensure()
    home = _home_page()
    existing = dict(KnowledgeBankPage.objects.values_list("field_id", "id"))
    created = 0
    for field_of_study in FieldOfStudy.objects.order_by("fiscal_year", "list_number"):
        if field_of_study.pk in existing:
            bank = KnowledgeBankPage.objects.get(pk=existing[field_of_study.pk])
        else:
            bank = bank_page_create(field_of_study=field_of_study, home=home)
            home.refresh_from_db()
            created += 1
            if progress:
                progress(f"  bank {field_of_study.code}: {field_of_study.name_th}")
        field_group_ensure(field_of_study=field_of_study, bank=bank)
    ovec_group_ensure()
    return created


def site_align_with_base_url() -> bool:
    """The default Wagtail Site answers at ``SITE_BASE_URL`` (host and port), so every absolute
    URL Wagtail writes (API, JSON-LD, citations, OAI-PMH, sitemap) points there. True if changed."""
    from urllib.parse import urlsplit

    from django.conf import settings

    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    if not parts.hostname:
        return False
    port = parts.port or (443 if parts.scheme == "https" else 80)
    changed = (
        Site.objects.filter(is_default_site=True)
        .exclude(hostname=parts.hostname, port=port)
        .update(hostname=parts.hostname, port=port)
    )
    return bool(changed)


def bank_page_sync_title(*, field_of_study: FieldOfStudy) -> None:
    """Keep the bank page's title in step when staff rename a field."""
    bank = KnowledgeBankPage.objects.filter(field=field_of_study).first()
    if bank and bank.title != field_of_study.full_name_th:
        bank.title = field_of_study.full_name_th
        bank.save_revision().publish()


# --- Proposed changes to the shared units of competency ------------------------------------------

# Actions in a unit's history (registered with their labels in wagtail_hooks).
UNIT_PROPOSAL_SUBMITTED = "content.unit_proposal.submit"
UNIT_PROPOSAL_APPROVED = "content.unit_proposal.approve"
UNIT_PROPOSAL_REJECTED = "content.unit_proposal.reject"


class ProposalDecisionError(Exception):
    """The proposal cannot be decided (already decided, or the user may not decide it)."""


def _proposal_log_data(proposal: UnitOfCompetencyProposal) -> dict:
    proposer = proposal.proposed_by
    return {
        "proposal": proposal.pk,
        "proposer": (proposer.get_full_name() or proposer.get_username()) if proposer else "",
        "reason": proposal.reason[:500],
    }


@transaction.atomic
def unit_proposal_submit(*, proposal: UnitOfCompetencyProposal, user) -> UnitOfCompetencyProposal:
    """Save a proposal from ``user``; the unit it would change notes it in its history."""
    proposal.proposed_by = user
    proposal.status = ProposalStatus.PENDING
    proposal.save()
    if proposal.unit_id:
        log(
            instance=proposal.unit,
            action=UNIT_PROPOSAL_SUBMITTED,
            user=user,
            data=_proposal_log_data(proposal),
        )
    return proposal


def _proposal_decide_check(*, proposal: UnitOfCompetencyProposal, user) -> None:
    if not user.has_perm(permissions.UNIT_DECIDE_PERMISSION):
        raise ProposalDecisionError("Only OVEC and its reference data editors decide proposals.")
    if not proposal.is_pending:
        raise ProposalDecisionError("This proposal was already decided.")


@transaction.atomic
def unit_proposal_approve(
    *, proposal: UnitOfCompetencyProposal, user, note: str = ""
) -> UnitOfCompetency:
    """Apply the proposed values to the unit (or create it) as a new revision by ``user``.
    Raises ``ValidationError`` when the values no longer fit (e.g. the code was taken since)."""
    proposal = UnitOfCompetencyProposal.objects.select_for_update().get(pk=proposal.pk)
    _proposal_decide_check(proposal=proposal, user=user)
    unit = proposal.unit or UnitOfCompetency()
    created = unit.pk is None
    for name in UNIT_VALUE_FIELDS:
        setattr(unit, name, getattr(proposal, name))
    unit.full_clean(exclude=["latest_revision"])
    unit.save()
    revision = unit.save_revision(user=user, log_action=False)
    log(
        instance=unit,
        action="wagtail.create" if created else "wagtail.edit",
        user=user,
        revision=revision,
        content_changed=True,
    )
    log(instance=unit, action=UNIT_PROPOSAL_APPROVED, user=user, data=_proposal_log_data(proposal))
    proposal.unit = unit
    proposal.status = ProposalStatus.APPROVED
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    proposal.save()
    return unit


@transaction.atomic
def unit_proposal_reject(*, proposal: UnitOfCompetencyProposal, user, note: str) -> None:
    proposal = UnitOfCompetencyProposal.objects.select_for_update().get(pk=proposal.pk)
    _proposal_decide_check(proposal=proposal, user=user)
    proposal.status = ProposalStatus.REJECTED
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    proposal.save()
    if proposal.unit_id:
        data = {**_proposal_log_data(proposal), "note": note[:500]}
        log(instance=proposal.unit, action=UNIT_PROPOSAL_REJECTED, user=user, data=data)


__all__ = [
    "bank_page_create",
    "bank_page_sync_title",
    "banks_ensure",
    "site_align_with_base_url",
    "field_editors_group_ensure",
    "field_group_ensure",
    "field_workflow_ensure",
    "locales_ensure",
    "ovec_group_ensure",
    "reference_editors_group_ensure",
    "unit_proposal_approve",
    "unit_proposal_reject",
    "unit_proposal_submit",
]


@transaction.atomic
def page_slugs_restore(*, progress: Progress | None = None) -> int:
    """Give back the Thai vowels and tone marks that a mark-dropping slugifier took from resource
    slugs. Wagtail's save moves the descendants' URLs and adds a permanent redirect from the old
    address (``WAGTAILREDIRECTS_AUTO_CREATE``), so links to the old slug keep working. The latest
    revision gets the new slug too, or the next publish would bring the old one back."""
    from .models import RESOURCE_TYPES
    from .slugs import lossy_title_slugs, thai_slugify

    restored = 0
    for model in RESOURCE_TYPES.values():
        for page in model.objects.select_related("latest_revision"):
            if page.slug not in lossy_title_slugs(page.title):
                continue
            base = thai_slugify(page.title)
            siblings = set(page.get_siblings(inclusive=False).values_list("slug", flat=True))
            slug, n = base, 1
            while slug in siblings:
                n += 1
                slug = f"{base}-{n}"
            page.slug = slug
            page.save(clean=False, update_fields=["slug", "url_path"])
            revision = page.latest_revision
            if revision is not None and revision.content.get("slug") != slug:
                revision.content["slug"] = slug
                revision.save(update_fields=["content"])
            restored += 1
            if progress:
                progress(f"{page.url_path}")
    return restored
