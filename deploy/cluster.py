"""The assistant scaled out on one host, from the production configuration in deploy/: two Rasa servers
and two action servers behind nginx, on loopback, with the production profile (one PostgreSQL tracker
store, the Redis lock store, the channels' state in Redis, the answer ledger on PostgreSQL).

    python -m deploy.cluster [run]        start everything; SIGTERM or Ctrl-C stops everything it started
    python -m deploy.cluster render [--out FILE]   deploy/nginx.conf.in for this environment
    python -m deploy.cluster provision [--admin-url URL]   the PostgreSQL role and database it names

The environment is deploy/env.example overridden by the process's own; empty secrets (ACTION_TOKEN,
MINIPROGRAM_SECRET, AGENT_TOKEN) are made up for the run, the same for every process. Each process is
started with the ExecStart and Environment of its unit in deploy/systemd/ (``/opt/yibao`` read as this
checkout, ``/etc/yibao`` and ``/var/log/yibao`` as ``CLUSTER_VAR``, default var/cluster), so a run
tests the units that production uses. nginx (Debian's package: ``make nginx``) runs in the foreground
as a child, its configuration, pid, logs and temporary files in ``CLUSTER_VAR``. ``CLUSTER_VAR/cluster.json``
names each process's pid and the URLs while it runs (``"ready": true`` once every process answers).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shlex
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
ENV_FILE = DEPLOY / "env.example"
UNITS = DEPLOY / "systemd"
NGINX_TEMPLATE = DEPLOY / "nginx.conf.in"
NGINX = "/usr/sbin/nginx"
INSTALL_DIR = "/opt/yibao"  # where the units expect the checkout
STOP_SECONDS = 10
START_SECONDS = 300
GENERATED_SECRETS = ("ACTION_TOKEN", "MINIPROGRAM_SECRET", "AGENT_TOKEN")


def read_env_file(path: Path = ENV_FILE) -> dict[str, str]:
    """``KEY=value`` lines (systemd's EnvironmentFile): comments and blank lines skipped, no expansion."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def environment(overrides: dict[str, str] | None = None) -> dict[str, str]:
    """deploy/env.example, then the process's environment, then ``overrides``; empty secrets made up."""
    env = {**read_env_file(), **os.environ, **(overrides or {})}
    for name in GENERATED_SECRETS:
        if not env.get(name):
            env[name] = secrets.token_hex(32)
    env["ACTION_ENDPOINT_URL"] = f"http://{env['ACTIONS_LISTEN']}/webhook"  # the balancer below
    return env


def _ports(value: str) -> list[int]:
    return [int(port) for port in value.replace(" ", "").split(",") if port]


@dataclass(frozen=True)
class Layout:
    rasa_ports: list[int]
    action_ports: list[int]
    public: str
    internal: str
    actions: str

    @classmethod
    def of(cls, env: dict[str, str]) -> Layout:
        return cls(_ports(env["RASA_PORTS"]), _ports(env["ACTION_PORTS"]), env["PUBLIC_LISTEN"], env["INTERNAL_LISTEN"],
                   env["ACTIONS_LISTEN"])  # fmt: skip


# --------------------------------------------------------------------------------------------------- nginx


def render_nginx(env: dict[str, str], var: str, log: str) -> str:
    """deploy/nginx.conf.in with this environment's ports and paths and the Chinese apology of bot.faults."""
    from bot.faults import UNAVAILABLE

    layout = Layout.of(env)

    def servers(ports):
        return "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in ports)

    values = {
        "VAR": var, "LOG": log, "PUBLIC_LISTEN": layout.public, "INTERNAL_LISTEN": layout.internal,
        "ACTIONS_LISTEN": layout.actions, "RASA_SERVERS": servers(layout.rasa_ports),
        "ACTION_SERVERS": servers(layout.action_ports),
        "MINIPROGRAM_UNAVAILABLE_JSON": json.dumps({"error": {"code": "internal", "message": UNAVAILABLE}}, ensure_ascii=False),
        "REST_UNAVAILABLE_JSON": json.dumps([{"recipient_id": "", "text": UNAVAILABLE}], ensure_ascii=False),
    }  # fmt: skip
    for name, value in values.items():
        if re.search(r"['$\n]", value) and not name.endswith("SERVERS"):
            raise ValueError(f"{name} cannot go into nginx.conf: {value!r}")
    text = NGINX_TEMPLATE.read_text(encoding="utf-8")
    text = re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], text)
    return text


