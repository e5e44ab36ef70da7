"""The mixed workload of bench_pages.sh: editors acting in the workbench while readers load the public site.

    python bench/mixed_load.py prepare PLAN.json          # in-process: users, claims and fact-checks to act on
    python bench/mixed_load.py editors PLAN.json BASE SECONDS OUT.json   # over HTTP, about one action a second
    python bench/mixed_load.py verify PLAN.json OUT.json [OUT.json...]   # in-process: was each action kept once?

`prepare` makes a Fact-checker and an Editor with known passwords, and sets aside, from
the loaded data, pending claims to accept or reject, drafts (written by the Fact-checker)
to autosave, fact-checks in review (written by the Fact-checker, never touched by the
Editor) to publish, and published fact-checks to correct.

`editors` logs both in, as a browser does (the login form, its CSRF token), and sends
htmx actions at a steady rate, each in its own thread so a slow answer never delays the
next: accept and reject (the Fact-checker, in the review queue), autosave (the
Fact-checker, in the editor), publish and add a correction (the Editor). It records for
each action whether the server said it was done: a success toast for the queue's
actions, 200 for an autosave, a redirect to the editor for publish and correct.

`verify` reads the database and checks that each action the server accepted was
persisted exactly once (one audit event, one correction, the version moved once per
save) and each refused one left nothing.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

PASSWORD = "bench-mixed-load-2026!"
CYCLE = ["accept", "autosave", "reject", "publish", "autosave", "correct"]
POOL = 160  # of each kind: enough for two 60-second phases at one action a second


def _django():
    import django

    django.setup()


# ---- prepare ------------------------------------------------------------------------------


def prepare(plan_path: str) -> None:
    _django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from articles import roles
    from articles.models import Claim, FactCheck, Rating, Source
    from articles.services.citations import citation_add
    from articles.services.factchecks import factcheck_submit, factcheck_update
    from articles.services.review import claim_accept

    User = get_user_model()
    users = {}
    for name, role in (("bench-checker", roles.FACT_CHECKER), ("bench-editor", roles.EDITOR)):
        user, _ = User.objects.get_or_create(username=name, defaults={"first_name": name.split("-")[1].title()})
        user.set_password(PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        users[name] = user
    checker = users["bench-checker"]

    # The load data decides every claim; claims nobody has checked go back to the queue for this.
    unchecked = Claim.objects.filter(factcheck__isnull=True, speaker__isnull=False).order_by("id")
    pending = list(unchecked[: 4 * POOL])
    Claim.objects.filter(pk__in=[claim.pk for claim in pending]).update(status=Claim.Status.PENDING)
    for claim in pending:
        claim.status = Claim.Status.PENDING
    accept, reject, draft_from, review_from = (pending[i * POOL : (i + 1) * POOL] for i in range(4))
    rating = Rating.objects.filter(value__isnull=False).order_by("order").first()
    source = Source.objects.order_by("id").first()

    def written(claim):
        factcheck = claim_accept(claim=claim, user=checker)
        factcheck = factcheck_update(
            factcheck=factcheck,
            user=checker,
            expected_version=factcheck.version,
            changes={"rating": rating, "summary": "The records show otherwise.", "body": "The figures differ."},
        )
        citation_add(factcheck=factcheck, user=checker, source=source, note="The official figures")
        factcheck.refresh_from_db()
        return factcheck

    drafts = [written(claim) for claim in draft_from[:8]]
    in_review = [factcheck_submit(factcheck=written(claim), user=checker) for claim in review_from]
    published = list(FactCheck.objects.published().order_by("-id")[:POOL])
    plan = {
        "password": PASSWORD,
        "accept": [claim.pk for claim in accept],
        "reject": [claim.pk for claim in reject],
        "drafts": [
            {
                "pk": fc.pk,
                "version": fc.version,
                "headline": fc.headline,
                "claim_reviewed": fc.claim_reviewed,
                "rating": fc.rating_id,
                "summary": fc.summary,
                "body": fc.body,
            }
            for fc in drafts
        ],
        "publish": [{"pk": fc.pk, "version": fc.version} for fc in in_review],
        "correct": [fc.pk for fc in published],
    }
    Path(plan_path).write_text(json.dumps(plan))
    print(
        f"prepared: {len(accept)} to accept, {len(reject)} to reject, {len(drafts)} drafts, "
        f"{len(in_review)} in review, {len(published)} published to correct"
    )


# ---- editors ------------------------------------------------------------------------------


class Session:
    """One logged-in browser: its cookies, and the CSRF token htmx sends as a header."""

    def __init__(self, base: str, username: str, password: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        form = self.request("GET", "/accounts/login/")[2]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        status, headers, _ = self.request(
            "POST", "/accounts/login/", {"csrfmiddlewaretoken": token, "username": username, "password": password}
        )
        if status != 302:
            raise SystemExit(f"{username} could not log in (HTTP {status})")

    def csrf(self) -> str:
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def request(self, method: str, path: str, data: dict | None = None, htmx: bool = False):
        body = urllib.parse.urlencode(data or {}).encode() if method == "POST" else None
        request = urllib.request.Request(self.base + path, data=body, method=method)
        if method == "POST":
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
            request.add_header("Referer", self.base + path)
            if htmx:
                request.add_header("X-CSRFToken", self.csrf())
        if htmx:
            request.add_header("HX-Request", "true")
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def editors(plan_path: str, base: str, seconds: float, out_path: str) -> None:
    plan = json.loads(Path(plan_path).read_text())
    done_before = {}
    previous = Path(plan_path).with_suffix(".consumed.json")  # shared by the phases of one plan
    if previous.exists():
        done_before = json.loads(previous.read_text())  # what an earlier phase used up
    checker = Session(base, "bench-checker", plan["password"])
    editor = Session(base, "bench-editor", plan["password"])
    queues = {
        "accept": [pk for pk in plan["accept"] if pk not in done_before.get("accept", [])],
        "reject": [pk for pk in plan["reject"] if pk not in done_before.get("reject", [])],
        "publish": [fc for fc in plan["publish"] if fc["pk"] not in done_before.get("publish", [])],
        "correct": list(plan["correct"]),
    }
    drafts = done_before.get("drafts") or plan["drafts"]  # with the versions an earlier phase left
    lock = threading.Lock()
    draft_locks = {draft["pk"]: threading.Lock() for draft in drafts}
    results: list[dict] = []

    def act(kind: str, n: int) -> None:
        started = time.perf_counter()
        with lock:
            target = queues[kind].pop(0) if kind in queues and queues[kind] else None
        if (kind in queues and target is None) or (kind == "autosave" and not drafts):
            return  # that pool is used up
        record = {"kind": kind}
        if kind == "accept":
            status, headers, _ = checker.request("POST", f"/workbench/claims/{target}/accept/", htmx=True)
            record.update(target=target, ok='"level": "success"' in headers.get("HX-Trigger", ""))
        elif kind == "reject":
            status, headers, _ = checker.request(
                "POST", f"/workbench/claims/{target}/reject/", {"reason": "opinion"}, htmx=True
            )
            record.update(target=target, ok='"level": "success"' in headers.get("HX-Trigger", ""))
        elif kind == "autosave":
            draft = drafts[n % len(drafts)]
            with draft_locks[draft["pk"]]:  # one save per draft at a time, as one editor's browser sends them
                fields = {key: value for key, value in draft.items() if key != "pk"}
                fields["summary"] = f"Saved at {time.time():.3f} by the bench."
                status, headers, body = checker.request(
                    "POST", f"/workbench/fact-checks/{draft['pk']}/save/", fields, htmx=True
                )
                ok = status == 200
                if ok:
                    found = re.search(r'name="version"[^>]*value="(\d+)"', body)
                    draft["version"] = int(found.group(1)) if found else draft["version"] + 1
            record.update(target=draft["pk"], ok=ok)
        elif kind == "publish":
            status, headers, _ = editor.request(
                "POST", f"/workbench/fact-checks/{target['pk']}/publish/", {"version": target["version"]}, htmx=True
            )
            record.update(target=target["pk"], ok="HX-Redirect" in headers)
        else:  # correct
            note = f"bench-correction-{uuid.uuid4().hex}"
            status, headers, _ = editor.request(
                "POST",
                f"/workbench/fact-checks/{target}/corrections/",
                {"kind": "clarification", "note": note},
                htmx=True,
            )
            record.update(target=target, note=note, ok="HX-Redirect" in headers)
        record.update(status=status, ms=1000 * (time.perf_counter() - started))
        with lock:
            results.append(record)

    threads, n, start = [], 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        kind = CYCLE[n % len(CYCLE)]
        thread = threading.Thread(target=act, args=(kind, n))
        thread.start()
        threads.append(thread)
        n += 1
        time.sleep(max(0.0, start + n - time.perf_counter()))  # one a second, whatever the answers take
    for thread in threads:
        thread.join(timeout=120)
    Path(out_path).write_text(json.dumps(results))
    consumed = {kind: [r["target"] for r in results if r["kind"] == kind] for kind in ("accept", "reject", "publish")}
    for kind in ("accept", "reject", "publish"):
        consumed[kind] = done_before.get(kind, []) + consumed[kind]
    consumed["drafts"] = drafts
    previous.write_text(json.dumps(consumed))
    errors = sum(1 for r in results if r["status"] >= 500)
    latencies = sorted(r["ms"] for r in results)
    p99 = latencies[min(len(latencies) - 1, round(0.99 * (len(latencies) - 1)))] if latencies else 0
    kept = Counter(r["kind"] for r in results if r["ok"])
    print(
        f"editors: {len(results)} actions in {seconds:.0f} s, {sum(kept.values())} done "
        f"({', '.join(f'{k} {v}' for k, v in sorted(kept.items()))}), server errors {errors}, p99 {p99:.0f} ms"
    )


# ---- verify -------------------------------------------------------------------------------


def verify(plan_path: str, *out_paths: str) -> int:
    _django()
    from articles.models import AuditEvent, Claim, Correction, FactCheck

    plan = json.loads(Path(plan_path).read_text())
    results = [record for path in out_paths for record in json.loads(Path(path).read_text())]
    wrong = []
    for record in results:
        kind, target, ok = record["kind"], record["target"], record["ok"]
        if kind in ("accept", "reject"):
            status = Claim.Status.ACCEPTED if kind == "accept" else Claim.Status.REJECTED
            events = AuditEvent.objects.filter(claim_id=target, action=f"claim_{kind}ed").count()
            kept = Claim.objects.filter(pk=target, status=status).exists()
            if (kept, events) != ((True, 1) if ok else (False, 0)):
                wrong.append(
                    f"{kind} claim {target}: answered {'done' if ok else 'refused'}, kept {kept}, {events} events"
                )
        elif kind == "publish":
            events = AuditEvent.objects.filter(factcheck_id=target, action="factcheck_published").count()
            kept = FactCheck.objects.filter(pk=target, status=FactCheck.Status.PUBLISHED).exists()
            if (kept, events) != ((True, 1) if ok else (False, 0)):
                wrong.append(f"publish {target}: answered {'done' if ok else 'refused'}, kept {kept}, {events} events")
        elif kind == "correct":
            count = Correction.objects.filter(note=record["note"]).count()
            if count != (1 if ok else 0):
                wrong.append(f"correction on {target}: answered {'done' if ok else 'refused'}, stored {count}")
    for draft in plan["drafts"]:
        saves = sum(1 for r in results if r["kind"] == "autosave" and r["target"] == draft["pk"] and r["ok"])
        moved = FactCheck.objects.get(pk=draft["pk"]).version - draft["version"]
        events = AuditEvent.objects.filter(
            factcheck_id=draft["pk"],
            action="factcheck_edited",
            actor__username="bench-checker",
            created_at__gte=_since(plan_path),
        ).count()
        if not (moved == saves == events):
            wrong.append(f"draft {draft['pk']}: {saves} saves answered done, version moved {moved}, {events} events")
    done = Counter(r["kind"] for r in results if r["ok"])
    refused = Counter(r["kind"] for r in results if not r["ok"])
    print(
        f"database: {sum(done.values())} actions answered done, each kept exactly once: {'yes' if not wrong else 'NO'}"
    )
    print("  done:    " + ", ".join(f"{k} {v}" for k, v in sorted(done.items())))
    if refused:
        print("  refused: " + ", ".join(f"{k} {v}" for k, v in sorted(refused.items())) + " (left nothing behind)")
    for line in wrong[:20]:
        print("  " + line)
    return 1 if wrong else 0


def _since(plan_path: str):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(Path(plan_path).stat().st_mtime, tz=UTC)


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    if command == "prepare":
        prepare(*rest)
    elif command == "editors":
        plan, base, seconds, out = rest
        editors(plan, base, float(seconds), out)
    elif command == "verify":
        sys.exit(verify(*rest))
    else:
        sys.exit(__doc__)
