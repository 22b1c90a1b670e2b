"""
Backing up and restoring the database and the stored files (`manage.py backup`, `manage.py restore`,
`make backup`, `make restore`; README.md, "Back up and restore").

A backup is one folder, `hwb-backup-YYYYMMDD-HHMMSS/`:

    manifest.json     when, the database's engine, file, size and checksum, each table's row count, the
                      migrations applied, and every stored file's name, size and SHA-256
    database.dump     pg_dump's custom format (PostgreSQL), or database.sqlite3 (SQLite's backup API)
    files/...         every file in Django's default storage, under its storage name

The files are listed and read through the default storage (listdir, walked recursively; open), never
from MEDIA_ROOT, so the same commands work when the files live on S3 through django-storages. The
folder is written as `<name>.partial` and renamed when complete: a folder without `.partial` and with
a manifest is a whole backup.

On PostgreSQL the row counts and the dump come from one snapshot (pg_export_snapshot, pg_dump
--snapshot), so they agree even while the site is in use. The files are copied after the dump: a file
uploaded meanwhile is in the backup without its row (harmless); a file deleted meanwhile is missing
(the restore then reports it as a row without its file is reported today: a 404 on download).

Restore checks every checksum before it writes anything, refuses a backup made by a newer version of
the portal (a migration this code does not have), and writes only into an empty database (no tables,
or only the tables a fresh `migrate` makes, without data) and an empty storage, unless told to replace
what is there. It then compares each table's row count with the manifest's.
"""

import hashlib
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import django
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files"
CHUNK = 1024 * 1024
# Tables a fresh `migrate` fills by itself: a database with rows only in these is still empty.
MIGRATE_FILLS = frozenset({"django_migrations", "django_content_type", "auth_permission"})


class BackupError(Exception):
    """Something the person running the command must fix; the message says what."""


@dataclass(frozen=True)
class Stored:
    name: str
    size: int
    sha256: str


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def storage_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in `storage`, walking listdir from its root (a missing root has none)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(folders):
        yield from storage_names(storage, posixpath.join(folder, name) if folder else name)


def _local_path(root: Path, name: str) -> Path:
    """Where storage name `name` goes under `root`; a name that would leave it is refused."""
    path = (root / name).resolve()
    if not path.is_relative_to(root.resolve()) or name.startswith("/"):
        raise BackupError(f"Refusing the stored file name {name!r}: it points outside the backup.")
    return path


# The database.


