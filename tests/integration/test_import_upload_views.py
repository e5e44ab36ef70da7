"""The upload pages: admins only, a preview read in the background that writes nothing, confirm,
progress and the batch list."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles.models import (
    Article,
    Claim,
    ImportBatch,
    ImportFile,
    ImportItem,
    Outlet,
    Quote,
    Source,
    Speaker,
    SpeakerAlias,
)
from articles.services.imports import READ_LIMIT, import_files
from articles.services.uploads import upload_preview_run, upload_store
from tests.factories import make_article, make_user
from tests.integration.test_import_files import BAD_INPUTS, CSV_ARTICLES, TEXT_ARTICLE
from tests.integration.workers import run_queued_tasks

pytestmark = pytest.mark.django_db

NEW = reverse("workbench:import_new")
LIST = reverse("workbench:import_list")
DOMAIN = (Article, Outlet, Source, Speaker, SpeakerAlias, Claim, Quote, ImportItem)


def run_tasks():
    """What the background worker would do: run every queued task, then stop."""
    run_queued_tasks()


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Post files as an admin would, let the worker read them, and return the batch page."""

    def post(client, *files, format="auto", outlet=""):
        payload = [SimpleUploadedFile(name, content) for name, content in files]
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(NEW, {"files": payload, "format": format, "outlet": outlet})
        assert response.status_code == 302, response.content.decode()
        run_tasks()
        return client.get(response.url)

    return post


def domain_counts():
    return {model.__name__: model.objects.count() for model in DOMAIN}


def pages(batch_id=1):
    return [
        ("get", LIST),
        ("get", NEW),
        ("post", NEW),
        ("get", reverse("workbench:import_detail", args=[batch_id])),
        ("post", reverse("workbench:import_confirm", args=[batch_id])),
    ]


# ---- Access ----------------------------------------------------------------------------


