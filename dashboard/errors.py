"""Errors that carry a message meant for the person who caused them."""


class InvalidInput(ValueError):
    """Input a person gave that cannot be used; the message says what to change."""


class ConcurrentEdit(Exception):
    """Someone else saved the same data since it was loaded; the message names who and when."""


class PermissionDenied(Exception):
    """The current user may not do this; the message says why, in words for that user."""
