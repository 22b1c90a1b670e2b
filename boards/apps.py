from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"

    def ready(self):
        from core import navigation

        from . import documents, packs, permissions, search  # noqa: F401  Board packs, their emails, the board rules.

        search.register()  # Published agenda items and decisions in site search (core.search).

        navigation.add(
            navigation.Entry(
                label="Boards",
                url_name="boards:manage_list",
                sections=("manage/boards",),
                may_see=permissions.can_administer_any,
                order=40,
            )
        )
        navigation.add(
            navigation.Entry(
                label="Site administration",
                url_name="admin:index",
                sections=("admin/",),
                may_see=permissions.is_site_admin,
                order=1000,
            )
        )
        # Meetings and their agendas (views/agenda.py).
        navigation.add(
            navigation.Entry(
                label="Meetings",
                url_name="boards:meeting_manage_list",
                sections=("manage/meetings",),
                may_see=permissions.can_edit_any,
                order=30,
            )
        )
        # The board page's "Upcoming meetings" (public_meetings.py).
        from . import public_meetings

        public_meetings.register_section()
        # Pack notices the broker did not take (it was down) are queued again once it answers.
        from core import outbox

        from .models import PackNotice

        outbox.register("pack notices", PackNotice, packs._enqueue)
