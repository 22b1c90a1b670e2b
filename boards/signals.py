"""
Signals boards send for the apps above them, which boards may not import (docs/decisions/0001).

board_look_changed(board): the board's logo changed (set, replaced or removed), and the change has
committed. Every page carries the board's header, so an app that keeps public pages in the page cache
(core.pagecache) forgets that board's; until then a cached page would show the old logo, or point at
a file that is gone.
"""

from django.dispatch import Signal

board_look_changed = Signal()
