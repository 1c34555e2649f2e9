"""The one error the renderers raise for files a user sent that we cannot use."""


class ImageRejected(ValueError):
    """Not an image, truncated, bomb, unsupported: message says which, in one line, for a user."""
