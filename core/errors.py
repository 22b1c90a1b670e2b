"""
Error reporting to Sentry, when SENTRY_DSN is set (config/settings.py calls sentry_init); without it,
the SDK is not even imported.

Each event is tagged with the request id of the request or task it came from (core.logs), so that a
report leads to the log lines of the same request. No personal data: send_default_pii=False keeps
cookies, the user and the client's address out, and before_send drops the query string too (a link's
token, a resident's search) and the secret parts of the URL (core.logs.SECRET_URL_KWARGS).
"""

from core import logs


def before_send(event: dict, hint: dict) -> dict:
    request_id = logs.current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    request = event.get("request")
    if request:
        request.pop("query_string", None)
        request.pop("cookies", None)
        for name in list(request.get("headers") or {}):
            if name.lower() in {"cookie", "authorization", "x-csrftoken"}:
                del request["headers"][name]
        if request.get("url"):
            request["url"] = logs.redact_current(request["url"])
    if event.get("transaction"):
        event["transaction"] = logs.redact_current(event["transaction"])
    return event


def sentry_init(*, dsn: str, environment: str, release: str | None) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        send_default_pii=False,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        before_send=before_send,
        # Errors only: performance tracing is a separate decision (its volume, its cost).
        traces_sample_rate=0,
    )
