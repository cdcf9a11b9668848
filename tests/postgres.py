"""A real PostgreSQL server for the tests, started from Debian's `postgresql` package in a temporary folder."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.server import free_port
from tests.servers import subprocess_server

SKIP_REASON = "PostgreSQL is not installed here: apt-get install postgresql (make test installs it)"


def postgres_bin() -> Path | None:
    """The newest installed server's bin folder, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a throw-away server on loopback; yields the URL of its `postgres` database (user `qa`, trust auth)."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise FileNotFoundError(SKIP_REASON)
    root = Path(tempfile.mkdtemp(prefix="qa-postgres-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root: run it as Debian's postgres user
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-U", "qa", "--auth=trust", "-E", "UTF8",
                    "--no-locale"], check=True, capture_output=True)
    command = [*as_user, str(bin_dir / "postgres"), "-D", str(data), "-p", str(port), "-k", str(root),
               "-c", "listen_addresses=127.0.0.1"]
    with subprocess_server(command, f"postgresql://qa@127.0.0.1:{port}/postgres", root, _answers, "PostgreSQL") as url:
        yield url


def _answers(url: str) -> bool:
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=2).close()
    except psycopg.OperationalError:
        return False
    return True


def fresh_database(server_url: str) -> str:
    """A new empty database on the server; returns its URL."""
    import psycopg

    name = f"qa_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + "/" + name
