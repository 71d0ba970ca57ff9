"""Who may edit which knowledge bank: one Wagtail group per field, plus OVEC for all."""

from __future__ import annotations

OVEC_GROUP_NAME = "OVEC"
# Whom OVEC names to edit the shared reference data with it (membership is OVEC's call).
REFERENCE_EDITORS_GROUP_NAME = "Reference data editors"
CVM_GROUP_PREFIX = "CVM "
CVM_EDITORS_SUFFIX = " editors"

# Wagtail page permissions a field's CVM staff hold on their own bank page (and its subtree).
# The group ``CVM <code>`` holds the field's heads (they publish and approve); the group
# ``CVM <code> editors`` writes drafts and submits them to the heads through the field's workflow.
CVM_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
CVM_EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
OVEC_PAGE_PERMISSIONS = (*CVM_PAGE_PERMISSIONS, "bulk_delete_page")
# Collection permissions for the field's own images and documents.
COLLECTION_PERMISSIONS = {
    "wagtailimages": ("add_image", "change_image", "choose_image"),
    "wagtaildocs": ("add_document", "change_document", "choose_document"),
}
# Model permissions: app label → model → actions.
ModelPermissions = dict[str, dict[str, tuple[str, ...]]]
EDIT = ("add", "change", "view")
# OVEC curates the reference data (snippets) too.
OVEC_MODEL_PERMISSIONS: ModelPermissions = {
    "content": {
        "fieldofstudy": EDIT,
        "institution": EDIT,
        "industry": EDIT,
        "level": EDIT,
        "teachingapproach": EDIT,
        "fieldrole": EDIT,
        # Changing a unit is also what lets someone approve or reject the proposals.
        "unitofcompetency": EDIT,
        "unitofcompetencyproposal": ("view",),
    },
    # The search synonym list (เซ็นเซอร์ ↔ sensor …) is curated centrally.
    "search": {"synonym": EDIT},
    # With ACCOUNT_SIGNUP_MODE=invitation the central office invites teachers and students.
    "accounts": {"invitation": EDIT},
}
# The units of competency every field shares: edited by OVEC and its reference data editors.
REFERENCE_EDITORS_MODEL_PERMISSIONS: ModelPermissions = {
    "content": {
        "unitofcompetency": EDIT,
        "unitofcompetencyproposal": ("view",),
    },
}
# CVM staff see the units and propose changes or new units; they edit none directly.
CVM_MODEL_PERMISSIONS: ModelPermissions = {
    "content": {"unitofcompetency": ("view",), "unitofcompetencyproposal": ("add", "view")},
}
# Held by no group: a submitted proposal is never rewritten (only decided).
NOBODY_MODEL_PERMISSIONS: ModelPermissions = {
    "content": {"unitofcompetencyproposal": ("change", "delete")},
}
# Taken back from CVM groups made before the proposals existed.
CVM_REVOKED_MODEL_PERMISSIONS: ModelPermissions = {
    "content": {
        "unitofcompetency": ("add", "change", "delete"),
        **NOBODY_MODEL_PERMISSIONS["content"],
    },
}
# Who applies or rejects a proposal: whoever may change the units themselves. Nobody changes a
# proposal once submitted (no change permission): what was proposed stays as it was proposed.
UNIT_DECIDE_PERMISSION = "content.change_unitofcompetency"


def cvm_group_name(code: str) -> str:
    return f"{CVM_GROUP_PREFIX}{code}"


def cvm_editors_group_name(code: str) -> str:
    return f"{CVM_GROUP_PREFIX}{code}{CVM_EDITORS_SUFFIX}"


def workflow_name(code: str) -> str:
    return f"Moderation {code}"


def approval_task_name(code: str) -> str:
    return f"Approval by CVM {code}"
