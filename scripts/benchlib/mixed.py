"""
h) A mixed load for SECONDS (five minutes; --mixed-seconds): people using the whole site at once, against
gunicorn (WORKERS sync workers, as everywhere in the bench), PostgreSQL and Redis, with a real Celery
worker (`celery -A config worker`, as production runs it) doing whatever their requests queue.

Who, and what each does, in a loop, pausing between requests as a person reads or types:
- READERS residents browsing: a visit of a few public pages (the home page first, then pages drawn from
  every public page of the data, public_pages.public_urls: boards, strategies, priorities, dashboards,
  meetings, decisions, consultations), then a new visitor;
- RESPONDENTS residents answering the open consultation, through its whole survey as in d)
  (submit.Resident: the real forms, with their CSRF and one-time form tokens, a double click now and
  then), each survey from an address of its own;
- OFFICERS officers of Thurrock, each signed in through the sign-in form, each with objects of its own
  so that no two edit the same row: a priority of a draft strategy made for the bench and an action of
  the published strategy's delivery plan, edited through their edit forms (which carry the version
  read, so a conflict would show), and a meeting of its own to which it adds agenda items. Every edit
  is a GET of the form, a POST of it changed, and the page the redirect leads to.

An error is any 5xx, any connection error, any 4xx (nothing here asks for what it may not have; an edit
conflict comes back as the form again, a 200 where a redirect was expected, and counts too), a survey
that did not go on to its next page, a gunicorn worker replaced during the run, or a task that failed
on the worker. Any error makes the section FAIL (bench.py then exits non-zero).

Memory: the resident set (VmRSS, /proc) of each gunicorn worker process when the load starts (after
every public page was asked for twice, so that each worker has imported and compiled what the pages
need), half way and at the end.
"""

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from . import WORKERS, fail, say
from .load import percentile
from .page import Gunicorn, free_port
from .public_pages import check_all, public_urls
from .submit import DOUBLE, Resident

SECONDS = 300
READERS, RESPONDENTS, OFFICERS = 20, 6, 4
READ_THINK = (1.0, 3.0)
OFFICER_THINK = (1.0, 3.0)
VISIT_PAGES = (3, 8)
EMAILS = 3  # One survey in three gives an email address, for its confirmation (sent by the worker).
TARGET_GROWTH_MB = 10  # "Flat": no worker grows more than this from once warmed to the end.
SAMPLE_EVERY = 5  # Seconds between readings of the workers' memory.
PASSWORD = "bench-only-password-2026"


# Figures -------------------------------------------------------------------------------------------


class Tally:
    """Latencies by kind of user, and the errors, shared by every simulated user's thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {"reading": [], "answering": [], "officer": []}
        self.errors: list[str] = []

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)

    def error(self, kind: str, what: str) -> None:
        with self.lock:
            self.errors.append(f"{kind}: {what}")
        if len(self.errors) <= 5:
            say(f"FAIL in the mixed load: {kind}: {what}")


def latency_figures(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    return {
        "requests": len(ordered),
        "p50_ms": percentile(ordered, 0.5) * 1000,
        "p99_ms": percentile(ordered, 0.99) * 1000,
    }


# Memory of gunicorn's workers ---------------------------------------------------------------------------


def worker_pids(master: int) -> list[int]:
    """The gunicorn master's children (its workers), from /proc."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return sorted(int(pid) for pid in children)
    except OSError:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # The parent's pid is the fourth field, after the command name in parentheses.
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                    pids.append(int(stat.parent.name))
            except (OSError, ValueError, IndexError):
                continue
        return sorted(pids)


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def memory(master: int) -> dict[int, float]:
    return {pid: rss for pid in worker_pids(master) if (rss := rss_mb(pid)) is not None}


# A person with a browser (cookies, an address of their own) -----------------------------------------


