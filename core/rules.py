"""
Named permission rules, so that templates can ask the rule itself.

Each app decides who may do what in its own `permissions.py` and registers those functions here by
name (`@rule("strategies.edit")`). Views and services call the functions directly; templates ask
`{% allowed "strategies.edit" strategy as can_edit %}` (core.templatetags.portal). Core knows no
rule of its own: it only looks names up.
"""

from collections.abc import Callable

Rule = Callable[..., bool]
_rules: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register a rule `(user, obj=None) -> bool` under `name` ("<app>.<action>")."""

    def decorator(function: Rule) -> Rule:
        if _rules.get(name, function) is not function:
            raise ValueError(f"The rule {name!r} is already registered.")
        _rules[name] = function
        return function

    return decorator


def allowed(name: str, user, obj=None) -> bool:
    try:
        function = _rules[name]
    except KeyError:
        raise LookupError(f"No rule is registered as {name!r}.") from None
    return bool(function(user) if obj is None else function(user, obj))


def registered() -> dict[str, Rule]:
    return dict(_rules)
