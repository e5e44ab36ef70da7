"""Run axe-core (vendored, tests/browser/vendor/) over the page a Playwright test is on.

The script is evaluated through the DevTools protocol, which the page's Content Security
Policy does not govern, so pages are scanned exactly as served (CSP and nonces on).
"""

from functools import cache
from pathlib import Path

VENDOR = Path(__file__).parent / "vendor" / "axe.min.js"
# WCAG 2.1 A and AA plus axe's best practices (landmarks, headings, regions).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@cache
def _source() -> str:
    return VENDOR.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """axe's violations on the page as it is now, each with its rule, impact and the failing nodes."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS
    )
    return result["violations"]


def describe(violations: list[dict]) -> str:
    """One readable line per failing node, for the assertion message."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(f"{violation['id']} ({violation['impact']}): {node['target']} — {node['failureSummary']}")
    return "\n".join(lines)
