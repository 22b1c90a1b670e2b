"""
Shared fixtures: factories, the two boards, one user and one logged-in client per role.

    board, other_board                  two boards; nobody below has a role on both
    officer / officer_client            officer of `board`
    board_admin / board_admin_client    board administrator of `board`
    board_member / board_member_client  current member of `board` (a Membership with a portal account)
    other_officer / other_officer_client  officer of `other_board` only
    site_admin / site_admin_client      Django superuser
    resident / resident_client          anonymous
    nobody                              signed in, with no role on any board
    former_officer                      was an officer of `board`; the account is now deactivated

Each *_client is its own django.test.Client, so one test can act as several people.

    demo                                the demo data (manage.py load_demo), loaded once per module
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.test import Client
from django.test.utils import override_settings

from tests import factories

# s3_bucket and on_s3: files on the test run's S3 server (tests/object_store.py).
pytest_plugins = ["tests.object_store"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """
    The demo data, loaded once for a module's tests (loading it takes seconds), and what load_demo
    printed. It is loaded in a transaction of its own; each test's transaction is a savepoint inside
    it, rolled back after the test, and the module's is rolled back after its last test. For tests
    marked django_db (not transactional: a live server's thread would not see the data).
    """
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        loading = transaction.atomic()
        loading.__enter__()
        try:
            out = StringIO()
            call_command("load_demo", stdout=out, stderr=StringIO())
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            loading.__exit__(None, None, None)


# Hashing with the production hasher costs a noticeable fraction of a second per user.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


@pytest.fixture(autouse=True, scope="session")
def _media_in_a_temporary_folder(tmp_path_factory):
    """
    Rendered PDFs go to a throwaway folder, not the working tree's media/.

    STATIC_ROOT too: tests serve static files through the finders, and WhiteNoise warns on every
    request when STATIC_ROOT does not exist (it does only after collectstatic).
    """
    media_root = tmp_path_factory.mktemp("media")
    static_root = tmp_path_factory.mktemp("staticfiles")
    with pytest.MonkeyPatch.context() as mp:
        # Also for subprocesses (a real Celery worker), which read settings from the environment.
        mp.setenv("MEDIA_ROOT", str(media_root))
        with override_settings(MEDIA_ROOT=media_root, STATIC_ROOT=static_root):
            yield media_root


@pytest.fixture(autouse=True, scope="session")
def _celery_eager():
    """
    Run tasks in-process and let their exceptions reach the test.

    A test that runs a real worker undoes this with the `celery_not_eager` fixture.
    """
    from config.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture
def celery_not_eager(_celery_eager):
    """For a test that runs a real worker: tasks go to the broker for the length of the test."""
    app = _celery_eager
    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture(autouse=True)
def _clear_cache():
    """
    Start every test with an empty cache (cached pages, login rate-limit counters).

    The Redis database is shared with the Celery broker during a run, and by anyone else who points
    REDIS_URL at it, so only the cache's own keys are deleted, never the whole database.
    """
    for cache in caches.all():
        client = getattr(cache, "_cache", None)
        if client is not None and hasattr(client, "get_client"):  # django.core.cache.backends.redis
            redis = client.get_client(write=True)
            keys = list(redis.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
            if keys:
                redis.delete(*keys)
        else:
            cache.clear()


# Factories, for tests that prefer fixtures to imports.


@pytest.fixture
def user_factory():
    return factories.UserFactory


@pytest.fixture
def organisation_factory():
    return factories.OrganisationFactory


@pytest.fixture
def board_factory():
    return factories.BoardFactory


@pytest.fixture
def board_role_factory():
    return factories.BoardRoleFactory


@pytest.fixture
def membership_factory():
    return factories.MembershipFactory


@pytest.fixture
def meeting_factory():
    return factories.MeetingFactory


@pytest.fixture
def decision_factory():
    return factories.DecisionFactory


@pytest.fixture
def strategy_factory():
    return factories.StrategyFactory


@pytest.fixture
def domain_factory():
    return factories.DomainFactory


@pytest.fixture
def priority_factory():
    return factories.PriorityFactory


# Boards and the people who work on them.


@pytest.fixture
def board(db):
    return factories.BoardFactory(
        name="Thurrock Health and Wellbeing Board", slug="thurrock", area="Thurrock"
    )


@pytest.fixture
def other_board(db):
    return factories.BoardFactory(name="Essex Health and Wellbeing Board", slug="essex", area="Essex")


@pytest.fixture
def officer(board):
    return factories.BoardRoleFactory(board=board, user__username="officer").user


@pytest.fixture
def board_admin(board):
    return factories.BoardRoleFactory(board=board, administrator=True, user__username="board-admin").user


@pytest.fixture
def board_member(board):
    return factories.MembershipFactory(board=board, user__username="board-member").user


@pytest.fixture
def other_officer(other_board):
    return factories.BoardRoleFactory(board=other_board, user__username="other-officer").user


@pytest.fixture
def site_admin(db):
    return factories.UserFactory(username="site-admin", site_admin=True)


@pytest.fixture
def resident():
    return AnonymousUser()


@pytest.fixture
def nobody(db):
    return factories.UserFactory(username="nobody")


@pytest.fixture
def former_officer(board):
    return factories.BoardRoleFactory(
        board=board, user__username="former-officer", user__is_active=False
    ).user


def _client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def officer_client(officer):
    return _client_for(officer)


@pytest.fixture
def board_admin_client(board_admin):
    return _client_for(board_admin)


@pytest.fixture
def board_member_client(board_member):
    return _client_for(board_member)


@pytest.fixture
def other_officer_client(other_officer):
    return _client_for(other_officer)


@pytest.fixture
def site_admin_client(site_admin):
    return _client_for(site_admin)


@pytest.fixture
def resident_client():
    return _client_for(None)


# The longest files first: shared between two pytest-xdist workers a file at a time (make test), a long
# file collected last keeps one worker busy while the other has nothing left to do.
LONGEST_FIRST = (
    "tests/test_form_fuzz.py",
    "tests/browser/test_reflow.py",
    # Four server processes to start and stop, and four packs to render on them.
    "tests/test_multinode.py",
    # Minutes each, and last in name order: started last, one worker ran them while the other sat idle.
    "tests/test_service_permissions.py",
    "tests/test_url_matrix.py",
)


def pytest_collection_modifyitems(session, config, items) -> None:
    def rank(item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # Stable: every other test keeps its place.
