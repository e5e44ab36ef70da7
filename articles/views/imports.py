"""The admin's import pages: upload with a dry-run preview, confirm, follow progress, list batches."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles import roles
from articles.forms import ImportUploadForm
from articles.ingest.limits import MAX_ARCHIVE_BYTES, MAX_FILE_BYTES, MAX_ZIP_MEMBERS
from articles.models import ImportBatch
from articles.services.errors import ServiceError
from articles.services.imports import READ_LIMIT, import_files
from articles.services.uploads import upload_confirm, upload_store
from articles.views.access import role_required

BATCHES_PER_PAGE = 20
LIMITS = {
    "file_mb": MAX_FILE_BYTES // (1024 * 1024),
    "archive_mb": MAX_ARCHIVE_BYTES // (1024 * 1024),
    "zip_members": MAX_ZIP_MEMBERS,
}


@require_GET
@role_required(roles.IMPORT)
def import_list(request):
    batches = ImportBatch.objects.select_related("created_by").order_by("-created_at", "-pk")
    page = Paginator(batches, BATCHES_PER_PAGE).get_page(request.GET.get("page"))
    template = "workbench/imports/list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, {"page": page})


@require_http_methods(["GET", "POST"])
@role_required(roles.IMPORT)
def import_new(request):
    """GET: the upload form. POST: the dry-run preview of the uploaded files, writing no articles."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "workbench/imports/new.html", {"form": form, "limits": LIMITS})
    files = [(upload.name, upload.read(READ_LIMIT)) for upload in form.cleaned_data["files"]]
    format = form.cleaned_data["format"]
    preview = import_files(files=files, format=format, dry_run=True)
    upload_key = upload_store(files=files, user=request.user, format=format) if preview.created_count else None
    return render(request, "workbench/imports/preview.html", {"preview": preview, "upload_key": upload_key})


@require_POST
@role_required(roles.IMPORT)
def import_confirm(request, upload_key):
    try:
        batch = upload_confirm(upload_key=upload_key, user=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("workbench:import_new")
    messages.success(request, "The import has started. This page follows its progress.")
    return redirect(batch)


@require_GET
@role_required(roles.IMPORT)
def import_detail(request, pk: int):
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)
    template = "workbench/imports/detail.html"
    if request.htmx and not request.htmx.history_restore_request:
        # The polled fragment; once the batch is finished it comes back without the poll.
        template += "#status"
    return render(request, template, {"batch": batch})
