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

from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps
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
