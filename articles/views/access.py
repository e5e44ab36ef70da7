"""Access rules shared by every workbench view.

Anonymous visitors are sent to the login page; a signed-in user whose role lacks the
permission gets 403, so a checker can never reach an editor's action by URL.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def role_required(perm: str):
    """Require login, then `perm`; answer 403 (not a login loop) when the role lacks it."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator
