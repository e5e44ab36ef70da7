"""Work the task workers start by themselves on a schedule, so that no one keeps a cron line.

Each entry maps a stable name to the dotted path of a `django.tasks` Task that takes no
arguments and how often it should run, in seconds. The worker integration of the task
engine reads this registry and enqueues each entry when it falls due; the task itself
decides what is due (which feeds to poll, which fact-checks go live), so running one
twice, or late, does no harm.
"""

PERIODIC_TASKS: dict[str, tuple[str, int]] = {
    # Each subscription keeps its own interval and backoff; this only looks for those due.
    "feeds_poll_due": ("articles.tasks.feeds_poll_due", 60),
}
