"""
The S3 backend the portal uses when S3_BUCKET is set (config.storage.s3_storage): django-storages'
own, raising Python's errors instead of botocore's, whoever calls it (a view, a service, a worker):

    FileNotFoundError   the object is not in the bucket (as the local folder raises it)
    StoreUnavailable    anything else the store or the network did: refused, timed out, 5xx, denied

botocore's kinds are no OSError, so without this a store that does not answer escaped every `except
OSError` (a page showing a file's size) and every task's autoretry_for=(OSError,) (the PDF job).
Kept apart from core.files so that a portal on the local folder never imports boto3.
"""

import errno
import functools

from boto3.exceptions import Boto3Error
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends import s3
from storages.utils import clean_name

from .files import StoreUnavailable

# S3UploadFailedError and RetriesExceededError are boto3's (its transfers); the rest botocore's.
STORE_ERRORS = (BotoCoreError, ClientError, Boto3Error)


def _translate(error: Exception, name: str) -> OSError:
    """botocore's or boto3's error as FileNotFoundError (no such object) or StoreUnavailable (all else)."""
    if isinstance(error, ClientError):
        code = str(error.response.get("Error", {}).get("Code", ""))
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        # A missing bucket is a 404 as well, but a store set up wrongly, not a file that is gone. Only a
        # GET says so (NoSuchBucket); a HEAD's 404 has no code, and /healthz's HEAD of the bucket tells.
        if code != "NoSuchBucket" and (status == 404 or code in {"404", "NoSuchKey", "NotFound"}):
            return FileNotFoundError(errno.ENOENT, "No such object in the store", name)
    # Not the message: it names the endpoint's host, and an officer may read it (a failed PDF job).
    return StoreUnavailable(f"The file store did not answer for {name!r} ({type(error).__name__})")


def _translated(method):
    """Raise FileNotFoundError or StoreUnavailable from `method` instead of botocore's and boto3's errors."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except STORE_ERRORS as error:
            name = args[0] if args and isinstance(args[0], str) else getattr(self, "name", "")
            raise _translate(error, name) from error

    return wrapper


class S3File(s3.S3File):
    """An object opened from the store: its download (on first read) and its close raise Python's errors."""

    def _get_file(self):
        try:
            return super()._get_file()
        except STORE_ERRORS as error:
            # The download failed part way: forget the part, or the next read would take it for the file.
            if self._file is not None:
                self._file.close()
                self._file = None
            raise _translate(error, self.name) from error

    file = property(_get_file, s3.S3File._set_file)
    close = _translated(s3.S3File.close)


class S3Storage(s3.S3Storage):
    """
    django-storages' S3 backend whose every call raises FileNotFoundError for a missing object and
    StoreUnavailable when the store cannot be reached or refuses, as the local folder raises OSErrors.
    The timeouts and retries that bound how long a dead store holds a request are in its options
    (config.storage.s3_storage).
    """

    def _open(self, name, mode="rb"):
        name = self._normalize_name(clean_name(name))
        try:
            return S3File(name, mode, self)
        except STORE_ERRORS as error:
            raise _translate(error, name) from error

    _save = _translated(s3.S3Storage._save)
    delete = _translated(s3.S3Storage.delete)
    exists = _translated(s3.S3Storage.exists)
    size = _translated(s3.S3Storage.size)
    listdir = _translated(s3.S3Storage.listdir)
    get_modified_time = _translated(s3.S3Storage.get_modified_time)

    def check_bucket(self) -> None:
        """Whether the bucket answers: one HEAD request, under the client's timeouts and retries."""
        self.connection.meta.client.head_bucket(Bucket=self.bucket_name)
