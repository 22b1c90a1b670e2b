"""
The open data API, version 1 (docs/decisions/0034-open-data-api.md): django-ninja's NinjaAPI, its
operations in endpoints.py, its OpenAPI document generated from their signatures and schemas.

Here: what every answer shares. Bad parameters are a 400 and unknown things a 404, both as JSON with a
sentence saying what was wrong (never django-ninja's 422, nor an HTML page); every successful answer has
an ETag and a 304 for a client that has it (http.conditional, on every operation and on the OpenAPI
document). No Swagger UI: it loads its script from a CDN, which the Content Security Policy forbids; the
portal's own page /api/ documents the API instead.
"""

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from .endpoints import router
from .http import conditional
from .schemas import LICENCE

DESCRIPTION = (
    "Everything public on the HWB Portal: boards, their published strategies, meetings and decisions, "
    "consultations with their results in aggregate, the indicators of published dashboards, and news. "
    f"Licensed under the {LICENCE.name} ({LICENCE.url}). Lists are paginated (page, page_size); every "
    "answer has an ETag (send it back in If-None-Match for a 304)."
)

api = NinjaAPI(
    title="HWB Portal open data",
    version="1",
    description=DESCRIPTION,
    openapi_url="/openapi.json",
    docs_url=None,
    docs_decorator=lambda view: require_safe(conditional(view)),  # The OpenAPI document's view.
    urls_namespace="api-v1",
    # The licence every answer states, in the document too (OpenAPI's info.license).
    openapi_extra={"info": {"license": {"name": LICENCE.name, "url": LICENCE.url}}},
)
api.add_decorator(conditional, mode="view")
api.add_router("", router)


def error(request: HttpRequest, status: int, detail: str, errors: list[dict] | None = None) -> HttpResponse:
    body = {"licence": LICENCE.model_dump(), "detail": detail, "errors": errors or []}
    return api.create_response(request, body, status=status)


def _parameter(location: tuple) -> str:
    names = [str(part) for part in location if part not in ("query", "path")]
    return ".".join(names) or "request"


@api.exception_handler(ValidationError)
def bad_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    found = [
        {"parameter": _parameter(tuple(e.get("loc", ()))), "message": e.get("msg", "")} for e in exc.errors
    ]
    named = ", ".join(f"{e['parameter']}: {e['message']}" for e in found)
    return error(request, 400, f"Bad parameters ({named}).", found)


@api.exception_handler(HttpError)
def refused(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(request, exc.status_code, exc.message)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, str(exc) or "Not found.")


def read_only(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """
    One of the API's addresses, as its clients may ask: GET, or HEAD (a link checker's question: the
    GET's status and headers, its ETag included; the server leaves the body out, as gunicorn and Django
    do); any other method, a JSON 405 naming the two, never django-ninja's bare text.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if request.method == "HEAD":
            request.method = "GET"
            try:
                return view(request, *args, **kwargs)
            finally:
                request.method = "HEAD"
        if request.method != "GET":
            response = error(request, 405, f"The API only reads: ask with GET or HEAD, not {request.method}.")
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    return wrapped


def urls() -> tuple[list, str, str]:
    """api.urls (for config/urls.py), each address answering HEAD and other methods as read_only says."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = read_only(pattern.callback)
    return patterns, app_name, namespace
