from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles import roles
from articles.views.access import role_required


@require_GET
@role_required(roles.REVIEW)
def dashboard(request):
    return render(request, "workbench/dashboard.html", {})


@require_GET
@role_required(roles.REVIEW)
def placeholder(request):
    """Stands in for a page another change is building, so the navigation never 404s."""
    return render(request, "workbench/dashboard.html", {})
