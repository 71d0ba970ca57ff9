"""Wagtail permission policies: the knowledge banks' per-field rule applied to workforce rows."""

from __future__ import annotations

from wagtail.permission_policies.base import BasePermissionPolicy

from . import permissions


class FieldScopedPermissionPolicy(BasePermissionPolicy):
    """CVM staff act on their own field's rows; OVEC on all. ``field_attr`` names the FK."""

    def __init__(self, model, field_attr: str = "field"):
        super().__init__(model)
        self.field_attr = field_attr

    def user_has_permission(self, user, action):
        return permissions.is_workforce_staff(user)

    def user_has_any_permission(self, user, actions):
        return permissions.is_workforce_staff(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()

    def user_has_permission_for_instance(self, user, action, instance):
        codes = permissions.field_codes_for(user)
        if codes is permissions.ALL:
            return True
        field_of_study = getattr(instance, self.field_attr, None)
        return field_of_study is not None and field_of_study.code in codes

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_permission_for_instance(user, actions[0], instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return permissions.scope_queryset(self.model._default_manager.all(), user)


class OvecOnlyPermissionPolicy(BasePermissionPolicy):
    """Definitions that hold for every field (indicators): OVEC edits, CVM staff may read."""

    def user_has_permission(self, user, action):
        if action == "view":
            return permissions.is_workforce_staff(user)
        return permissions.is_ovec(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.model._default_manager.all()
        return self.model._default_manager.none()
