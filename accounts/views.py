"""Pages of a signed-in user: profile, my work, linking a Moodle identity; the invitation link and
the reader's "last page open" endpoint."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Page

from files.selectors import attempt_summaries_for_users
from lms_bridge.selectors import launch_identity_for_request
from resource_collections.selectors import public_collections_of_user

from . import selectors, services
from .adapters import INVITATION_SESSION_KEY
from .decorators import account_required
from .forms import ProfileForm


@account_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for_user(user=request.user)
    form = ProfileForm(request.POST or None, initial=selectors.profile_initial(profile=profile))
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=request.user, **form.profile_data())
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    status = 400 if form.errors else 200
    return render(
        request, "accounts/profile_edit.html", {"form": form, "profile": profile}, status=status
    )


@require_GET
def profile_public(request: HttpRequest, key: str) -> HttpResponse:
    profile = selectors.profile_for_key(key=key)
    if profile is None:
        raise Http404
    context = {
        "profile": profile,
        "collections": public_collections_of_user(user=profile.user),
    }
    return render(request, "accounts/profile_public.html", context)


@account_required
@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    users = selectors.users_acting_as(user=request.user)
    context = {
        "profile": selectors.profile_for_user(user=request.user),
        "attempts": attempt_summaries_for_users(users=users),
        "reading": selectors.continue_reading(user=request.user),
        "lti_links": selectors.lti_links_of_user(user=request.user),
    }
    return render(request, "accounts/my_work.html", context)


@account_required
@require_http_methods(["GET", "POST"])
def lti_link(request: HttpRequest) -> HttpResponse:
    identity = launch_identity_for_request(request=request)
    if request.method == "POST":
        try:
            services.lti_identity_link(user=request.user, identity=identity)
        except services.LinkRefused as refusal:
            messages.error(request, refusal.message)
            return render(request, "accounts/lti_link.html", {"identity": identity}, status=400)
        messages.success(
            request,
            _(
                "Your Moodle identity is linked to this account. Back in Moodle, your "
                "collections now appear in the resource picker."
            ),
        )
        return redirect("accounts:my_work")
    links = selectors.lti_links_of_user(user=request.user)
    return render(request, "accounts/lti_link.html", {"identity": identity, "links": links})


@account_required
@require_POST
def lti_unlink(request: HttpRequest, link_id: int) -> HttpResponse:
    services.lti_identity_unlink(user=request.user, link_id=link_id)
    messages.success(request, _("The Moodle identity is no longer linked."))
    return redirect("accounts:my_work")


@require_GET
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = selectors.invitation_for_token(token=token)
    if found is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    request.session[INVITATION_SESSION_KEY] = token
    return redirect("account_signup")


@require_POST
def reading_position(request: HttpRequest) -> JsonResponse:
    """The e-book reader reports the page (or chapter) it shows, for "Continue reading"."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    try:
        page_id = int(request.POST.get("page", ""))
        number = int(request.POST.get("number", ""))
    except ValueError:
        message = _("page and number must be whole numbers")
        return JsonResponse({"ok": False, "error": message}, status=400)
    if number < 1 or number > 100_000:
        return JsonResponse({"ok": False, "error": _("no such page")}, status=400)
    page = Page.objects.live().filter(pk=page_id).first()
    if page is None or getattr(page.specific_class, "resource_type", "") != "ebook":
        return JsonResponse({"ok": False, "error": _("no such e-book")}, status=404)
    services.reading_position_record(user=request.user, page=page, number=number)
    return JsonResponse({"ok": True})


@account_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """A personal API token for the user's collections, shown once."""
    token = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.api_token_revoke(user=request.user)
            messages.success(request, _("Your API token no longer works."))
            return redirect("accounts:api_token")
        token = services.api_token_issue(user=request.user)
    context = {"token": token, "has_token": selectors.has_api_token(user=request.user)}
    response = render(request, "accounts/api_token.html", context)
    response["Cache-Control"] = "no-store"
    return response
