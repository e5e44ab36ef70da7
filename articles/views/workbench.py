"""The workbench's home (what is waiting for me) and its article page.

The review queue and claim pages are in `articles.views.claims`.
"""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from articles import roles
from articles.highlight import article_blocks
from articles.models import Article, AuditEvent, Claim, FactCheck, Quote, Source
from articles.views.access import role_required
from articles.views.claims import HtmxHttpRequest

DASHBOARD_ROWS = 6
ACTIVITY_ROWS = 15


@require_GET
@role_required(roles.REVIEW)
def dashboard(request: HtmxHttpRequest):
    user = request.user
    pending = Claim.objects.pending_review()
    mine = FactCheck.objects.for_list().filter(Q(author=user) | Q(claim__assigned_to=user))
    # Two-person approval: an editor never approves their own work, so it is not listed.
    to_approve = FactCheck.objects.awaiting_approval_by(user).for_list().order_by("updated_at")
    context = {
        "pending_count": pending.count(),
        "assigned_count": pending.filter(assigned_to=user).count(),
        "to_triage": pending.filter(Q(assigned_to=user) | Q(assigned_to__isnull=True)).for_queue()[:DASHBOARD_ROWS],
        "drafts": mine.filter(status=FactCheck.Status.DRAFT).order_by("-updated_at")[:DASHBOARD_ROWS],
        "mine_in_review": mine.filter(status=FactCheck.Status.IN_REVIEW).order_by("-updated_at")[:DASHBOARD_ROWS],
        "mine_scheduled": mine.filter(status=FactCheck.Status.SCHEDULED).order_by("published_at")[:DASHBOARD_ROWS],
        "can_publish": user.has_perm(roles.PUBLISH),
        "to_approve": to_approve[:DASHBOARD_ROWS],
        "activity": AuditEvent.objects.actions().recent().select_related("claim__speaker")[:ACTIVITY_ROWS],
    }
    return render(request, "workbench/dashboard.html", context)


@require_GET
@role_required(roles.REVIEW)
def article_detail(request: HtmxHttpRequest, pk: int):
    """The article as imported, every quote marked where it was found, and the sources it cites."""
    article = get_object_or_404(
        Article.objects.for_list().prefetch_related(
            Prefetch("sources", queryset=Source.objects.select_related("outlet")),
            Prefetch("quotes", queryset=Quote.objects.select_related("speaker", "claim__factcheck")),
        ),
        pk=pk,
    )
    quotes = list(article.quotes.all())
    for number, quote in enumerate(quotes, start=1):
        quote.number = number
    blocks = article_blocks(article.body, [(quote.start, quote.end, quote) for quote in quotes], article.headings)
    return render(request, "workbench/articles/detail.html", {"article": article, "quotes": quotes, "blocks": blocks})
