"""The review queue (/workbench/claims/): the list, one claim's page, and the row actions.

The list filters with `ClaimFilter` and answers htmx requests with the results fragment.
Each row action is a small POST view: with htmx it returns the updated row (or the row
with its form and errors), without it redirects back with a message, so every action
also works as a plain form.
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event
from django_htmx.middleware import HtmxDetails

from articles import roles
from articles.filters import ClaimFilter
from articles.highlight import paragraph_around
from articles.models import AuditEvent, Claim, Quote
from articles.review_forms import AssignForm, BulkForm, MergeForm, QuoteCorrectForm, RejectForm, reviewers
from articles.services import review
from articles.services.errors import ServiceError
from articles.views.access import role_required

QUEUE = "workbench/claims/queue.html"
PER_PAGE = 25
PANELS = {"correct", "merge", "split"}


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def queue_context(request: HtmxHttpRequest, params: QueryDict, *, queue_url: str) -> dict:
    """The filtered, sorted, paginated queue for `params`, ready for the page or its fragment."""
    claims = ClaimFilter(params, queryset=Claim.objects.for_queue(), request=request)
    page = Paginator(claims.qs, PER_PAGE).get_page(params.get("page"))
    defaults = {"page": None, "sort": None, "status": ClaimFilter.DEFAULTS["status"]}
    return {
        "filter": claims,
        "params": params,
        "page_obj": page,
        "reviewers": list(reviewers()),
        "reasons": Claim.RejectionReason.choices,
        "filtered": any(value and defaults.get(key, "") not in (None, value) for key, value in params.items()),
        "queue_url": queue_url,
    }


def _queue_count(request: HtmxHttpRequest) -> dict | None:
    """The queue's count as its own filters now give it, for the page the row is on (None elsewhere)."""
    current = urlsplit(request.htmx.current_url or "") if request.htmx else None
    if current is None or current.path != reverse("workbench:claim_list"):
        return None
    claims = ClaimFilter(QueryDict(current.query), queryset=Claim.objects.all(), request=request)
    data = claims.form.cleaned_data if claims.is_valid() else {}
    return {"count": claims.qs.count(), "status": data.get("status"), "q": data.get("q")}


def _row(request: HtmxHttpRequest, pk: int, **extra):
    claim = get_object_or_404(Claim.objects.for_queue(), pk=pk)
    context = {
        "claim": claim,
        "reviewers": list(reviewers()),
        "reasons": Claim.RejectionReason.choices,
        "queue_url": request.htmx.current_url if request.htmx else "",
        "count_update": _queue_count(request),
    }
    return render(request, f"{QUEUE}#row", context | extra)


def _next(request: HtmxHttpRequest) -> str:
    url = request.POST.get("next", "")
    # Only a path on this site: `redirect()` would try any other word as a URL name (a 500).
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return reverse("workbench:claim_list")


def _answer(request: HtmxHttpRequest, pk: int, message: str, *, ok: bool = True, **extra):
    """The updated row with a toast (htmx), or back to where the form was with a message."""
    if not request.htmx:
        messages.add_message(request, messages.SUCCESS if ok else messages.ERROR, message)
        return redirect(_next(request))
    response = _row(request, pk, **({} if ok else {"error": message}) | extra)
    return trigger_client_event(response, "toast", {"message": message, "level": "success" if ok else "error"})


@require_GET
@role_required(roles.REVIEW)
def claim_list(request: HtmxHttpRequest):
    context = queue_context(request, request.GET, queue_url=request.get_full_path())
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, f"{QUEUE}#results", context)
    return render(request, QUEUE, context)


