"""
d) Residents answering at once: SUBMITTERS simulated residents go through the open consultation's whole
survey (start, a page per domain, the general questions, "About you", the equality questions, "Check
your answers", send) against gunicorn and PostgreSQL for SECONDS, each starting again once sent.

Each resident has an address of their own (X-Forwarded-For behind BEHIND_PROXY, as in production behind
a proxy), so the per-address rate limit counts them apart as it would real people. Between pages a
resident pauses THINK seconds: a person reads and types for far longer, so these 32 load the server as
many more real residents would, finishing a survey of nineteen requests in about twenty seconds. Every
request's latency counts, pages and sends alike.

The count check: every confirmation page reached is one submitted response more in the database, and
one in DOUBLE of the sends is sent twice (a double click): nothing lost, nothing duplicated.
"""

import http.client
import random
import statistics
import threading
import time
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

from . import WORKERS, say
from .page import Gunicorn, free_port

SUBMITTERS = 32
SECONDS = 30
THINK = (0.5, 1.5)
DOUBLE = 5
TARGET_P99_MS = 250
COMMENT = "Buses to the hospital would help people in our village most."


class FormReader(HTMLParser):
    """The page's first POST form: its action and the fields a resident would send."""

    def __init__(self):
        super().__init__()
        self.action: str | None = None
        self.fields: list[tuple[str, str]] = []
        self.radios: dict[str, list[str]] = {}
        self.textareas: list[str] = []
        self.button: tuple[str, str] | None = None
        self._in_form = self._done = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._done:
            return
        if tag == "form" and (attrs.get("method") or "").lower() == "post" and self.action is None:
            self.action, self._in_form = attrs.get("action") or "", True
        if not self._in_form or not attrs.get("name"):
            return
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind == "hidden":
                self.fields.append((name, attrs.get("value") or ""))
            elif kind == "radio":
                self.radios.setdefault(name, []).append(attrs.get("value") or "")
            elif kind in {"text", "email"}:
                self.fields.append((name, ""))  # The honeypot and the email address are left empty.
        elif tag == "textarea":
            self.textareas.append(name)
        elif tag == "button" and self.button is None:
            self.button = (name, attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form, self._done = False, True


class Resident:
    def __init__(self, port: int, address: str, rng: random.Random):
        self.port, self.address, self.rng = port, address, rng
        self.cookies: dict[str, str] = {}
        self.latencies: list[float] = []
        self.errors = 0
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        headers = {"X-Forwarded-For": self.address, "Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (OSError, http.client.HTTPException):
                self.connection.close()  # gunicorn's sync workers close kept-alive connections.
                if attempt == 2:
                    raise
        self.latencies.append(time.perf_counter() - started)
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        location = urlsplit(response.getheader("Location") or "").path
        return response.status, location, text

    def answers(self, page: str, *, plainly: bool = False) -> tuple[str, str]:
        """The page's form filled in at random; plainly: the first option of every question."""
        form = FormReader()
        form.feed(page)
        fields = list(form.fields)
        for name, values in form.radios.items():
            if values and (plainly or self.rng.random() < 0.9):
                fields.append((name, values[0] if plainly else self.rng.choice(values)))
        for name in form.textareas:
            if self.rng.random() < 0.15:
                fields.append((name, COMMENT))
        if form.button and form.button[0]:
            fields.append(form.button)
        return form.action or "", urlencode(fields)

    def respond(self, start: str, deadline: float, double: bool) -> bool:
        """One whole response; True once its confirmation page is reached (False: out of time)."""
        path = start
        sent_twice = False
        for _ in range(40):  # A survey of a few pages, never a loop without end.
            status, _, page = self.request("GET", path)
            if status != 200:
                self.errors += 1
                return False
            if "/confirmation/" in path:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(self.rng.uniform(*THINK))
            action, body = self.answers(page)
            target = action or path
            status, location, answer = self.request("POST", target, body)
            if status == 200:  # An answer that needs more (an organisation's name): answer plainly.
                _, body = self.answers(answer, plainly=True)
                status, location, _ = self.request("POST", target, body)
            if double and "/check-your-answers/" in target and not sent_twice:
                sent_twice = True
                self.request("POST", target, body)  # The second click of a double click.
            if status != 302 or not location:
                self.errors += 1
                return False
            path = location
        self.errors += 1
        return False


def bench_submitters(env: dict[str, str], *, seconds: int = SECONDS) -> dict:
    from consultations.models import Consultation

    consultation = Consultation.objects.filter(status="open").select_related("board").first()
    if consultation is None:
        say("load_demo made no open consultation: the submitters are skipped")
        return {}
    start = f"{consultation.get_absolute_url()}respond/"
    before = consultation.responses.submitted().count()
    server = Gunicorn({**env, "BEHIND_PROXY": "true"}, free_port())
    try:
        server.wait_ready("/bench/bare")
        say(f"{SUBMITTERS} residents answering {consultation.title!r} for {seconds} s ({WORKERS} workers)")
        deadline = time.monotonic() + seconds
        residents: list[Resident] = []
        sent = [0]
        lock = threading.Lock()

        def resident(index: int) -> None:
            rng = random.Random(index)
            number = 0
            while time.monotonic() < deadline:
                number += 1
                one = Resident(server.port, f"10.{index}.{number // 250}.{number % 250 + 1}", rng)
                with lock:
                    residents.append(one)
                try:
                    done = one.respond(start, deadline, double=number % DOUBLE == 0)
                except (OSError, http.client.HTTPException):
                    one.errors += 1
                    done = False
                one.connection.close()
                if done:
                    with lock:
                        sent[0] += 1

        threads = [threading.Thread(target=resident, args=(i,), daemon=True) for i in range(SUBMITTERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 120)
    finally:
        server.stop()
    latencies = sorted(t * 1000 for one in residents for t in one.latencies)
    after = consultation.responses.submitted().count()

    def percentile(p: float) -> float:
        return latencies[int(p * (len(latencies) - 1))] if latencies else float("nan")

    return {
        "submitters": SUBMITTERS,
        "seconds": seconds,
        "requests": len(latencies),
        "errors": sum(one.errors for one in residents),
        "sent": sent[0],
        "stored": after - before,
        "p50_ms": percentile(0.5),
        "p99_ms": percentile(0.99),
        "mean_ms": statistics.fmean(latencies) if latencies else float("nan"),
    }


def submitter_lines(figures: dict) -> list[str]:
    if not figures:
        return []
    counted = "nothing lost, nothing duplicated" if figures["sent"] == figures["stored"] else "COUNTS DIFFER"
    p99 = figures["p99_ms"]
    return [
        "",
        f"d) {figures['submitters']} residents answering the survey at once for {figures['seconds']} s "
        f"(gunicorn, {WORKERS} sync workers, PostgreSQL; {THINK[0]}-{THINK[1]} s between pages)",
        f"   {figures['requests']:,} requests: p50 {figures['p50_ms']:.0f} ms, p99 {p99:.0f} ms "
        f"(target under {TARGET_P99_MS} ms: {'met' if p99 < TARGET_P99_MS else 'MISSED'}), "
        f"{figures['errors']} errors",
        f"   {figures['sent']} confirmation pages reached, {figures['stored']} responses stored "
        f"(one send in {DOUBLE} clicked twice): {counted}",
    ]