class Browser:
    """One person's requests on one connection, with their cookies, timed into the tally as `kind`."""

    def __init__(self, port: int, address: str, kind: str, tally: Tally):
        self.port, self.address, self.kind, self.tally = port, address, kind, tally
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, fields: list | None = None) -> tuple[int, str, str]:
        """(status, the redirect's path, the page); an error in the tally for a 4xx, 5xx or no answer."""
        headers = {"X-Forwarded-For": self.address, "Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(fields)
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (OSError, http.client.HTTPException) as error:
                self.connection.close()  # gunicorn's sync workers close the connection after each answer.
                if attempt == 2:
                    self.tally.error(self.kind, f"{method} {path}: no answer ({type(error).__name__})")
                    return 0, "", ""
        self.tally.record(self.kind, time.perf_counter() - started)
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        if response.status >= 400:
            self.tally.error(self.kind, f"{method} {path}: {response.status}")
        return response.status, urlsplit(response.getheader("Location") or "").path, text

    def close(self) -> None:
        self.connection.close()


def browser_values(form) -> list[tuple[str, str]]:
    """
    What a browser sends of an lxml form: as lxml's form_values, but an input with no value attribute
    sent empty (as browsers do), and the first named submit button, the one a person clicks.
    """
    values = []
    for element in form.inputs:  # Its inputs, selects and textareas, in the page's order.
        kind = (element.get("type") or "text").lower()
        if not element.name or "disabled" in element.attrib or kind in ("submit", "image", "reset", "file"):
            continue
        if element.tag == "select":
            chosen = element.value
            values += [(element.name, value) for value in (chosen if element.multiple else [chosen])]
        elif element.tag == "input" and element.checkable:
            if element.checked:
                values.append((element.name, element.value or "on"))
        else:
            values.append((element.name, element.value or ""))
    for button in form.xpath(".//button[@name] | .//input[@type='submit'][@name]"):
        if (button.get("type") or "submit").lower() == "submit":
            values.append((button.get("name"), button.get("value") or ""))
            break
    return [(name, value) for name, value in values if value is not None]


def form_fields(page: str, field: str) -> tuple[str | None, list[tuple[str, str]]]:
    """
    The action and the fields a browser would send of the page's first POST form with a field named
    `field` (or ending in "-" + field, for a prefixed form): (None, []) when there is none.
    """
    import lxml.html

    for form in lxml.html.fromstring(page).forms:
        if (form.method or "").upper() != "POST":
            continue
        values = browser_values(form)
        if any(name == field or name.endswith(f"-{field}") for name, _ in values):
            return form.action, values
    return None, []


def with_value(fields: list[tuple[str, str]], field: str, value: str) -> list[tuple[str, str]]:
    """The fields with `field` (prefixed or not) set to `value`, added when the form left it out (empty)."""
    names = [name for name, _ in fields if name == field or name.endswith(f"-{field}")]
    if not names:
        return fields + [(field, value)]
    return [(name, value if name in names else old) for name, old in fields]


def problem(page: str) -> str:
    """The GOV.UK error summary's first message, or the start of the page's title, for the report."""
    found = re.search(r"govuk-error-summary__list.*?<a [^>]*>(.*?)</a>", page, re.S)
    if found:
        return re.sub(r"\s+", " ", found.group(1)).strip()[:160]
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    return re.sub(r"\s+", " ", title.group(1)).strip()[:160] if title else "no error message"


# The simulated users ----------------------------------------------------------------------------------


def reader(port: int, index: int, urls: list[str], deadline: float, tally: Tally) -> None:
    rng = random.Random(1000 + index)
    visit = 0
    while time.monotonic() < deadline:
        visit += 1
        person = Browser(port, f"10.{100 + index}.{visit // 250}.{visit % 250 + 1}", "reading", tally)
        pages = ["/"] + rng.sample(urls, min(len(urls), rng.randint(*VISIT_PAGES) - 1))
        for path in pages:
            if time.monotonic() >= deadline:
                break
            status, _, _ = person.request("GET", path)
            if status != 200:
                break  # Counted; a person meeting an error page goes away.
            time.sleep(rng.uniform(*READ_THINK))
        person.close()


class Respondent(Resident):
    """submit.Resident, its requests timed into the tally (and any 4xx or 5xx counted as an error)."""

    def __init__(self, port: int, address: str, rng: random.Random, tally: Tally, email: str = ""):
        super().__init__(port, address, rng)
        self.tally, self.email = tally, email
        self.failed = 0

    def answers(self, page: str, *, plainly: bool = False) -> tuple[str, str]:
        """As a resident answers; with an address typed into the "About you" page's email field."""
        action, body = super().answers(page, plainly=plainly)
        if self.email:
            fields = parse_qsl(body, keep_blank_values=True)
            typed = [(n, self.email if n.rsplit("-", 1)[-1] == "email" else v) for n, v in fields]
            body = urlencode(typed)
        return action, body

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        try:
            status, location, text = super().request(method, path, body)
        except (OSError, http.client.HTTPException) as error:
            self.failed += 1
            self.tally.error("answering", f"{method} {path}: no answer ({type(error).__name__})")
            raise
        self.tally.record("answering", self.latencies[-1])
        if status >= 400:
            self.failed += 1
            self.tally.error("answering", f"{method} {path}: {status}")
        return status, location, text


def respondent(port: int, index: int, start: str, deadline: float, tally: Tally, sent: dict) -> None:
    rng = random.Random(2000 + index)
    number = 0
    while time.monotonic() < deadline:
        number += 1
        address = f"10.{200 + index}.{number // 250}.{number % 250 + 1}"
        email = f"resident-{index}-{number}@example.org" if (index + number) % EMAILS == 0 else ""
        one = Respondent(port, address, rng, tally, email)
        try:
            done = one.respond(start, deadline, double=number % DOUBLE == 0)
        except (OSError, http.client.HTTPException):
            done = False
        one.connection.close()
        if done:
            with tally.lock:
                sent["surveys"] += 1
                sent["emails"] += bool(email)
        elif one.errors and not one.failed:
            # Resident.respond stopped on an answer that was not an error status: a page where a
            # redirect should have been (the form shown again), or a redirect where a page should.
            tally.error("answering", f"the survey did not go on from a page ({one.errors} times)")


@dataclass
class Desk:
    """An officer's own objects: no other simulated officer touches them."""

    username: str
    priority_id: int
    action_id: int
    meeting_id: int
    edits: dict[str, int] = field(default_factory=lambda: {"priority": 0, "action": 0, "item": 0})


def officer(port: int, index: int, desk: Desk, deadline: float, tally: Tally) -> None:
    rng = random.Random(3000 + index)
    person = Browser(port, f"10.250.0.{index + 1}", "officer", tally)

    def pause() -> None:
        time.sleep(rng.uniform(*OFFICER_THINK))

    def send(form_page: str, field: str, changes: dict[str, str], what: str) -> bool:
        status, _, page = person.request("GET", form_page)
        if status != 200:
            return False
        action, fields = form_fields(page, field)
        if not fields:
            tally.error("officer", f"GET {form_page}: no form with a {field!r} field")
            return False
        for name, value in changes.items():
            fields = with_value(fields, name, value)
        pause()
        target = action or form_page
        status, location, page = person.request("POST", target, fields)
        if status == 200:
            tally.error("officer", f"{what}: POST {target} showed the form again: {problem(page)}")
            return False
        if status != 302 or not location:
            if status and status < 400:
                tally.error("officer", f"{what}: POST {target} answered {status}, not a redirect")
            return False
        person.request("GET", location)
        return True

    status, _, page = person.request("GET", "/accounts/login/")
    action, fields = form_fields(page, "username") if status == 200 else (None, [])
    fields = with_value(with_value(fields, "username", desk.username), "password", PASSWORD)
    status, location, page = person.request("POST", action or "/accounts/login/", fields)
    if status != 302:
        if status == 200:
            tally.error("officer", f"{desk.username} could not sign in: {problem(page)}")
        person.close()
        return
    # Each officer starts with a different task, so that a short run sees every kind of edit.
    tasks = [
        ("priority", f"/manage/priorities/{desk.priority_id}/edit/", "version", "description"),
        ("action", f"/manage/actions/{desk.action_id}/edit/", "version", "description"),
        ("item", f"/manage/meetings/{desk.meeting_id}/", "form_token", "title"),
    ]
    number = index
    while time.monotonic() < deadline:
        kind, form_page, marker, changed = tasks[number % len(tasks)]
        number += 1
        person.request("GET", "/manage/")
        pause()
        if time.monotonic() >= deadline:
            break
        text = f"Edited by {desk.username} under load, edit {number}."
        if send(form_page, marker, {changed: text}, kind):
            desk.edits[kind] += 1
        pause()
    person.close()


# The officers' objects, and the worker ----------------------------------------------------------------


def make_desks(board) -> list[Desk]:
    """OFFICERS officers of `board`, each with a priority, an action and a meeting of its own."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from boards.models import BoardRole
    from boards.services import meetings as meeting_services
    from delivery.models import Action
    from strategies import services as strategy_services
    from strategies.models import Status

    users = []
    for number in range(1, OFFICERS + 1):
        user = get_user_model().objects.create_user(f"bench-mixed-officer-{number}", password=PASSWORD)
        BoardRole.objects.create(user=user, board=board, role=BoardRole.Role.OFFICER)
        users.append(user)
    draft = strategy_services.strategy_create(
        board=board, by=users[0], title="Bench mixed load draft", slug="bench-mixed-load", start_year=2031,
        end_year=2035,
    )  # fmt: skip
    domain = strategy_services.domain_create(strategy=draft, by=users[0], title="Living well")
    published = {
        "priority__domain__strategy__board": board,
        "priority__domain__strategy__status": Status.PUBLISHED,
    }
    actions = list(Action.objects.filter(**published).order_by("pk")[:OFFICERS])
    if len(actions) < OFFICERS:
        fail(f"The demo's published strategy has {len(actions)} actions: the mixed load needs {OFFICERS}.")
    desks = []
    for number, (user, action) in enumerate(zip(users, actions, strict=True), start=1):
        priority = strategy_services.priority_create(domain=domain, by=user, title=f"Priority {number}")
        meeting = meeting_services.meeting_create(
            board=board,
            by=user,
            starts_at=timezone.now() + datetime.timedelta(days=60 + number),
            title=f"Bench meeting {number}",
            venue="Civic Offices, Grays",
        )
        desks.append(Desk(user.username, priority.pk, action.pk, meeting.pk))
    return desks


class Worker:
    """A real Celery worker on the bench's Redis db and database, as production runs it."""

    def __init__(self, env: dict[str, str]):
        import subprocess
        import sys
        import tempfile

        from django.conf import settings

        from . import ROOT

        self.queue = settings.CELERY_TASK_DEFAULT_QUEUE
        self.log = Path(tempfile.mkstemp(prefix="bench-celery-", suffix=".log")[1])
        command = [
            *(sys.executable, "-m", "celery", "-A", "config", "worker"),
            *("--pool", "prefork", "--concurrency", "1", "--hostname", "bench-mixed@%h"),
            *("--queues", self.queue, "--loglevel", "INFO"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ]
        # The worker logs through settings.LOGGING, at LOG_LEVEL (the bench's WARNING keeps gunicorn
        # quiet): its "ready." line, which wait_ready watches for, is INFO.
        env = {**env, "LOG_LEVEL": "INFO"}
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def read_log(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while "ready." not in self.read_log():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                fail(f"The Celery worker did not start. Its log:\n{self.read_log()[-3000:]}")
            time.sleep(0.2)

    def queued(self, redis_url: str) -> int:
        import redis

        return redis.Redis.from_url(redis_url, socket_timeout=5).llen(self.queue)

    def drain(self, redis_url: str, timeout: float = 60) -> int:
        """Wait for the queue to empty (at most `timeout`); the tasks still queued."""
        deadline = time.monotonic() + timeout
        while (left := self.queued(redis_url)) and time.monotonic() < deadline:
            time.sleep(0.5)
        return left

    def counts(self) -> dict[str, int]:
        log = self.read_log()
        return {
            "succeeded": len(re.findall(r"Task \S+\[[^\]]+\] succeeded", log)),
            "failed": len(re.findall(r"Task \S+\[[^\]]+\] raised unexpected", log)),
            "retried": len(re.findall(r"Task \S+\[[^\]]+\] retry", log)),
        }

    def stop(self) -> None:
        import os
        import signal
        import subprocess

        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


# The section ---------------------------------------------------------------------------------------


class Inbox:
    """An SMTP server (aiosmtpd) on loopback that counts what the worker sends it."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.received = 0
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 Message accepted for delivery"

    def settings(self) -> dict[str, str]:
        return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.controller.port), "EMAIL_USE_TLS": "false"}


def bench_mixed(env: dict[str, str], *, seconds: int = SECONDS) -> dict:
    from django.db import connections

    from boards.models import Board
    from consultations.models import Consultation

    consultation = Consultation.objects.open().select_related("board").first()
    if consultation is None:
        fail("load_demo made no open consultation: the mixed load has nothing to answer.")
    start = f"{consultation.get_absolute_url()}respond/"
    urls = public_urls()
    desks = make_desks(Board.objects.get(slug="thurrock"))
    stored_before = consultation.responses.submitted().count()
    connections.close_all()

    tally = Tally()
    inbox = Inbox()
    inbox.controller.start()
    env = {**env, **inbox.settings()}
    worker = Worker(env)
    server = Gunicorn({**env, "BEHIND_PROXY": "true"}, free_port())
    try:
        worker.wait_ready()
        server.wait_ready("/bench/bare")
        master = server.process.pid
        say(f"Mixed: asking for each of the {len(urls)} public pages twice (each worker warms up)")
        check_all(server.port, urls)
        check_all(server.port, urls)
        samples = [(0.0, memory(master))]
        if len(samples[0][1]) != WORKERS:
            fail(f"gunicorn has {len(samples[0][1])} workers, not {WORKERS}.")
        say(
            f"Mixed: {READERS} residents reading, {RESPONDENTS} answering the consultation and {OFFICERS}"
            f" officers editing, for {seconds} s"
        )
        started = time.monotonic()
        deadline = started + seconds
        sent = {"surveys": 0, "emails": 0}
        paths = [path for _, path in urls]
        port = server.port
        threads = [
            *(
                threading.Thread(target=reader, args=(port, i, paths, deadline, tally))
                for i in range(READERS)
            ),
            *(
                threading.Thread(target=respondent, args=(port, i, start, deadline, tally, sent))
                for i in range(RESPONDENTS)
            ),
            *(
                threading.Thread(target=officer, args=(port, i, desk, deadline, tally))
                for i, desk in enumerate(desks)
            ),
        ]
        for thread in threads:
            thread.daemon = True
            thread.start()
        while (now := time.monotonic()) < deadline:
            time.sleep(min(SAMPLE_EVERY, deadline - now))
            samples.append((time.monotonic() - started, memory(master)))
        for thread in threads:
            thread.join(timeout=120)
        elapsed = time.monotonic() - started
        samples.append((elapsed, memory(master)))
        say("Mixed: waiting for the worker to finish what the load queued")
        left = worker.drain(env["REDIS_URL"])
        emails_by = time.monotonic() + 30
        while inbox.received < sent["emails"] and time.monotonic() < emails_by:
            time.sleep(0.5)  # The last task may still be sending after the queue is empty.
        tasks = worker.counts()
    finally:
        server.stop()
        worker.stop()
        inbox.controller.stop()
        worker.log.unlink(missing_ok=True)
    if any(set(memory_now) != set(samples[0][1]) for _, memory_now in samples):
        tally.error("gunicorn", "a worker process was replaced during the run (a crash or a timeout)")
    if tasks["failed"]:
        tally.error("worker", f"{tasks['failed']} tasks failed on the Celery worker")
    if inbox.received != sent["emails"]:
        tally.error("worker", f"{inbox.received} confirmation emails arrived, not {sent['emails']}")
    stored = consultation.responses.submitted().count() - stored_before
    if stored != sent["surveys"]:
        tally.error(
            "answering", f"{stored} responses stored, not {sent['surveys']} (the confirmations reached)"
        )
    everything = [t for kind in tally.latencies.values() for t in kind]
    return {
        "seconds": seconds,
        "elapsed": elapsed,
        "users": {"reading": READERS, "answering": RESPONDENTS, "officer": OFFICERS},
        "urls": len(urls),
        "rps": len(everything) / elapsed,
        "overall": latency_figures(everything),
        "kinds": {kind: latency_figures(values) for kind, values in tally.latencies.items()},
        "errors": len(tally.errors),
        "error_samples": tally.errors[:10],
        "surveys_sent": sent["surveys"],
        "responses_stored": stored,
        "emails_expected": sent["emails"],
        "emails_received": inbox.received,
        "edits": {kind: sum(desk.edits[kind] for desk in desks) for kind in ("priority", "action", "item")},
        "memory_mb": memory_points(samples, seconds),
        "tasks": {**tasks, "left": left},
    }


def memory_points(samples: list[tuple[float, dict[int, float]]], seconds: float) -> dict[str, dict]:
    """
    Each worker's RSS at the start, once warmed (the first sample after a fifth of the run, at most a
    minute: officers' pages, the survey's and every page's first render have been through each worker
    by then), half way and at the end, from samples of (seconds into the run, {pid: MB}).
    """

    def at(moment: float) -> dict[int, float]:
        return next((rss for when, rss in samples if when >= moment), samples[-1][1])

    start, warmed, middle, end = samples[0][1], at(min(60, seconds / 5)), at(seconds / 2), samples[-1][1]
    return {
        str(pid): {"start": rss, "warmed": warmed.get(pid), "middle": middle.get(pid), "end": end.get(pid)}
        for pid, rss in start.items()
    }


def mixed_failed(figures: dict) -> bool:
    return bool(figures) and figures["errors"] > 0


def mixed_lines(figures: dict) -> list[str]:
    if not figures:
        return []
    users = figures["users"]
    lines = [
        "",
        f"h) Mixed load for {figures['seconds']} s: {users['reading']} residents reading, "
        f"{users['answering']} answering the consultation, {users['officer']} officers editing "
        f"(gunicorn, {WORKERS} sync workers, PostgreSQL, Redis, a Celery worker)",
        f"{'   ':<40}{'requests':>10}{'p50':>10}{'p99':>10}",
    ]
    labels = {
        "reading": f"residents reading ({figures['urls']} public pages)",
        "answering": "residents answering the consultation",
        "officer": "officers editing (forms, saves, pages)",
    }
    for kind, label in labels.items():
        measured = figures["kinds"][kind]
        latency = f"{measured['p50_ms']:>8.0f}ms{measured['p99_ms']:>8.0f}ms"
        lines.append(f"   {label:<37}{measured['requests']:>10,}{latency}")
    overall = figures["overall"]
    lines.append(
        f"   {'all':<37}{overall['requests']:>10,}{overall['p50_ms']:>8.0f}ms{overall['p99_ms']:>8.0f}ms"
        f"   {figures['rps']:.1f} requests a second"
    )
    edits = figures["edits"]
    lines.append(
        f"   saved: {edits['priority']} priority edits, {edits['action']} action edits, {edits['item']} "
        f"agenda items added; {figures['surveys_sent']} surveys sent, {figures['responses_stored']} "
        "responses stored"
    )
    tasks = figures["tasks"]
    lines.append(
        f"   Celery worker: {tasks['succeeded']} tasks done, {tasks['retried']} retried, "
        f"{tasks['failed']} failed, {tasks['left']} still queued at the end"
    )
    lines.append(
        f"   confirmation emails sent by the worker through SMTP: {figures['emails_received']} "
        f"(one for each of the {figures['emails_expected']} surveys sent with an address)"
    )
    lines.append(
        "   gunicorn workers' memory (RSS): start, warmed, half way, end; growth from start, from warmed"
    )
    growths = []
    for pid, rss in figures["memory_mb"].items():
        points = [rss[name] for name in ("start", "warmed", "middle", "end")]
        if None in points:
            lines.append(f"     worker {pid}: {rss['start']:.0f} MB at the start, then gone")
            growths.append(float("inf"))
            continue
        start, warmed, middle, end = points
        growths.append(end - warmed)
        lines.append(
            f"     worker {pid}: {start:.0f}, {warmed:.0f}, {middle:.0f}, {end:.0f} MB;"
            f" {end - start:+.1f} MB ({(end - start) / start:+.0%}), {end - warmed:+.1f} MB"
            f" ({(end - warmed) / warmed:+.0%})"
        )
    verdict = "met" if all(growth <= TARGET_GROWTH_MB for growth in growths) else "NOT MET"
    lines.append(f"     target flat (each grows at most {TARGET_GROWTH_MB} MB once warmed): {verdict}")
    if figures["errors"]:
        lines.append(f"   FAIL: {figures['errors']} errors (target zero). The first of them:")
        lines += [f"     {sample}" for sample in figures["error_samples"]]
    else:
        lines.append("   0 errors (target zero): met")
    return lines
