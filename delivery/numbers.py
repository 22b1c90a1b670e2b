"""
An indicator's figures in words: what its unit measures, how many decimal places its figures take, and
each figure written as the dashboard, the charts, their tables and the progress report write it.
"""

from collections.abc import Iterable
from enum import StrEnum


class UnitKind(StrEnum):
    PERCENT = "percent"
    RATE = "rate"
    COUNT = "count"
    OTHER = "other"


COUNT_UNITS = {"", "count", "counts", "number", "n", "people", "persons"}


def unit_kind(unit: str, values: Iterable[float] = ()) -> UnitKind:
    """
    What a unit measures: "%" a percentage, "per 100,000" a rate, a count when it says so (or says
    nothing and every value is whole), otherwise something else (years, a score, a ratio).
    """
    word = unit.strip().lower()
    if word in {"%", "percent", "percentage"} or word.startswith("%"):
        return UnitKind.PERCENT
    if word.startswith("per ") or " per " in f" {word}":
        return UnitKind.RATE
    if word in COUNT_UNITS and (word or all(float(value).is_integer() for value in values)):
        return UnitKind.COUNT
    return UnitKind.OTHER


def decimals_for(unit: str, values: Iterable[float]) -> int:
    """
    The decimal places for an indicator's figures: none for a count; one for a percentage or a rate;
    otherwise one, unless the figures are small (two below 10, a score out of 10; three below 1).
    """
    values = [value for value in values if value is not None]
    kind = unit_kind(unit, values)
    if kind == UnitKind.COUNT:
        return 0
    if kind in (UnitKind.PERCENT, UnitKind.RATE) or not values:
        return 1
    largest = max(abs(value) for value in values)
    if largest < 1:
        return 3
    if largest < 10:
        return 2
    return 1


def format_number(value: float, decimals: int) -> str:
    """1234.56 at 1 → "1,234.6": thousands separated, never "-0.0"."""
    rounded = round(value, decimals)
    if rounded == 0:
        rounded = 0.0
    return f"{rounded:,.{decimals}f}"


def format_value(value: float | None, unit: str, *, decimals: int | None = None) -> str:
    """
    A figure as the chart, the table and the summary write it: "14.9%", "263.4" (a rate: its unit is in
    the headings), "12,345" (a count); "" for no value. Without `decimals`, as `decimals_for` chooses for
    the value alone; a chart passes one number of places for all its figures.
    """
    if value is None:
        return ""
    if decimals is None:
        decimals = decimals_for(unit, [value])
    text = format_number(value, decimals)
    return f"{text}%" if unit_kind(unit) == UnitKind.PERCENT else text


def with_unit(text: str, unit: str) -> str:
    """
    A formatted figure with its unit, for a sentence: "14.9%", "263.4 per 100,000", "79.4 years"; a
    count as it is ("12,345").
    """
    if not text or unit_kind(unit) in (UnitKind.PERCENT, UnitKind.COUNT):
        return text
    return f"{text} {unit.strip()}"
