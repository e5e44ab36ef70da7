"""The admin's import pages: upload, a preview read in the background, confirm, progress, list."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles import roles
from articles.forms import ImportUploadForm
from articles.ingest.limits import MAX_ARCHIVE_BYTES, MAX_FILE_BYTES, MAX_ZIP_MEMBERS, MAX_ZIP_TOTAL_BYTES
from articles.models import Article, Claim, ImportBatch, ImportItem
from articles.services.errors import ServiceError
from articles.services.import_preview import preview_from_json
from articles.services.imports import READ_LIMIT
from articles.services.uploads import upload_confirm, upload_store
from articles.views.access import role_required

BATCHES_PER_PAGE = 20
# A finished page lists this many new articles and claims; the queue has the rest.
SHOWN_RESULTS = 25
# Failures appear on the progress page as they happen, the latest first.
SHOWN_ERRORS = 50
LIMITS = {
    "file_mb": MAX_FILE_BYTES // (1024 * 1024),
    "archive_mb": MAX_ARCHIVE_BYTES // (1024 * 1024),
    "archive_total_mb": MAX_ZIP_TOTAL_BYTES // (1024 * 1024),
    "zip_members": MAX_ZIP_MEMBERS,
}


@require_GET
@role_required(roles.IMPORT)
def import_list(request):
    batches = ImportBatch.objects.listed().select_related("created_by").order_by("-created_at", "-pk")
    page = Paginator(batches, BATCHES_PER_PAGE).get_page(request.GET.get("page"))
    template = "workbench/imports/list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, {"page": page})


@require_http_methods(["GET", "POST"])
@role_required(roles.IMPORT)
def import_new(request):
    """GET: the upload form. POST: keep the files and show the batch page, where the preview appears."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "workbench/imports/new.html", {"form": form, "limits": LIMITS})
    files = [(upload.name, upload.read(READ_LIMIT)) for upload in form.cleaned_data["files"]]
    batch = upload_store(
        files=files, user=request.user, format=form.cleaned_data["format"], outlet=form.cleaned_data["outlet"]
    )
    return redirect(batch)


@require_POST
@role_required(roles.IMPORT)
def import_confirm(request, pk: int):
    try:
        batch = upload_confirm(batch_id=pk, user=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("workbench:import_new")
    return redirect(batch)


@require_GET
@role_required(roles.IMPORT)
def import_detail(request, pk: int):
    """One batch: its preview, its live progress (polled while it runs), or what came of it."""
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)
    template = "workbench/imports/detail.html"
    if request.htmx and not request.htmx.history_restore_request:
        # The polled fragment; once the batch is finished it comes back without the poll.
        template += "#status"
    return render(request, template, {"batch": batch, **_batch_context(batch, request.user)})


def _batch_context(batch: ImportBatch, user) -> dict:
    context = {"confirmable": batch.status == ImportBatch.Status.PREVIEWED and batch.created_by_id == user.pk}
    if batch.status == ImportBatch.Status.PREVIEWED and batch.preview:
        context["preview"] = preview_from_json(batch.preview)
    if batch.status in (ImportBatch.Status.RUNNING, ImportBatch.Status.DONE, ImportBatch.Status.FAILED):
        failed = batch.items.filter(status=ImportItem.Status.FAILED)
        context["recent_errors"] = failed.order_by("-updated_at", "-position")[:SHOWN_ERRORS]
    if batch.is_finished:
        articles = Article.objects.filter(import_batch=batch).annotate(quote_count=Count("quotes")).order_by("pk")
        claims = Claim.objects.filter(quotes__article__import_batch=batch).distinct()
        shown = list(articles[:SHOWN_RESULTS])
        context.update(
            new_articles=shown,
            more_articles=max(0, batch.created_count - len(shown)),
            new_claims=claims.select_related("speaker").order_by("-checkworthiness", "pk")[:SHOWN_RESULTS],
            claim_count=claims.count(),
        )
    return context
