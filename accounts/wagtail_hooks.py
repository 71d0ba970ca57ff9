"""Wagtail hooks: an e-book opened at a page (``?p=``) counts for "Continue reading"; OVEC staff
send sign-up invitations from the admin."""

from django.contrib.auth import SESSION_KEY
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import services
from .models import Invitation


@hooks.register("before_serve_page")
def record_reading_position(page, request, serve_args, serve_kwargs):
    number = request.GET.get("p", "")
    signed_in = request.user.is_authenticated and request.session.get(SESSION_KEY)
    if (
        request.method == "GET"
        and signed_in
        and number.isdigit()
        and 0 < int(number) <= 100_000
        and getattr(page.specific_class, "resource_type", "") == "ebook"
    ):
        services.reading_position_record(user=request.user, page=page, number=int(number))


class InvitationViewSet(SnippetViewSet):
    model = Invitation
    icon = "mail"
    menu_label = _("Sign-up invitations")
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["email", "invited_by", "created_at", "accepted_at"]
    form_fields = ["email"]


register_snippet(InvitationViewSet)


@hooks.register("after_create_snippet")
def send_invitation(request, instance):
    if isinstance(instance, Invitation):
        if instance.invited_by_id is None:
            Invitation.objects.filter(pk=instance.pk).update(invited_by=request.user)
        services.invitation_send(invitation=instance)
