"""
Stored files when the store fails: a download answers 503 or 404, an upload a field error, a task
retries; never a 500 (docs/decisions/0036-object-store-outage.md).

    StoreUnavailable        the store did not answer, or refused: an OSError (a ConnectionError), so the
                            tasks' autoretry_for=(OSError,) retries it and a page that shows a size can
                            leave it out; a missing object stays FileNotFoundError
    S3Storage               django-storages' S3 backend, raising those two instead of botocore's own kinds
                            (which are no OSError), whoever calls it: views, services, workers
    stored_file_response    a download: the file, a 404 when the object is missing, the 503 page when the
                            store cannot be reached
    storing                 an upload's save: a store that fails becomes an error on the file field
    discard                 delete an object, logging rather than raising when the store fails
    store_check             /healthz's look at the bucket (core.health)
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control

logger = logging.getLogger(__name__)

# How long the 503 page asks a browser or a client to wait (Retry-After), in seconds.
RETRY_AFTER_SECONDS = 120
UNAVAILABLE_TEMPLATE = "store_unavailable.html"
STORE_WRITE_MESSAGE = "The file could not be stored just now. Try again in a few minutes."


class StoreUnavailable(ConnectionError):
    """The file store could not be reached, timed out, or refused the request; not a missing file."""


def store_check() -> bool:
    """
    Ask the object store whether its bucket answers (raising whatever its client raises when it does
    not); False when files are in the local folder, where there is nothing to reach.
    """
    check = getattr(default_storage, "check_bucket", None)
    if check is None:
        return False
    check()
    return True


# Downloads ------------------------------------------------------------------------------------------


def stored_file_response(
    request: HttpRequest, file: FieldFile, *, cache: dict[str, bool] | None = None, **kwargs
) -> HttpResponse:
    """
    A FileResponse of `file` read from its storage, with FileResponse's `kwargs` and the Cache-Control
    directives in `cache` (patch_cache_control's). An object the row names but the store does not
    have is a 404; a store that cannot be reached, or any other error reading it, is the 503 page
    with Retry-After, never cached. Both are logged with the error.
    """
    opened: IO[bytes] | None = None
    try:
        opened = file.open("rb")
        # FileResponse measures the file, which reads it from the store: inside the try, so that a store
        # failing here is a 503 too, and not a 500 once the headers are sent.
        response = FileResponse(opened, **kwargs)
    except FileNotFoundError:
        logger.exception("A stored file is missing: %s (%s)", file.name, request.path)
        _close(opened)
        raise Http404("The file is missing.") from None
    except OSError:  # StoreUnavailable; or the local folder's disk failing.
        logger.exception("Could not fetch %s from the file store (%s)", file.name, request.path)
        _close(opened)
        return store_unavailable(request)
    if cache:
        patch_cache_control(response, **cache)
    return response


def store_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page: the file cannot be fetched just now. Never kept by a cache."""
    response = render(request, UNAVAILABLE_TEMPLATE, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def _close(opened) -> None:
    if opened is not None:
        try:
            opened.close()
        except OSError:
            pass  # Closing a file that was only being read: nothing is lost.


# Uploads --------------------------------------------------------------------------------------------


@contextmanager
def storing(field: str = "file") -> Iterator[None]:
    """
    Around an upload's save: a store that cannot be reached (or a local disk that fails) becomes a
    ValidationError on `field`, which the form shows beside the file input, typed data kept. The
    service saves before it writes the row, or inside its transaction, so no row names the object.
    """
    try:
        yield
    except OSError as error:
        logger.exception("Could not store an upload")
        raise ValidationError({field: STORE_WRITE_MESSAGE}, code="store_unavailable") from error


def discard(storage: Storage, name: str) -> None:
    """Delete `name`, logging a failure rather than raising it: tidying up must not hide what it follows."""
    try:
        storage.delete(name)
    except OSError:
        logger.exception("Could not delete %s from the file store; it is left unused", name)
