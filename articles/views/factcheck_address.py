"""The editor's address panel: the slug readers see, set before publication, redirected after."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from articles import roles
from articles.models import FactCheck
from articles.services.errors import ServiceError
from articles.services.slugs import factcheck_slug_set
from articles.views.access import role_required
from articles.views.factcheck_editor import EDITOR, HtmxHttpRequest, address_context


@require_POST
@role_required(roles.REVIEW)
def factcheck_address(request: HtmxHttpRequest, pk: int):
    factcheck = get_object_or_404(FactCheck, pk=pk)
    try:
        factcheck = factcheck_slug_set(factcheck=factcheck, user=request.user, slug=request.POST.get("slug", ""))
    except ServiceError as error:
        if not request.htmx:
            messages.error(request, error.message)
            return redirect("workbench:factcheck_edit", pk=pk)
        context = address_context(request.user, factcheck) | {"slug_error": error.message}
        return render(request, f"{EDITOR}#address", context | {"slug_value": request.POST.get("slug", "")})
    if not request.htmx:
        messages.success(request, f"The address is now /fact-checks/{factcheck.slug}/.")
        return redirect("workbench:factcheck_edit", pk=pk)
    context = address_context(request.user, factcheck) | {"slug_saved": True}
    return trigger_client_event(render(request, f"{EDITOR}#address", context), "history-changed")
