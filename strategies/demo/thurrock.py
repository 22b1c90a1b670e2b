"""Demonstration strategies of the Thurrock board (2016-2021, 2022-2026): public facts, our wording."""

from . import thurrock_2016, thurrock_2022

STRATEGIES = [thurrock_2016.STRATEGY, thurrock_2022.STRATEGY]
