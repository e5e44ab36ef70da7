"""The editor's citations panel: search Sources, cite one (or a new one), move, annotate, remove.

Every action is a small POST answering with the whole panel, so the order numbers and
the article's suggestions stay right; the editor's history refreshes on the
`history-changed` event. Without htmx each action redirects back to the editor.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from articles import roles
from articles.forms import CitationAddForm, CitationMoveForm, CitationNoteForm
from articles.models import Citation, FactCheck, Source
from articles.search import text_search
from articles.services import citations as service
from articles.services.errors import ServiceError
from articles.views.access import role_required
from articles.views.factcheck_editor import EDITOR, HtmxHttpRequest, citations_context

SEARCH_RESULTS = 10


def _panel(request, factcheck: FactCheck, *, error: str = "", form=None):
    """The panel, its error in place (200: an error status would log a failed request in the console)."""
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("workbench:factcheck_edit", pk=factcheck.pk)
    context = citations_context(factcheck) | {"citation_error": error, "add_form": form}
    response = render(request, f"{EDITOR}#citations", context)
    return response if error else trigger_client_event(response, "history-changed")


def _citation(factcheck_pk: int, pk: int) -> Citation:
    return get_object_or_404(
        Citation.objects.select_related("factcheck__claim", "source"), pk=pk, factcheck=factcheck_pk
    )


@require_GET
@role_required(roles.REVIEW)
def source_search(request: HtmxHttpRequest, pk: int):
    """Sources matching ?q= (title, URL or outlet) that this fact-check doesn't cite yet."""
    factcheck = get_object_or_404(FactCheck, pk=pk)
    query = request.GET.get("q", "").strip()
    sources = []
    if query:
        found = text_search(Source.objects.select_related("outlet"), query, ["title", "outlet__name", "url"])
        sources = list(found.exclude(citations__factcheck=factcheck)[:SEARCH_RESULTS])
    return render(request, f"{EDITOR}#source_results", {"factcheck": factcheck, "sources": sources, "query": query})


@require_POST
@role_required(roles.REVIEW)
def citation_add(request: HtmxHttpRequest, pk: int):
    factcheck = get_object_or_404(FactCheck, pk=pk)
    form = CitationAddForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(" ".join(message for errors in form.errors.values() for message in errors))
        service.citation_add(factcheck=factcheck, user=request.user, **form.cleaned_data)
    except ServiceError as error:
        return _panel(request, factcheck, error=error.message, form=form)
    return _panel(request, factcheck)


@require_POST
@role_required(roles.REVIEW)
def citation_remove(request: HtmxHttpRequest, pk: int, citation_pk: int):
    citation = _citation(pk, citation_pk)
    try:
        service.citation_remove(citation=citation, user=request.user)
    except ServiceError as error:
        return _panel(request, citation.factcheck, error=error.message)
    return _panel(request, citation.factcheck)


@require_POST
@role_required(roles.REVIEW)
def citation_move(request: HtmxHttpRequest, pk: int, citation_pk: int):
    citation = _citation(pk, citation_pk)
    form = CitationMoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError("Move it up or down.")
        service.citation_move(citation=citation, user=request.user, offset=form.offset)
    except ServiceError as error:
        return _panel(request, citation.factcheck, error=error.message)
    return _panel(request, citation.factcheck)


@require_POST
@role_required(roles.REVIEW)
def citation_note(request: HtmxHttpRequest, pk: int, citation_pk: int):
    """Save a citation's note. With htmx only the note's status comes back, so the field
    being typed in is never replaced (it saves on blur and on a pause)."""
    citation = _citation(pk, citation_pk)
    form = CitationNoteForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError("A note is at most 500 characters.")
        service.citation_note_update(citation=citation, user=request.user, note=form.cleaned_data["note"])
    except ServiceError as error:
        if not request.htmx:
            return _panel(request, citation.factcheck, error=error.message)
        return render(request, f"{EDITOR}#note_error", {"error": error.message})
    if not request.htmx:
        return _panel(request, citation.factcheck)
    return trigger_client_event(render(request, f"{EDITOR}#note_saved"), "history-changed")
