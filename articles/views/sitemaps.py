"""`/sitemap.xml` and its sections, for search engines (see `articles.sitemaps`)."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from articles import cache_topics as topics
from articles.cache import public_page
from articles.sitemaps import index_xml, section_xml

XML = "application/xml; charset=utf-8"


@require_GET
@public_page(personal=False, depends=[topics.LISTS])
def sitemap_index(request):
    return HttpResponse(index_xml(), content_type=XML)


@require_GET
@public_page(params=["p"], personal=False, depends=[topics.LISTS])
def sitemap_section(request, section: str):
    try:
        number = int(request.GET.get("p") or 1)
    except ValueError:
        raise Http404("No such page of the sitemap.") from None
    xml = section_xml(section, number)
    if xml is None:
        raise Http404("No such sitemap.")
    return HttpResponse(xml, content_type=XML)
