"""
A request id on every log line, and on the lines of the Celery tasks a request causes.

    RequestIdMiddleware   takes the X-Request-ID a proxy sent, if well-formed (else makes one), keeps it
                          for the length of the request, returns it in the response's X-Request-ID and
                          writes one access line per request (method, path, status, duration).
    RequestContextFilter  adds request_id, user_id, path and method (in a task: task_name, task_id) to
                          every record; settings.LOGGING puts it on the console handler.
    TextFormatter         the readable format for development and tests (JSON is python-json-logger's).

Celery: the id travels in a header of every task published while it is set (before_task_publish), and
the worker sets it for the task's run (task_prerun, task_postrun): connect_celery_signals(), called from
CoreConfig.ready().

What a line never carries: query strings (a link's token, a search), the values of URL parts named in
SECRET_URL_KWARGS (replaced in the path and in the message), names, addresses or cookies.
"""

import contextvars
import logging
import re
import time
import uuid
from dataclasses import dataclass, replace

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

HEADER = "X-Request-ID"
# What is accepted from outside: what proxies and load balancers send (UUIDs, hex, base64-ish ids),
# nothing that could break a log line (spaces, control characters) or flood it (length).
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:+=/-]{8,128}")
# The Celery message header that carries the id from the process that queued a task to the worker.
TASK_HEADER = "hwb_request_id"
# URL parts that are secrets (a link's token, a password reset's user id): never written to a log.
SECRET_URL_KWARGS = frozenset({"token", "uidb64"})
REDACTED = "[redacted]"

access_logger = logging.getLogger("core.access")


@dataclass(frozen=True)
class Context:
    request_id: str
    method: str | None = None
    path: str | None = None
    request: HttpRequest | None = None
    secrets: tuple[str, ...] = ()
    task_name: str | None = None
    task_id: str | None = None


_context: contextvars.ContextVar[Context | None] = contextvars.ContextVar("hwb_log_context", default=None)


def current_request_id() -> str | None:
    context = _context.get()
    return context.request_id if context else None


def new_request_id() -> str:
    return uuid.uuid4().hex


def accepted_request_id(value: str | None) -> str:
    """`value` if it is a well-formed request id, else a new one."""
    if value and VALID_REQUEST_ID.fullmatch(value):
        return value
    return new_request_id()


def _user_id(request: HttpRequest | None) -> int | None:
    """The signed-in user's id, if the request has already looked the user up: a log line never queries."""
    user = request.__dict__.get("user") if request is not None else None
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


def _redact(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


def redact_current(text: str) -> str:
    """`text` without the secret parts of the current request's URL."""
    context = _context.get()
    return _redact(text, context.secrets) if context else text


class RequestIdMiddleware:
    """
    Early in MIDDLEWARE, so that every other middleware's lines carry the id, and the access line
    times nearly the whole request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = accepted_request_id(request.headers.get(HEADER))
        request.request_id = request_id
        token = _context.set(
            Context(request_id=request_id, method=request.method, path=request.path, request=request)
        )
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            self._log_access(request, response.status_code, started)
            return response
        finally:
            _context.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Once the URL is resolved, its secret parts are known: from here on they are redacted."""
        secrets = tuple(
            str(value) for name, value in view_kwargs.items() if name in SECRET_URL_KWARGS and value
        )
        if secrets:
            context = _context.get()
            _context.set(replace(context, secrets=secrets, path=_redact(request.path, secrets)))
        return None

    @staticmethod
    def _log_access(request: HttpRequest, status: int, started: float) -> None:
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        path = _context.get().path
        access_logger.info(
            "%s %s %s %.1f ms",
            request.method,
            path,
            status,
            duration_ms,
            extra={"status": status, "duration_ms": duration_ms},
        )


class RequestContextFilter(logging.Filter):
    """Adds the current request's (or task's) context to every record that passes the handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _context.get()
        record.request_id = context.request_id if context else None
        if context is None:
            return True
        if context.method is not None:
            record.method = context.method
            record.path = context.path
            record.user_id = _user_id(context.request)
        if context.task_name is not None:
            record.task_name = context.task_name
            record.task_id = context.task_id
        if context.secrets:
            # A 404 for a link's token logs the path in its message (django.request): redact it there too.
            record.msg = _redact(record.getMessage(), context.secrets)
            record.args = None
        return True


class TextFormatter(logging.Formatter):
    """`time LEVEL logger [request id] message`: the request id only where there is one."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(context)s%(message)s")

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None)
        task = getattr(record, "task_name", None)
        record.context = f"[{request_id}{' ' + task if task else ''}] " if request_id or task else ""
        return super().format(record)


# Celery: the id from the request to the worker. The handlers are connected in CoreConfig.ready().


def add_request_id_to_task(headers=None, **kwargs) -> None:
    """before_task_publish: a task queued while a request (or a task) runs carries its id."""
    request_id = current_request_id()
    if request_id and headers is not None and TASK_HEADER not in headers:
        headers[TASK_HEADER] = request_id


_task_tokens: dict[str, contextvars.Token] = {}


def enter_task(task_id=None, task=None, **kwargs) -> None:
    """task_prerun: the task's lines carry the request id it was queued with, its name and its id."""
    request_id = None
    if task is not None:
        # A worker merges a message's headers into the request; apply(headers=...) keeps them apart.
        request_id = getattr(task.request, TASK_HEADER, None) or (task.request.headers or {}).get(TASK_HEADER)
    if request_id is None or not VALID_REQUEST_ID.fullmatch(str(request_id)):
        # Run eagerly, inside the request that queued it (no message, no header): keep the request's.
        request_id = current_request_id() or new_request_id()
    _task_tokens[task_id] = _context.set(
        Context(request_id=request_id, task_name=getattr(task, "name", None), task_id=task_id)
    )


def leave_task(task_id=None, **kwargs) -> None:
    """task_postrun: back to what was set before (nothing in a worker; the request, when eager)."""
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        _context.reset(token)


def connect_celery_signals() -> None:
    from celery import signals

    signals.before_task_publish.connect(add_request_id_to_task, dispatch_uid="core.logs.publish")
    signals.task_prerun.connect(enter_task, dispatch_uid="core.logs.prerun")
    signals.task_postrun.connect(leave_task, dispatch_uid="core.logs.postrun")
