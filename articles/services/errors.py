"""Errors the services raise, each carrying a message meant for the person who acted."""


class ServiceError(Exception):
    """An operation refused for a reason the user can fix or understand."""

    def __init__(self, message: str, *, messages: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.messages = messages or [message]


class PublishGateError(ServiceError):
    """Publishing refused; `messages` lists every failed check, not just the first."""


class EditConflict(ServiceError):
    """Someone else saved first. `current` is the object as they left it."""

    def __init__(self, message: str, *, current, changed_fields: list[str]):
        super().__init__(message)
        self.current = current
        self.changed_fields = changed_fields