def _vendor() -> str:
    if connection.vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def _pg_env() -> dict[str, str]:
    """libpq's environment for the Django connection: the password never appears on a command line."""
    db = connection.settings_dict
    env = {**os.environ}
    for variable, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
        ("PGSSLMODE", db.get("OPTIONS", {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found. Install PostgreSQL's client programs, of the server's major version "
            "or newer (Debian: apt-get install postgresql-client)."
        )
    return path


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed:\n{result.stderr.strip()}")


def _row_counts(cursor, tables: list[str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _dump_postgresql(path: Path) -> dict[str, int]:
    pg_dump = _pg_tool("pg_dump")
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a transaction: it takes a snapshot of its own.")
    connection.ensure_connection()
    connection.set_autocommit(False)
    try:
        with connection.cursor() as cursor:
            # The counts and the dump see one snapshot of the database.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _row_counts(cursor, connection.introspection.table_names(cursor))
            _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  f"--file={path}"])  # fmt: skip
    finally:
        connection.rollback()
        connection.set_autocommit(True)
    return counts


def _dump_sqlite(path: Path) -> dict[str, int]:
    source = sqlite3.connect(connection.settings_dict["NAME"])
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        source.close()
    try:
        tables = [
            row[0]
            for row in target.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {table: target.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}
    finally:
        target.close()


def _database_file(vendor: str) -> str:
    return "database.dump" if vendor == "postgresql" else "database.sqlite3"


def _current_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _row_counts(cursor, connection.introspection.table_names(cursor))


def database_is_empty() -> bool:
    """No tables, or only what a fresh `migrate` writes: an empty database to restore into."""
    counts = _current_counts()
    return not any(count for table, count in counts.items() if table not in MIGRATE_FILLS)


def _drop_every_table() -> None:
    connection.close()
    if connection.vendor == "sqlite":
        return  # The backup API replaces the whole file.
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        quote = connection.ops.quote_name
        if tables:
            cursor.execute("DROP TABLE " + ", ".join(quote(table) for table in tables) + " CASCADE")


def _restore_database(path: Path, vendor: str) -> None:
    if vendor == "postgresql":
        pg_restore = _pg_tool("pg_restore")
        connection.close()
        db = connection.settings_dict
        _run([pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              f"--dbname={db['NAME']}", str(path)])  # fmt: skip
    else:
        connection.close()
        source = sqlite3.connect(path)
        target = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


# The commands' work.


def backup(*, into: Path, storage: Storage = default_storage, say: Callable[[str], None] = print) -> Path:
    """Back up the database and every stored file into a new dated folder under `into`; return it."""
    vendor = _vendor()
    into.mkdir(parents=True, exist_ok=True)
    name = f"hwb-backup-{datetime.now():%Y%m%d-%H%M%S}"
    final = into / name
    folder = into / f"{name}.partial"
    if final.exists() or folder.exists():
        raise BackupError(f"{final} already exists: wait a second and run the backup again.")
    folder.mkdir()

    database_path = folder / _database_file(vendor)
    say(f"Database ({vendor}) to {database_path.name}")
    counts = _dump_postgresql(database_path) if vendor == "postgresql" else _dump_sqlite(database_path)

    say("Stored files, through the default storage")
    stored: list[Stored] = []
    for file_name in storage_names(storage):
        target = _local_path(folder / FILES, file_name)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with storage.open(file_name, "rb") as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        stored.append(Stored(file_name, size, digest.hexdigest()))

    manifest = {
        "format": FORMAT,
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        "django": django.get_version(),
        "database": {
            "vendor": vendor,
            "file": database_path.name,
            "size": database_path.stat().st_size,
            "sha256": _sha256(database_path),
            "rows": counts,
        },
        "migrations": _applied_migrations(),
        "files": {
            "count": len(stored),
            "bytes": sum(item.size for item in stored),
            "items": [item.__dict__ for item in stored],
        },
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    folder.rename(final)
    say(
        f"Backed up {sum(counts.values())} rows in {len(counts)} tables and {len(stored)} files "
        f"({manifest['files']['bytes']} bytes) to {final}"
    )
    return final


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if folder.name.endswith(".partial"):
        raise BackupError(f"{folder} is an unfinished backup (its name ends in .partial): use another.")
    if not path.is_file():
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is in format {manifest.get('format')!r}; this version reads {FORMAT}.")
    return manifest


def verify(folder: Path, manifest: dict) -> list[str]:
    """What in the backup does not match its manifest (a missing file, another size or checksum)."""
    problems = []
    database = manifest["database"]
    expected = [(folder / database["file"], database["file"], database["size"], database["sha256"])]
    expected += [
        (_local_path(folder / FILES, item["name"]), item["name"], item["size"], item["sha256"])
        for item in manifest["files"]["items"]
    ]
    for path, name, size, sha256 in expected:
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif path.stat().st_size != size or _sha256(path) != sha256:
            problems.append(f"{name}: its checksum differs from the manifest's (damaged or changed)")
    return problems


def restore(
    *,
    folder: Path,
    replace: bool = False,
    storage: Storage = default_storage,
    say: Callable[[str], None] = print,
) -> None:
    """Restore a backup into an empty database and storage (or, with `replace`, over what is there)."""
    manifest = read_manifest(folder)
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"The backup is of a {manifest['database']['vendor']} database; DATABASE_URL points at {vendor}."
        )

    say("Checking the backup's checksums")
    if problems := verify(folder, manifest):
        raise BackupError(
            "The backup does not match its manifest; nothing was restored:\n  " + "\n  ".join(problems)
        )

    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names
               if (app, name) not in known]  # fmt: skip
    if unknown:
        raise BackupError(
            "The backup was made by a newer version of the portal (migrations this code does not have: "
            f"{', '.join(unknown[:5])}). Restore it with that version."
        )

    stored_now = next(storage_names(storage), None)
    if not replace:
        refusals = []
        if not database_is_empty():
            refusals.append("the database has data")
        if stored_now is not None:
            refusals.append(f"the storage has files (such as {stored_now})")
        if refusals:
            raise BackupError(
                f"Not restoring: {' and '.join(refusals)}. Restore into an empty database and storage, or "
                "add --replace to delete what is there first (make restore BACKUP=... REPLACE=1)."
            )

    say("Restoring the database")
    _drop_every_table()
    _restore_database(folder / manifest["database"]["file"], vendor)

    if replace:
        for name in list(storage_names(storage)):
            storage.delete(name)
    say("Restoring the stored files")
    for item in manifest["files"]["items"]:
        with _local_path(folder / FILES, item["name"]).open("rb") as source:
            saved = storage.save(item["name"], File(source, name=posixpath.basename(item["name"])))
        if saved != item["name"] or storage.size(saved) != item["size"]:
            raise BackupError(f"{item['name']} was not stored as it was backed up (stored as {saved}).")

    counts = _current_counts()
    differ = [
        f"{table}: {expected} in the backup, {counts.get(table)} restored"
        for table, expected in manifest["database"]["rows"].items()
        if counts.get(table) != expected
    ]
    if differ:
        raise BackupError("The restored database does not match the backup:\n  " + "\n  ".join(differ))
    pending = [
        f"{app}.{name}" for app, name in sorted(known) if name not in manifest["migrations"].get(app, [])
    ]
    say(
        f"Restored {sum(counts.values())} rows and {manifest['files']['count']} files from {folder}"
        + (f". This version has {len(pending)} migrations more: run manage.py migrate." if pending else ".")
    )