@pytest.mark.parametrize("method, url", pages())
def test_anonymous_visitors_are_sent_to_log_in(client, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role_client", ["checker_client", "editor_client"])
@pytest.mark.parametrize("method, url", pages())
def test_roles_without_the_import_permission_get_403(request, role_client, method, url):
    ImportBatch.objects.create(pk=1)
    client = request.getfixturevalue(role_client)

    assert getattr(client, method)(url).status_code == 403


# ---- The form and the preview ----------------------------------------------------------


def test_the_upload_form_explains_formats_limits_and_columns(admin_client_role):
    response = admin_client_role.get(NEW)

    page = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_files">Files</label>' in page
    assert 'aria-describedby="id_files_helptext"' in page and 'id="id_files_helptext"' in page
    assert 'type="file"' in page and "multiple" in page and 'enctype="multipart/form-data"' in page
    for text in ("plain text", "RSS", "JSON Lines", "CSV", ".zip", "5 MB", "20 MB", "50 MB", "published_at", "byline"):
        assert text in page
    assert '<label for="id_outlet">Outlet' in page


def test_posting_no_files_shows_the_form_again_with_an_error(admin_client_role):
    response = admin_client_role.post(NEW, {"format": "auto"})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_an_upload_returns_at_once_and_its_page_reads_the_files_in_the_background(
    admin_client_role, django_capture_on_commit_callbacks
):
    payload = [SimpleUploadedFile("articles.csv", CSV_ARTICLES)]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_role.post(NEW, {"files": payload, "format": "auto"})

    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == f"/workbench/imports/{batch.pk}/"
    assert batch.status == ImportBatch.Status.PREVIEWING
    fragment = admin_client_role.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "Reading the files" in fragment and 'hx-trigger="every 1s"' in fragment
    assert DBTaskResult.objects.get().task_path == "articles.tasks.upload_preview"

    run_tasks()

    fragment = admin_client_role.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "Waiting for confirmation" in fragment and "Import 2 articles" in fragment
    assert "hx-trigger" not in fragment  # the preview is there: no more polling


def test_the_preview_lists_each_item_with_duplicates_and_errors_and_writes_nothing(admin_client_role, upload):
    make_article(title="Clinics open", url="https://elsewhere.example/clinics")
    counts = domain_counts()

    response = upload(admin_client_role, ("articles.csv", CSV_ARTICLES), ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00"))

    page = response.content.decode()
    assert response.status_code == 200
    assert domain_counts() == counts
    assert "articles.csv row 2" in page and "Council approves budget" in page and "The Harbour Courier" in page
    assert "2 Apr 2025" in page
    assert "Possible duplicate:" in page and "same title as #" in page
    assert "photo.png" in page and "this is a PNG image, not text" in page
    assert "Import 2 articles" in page
    # The files wait in the database for the confirmation, and only they do.
    assert ImportFile.objects.filter(batch=ImportBatch.objects.get()).count() == 2


def test_the_preview_shows_the_quotes_and_speakers_each_article_would_bring(admin_client_role, upload):
    response = upload(admin_client_role, ("budget.txt", TEXT_ARTICLE))

    assert response.context["preview"].items[0].quotes == 1
    page = response.content.decode()
    assert "1 quote · Ana Lima" in page
    assert "<q>We cut the deficit by 40 percent in two years,</q>" in page and "— Ana Lima, Mayor" in page
    assert "<strong>Quoted:</strong> Ana Lima." in page


def test_a_text_upload_can_be_given_an_outlet(admin_client_role, upload, django_capture_on_commit_callbacks):
    response = upload(admin_client_role, ("budget.txt", TEXT_ARTICLE), outlet="  The Harbour   Courier ")

    assert "The Harbour Courier" in response.content.decode()
    batch = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_role.post(reverse("workbench:import_confirm", args=[batch.pk]))
    run_tasks()
    assert Article.objects.get().outlet.name == "The Harbour Courier"


def test_nothing_new_means_no_import_button_and_no_stored_files(admin_client_role, upload):
    import_files(files=[("budget.txt", TEXT_ARTICLE)])

    response = upload(admin_client_role, ("budget.txt", TEXT_ARTICLE), ("empty.txt", b""))

    page = response.content.decode()
    assert "Already imported:" in page
    assert "There is nothing new to import" in page
    assert "Import 0" not in page
    assert not ImportFile.objects.exists()


@pytest.mark.parametrize("upload_file, item, reason", BAD_INPUTS, ids=[u[0] + "-" + r for u, _, r in BAD_INPUTS])
def test_every_bad_input_gets_a_page_with_its_message(admin_client_role, upload, upload_file, item, reason):
    counts = domain_counts()

    response = upload(admin_client_role, upload_file)

    assert response.status_code == 200
    assert reason.lower() in response.content.decode().lower()
    assert domain_counts() == counts


def test_a_zip_is_previewed_member_by_member(admin_client_role, upload):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("folder/budget.txt", TEXT_ARTICLE)
        archive.writestr("../escape.txt", TEXT_ARTICLE)

    response = upload(admin_client_role, ("upload.zip", buffer.getvalue()))

    items = {item.item: item for item in response.context["preview"].items}
    assert items["folder/budget.txt"].action == "created"
    assert "'..'" in items["../escape.txt"].error


# ---- Confirm ---------------------------------------------------------------------------


def test_confirm_starts_the_import_and_sends_the_admin_to_the_batch(
    admin_client_role, admin_user, upload, django_capture_on_commit_callbacks
):
    upload(admin_client_role, ("articles.csv", CSV_ARTICLES))
    batch = ImportBatch.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_role.post(reverse("workbench:import_confirm", args=[batch.pk]))

    batch.refresh_from_db()
    assert response.status_code == 302 and response.url == batch.get_absolute_url()
    assert (batch.status, batch.origin, batch.created_by) == (ImportBatch.Status.PENDING, "upload", admin_user)
    assert batch.file_names == ["articles.csv"]
    assert list(batch.files.values_list("name", flat=True)) == ["articles.csv"]
    task = DBTaskResult.objects.order_by("enqueued_at").last()
    assert task.task_path == "articles.tasks.import_batch" and task.args_kwargs["args"] == [batch.pk]
    assert not Article.objects.exists()  # the worker imports, not the request
    page = admin_client_role.get(response.url).content.decode()
    assert "The import has started" not in page and "Waiting for a background worker" in page


def test_an_upload_is_confirmed_once(admin_client_role, upload):
    upload(admin_client_role, ("articles.csv", CSV_ARTICLES))
    confirm = reverse("workbench:import_confirm", args=[ImportBatch.objects.get().pk])
    admin_client_role.post(confirm)

    response = admin_client_role.post(confirm, follow=True)

    assert ImportBatch.objects.count() == 1
    assert "already imported, or the upload expired" in response.content.decode()


def test_an_admin_cannot_confirm_someone_elses_upload(admin_client_role):
    other = make_user(role="Admin", username="other-admin")
    batch = upload_store(files=[("articles.csv", CSV_ARTICLES)], user=other)
    upload_preview_run(batch_id=batch.pk)

    page = admin_client_role.get(batch.get_absolute_url()).content.decode()
    admin_client_role.post(reverse("workbench:import_confirm", args=[batch.pk]))

    assert "Only other-admin can confirm this import." in page and "Import 2 articles" not in page
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


# ---- Progress --------------------------------------------------------------------------


def test_a_pending_batch_polls_for_its_progress(admin_client_role):
    batch = ImportBatch.objects.create(status=ImportBatch.Status.RUNNING, total=40, processed=10, file_names=["a.csv"])

    page = admin_client_role.get(batch.get_absolute_url()).content.decode()
    fragment = admin_client_role.get(batch.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()

    assert "<html" in page and "Import #" in page
    assert "<html" not in fragment and fragment.lstrip().startswith('<section id="batch-status"')
    assert 'hx-trigger="every 1s"' in fragment
    assert '<progress id="batch-progress" max="40" value="10">' in fragment
    assert "10 of 40 items (25%)" in fragment


def test_a_finished_batch_shows_counts_errors_and_its_new_articles_and_claims_and_stops_polling(admin_client_role):
    batch = import_files(files=[("articles.csv", CSV_ARTICLES), ("empty.txt", b"")])

    fragment = admin_client_role.get(batch.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()

    assert "hx-trigger" not in fragment
    assert "Finished" in fragment and "The import has started" not in fragment
    assert "<strong>2</strong> imported" in fragment and "<strong>1</strong> failed" in fragment
    assert "empty.txt" in fragment and "the file is empty" in fragment
    for article in Article.objects.all():
        assert f'<a href="{article.get_absolute_url()}">{article.title}</a>' in fragment
    claims = Claim.objects.all()
    assert claims
    for claim in claims:
        assert reverse("workbench:claim_detail", args=[claim.pk]) in fragment


# ---- The list --------------------------------------------------------------------------


def test_the_batch_list_has_a_helpful_empty_state(admin_client_role):
    page = admin_client_role.get(LIST).content.decode()

    assert "No imports yet." in page
    assert f'href="{NEW}"' in page
    assert "import_articles" in page


def test_the_batch_list_shows_counts_newest_first(admin_client_role, admin_user):
    ImportBatch.objects.create(created_count=7, file_names=["old.csv"], status=ImportBatch.Status.DONE)
    ImportBatch.objects.create(
        created_by=admin_user, created_count=3, failed_count=2, file_names=["new.zip"], status=ImportBatch.Status.DONE
    )

    response = admin_client_role.get(LIST)

    batches = list(response.context["page"].object_list)
    assert [batch.file_names for batch in batches] == [["new.zip"], ["old.csv"]]
    page = response.content.decode()
    assert page.index("new.zip") < page.index("old.csv")
    assert '<td class="num has-failures" data-label="Failed">2</td>' in page


def test_the_batch_list_is_paginated_and_htmx_gets_the_fragment(admin_client_role):
    ImportBatch.objects.bulk_create(ImportBatch(file_names=[f"file{i}.csv"]) for i in range(25))

    page_two = admin_client_role.get(LIST, {"page": 2}, headers={"HX-Request": "true"})

    assert len(page_two.context["page"].object_list) == 5
    assert "<html" not in page_two.content.decode()
    assert "Page 2 of 2" in page_two.content.decode()


@pytest.mark.parametrize("n", [1, 20])
def test_the_batch_list_queries_do_not_grow_with_batches(admin_client_role, django_assert_max_num_queries, n):
    users = [make_user(role="Admin", username=f"importer{i}") for i in range(n)]
    ImportBatch.objects.bulk_create(ImportBatch(created_by=user, file_names=["a.csv"]) for user in users)

    with django_assert_max_num_queries(7):
        admin_client_role.get(LIST)


def test_the_admin_changelist_links_to_the_upload_page(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)

    page = client.get(reverse("admin:articles_importbatch_changelist")).content.decode()

    assert f'<a href="{NEW}" class="addlink">Upload articles</a>' in page


def test_a_huge_upload_is_refused_with_a_message_and_not_kept(admin_client_role, upload):
    response = upload(admin_client_role, ("film.mp4", b"\0" * (READ_LIMIT + 1024)), ("budget.txt", TEXT_ARTICLE))

    assert response.status_code == 200
    assert "the file is larger than 20 MB" in response.content.decode()
    # Only what was read is kept for the confirmation: never more than the limit per file.
    assert max(ImportFile.objects.values_list("size", flat=True)) == READ_LIMIT
