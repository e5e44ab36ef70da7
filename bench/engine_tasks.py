"""The small task of the engine benchmark: it counts itself in Redis, so every engine is measured alike."""

import redis
from django.conf import settings
from django.tasks import task


@task()
def probe(run: str) -> None:
    redis.Redis.from_url(settings.REDIS_URL).incr(f"bench-engines:{run}")
