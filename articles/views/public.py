from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles.models import FactCheck


@require_GET
def home(request):
    factchecks = FactCheck.objects.published().for_list()[:12]
    return render(request, "public/home.html", {"factchecks": factchecks})
