"""
The default storage on object storage, when the environment names a bucket: config.settings' STORAGES
takes it from s3_storage(os.environ), and the tests make the same storage for a bucket of their own.
"""

# How long a store that does not answer may hold a request (a download, an upload, /healthz): seconds
# to connect and to wait for each reply, and attempts in all (the first and one retry). A refused
# connection fails at once; a store that accepts and never answers costs at most about
# S3_ATTEMPTS x (S3_CONNECT_TIMEOUT + S3_READ_TIMEOUT) plus botocore's backoff (under a second).
S3_CONNECT_TIMEOUT, S3_READ_TIMEOUT, S3_ATTEMPTS = 2, 5, 2


def s3_storage(environ) -> dict | None:
    """
    The default storage on object storage (core.s3.S3Storage: django-storages' S3 backend raising
    Python's errors), when `environ` names a bucket (S3_BUCKET); None for the local folder
    (MEDIA_ROOT). Objects are private: no ACL is sent, so they take the bucket's own (private unless
    someone opened it), and the portal streams them through its own views after their permission
    checks (docs/decisions/0030-object-storage.md). A URL the storage makes (only the admin asks for
    one) is signed and lasts a minute. Short timeouts and one retry, so that a store that is down
    costs a request seconds, not minutes (docs/decisions/0036-object-store-outage.md).
    """
    bucket = (environ.get("S3_BUCKET") or "").strip()
    if not bucket:
        return None
    from boto3.s3.transfer import TransferConfig  # Only when the store is used: boto3 is slow to import.
    from botocore.config import Config

    endpoint = (environ.get("S3_ENDPOINT_URL") or "").strip() or None
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": (environ.get("S3_REGION") or "").strip() or None,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
        # Never replace an object under the same name: a name taken gets a suffix, as on the local
        # folder (a document's versions, two papers called report.pdf).
        "file_overwrite": False,
        # The client's whole configuration (django-storages then ignores its signature_version and
        # addressing_style options, so they are here).
        "client_config": Config(
            signature_version="s3v4",
            # Servers other than AWS (SeaweedFS, MinIO, Ceph) answer at their address, bucket in the path.
            s3={"addressing_style": "path" if endpoint else None},
            connect_timeout=S3_CONNECT_TIMEOUT,
            read_timeout=S3_READ_TIMEOUT,
            retries={"mode": "standard", "total_max_attempts": S3_ATTEMPTS},
        ),
        # A download broken off part way is tried again this many times in all (boto3's default is 5).
        "transfer_config": TransferConfig(num_download_attempts=S3_ATTEMPTS),
        # A download is read from the store into this much memory, then into a temporary file.
        "max_memory_size": 8 * 1024 * 1024,
    }
    # Without keys, boto3 finds credentials itself (AWS_* variables, an instance or container role).
    if access_key := (environ.get("S3_ACCESS_KEY_ID") or "").strip():
        options["access_key"] = access_key
        options["secret_key"] = environ.get("S3_SECRET_ACCESS_KEY", "")
    return {"BACKEND": "core.s3.S3Storage", "OPTIONS": options}
