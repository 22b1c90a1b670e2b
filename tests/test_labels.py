"""
No form's label says "(optional)" itself: the field template adds it to every field that is not required
(templates/govuk/forms/field.html), so a label that says it too reads "(optional) (optional)".
"""

import importlib
import inspect
import pkgutil
from pathlib import Path

from django import forms
from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]


def our_forms():
    for app in apps.get_app_configs():
        if not (ROOT / app.name).is_dir():
            continue
        for info in pkgutil.walk_packages([str(ROOT / app.name)], prefix=f"{app.name}."):
            if "form" in info.name.removeprefix(f"{app.name}.") and not info.ispkg:
                module = importlib.import_module(info.name)
                for _, form in inspect.getmembers(module, inspect.isclass):
                    if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                        yield form


def test_the_forms_are_found():
    names = {form.__name__ for form in our_forms()}
    assert {"NewsForm", "BoardCreateForm", "BoardDetailsForm"} <= names


def test_no_label_says_optional_itself():
    found = [
        f"{form.__module__}.{form.__name__}.{name}: {field.label!r}"
        for form in our_forms()
        for name, field in getattr(form, "base_fields", {}).items()
        if "(optional)" in str(field.label or "")
    ]

    assert found == []
