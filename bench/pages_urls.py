"""The pages bench_pages.sh measures, chosen from the loaded data.

python bench/pages_urls.py            # one "name path" a line
python bench/pages_urls.py --render   # "name milliseconds": one uncached render of each, in process
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.urls import resolve, reverse  # noqa: E402
from django.utils.csp import LazyNonce  # noqa: E402

from articles.models import FactCheck, Speaker  # noqa: E402


def pages() -> list[tuple[str, str]]:
    published = FactCheck.objects.published().order_by("id")
    count = published.count()
    if not count:
        sys.exit("No published fact-checks: run generate_load_data first.")
    factcheck = published[count // 2]
    speaker = Speaker.objects.annotate(n=Count("claims__factcheck")).order_by("-n").first()
    return [
        ("factcheck-page", factcheck.get_absolute_url()),
        ("list-filtered-search", reverse("public:factcheck_list") + "?rating=false&q=schools"),
        ("speaker-page", speaker.get_absolute_url()),
        ("claimreview.json", reverse("public:claimreview_feed")),
    ]


def render_ms(path: str, repeat: int = 5) -> float:
    """Mean time of the view itself, without the page cache (its undecorated function)."""
    match = resolve(path.split("?")[0])
    view = match.func
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    factory = RequestFactory()
    best = []
    for _ in range(repeat + 1):
        request = factory.get(path)
        request.user, request._csp_nonce = AnonymousUser(), LazyNonce()
        request.htmx = False
        started = time.perf_counter()
        response = view(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        best.append(time.perf_counter() - started)
    return 1000 * sum(best[1:]) / repeat  # the first run warms templates and connections


if __name__ == "__main__":
    for name, path in pages():
        print(name, f"{render_ms(path):.1f}" if "--render" in sys.argv else path)
