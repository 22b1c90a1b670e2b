"""
The S3 object store of a test run: the throwaway SeaweedFS that scripts/with-services.sh starts
(`make test` runs through it) and names in S3_ENDPOINT_URL, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY
and S3_REGION. A real S3 server, never a mock of the API.

The suite keeps the local folder (MEDIA_ROOT), which is faster; only the tests marked `s3` and
`multinode` put files on the store, each run in a bucket of its own (several runs share a machine):

    s3_bucket       the run's bucket, made once, emptied and removed at the end
    on_s3           the default storage is the store for the length of the test, as S3_BUCKET
                    would make it (config.storage.s3_storage); yields the boto3 client to look
                    behind the portal's back
    s3_environ()    the S3_* variables for another process (a web process, a worker)
    store_down()    the default storage is a store that is down for the length of a `with` block:
                    a port nothing listens on, or one that takes connections and never answers

Without the store's variables the tests skip, as the worker tests do without Redis; on CI (CI set)
they fail instead, so that a run that lost its store cannot pass.
"""

import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.storage import storages as configured
from django.test.utils import override_settings
from storages.backends.s3 import S3Storage

from config.storage import s3_storage
from tests.redis_server import free_port

S3_VARIABLES = ("S3_ENDPOINT_URL", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_REGION")


def store_is_configured() -> bool:
    return bool(os.environ.get("S3_ENDPOINT_URL"))


def s3_environ(bucket: str) -> dict[str, str]:
    """The variables that put another process's files in `bucket` of this run's store."""
    return {**{name: os.environ.get(name, "") for name in S3_VARIABLES}, "S3_BUCKET": bucket}


def client():
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=os.environ["S3_ENDPOINT_URL"],
        aws_access_key_id=os.environ.get("S3_ACCESS_KEY_ID"),
        aws_secret_access_key=os.environ.get("S3_SECRET_ACCESS_KEY"),
        region_name=os.environ.get("S3_REGION") or "us-east-1",
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


def keys(s3, bucket: str) -> list[str]:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


def empty(s3, bucket: str) -> None:
    for key in keys(s3, bucket):
        s3.delete_object(Bucket=bucket, Key=key)


@pytest.fixture(scope="session")
def s3_bucket():
    if not store_is_configured():
        message = "needs an S3 server in S3_ENDPOINT_URL: make test (scripts/with-services.sh) starts one"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    s3 = client()
    bucket = f"hwb-test-{settings.TEST_RUN_ID}".lower()[:63]
    # The gateway answers before its filer is ready for a bucket: a second or two after the start.
    deadline = time.monotonic() + 20
    while True:
        try:
            s3.create_bucket(Bucket=bucket)
            break
        except s3.exceptions.BucketAlreadyOwnedByYou:
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    try:
        yield bucket
    finally:
        empty(s3, bucket)
        s3.delete_bucket(Bucket=bucket)


@pytest.fixture
def on_s3(s3_bucket, _media_in_a_temporary_folder):
    """The default storage on the store, in the run's bucket (emptied after the test)."""
    s3 = client()
    storages = {**settings.STORAGES, "default": s3_storage(s3_environ(s3_bucket))}
    with override_settings(STORAGES=storages):
        # What every FileField stores with, through the lazy default_storage.
        assert isinstance(configured["default"], S3Storage) and default_storage.bucket_name == s3_bucket
        try:
            yield s3
        finally:
            empty(s3, s3_bucket)


@contextmanager
def store_down(bucket: str, *, silent: bool = False) -> Iterator[None]:
    """
    The default storage as config.storage.s3_storage makes it, for `bucket`, on a store that is down:
    an address where nothing listens (every connection refused at once: a stopped store); or with
    `silent`, one that takes connections and never answers (a hung store: each request waits for the
    client's timeouts, shortened here to half a second so that the test stays quick).
    """
    from botocore.config import Config

    listener = None
    if silent:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)  # Never accepted: the kernel completes the handshake, nobody replies.
        port = listener.getsockname()[1]
    else:
        port = free_port()
    storage = s3_storage({**s3_environ(bucket), "S3_ENDPOINT_URL": f"http://127.0.0.1:{port}"})
    if silent:
        options = storage["OPTIONS"]
        options["client_config"] = options["client_config"].merge(
            Config(connect_timeout=0.5, read_timeout=0.5)
        )
    try:
        with override_settings(STORAGES={**settings.STORAGES, "default": storage}):
            assert default_storage.endpoint_url.endswith(f":{port}")
            yield
    finally:
        if listener is not None:
            listener.close()
