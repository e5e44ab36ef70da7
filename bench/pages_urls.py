"""The pages bench_pages.sh measures, chosen from the loaded data.

python bench/pages_urls.py            # one "name path" a line: the pages wrk measures
python bench/pages_urls.py --render   # "name p50 p99" in milliseconds: uncached renders of every public page,
                                      # in a process readied as factcheck/wsgi.py readies a web worker
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


def every_page() -> list[tuple[str, str]]:
    """Every public page, for the uncached render figures: the measured ones and the rest."""
    published = FactCheck.objects.published().count()
    middle_list, middle_feed = max(1, published // 20 // 2), max(1, published // 100 // 2)
    return [
        ("home", reverse("public:home")),
        ("list", reverse("public:factcheck_list")),
        ("list-middle-page", reverse("public:factcheck_list") + f"?page={middle_list}"),
        *pages(),
        ("speaker-list", reverse("public:speaker_list")),
        ("ratings", reverse("public:ratings")),
        ("corrections", reverse("public:corrections")),
        ("rss", reverse("public:factcheck_rss")),
        ("atom", reverse("public:factcheck_atom")),
        ("corrections.atom", reverse("public:correction_atom")),
        ("claimreview.json-middle", reverse("public:claimreview_feed") + f"?page={middle_feed}"),
        ("sitemap.xml", reverse("public:sitemap")),
        ("sitemap-fact-checks", reverse("public:sitemap_section", args=["fact-checks"])),
        ("sitemap-speakers", reverse("public:sitemap_section", args=["speakers"])),
        ("ratings.css", reverse("public:rating_styles")),
    ]


def render_times(path: str, repeat: int) -> list[float]:
    """Milliseconds of the view itself, without the page cache (its undecorated function)."""
    route, _, query = path.partition("?")
    match = resolve(route)
    view = match.func
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    factory = RequestFactory(SERVER_NAME="127.0.0.1")  # an allowed host: the feeds read it
    times = []
    for _ in range(repeat + 1):
        request = factory.get(path)
        request.user, request._csp_nonce = AnonymousUser(), LazyNonce()
        request.htmx = False
        started = time.perf_counter()
        response = view(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        times.append(1000 * (time.perf_counter() - started))
    return times[1:]  # the first run warms templates and connections


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def reader_paths(count: int) -> list[str]:
    """What readers ask for under the mixed load: the lists, many fact-checks and speakers, the feeds."""
    published = FactCheck.objects.published()
    step = max(1, published.count() // count)
    slugs = list(published.order_by("id").values_list("slug", flat=True)[::step][:count])
    speakers = Speaker.objects.annotate(n=Count("claims__factcheck")).filter(n__gt=0).order_by("-n")
    paths = [reverse("public:home"), reverse("public:factcheck_list"), reverse("public:speaker_list")]
    paths += [reverse("public:factcheck_list") + f"?page={n}" for n in range(2, 12)]
    paths += [reverse("public:factcheck_detail", args=[slug]) for slug in slugs]
    paths += [speaker.get_absolute_url() for speaker in speakers[: count // 4]]
    paths += [reverse(name) for name in ("public:ratings", "public:corrections", "public:claimreview_feed")]
    paths += [reverse(name) for name in ("public:factcheck_rss", "public:factcheck_atom", "public:correction_atom")]
    return paths


if __name__ == "__main__":
    if "--readers" in sys.argv:
        for path in reader_paths(int(sys.argv[sys.argv.index("--readers") + 1])):
            print(path)
    elif "--render" in sys.argv:
        from factcheck.warmup import ready

        repeat = int(os.environ.get("BENCH_RENDERS", "100"))
        measured = every_page()
        for _, path in measured:
            render_times(path, 0)  # connections and caches, as a worker has them after its first requests
        ready()  # what factcheck/wsgi.py does in every web worker
        for name, path in measured:
            times = render_times(path, repeat)
            print(name, f"{percentile(times, 0.5):.1f}", f"{percentile(times, 0.99):.1f}")
    else:
        for name, path in pages():
            print(name, path)
