"""Errors that carry a message meant for the person who caused them."""


class InvalidInput(ValueError):
    """Input a person gave that cannot be used; the message says what to change."""