@require_GET
@role_required(roles.REVIEW)
def claim_detail(request: HtmxHttpRequest, pk: int):
    claim = get_object_or_404(
        Claim.objects.for_queue().prefetch_related(
            Prefetch("audit_events", queryset=AuditEvent.objects.select_related("actor").order_by("-created_at", "-id"))
        ),
        pk=pk,
    )
    appearances = [
        (quote, paragraph_around(quote.article.body, quote.start, quote.end, quote)) for quote in claim.quotes.all()
    ]
    correcting = next((quote for quote in claim.quotes.all() if str(quote.pk) == request.GET.get("correct")), None)
    context = {
        "claim": claim,
        "appearances": appearances,
        "reviewers": list(reviewers()),
        "reasons": Claim.RejectionReason.choices,
        "merge_form": MergeForm(claim=claim),
        "correcting": correcting,
        "correct_form": _correct_form(correcting) if correcting else None,
    }
    return render(request, "workbench/claims/detail.html", context)


def _correct_form(quote: Quote, data=None) -> QuoteCorrectForm:
    return QuoteCorrectForm(data, initial={"speaker": quote.speaker_id, "start": quote.start, "end": quote.end})


@require_GET
@role_required(roles.REVIEW)
def claim_row(request: HtmxHttpRequest, pk: int):
    """One row, optionally with a panel open (?panel=correct|merge|split), for htmx."""
    panel = request.GET.get("panel") if request.GET.get("panel") in PANELS else None
    if panel is None:
        return _row(request, pk)
    claim = get_object_or_404(Claim.objects.for_queue(), pk=pk)
    quotes = list(claim.quotes.all())
    quote = next((q for q in quotes if str(q.pk) == request.GET.get("quote")), quotes[0] if quotes else None)
    extra = {"panel": panel, "panel_quote": quote}
    if panel == "correct" and quote is not None:
        extra |= {
            "form": _correct_form(quote),
            "paragraph": paragraph_around(quote.article.body, quote.start, quote.end),
        }
    elif panel == "merge":
        extra["form"] = MergeForm(claim=claim)
    return _row(request, pk, **extra)


@require_POST
@role_required(roles.REVIEW)
def claim_accept(request: HtmxHttpRequest, pk: int):
    claim = get_object_or_404(Claim, pk=pk)
    try:
        factcheck = review.claim_accept(claim=claim, user=request.user)
    except ServiceError as error:
        return _answer(request, pk, error.message, ok=False)
    if request.POST.get("then") == "draft" and not request.htmx:
        messages.success(request, f"Accepted claim #{pk}. This is its draft fact-check.")
        return redirect("workbench:factcheck_edit", pk=factcheck.pk)
    return _answer(request, pk, f"Accepted claim #{pk}. Its draft fact-check is ready: press o to open it.")


@require_POST
@role_required(roles.REVIEW)
def claim_reject(request: HtmxHttpRequest, pk: int):
    claim = get_object_or_404(Claim, pk=pk)
    form = RejectForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError("Choose why the claim is rejected.")
        review.claim_reject(claim=claim, user=request.user, reason=form.cleaned_data["reason"])
    except ServiceError as error:
        return _answer(request, pk, error.message, ok=False)
    reason = Claim.RejectionReason(form.cleaned_data["reason"]).label.lower()
    return _answer(request, pk, f"Rejected claim #{pk} ({reason}).")


@require_POST
@role_required(roles.REVIEW)
def claim_assign(request: HtmxHttpRequest, pk: int):
    claim = get_object_or_404(Claim, pk=pk)
    form = AssignForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError("Choose someone who can review claims.")
        assignee = form.cleaned_data["assignee"]
        review.claim_assign(claim=claim, user=request.user, assignee=assignee)
    except ServiceError as error:
        return _answer(request, pk, error.message, ok=False)
    who = (assignee.get_full_name() or assignee.get_username()) if assignee else "nobody"
    return _answer(request, pk, f"Claim #{pk} is assigned to {who}.")


@require_POST
@role_required(roles.REVIEW)
def claim_reopen(request: HtmxHttpRequest, pk: int):
    claim = get_object_or_404(Claim, pk=pk)
    try:
        review.claim_reopen(claim=claim, user=request.user)
    except ServiceError as error:
        return _answer(request, pk, error.message, ok=False)
    return _answer(request, pk, f"Claim #{pk} is back in the queue.")


