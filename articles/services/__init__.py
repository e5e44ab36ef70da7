"""Every write path of the newsroom lives in this package, one module per domain.

Views, admin actions, management commands and tasks call these functions and never
write models themselves. Each service is keyword-only, runs in a transaction, and
raises `ServiceError` with a message an editor can read.
"""
