"""Get a web worker ready before its first request, then take what it loaded out of the GC's way.

Django loads the URLconf and compiles templates on first use, so the first readers of a
fresh worker wait for it; and every object loaded at start-up would be walked again by
each full garbage collection, a pause of 60-100 ms in the middle of whatever page was
being rendered (measured at 100,000 fact-checks, bench/pages_urls.py). `ready()` loads
both, then `gc.freeze()` moves everything alive into the permanent generation, which the
collector no longer scans; what requests allocate is collected as before.
"""

import gc
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template
from django.urls import get_resolver


def ready() -> None:
    get_resolver().url_patterns  # noqa: B018 - loads every URLconf module
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*.html")):
            get_template(str(path.relative_to(folder)))
    gc.collect()
    gc.freeze()
