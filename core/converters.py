"""
Path converters every app's urls use.

`<id:pk>` instead of `<int:pk>`: Django's `int` converter takes any run of digits, and a 20-digit id
overflows PostgreSQL's bigint. Views and tasks then each have to guard against it (the ORM turns
some out-of-range lookups into "no rows", but not raw SQL, arithmetic or a value handed to a task).
Here an id out of range simply does not match the pattern: the answer is a 404 before any view runs.
"""

from django.urls import register_converter

# The largest value of PostgreSQL's bigint (BigAutoField, the project's DEFAULT_AUTO_FIELD).
MAX_ID = 2**63 - 1


class IdConverter:
    """A database id: 1 to MAX_ID, written in ASCII digits."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(f"{value} is not a database id.")  # No match: the resolver answers 404.
        return number

    def to_url(self, value) -> str:
        # A ValueError tells reverse() this pattern does not match; anything else would escape it.
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"{value!r} is not a database id.") from None
        if not 1 <= number <= MAX_ID:
            raise ValueError(f"{value} is not a database id.")
        return str(number)


class VersionConverter:
    """A file's version in its address: 16 lower-case hex digits (the start of its SHA-256)."""

    regex = "[0-9a-f]{16}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        if not (isinstance(value, str) and len(value) == 16 and all(c in "0123456789abcdef" for c in value)):
            raise ValueError(f"{value!r} is not a version.")
        return value


class ImageExtensionConverter:
    """The extension of an image the portal stores (core.images): png, jpg, webp or svg."""

    regex = "png|jpg|webp|svg"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        if value not in ("png", "jpg", "webp", "svg"):
            raise ValueError(f"{value!r} is not an image's extension.")
        return value


def register() -> None:
    """Called from CoreConfig.ready(), before any URLconf is imported."""
    register_converter(IdConverter, "id")
    register_converter(VersionConverter, "version")
    register_converter(ImageExtensionConverter, "image_extension")
