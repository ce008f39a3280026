"""The application's servers against a PostgreSQL of the test's own, restarted and
stopped: gunicorn with persistent connections survives a restart, /healthz reports a
database that is down as JSON, and the development server keeps no connection open.

Needs PostgreSQL's server binaries (initdb, pg_ctl); skips without them, except under
REQUIRE_SERVICES=1 (CI), where it fails.
"""

import glob
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(predicate, what: str, timeout: float = 60):
    """Poll until predicate() is truthy; the timeout only bounds a test that would hang."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"gave up waiting: {what}")


class OwnPostgres:
    """A throwaway cluster: the shared one must never be restarted by a test."""

    def __init__(self):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not binaries:
            if os.environ.get("REQUIRE_SERVICES"):
                pytest.fail("REQUIRE_SERVICES is set but PostgreSQL's initdb is not installed")
            pytest.skip("PostgreSQL's server binaries (initdb, pg_ctl) are not installed")
        self.bin = Path(binaries[-1]).parent
        self.port = _free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="pg-faults-"))
        # PostgreSQL refuses to run as root: as root, run it as the postgres user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres")
        self._run("initdb", "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres", "--no-sync")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, name, *args):
        subprocess.run([*self.as_user, str(self.bin / name), *args], check=True, capture_output=True, timeout=120)

    def _ctl(self, *args):
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w", "-t", "60", *args)

    def start(self):
        self._ctl("-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=off", "start")

    def restart(self):
        self._ctl("-m", "fast", "restart")

    def stop(self):
        self._ctl("-m", "fast", "stop")

    def client_connections(self) -> int:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres") as conn:
            return conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
            ).fetchone()[0]

    def remove(self):
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate",
                        "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres():
    cluster = OwnPostgres()
    cluster.start()
    yield cluster
    cluster.remove()


class Server:
    def __init__(self, command: list[str], port: int, **env):
        self.port = port
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "REDIS_URL": "", "SECURE_SSL_REDIRECT": "0", **env},
        )
        _wait_for(lambda: self.process.poll() is None and self.get("/healthz")[0] == 200, "the server to answer")

    def get(self, path, headers=None):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers["Content-Type"], response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers["Content-Type"], error.read()

    def stop(self) -> str:
        self.process.terminate()
        try:
            output, _ = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
        return output[-3000:]


@pytest.fixture
def servers():
    started = []
    yield started
    for server in started:
        print(server.stop())


def _production(postgres, **env):
    port = _free_port()
    return Server(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"], port,
        DJANGO_SETTINGS_MODULE="config.settings", DEBUG="0", SECRET_KEY="faults-test-only-secret-key",
        ALLOWED_HOSTS="127.0.0.1", SITE_URL="https://dlm.example.gov.cn", DATABASE_URL=postgres.url, **env,
    )


def test_connections_are_closed_after_each_request_unless_production_keeps_them_checked(settings):
    # The same holds without a PostgreSQL of our own (the servers' tests below skip then).
    database = settings.DATABASES["default"]
    if "CONN_MAX_AGE" not in os.environ:
        assert database["CONN_MAX_AGE"] == 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_gunicorn_with_persistent_connections_answers_right_after_a_database_restart(postgres, servers):
    server = _production(postgres, CONN_MAX_AGE="60")  # README's production setting
    servers.append(server)
    assert server.get("/healthz")[0] == 200  # its connection is kept now

    postgres.restart()
    answers = [server.get("/healthz") for _ in range(3)]
    assert [status for status, _, _ in answers] == [200, 200, 200], answers[0][2]


def test_healthz_with_a_session_cookie_answers_json_503_while_the_database_is_down(postgres, servers):
    server = _production(postgres)
    servers.append(server)
    postgres.stop()
    try:
        status, content_type, body = server.get("/healthz", {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"})
    finally:
        postgres.start()
    assert (status, content_type) == (503, "application/json"), body[:300]
    assert b'"database": "error: OperationalError"' in body


def test_the_development_server_keeps_no_connection_open_per_keep_alive_client(postgres, servers):
    port = _free_port()
    server = Server([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
                    port, DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1", DATABASE_URL=postgres.url)
    servers.append(server)
    before = postgres.client_connections()
    # Browsers keep their HTTP connections open; runserver gives each one a thread.
    clients = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(8)]
    try:
        for client in clients:
            client.request("GET", "/healthz")
            assert client.getresponse().read()
        # Each request's connection is closed when its response is; poll for the last ones.
        _wait_for(lambda: postgres.client_connections() <= before, "the database connections to be closed", 15)
    except pytest.fail.Exception:
        pytest.fail(f"{postgres.client_connections() - before} database connections left open by 8 browsers")
    finally:
        for client in clients:
            client.close()