@require_POST
@role_required(roles.REVIEW)
def quote_correct(request: HtmxHttpRequest, pk: int):
    quote = get_object_or_404(Quote.objects.select_related("article"), pk=pk)
    form = _correct_form(quote, request.POST)
    try:
        if not form.is_valid():
            raise ServiceError("Check the speaker and the offsets.")
        review.quote_correct(quote=quote, user=request.user, **form.cleaned_data)
    except ServiceError as error:
        form.add_error(None, error.message)
        paragraph = paragraph_around(quote.article.body, quote.start, quote.end)
        return _answer(
            request,
            quote.claim_id,
            error.message,
            ok=False,
            panel="correct",
            panel_quote=quote,
            form=form,
            paragraph=paragraph,
        )
    return _answer(request, quote.claim_id, f"Corrected the quote in “{quote.article.title[:60]}”.")


@require_POST
@role_required(roles.REVIEW)
def claim_merge(request: HtmxHttpRequest, pk: int):
    claim = get_object_or_404(Claim.objects.select_related("speaker"), pk=pk)
    form = MergeForm(request.POST, claim=claim)
    try:
        if not form.is_valid():
            raise ServiceError(" ".join(form.non_field_errors()) or "Choose the claim to merge into this one.")
        other = form.cleaned_data["other_claim"]
        review.claim_merge(target=claim, other=other, user=request.user, confirm=form.cleaned_data["confirm"])
    except ServiceError as error:
        needs_confirm = isinstance(error, review.ConfirmationRequired)
        return _answer(request, pk, error.message, ok=False, panel="merge", form=form, needs_confirm=needs_confirm)
    return _answer(request, pk, f"Merged claim #{other.pk} into #{pk}.", removed=other.pk)


@require_POST
@role_required(roles.REVIEW)
def quote_split(request: HtmxHttpRequest, pk: int):
    quote = get_object_or_404(Quote, pk=pk)
    try:
        new_claim = review.quote_split(quote=quote, user=request.user)
    except ServiceError as error:
        return _answer(request, quote.claim_id, error.message, ok=False)
    added = Claim.objects.for_queue().get(pk=new_claim.pk) if request.htmx else None
    return _answer(request, quote.claim_id, f"Split the appearance off into claim #{new_claim.pk}.", added=added)


BULK_ACTIONS = {
    "accept": ("Accepted", lambda data, user: review.claims_bulk_accept(claims=data["claims"], user=user)),
    "reject": (
        "Rejected",
        lambda data, user: review.claims_bulk_reject(claims=data["claims"], user=user, reason=data["reason"]),
    ),
    "assign": (
        "Assigned",
        lambda data, user: review.claims_bulk_assign(claims=data["claims"], user=user, assignee=data["assignee"]),
    ),
}


@require_POST
@role_required(roles.REVIEW)
def claim_bulk(request: HtmxHttpRequest):
    """Accept, reject or assign the selected claims, then show the queue as it now stands."""
    form = BulkForm(request.POST)
    message, ok = " ".join(error for errors in form.errors.values() for error in errors), False
    if form.is_valid():
        verb, action = BULK_ACTIONS[form.cleaned_data["action"]]
        try:
            result = action(form.cleaned_data, request.user)
            message, ok = result.summary(verb), not result.skipped
        except ServiceError as error:
            message = error.message
    next_url = _next(request)
    if not request.htmx:
        messages.add_message(request, messages.SUCCESS if ok else messages.WARNING, message)
        return redirect(next_url)
    params = QueryDict(next_url.split("?", 1)[1] if "?" in next_url else "")
    response = render(request, f"{QUEUE}#results", queue_context(request, params, queue_url=next_url))
    return trigger_client_event(response, "toast", {"message": message, "level": "success" if ok else "warning"})
