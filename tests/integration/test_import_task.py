"""The import task: queued by the confirmation, run by the real database worker."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles import roles
from articles.models import Article, ImportBatch, ImportFile
from articles.services.uploads import import_batch_run, upload_confirm, upload_store
from tests.factories import make_user
from tests.integration.test_import_files import CSV_ARTICLES, TEXT_ARTICLE


def confirmed_batch(user, *files) -> ImportBatch:
    key = upload_store(files=list(files), user=user)
    return upload_confirm(upload_key=key, user=user)


@pytest.mark.django_db(transaction=True)
def test_the_worker_imports_a_confirmed_upload(client, seeded_defaults):
    admin = make_user(role=roles.ADMIN, username="importer")
    client.force_login(admin)
    files = [SimpleUploadedFile("articles.csv", CSV_ARTICLES), SimpleUploadedFile("empty.txt", b"")]
    preview = client.post(reverse("workbench:import_new"), {"files": files, "format": "auto"})
    client.post(reverse("workbench:import_confirm", args=[preview.context["upload_key"]]))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.PENDING

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.total, batch.processed) == (3, 3)
    assert (batch.created_count, batch.unchanged_count, batch.failed_count) == (2, 0, 1)
    assert batch.errors == [{"item": "empty.txt", "reason": "the file is empty"}]
    assert set(batch.articles.values_list("title", flat=True)) == {"Council approves budget", "Clinics open"}
    assert not ImportFile.objects.exists()  # the bytes are dropped once imported
    task = DBTaskResult.objects.get()
    assert task.status == "SUCCESSFUL"
    assert task.return_value == {"batch": batch.pk, "created": 2, "unchanged": 0, "failed": 1}

    page = client.get(batch.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "Finished" in page and "hx-trigger" not in page


@pytest.mark.django_db
def test_running_a_batch_twice_imports_once():
    user = make_user(role=roles.ADMIN)
    batch = confirmed_batch(user, ("budget.txt", TEXT_ARTICLE))

    import_batch_run(batch_id=batch.pk)
    again = import_batch_run(batch_id=batch.pk)

    assert again.created_count == 1
    assert Article.objects.count() == 1
    assert ImportBatch.objects.count() == 1


@pytest.mark.django_db
def test_the_files_keep_their_chosen_format():
    user = make_user(role=roles.ADMIN)
    key = upload_store(files=[("export.dat", CSV_ARTICLES)], user=user, format="csv")
    batch = upload_confirm(upload_key=key, user=user)

    import_batch_run(batch_id=batch.pk)

    assert set(Article.objects.values_list("title", flat=True)) == {"Council approves budget", "Clinics open"}
