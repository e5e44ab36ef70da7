"""Who is trying to log in: the client address that login throttling (django-axes) counts by.

Directly served, that is the socket's address. Behind the one proxy that
`DJANGO_BEHIND_PROXY` describes, the socket's address is the proxy's, so the client is the
last entry of X-Forwarded-For: the one our proxy appended. Earlier entries came from the
client and could name anyone, so they are never used.
"""

from django.conf import settings


def client_ip(request) -> str:
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last[:64]
    return request.META.get("REMOTE_ADDR", "")


def locked_out(request, original_response=None, credentials=None):
    """The page a locked-out login gets (429): who is paused, for how long, and how to get in sooner."""
    from axes.helpers import get_client_username, get_cool_off, get_failure_limit
    from django.shortcuts import render

    cool_off = get_cool_off(request)
    context = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "registration/locked_out.html", context, status=429)


def username(request, credentials=None) -> str:
    """The username a login attempt is counted under, cut to what the database can store.

    Django's login forms do not enforce the username's length, so a pasted paragraph
    reached django-axes' varchar(255) column and PostgreSQL refused it (a 500).
    """
    name = (credentials or {}).get("username")
    if name is None:
        name = request.POST.get("username", "") if request is not None else ""
    return str(name).replace("\x00", "")[:150]
