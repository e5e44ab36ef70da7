"""The retry policy both engines share: base × 2^(n-1) seconds after failure n, up to TASKS_MAX_ATTEMPTS tries."""

from datetime import timedelta

import pytest
from procrastinate.jobs import Job

from factcheck.procrastinate_backend import Backoff
from factcheck.taskengine import retry_delay


@pytest.mark.parametrize("attempt, seconds", [(1, 2), (2, 4), (3, 8), (4, 16), (20, 3600)])
def test_each_wait_doubles_up_to_an_hour(settings, attempt, seconds):
    settings.TASKS_RETRY_BASE_SECONDS = 2

    assert retry_delay(attempt) == timedelta(seconds=seconds)


def test_procrastinate_retries_a_failed_job_with_the_same_backoff_until_the_limit(settings):
    settings.TASKS_MAX_ATTEMPTS, settings.TASKS_RETRY_BASE_SECONDS = 3, 2

    def decision(failed_try):
        # While a job runs, procrastinate's `attempts` counts the tries before it.
        earlier = failed_try - 1
        job = Job(id=1, queue="default", lock=None, queueing_lock=None, task_name="t", attempts=earlier)
        return Backoff().get_retry_decision(exception=ConnectionError("gone"), job=job)

    first, second = decision(1), decision(2)
    assert first is not None and second is not None
    assert (second.retry_at - first.retry_at).total_seconds() == pytest.approx(2, abs=0.5)  # waits of 2 s, then 4 s
    assert decision(3) is None  # the third failure is the last
