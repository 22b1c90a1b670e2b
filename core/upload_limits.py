"""
Refusing an upload that is too big before it is read.

Django reads the whole body of a multipart request the first time anything asks for request.POST or
request.FILES (CSRF's check does, before the view runs), spooling files to disk. A view that takes
large uploads refuses them before that:

    @csrf_exempt  # CSRF's check would read the body: it runs in the inner view, after the limit.
    @login_required
    def paper_add(request, ...):
        if request.method == "POST":
            if upload_limits.declared_too_big(request, max_bytes):
                return ...the form, with upload_limits.too_big_message(max_bytes)...
            upload_limits.limit(request, max_bytes)
        return _paper_add(request, ...)  # @csrf_protect

`declared_too_big` reads only the Content-Length header. `limit` installs an upload handler that
counts the bytes as they arrive and stops reading once a file passes the limit (a client that sent
no length, or a false one): the view then finds `stopped(request)` true and the file missing.
"""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

from .uploads import _size

# What the other fields of an upload form and the multipart boundaries may add to the file's size.
FORM_ALLOWANCE = 64 * 1024
_STOPPED = "_upload_limit_stopped"


def declared_too_big(request: HttpRequest, max_bytes: int) -> bool:
    """Whether the request says its body is bigger than a file of `max_bytes` and its form."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django reads such a request as having no body at all.
    return length > max_bytes + FORM_ALLOWANCE


def size_text(size: int) -> str:
    """A size limit as GOV.UK writes it: 50 MB, 500 KB."""
    return _size(size)


def too_big_message(max_bytes: int, *, label: str = "The selected file") -> str:
    """The same words as core.uploads.check_pdf's for a file over the limit."""
    return f"{label} must be smaller than {_size(max_bytes)}"


class SizeLimitUploadHandler(FileUploadHandler):
    """Counts each file's bytes as they arrive, and stops reading the request once one is too big."""

    def __init__(self, request: HttpRequest, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            setattr(self.request, _STOPPED, True)
            # Without reading the rest: the fields read so far stay, the file is dropped.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int):
        return None  # The handlers after this one keep the file.


def limit(request: HttpRequest, max_bytes: int) -> None:
    """Stop reading the request's body when a file in it passes `max_bytes`. Before request.POST is read."""
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request, max_bytes))


def stopped(request: HttpRequest) -> bool:
    """Whether `limit`'s handler stopped reading the request because a file was too big."""
    return getattr(request, _STOPPED, False)
