from django.contrib.auth.decorators import login_required


def account_required(view):
    """Signed-out visitors go to the public sign-in (not Wagtail's admin login)."""
    return login_required(view, login_url="account_login")
