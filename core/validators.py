"""Validators that several apps' models share."""

from django.core.validators import RegexValidator


def web_address_name(example: str) -> RegexValidator:
    """A name for a web address (a slug): lower-case letters, numbers and single hyphens between them."""
    return RegexValidator(
        r"^[a-z0-9]+(-[a-z0-9]+)*\Z",
        message="The web address name must only include lower-case letters a to z, numbers and single "
        f"hyphens between them, for example {example}",
    )
