"""Editors correct a speaker (/workbench/speakers/<pk>/edit/): name, role, affiliation, other names."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from articles import roles
from articles.models import FactCheck, Speaker
from articles.review_forms import SpeakerForm
from articles.services.errors import ServiceError
from articles.services.speakers import speaker_update
from articles.views.access import role_required
from articles.views.claims import HtmxHttpRequest


def _back(request, speaker: Speaker) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    claim = speaker.claims.order_by("-checkworthiness").first()
    return claim.get_absolute_url() if claim else speaker.get_absolute_url()


@require_http_methods(["GET", "POST"])
@role_required(roles.REVIEW)
def speaker_edit(request: HtmxHttpRequest, pk: int):
    speaker = get_object_or_404(Speaker.objects.annotate(claim_count=Count("claims")), pk=pk)
    aliases = list(speaker.aliases.values_list("name", flat=True))
    initial = {"name": speaker.name, "role": speaker.role, "affiliation": speaker.affiliation}
    form = SpeakerForm(request.POST or None, initial=initial | {"aliases": "\n".join(aliases)})
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            speaker_update(speaker=speaker, user=request.user, **form.cleaned_data)
        except ServiceError as refused:
            error = refused.message
        else:
            messages.success(request, f"Saved the speaker {form.cleaned_data['name']}.")
            return redirect(_back(request, speaker))
    published = FactCheck.objects.published().filter(claim__speaker=speaker).count()
    context = {"speaker": speaker, "form": form, "error": error, "published": published}
    context["next"] = _back(request, speaker)
    return render(request, "workbench/speakers/edit.html", context)
