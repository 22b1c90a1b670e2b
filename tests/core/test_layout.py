"""The page layout every view shares (templates/base.html)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_htmx_debug_script_is_never_loaded(client, settings):
    """Under DEBUG, django-htmx's debug script would put an error answer in place of the whole page."""
    settings.DEBUG = True

    page = client.get(reverse("home")).content.decode()

    assert "django_htmx/htmx-2.min.js" in page
    assert "django-htmx.js" not in page
