"""Who may edit which knowledge bank: one Wagtail group per field, plus OVEC for all."""

from __future__ import annotations

OVEC_GROUP_NAME = "OVEC"
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
# OVEC curates the reference data (snippets) too.
OVEC_MODEL_PERMISSIONS = {
    "content": (
        "fieldofstudy",
        "institution",
        "industry",
        "level",
        "teachingapproach",
        "fieldrole",
        "unitofcompetency",
    ),
    # The search synonym list (เซ็นเซอร์ ↔ sensor …) is curated centrally.
    "search": ("synonym",),
}
# CVM staff may add units of competency their resources align with.
CVM_MODEL_PERMISSIONS = {"content": ("unitofcompetency",)}


def cvm_group_name(code: str) -> str:
    return f"{CVM_GROUP_PREFIX}{code}"


def cvm_editors_group_name(code: str) -> str:
    return f"{CVM_GROUP_PREFIX}{code}{CVM_EDITORS_SUFFIX}"


def workflow_name(code: str) -> str:
    return f"Moderation {code}"


def approval_task_name(code: str) -> str:
    return f"Approval by CVM {code}"
