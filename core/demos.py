"""
The demo data of every installed app, loaded by `manage.py load_demo` (core has none of its own).

Each app that has demo data provides a `demo` module (or package) with:

    load(demo: Demo) -> None     create the app's part; it may use what earlier apps left in
                                 `demo.shared` (boards, users, decisions...) and add its own
    check(demo: Demo) -> None    optional: raise DemoAlreadyLoaded if the data is there already
    report(demo: Demo) -> None   optional: print what was loaded (after the commit)

Apps are asked in INSTALLED_APPS order, which is their dependency order (boards before the apps
that sit on boards), so a new app adds its demo data without touching core or the command.
"""

from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from types import ModuleType
from typing import Any
from unittest import mock

from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import module_has_submodule


class DemoAlreadyLoaded(Exception):
    """The demo data, or part of it, is in the database already; nothing is loaded."""

    def __init__(self, message: str, *, partly: bool = False):
        super().__init__(message)
        self.partly = partly


@dataclass
class Demo:
    """What the apps' loaders share while loading, and where they report to."""

    write: Any  # callable(str): a line of output
    warn: Any  # callable(str): a line of warning
    shared: dict[str, Any] = field(default_factory=dict)
    # False when the data was found already loaded: reports then print only what stays useful.
    loaded: bool = True


def demo_modules() -> list[ModuleType]:
    """Every installed app's `demo` module, in INSTALLED_APPS (dependency) order."""
    modules = []
    for config in apps.get_app_configs():
        if config.module is not None and module_has_submodule(config.module, "demo"):
            modules.append(import_module(f"{config.name}.demo"))
    return modules


@contextmanager
def story_time(moment: datetime):
    """
    While the demo writes what happened at `moment` in its story (a strategy drafted in 2021, edited after
    its consultation), `timezone.now()` answers `moment`, and so does every model field whose default is
    the time, so that the history pages tell the story in order. For demo loading only: tests and the
    running portal never set the clock.
    """
    original = timezone.now
    with ExitStack() as stack:
        stack.enter_context(mock.patch("django.utils.timezone.now", lambda: moment))
        for model in apps.get_models():
            for model_field in model._meta.concrete_fields:
                if model_field.default is original:
                    # Field.get_default() calls the cached _get_default, which holds the original function.
                    stack.enter_context(mock.patch.object(model_field, "_get_default", lambda: moment))
        yield
