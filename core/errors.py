"""
Error reporting to Sentry, when SENTRY_DSN is set (config/settings.py calls sentry_init); without it,
the SDK is not even imported.

Each event is tagged with the request id of the request or task it came from (core.logs), so that a
report leads to the log lines of the same request. No personal data (tests/core/test_errors.py sends a
real report to a local endpoint and looks): data_collection keeps the user, cookies, query strings,
bodies, SQL parameters and local variables out; before_send also drops what a header or the URL could
carry (core.logs.SECRET_URL_KWARGS: a link's token).
"""

from core import logs


def before_send(event: dict, hint: dict) -> dict:
    request_id = logs.current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    request = event.get("request")
    if request and request.get("url"):
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
        # send_default_pii=False, stated category by category (sentry-sdk 2.75 deprecates that flag for
        # this) and stricter: no user, cookies, query strings, request bodies or SQL parameters, and no
        # local variables of the failing frames, which here can hold a resident's answers or address.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "url_query_params": {"mode": "off"},
            "http_bodies": [],
            "stack_frame_variables": False,
            # The values in the SQL breadcrumbs: a session key, an email address looked up.
            "database_query_data": False,
            # Not the client's address (X-Forwarded-For), nor a Referer that may hold a link's token.
            "http_headers": {
                "request": {
                    "mode": "allowlist",
                    "terms": ["host", "user-agent", "content-type", "content-length", "x-request-id", "hx-"],
                }
            },
        },
        integrations=[DjangoIntegration(), CeleryIntegration()],
        before_send=before_send,
        # Errors only: performance tracing is a separate decision (its volume, its cost).
        traces_sample_rate=0,
    )
