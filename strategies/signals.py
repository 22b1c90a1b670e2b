"""
What strategies tell the apps above them, which it may not import (docs/decisions/0004-layers.md).

    strategy_published(sender=Strategy, strategy=...)   sent inside the publishing transaction; a
                                                        receiver that emails should do so on commit
"""

from django.dispatch import Signal

strategy_published = Signal()
