"""Vietnamese text as people read it: how a person is named."""


def display_name(user, default="—"):
    """A user as people read their name: the full name, else the username; ``default`` for nobody."""
    if user is None:
        return default
    return user.get_full_name().strip() or user.get_username()