# --------------------------------------------------------------------------------------------------- units


def read_unit(name: str) -> dict[str, list[str]]:
    """The ``[Service]`` settings of deploy/systemd/NAME (a key may repeat)."""
    settings: dict[str, list[str]] = {}
    section = None
    for line in (UNITS / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
        elif section == "Service":
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


@dataclass
class Command:
    argv: list[str]
    env: dict[str, str]
    cwd: str


def unit_command(name: str, instance: str, env: dict[str, str], var: str) -> Command:
    """A unit's ExecStart and Environment as systemd would run them here: ``%i`` is the instance,
    ``${NAME}`` comes from ``env``, the install paths are this checkout and ``var``."""
    settings = read_unit(name)
    places = {INSTALL_DIR: str(ROOT), "/etc/yibao": var, "/var/log/yibao": var}

    def local(text: str) -> str:
        text = text.replace("%i", instance)
        for production, here in places.items():
            text = text.replace(production, here)
        return re.sub(r"\$\{([A-Z_]+)\}", lambda m: env.get(m.group(1), ""), text)

    extra = {}
    for line in settings.get("Environment", []):
        for assignment in shlex.split(line):
            key, _, value = assignment.partition("=")
            extra[key] = local(value)
    return Command(shlex.split(local(settings["ExecStart"][0])), {**env, **extra},
                   local(settings.get("WorkingDirectory", [INSTALL_DIR])[0]))  # fmt: skip


# ------------------------------------------------------------------------------------------------- cluster


def _get(url: str, timeout: float = 2) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as reply:
        return reply.status


def _wait(url: str, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the process exited with status {process.returncode}")
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer in time")


class Cluster:
    """Every process of deploy/ as children (a context manager); ``processes`` by name."""

    def __init__(self, overrides: dict[str, str] | None = None):
        self.env = environment(overrides)
        self.layout = Layout.of(self.env)
        self.var = str((ROOT / self.env.get("CLUSTER_VAR", "var/cluster")).resolve())
        self.processes: dict[str, subprocess.Popen] = {}
        self._logs = []

    @property
    def urls(self) -> dict[str, str]:
        return {"public": f"http://{self.layout.public}", "internal": f"http://{self.layout.internal}",
                **{f"rasa-{p}": f"http://127.0.0.1:{p}" for p in self.layout.rasa_ports}}  # fmt: skip

    def _start(self, name: str, command: Command) -> subprocess.Popen:
        log = open(os.path.join(self.var, f"{name}.log"), "w")  # closed in stop()
        self._logs.append(log)
        process = subprocess.Popen(command.argv, cwd=command.cwd, env=command.env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # fmt: skip
        self.processes[name] = process
        return process

    def start(self) -> Cluster:
        if not os.access(NGINX, os.X_OK):
            raise RuntimeError(f"{NGINX} is missing: `make nginx` installs Debian's nginx")
        os.makedirs(self.var, exist_ok=True)
        conf = os.path.join(self.var, "nginx.conf")
        with open(conf, "w", encoding="utf-8") as handle:
            handle.write(render_nginx(self.env, self.var, self.var))
        nginx = unit_command("yibao-nginx.service", "", self.env, self.var)
        check = shlex.split(read_unit("yibao-nginx.service")["ExecStartPre"][0].replace("/etc/yibao", self.var)
                            .replace("/var/log/yibao", self.var))  # fmt: skip
        tested = subprocess.run(check, capture_output=True, text=True, timeout=30)
        if tested.returncode:
            raise RuntimeError(f"nginx -t refused {conf}: {tested.stderr.strip()}")
        deadline = time.monotonic() + START_SECONDS
        for port in self.layout.action_ports:
            self._start(f"actions-{port}", unit_command("yibao-actions@.service", str(port), self.env, self.var))
        for port in self.layout.rasa_ports:
            self._start(f"rasa-{port}", unit_command("yibao-rasa@.service", str(port), self.env, self.var))
        self._start("nginx", nginx)
        self._write_state()
        for port in self.layout.action_ports:
            _wait(f"http://127.0.0.1:{port}/health", self.processes[f"actions-{port}"], deadline)
        for port in self.layout.rasa_ports:
            _wait(f"http://127.0.0.1:{port}/", self.processes[f"rasa-{port}"], deadline)
        _wait(f"http://{self.layout.internal}/webhooks/rest/health", self.processes["nginx"], deadline)
        self._write_state(ready=True)
        return self

    def _write_state(self, ready: bool = False) -> None:
        state = {"ready": ready, "pids": {name: p.pid for name, p in self.processes.items()}, "urls": self.urls}
        path = os.path.join(self.var, "cluster.json")
        with open(path + ".tmp", "w", encoding="utf-8") as handle:
            json.dump(state, handle, indent=2)
        os.replace(path + ".tmp", path)

    def stop(self) -> None:
        """SIGTERM to every process group (nginx last: it drains what the others answer), SIGKILL after STOP_SECONDS."""
        order = [name for name in self.processes if name != "nginx"] + [n for n in self.processes if n == "nginx"]
        for name in order:
            process = self.processes[name]
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for process in self.processes.values():
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for log in self._logs:
            log.close()
        try:
            os.remove(os.path.join(self.var, "cluster.json"))
        except FileNotFoundError:
            pass

    def __enter__(self) -> Cluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> bool:
        self.stop()
        return False


# -------------------------------------------------------------------------------------------------- provision

_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def provision(admin_url: str, env: dict[str, str]) -> None:
    """The role TRACKER_DB_USER and the database TRACKER_DB it owns, unless they exist (idempotent)."""
    import sqlalchemy

    role, database, password = env["TRACKER_DB_USER"], env["TRACKER_DB"], env.get("TRACKER_DB_PASSWORD", "")
    if not (_NAME.fullmatch(role) and _NAME.fullmatch(database)):
        raise ValueError("TRACKER_DB_USER and TRACKER_DB must be lower-case SQL names")
    engine = sqlalchemy.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as db:
            if not db.execute(sqlalchemy.text("select 1 from pg_roles where rolname = :r"), {"r": role}).scalar():
                db.execute(sqlalchemy.text(f'CREATE ROLE "{role}" LOGIN'))
            if password:
                # psycopg2 puts the parameter in client-side, as a quoted literal (DDL takes no server-side one)
                db.execute(sqlalchemy.text(f'ALTER ROLE "{role}" PASSWORD :password'), {"password": password})
            if not db.execute(sqlalchemy.text("select 1 from pg_database where datname = :d"), {"d": database}).scalar():
                db.execute(sqlalchemy.text(f'CREATE DATABASE "{database}" OWNER "{role}"'))
    finally:
        engine.dispose()


# ------------------------------------------------------------------------------------------------------ main


def run(overrides: dict[str, str] | None = None) -> int:
    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        with Cluster(overrides) as cluster:
            urls = cluster.urls
            print(f">> 医保参保助手, {len(cluster.layout.rasa_ports)} Rasa servers behind nginx (SIGTERM or Ctrl-C stops):\n"
                  f"   residents' channels  {urls['public']}/webhooks/miniprogram/, /webhooks/wechat/webhook\n"
                  f"   REST, agent, health  {urls['internal']}/webhooks/rest/webhook, /webhooks/agent/, /webhooks/rest/health\n"
                  f"   processes            {cluster.var}/cluster.json, logs in {cluster.var}/", flush=True)  # fmt: skip
            reported = set()
            while True:
                time.sleep(1)
                for name, process in cluster.processes.items():
                    if process.poll() is not None and name not in reported:
                        reported.add(name)
                        print(f">> {name} exited ({process.returncode})", flush=True)
    except KeyboardInterrupt:
        print(">> stopped", flush=True)
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.cluster")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="start the cluster in the foreground (the default)")
    render = sub.add_parser("render", help="print or write the nginx configuration for this environment")
    render.add_argument("--out")
    prov = sub.add_parser("provision", help="create the tracker store's role and database")
    prov.add_argument("--admin-url", help="a superuser's URL (default: postgres@TRACKER_DB_HOST:TRACKER_DB_PORT/postgres)")
    args = parser.parse_args(argv)
    if args.command == "render":
        env = environment()
        text = render_nginx(env, env["NGINX_VAR"], env["NGINX_LOG"])
        if args.out:
            Path(args.out).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0
    if args.command == "provision":
        env = environment()
        url = args.admin_url or f"postgresql+psycopg2://postgres@{env['TRACKER_DB_HOST']}:{env['TRACKER_DB_PORT']}/postgres"
        provision(url, env)
        print(f">> PostgreSQL role {env['TRACKER_DB_USER']} and database {env['TRACKER_DB']} are there", flush=True)
        return 0
    return run()


if __name__ == "__main__":
    sys.exit(main())
