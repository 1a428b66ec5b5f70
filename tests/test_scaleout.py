"""Scale-out on the production configuration of deploy/ (issue 3): `python -m deploy.cluster` starts two
Rasa servers and two action servers from the systemd units, behind Debian's nginx, on loopback, with one
PostgreSQL tracker store and ledger (a role of its own, not a superuser, so that it can be made
read-only), the Redis lock store and the channels' state in Redis.

- a conversation alternating between the two servers, directly and through nginx, keeps every fact;
- two messages of one conversation sent at once to the two servers are handled one at a time;
- a read-only tracker store: the Chinese apology naming 12393/12366 within 2 s, and once it is writable
  again the conversation goes on without asking again what was said;
- a Rasa server killed mid-load: every conversation completes through the other, none loses a fact;
- SIGTERM to the cluster script stops everything it started.

The cluster is started once for the module (about 40 s on 2 cores) on ports of its own."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy
import yaml

from deploy import cluster as deploy

ROOT = Path(__file__).resolve().parent.parent
RUN = uuid.uuid4().hex[:8]  # the PostgreSQL tracker store outlives a run: fresh conversations each time
ROLE = "yibao_scaleout"  # the tracker store's and the ledger's role and database
ADMIN = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
AS_SUPERUSER = f"postgresql+psycopg2://postgres@127.0.0.1:5432/{ROLE}"
RASA, ACTIONS = (5211, 5212), (5261, 5262)
INTERNAL = "127.0.0.1:8291"
STATE_DB = 6
SETTINGS = {
    "RASA_PORTS": ",".join(map(str, RASA)), "ACTION_PORTS": ",".join(map(str, ACTIONS)),
    "PUBLIC_LISTEN": "127.0.0.1:8290", "INTERNAL_LISTEN": INTERNAL, "ACTIONS_LISTEN": "127.0.0.1:8292",
    "TRACKER_DB": ROLE, "TRACKER_DB_USER": ROLE, "DATABASE_URL": f"postgresql+psycopg2://{ROLE}@127.0.0.1:5432/{ROLE}",
    "REDIS_DB": "5", "STATE_REDIS_URL": f"redis://127.0.0.1:6379/{STATE_DB}", "ASSISTANT_TODAY": "2024-11-20",
    "CLUSTER_VAR": "var/cluster-test",
}  # fmt: skip

# The dialog: each message and what the reply to it must ask (or, last, answer).
FACTS = "杭州市区；为父母咨询；68岁；本地户口；无职工医保；不属于困难群体"
FEE = "交多少：一档730元、二档630元，任选一档。"
TURNS = (("我妈68岁", "在哪个地区参保"), ("杭州", "户口是不是在杭州市区"), ("本地户口", "有没有参加职工医保"),
         ("没有职工医保", "可减免个人缴费的群体"), ("都不是", FEE))  # fmt: skip
APOLOGY_WORDS = ("抱歉", "12393", "12366")


def direct(port: int) -> str:
    return f"http://127.0.0.1:{port}"


NGINX = f"http://{INTERNAL}"


def post(base: str, sender: str, text: str) -> tuple[int, str]:
    """One REST message: the HTTP status and the bot's texts (an error's JSON body read the same way)."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(f"{base}/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            status, raw = reply.status, reply.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        messages = json.loads(raw)
    except ValueError:
        return status, raw.decode("utf-8", "replace")
    return status, "\n".join(m.get("text") or "" for m in messages if isinstance(m, dict))


def say(base: str, sender: str, text: str) -> str:
    status, reply = post(base, sender, text)
    assert status == 200, (status, reply)
    return reply


def converse(bases: list[str], sender: str) -> list[str]:
    """The five turns, the n-th sent to bases[n % len(bases)]; each reply asks what it must (nothing twice)."""
    replies = []
    for number, (text, expected) in enumerate(TURNS):
        reply = say(bases[number % len(bases)], sender, text)
        assert expected in reply, (number, text, reply)
        replies.append(reply)
    return replies


def events(sender: str) -> list[tuple[str, str | None, dict]]:
    engine = sqlalchemy.create_engine(AS_SUPERUSER)
    try:
        with engine.connect() as db:
            rows = db.execute(sqlalchemy.text("select type_name, action_name, data from events where sender_id = :s order by id"),
                              {"s": sender}).fetchall()  # fmt: skip
    finally:
        engine.dispose()
    return [(kind, action, json.loads(data)) for kind, action, data in rows]


def ledger_codes() -> set[str]:
    engine = sqlalchemy.create_engine(AS_SUPERUSER)
    try:
        with engine.connect() as db:
            return {row[0] for row in db.execute(sqlalchemy.text("select code from answers"))}
    finally:
        engine.dispose()


def upstreams(var: Path) -> dict[str, int]:
    """Requests nginx sent to each Rasa server so far (its access log)."""
    log = (var / "nginx-access.log").read_text(encoding="utf-8") if (var / "nginx-access.log").exists() else ""
    return {port: log.count(f"127.0.0.1:{port} ") for port in map(str, RASA)}


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def _needs_nginx() -> None:
    if not os.access(deploy.NGINX, os.X_OK):
        subprocess.run(["make", "--no-print-directory", "nginx"], cwd=ROOT, capture_output=True, timeout=600)
    if not os.access(deploy.NGINX, os.X_OK):
        pytest.skip("Debian's nginx is not installed and `make nginx` could not install it (no apt or no root)")


@pytest.fixture(scope="module")
def cluster():
    if not (ROOT / "models" / "assistant.tar.gz").exists():
        pytest.fail("models/assistant.tar.gz is missing: run `make model` (make test trains it first)")
    _needs_nginx()
    deploy.provision(ADMIN, {"TRACKER_DB_USER": ROLE, "TRACKER_DB": ROLE})
    var = ROOT / SETTINGS["CLUSTER_VAR"]
    var.mkdir(parents=True, exist_ok=True)
    (var / "cluster.json").unlink(missing_ok=True)
    (var / "nginx-access.log").unlink(missing_ok=True)
    log = open(ROOT / "var" / "cluster-test.log", "w")  # closed below
    process = subprocess.Popen([sys.executable, "-m", "deploy.cluster", "run"], cwd=ROOT, env={**os.environ, **SETTINGS},
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    pids: dict[str, int] = {}
    try:
        deadline = time.monotonic() + 240
        while True:
            assert process.poll() is None, f"the cluster script exited ({process.returncode}): see var/cluster-test.log"
            assert time.monotonic() < deadline, "the cluster did not come up within 240 s: see var/cluster-test.log"
            if (var / "cluster.json").exists():
                state = json.loads((var / "cluster.json").read_text())
                pids = state["pids"]
                if state["ready"]:  # every server answers, and the health check through nginx passed
                    break
            time.sleep(1)
        yield SimpleNamespace(process=process, pids=pids, var=var)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for pid in pids.values():  # whatever the script could not stop (it was killed itself)
            if _alive(pid):
                os.killpg(pid, signal.SIGKILL)
        log.close()


# ----------------------------------------------------------------------------------------- configuration


def test_the_environment_template_names_every_variable_the_production_profile_reads():
    template = deploy.read_env_file()
    endpoints = (ROOT / "bot" / "endpoints.production.yml").read_text()
    wanted = set(re.findall(r"\$\{([A-Z_]+)\}", endpoints))
    for unit in ("yibao-rasa@.service", "yibao-actions@.service"):
        wanted |= set(re.findall(r"\$\{([A-Z_]+)\}", (ROOT / "deploy" / "systemd" / unit).read_text()))
    wanted |= {"STATE_REDIS_URL", "DATABASE_URL", "LEDGER_RETENTION_DAYS", "MINIPROGRAM_SECRET", "MINIPROGRAM_TOKEN_TTL",
               "MINIPROGRAM_RATE_LIMIT", "MINIPROGRAM_CODE2SESSION_URL", "WECHAT_TOKEN", "WECHAT_APPID", "WECHAT_SECRET",
               "WECHAT_API_BASE", "WECHAT_MAX_SKEW", "AGENT_TOKEN", "ACTION_TIMEOUT_SECONDS", "ACTION_RETRY_SECONDS",
               "ACTION_INTERFACE", "TICKET_LOCK_LIFETIME", "RASA_PORTS", "ACTION_PORTS", "PUBLIC_LISTEN",
               "INTERNAL_LISTEN", "ACTIONS_LISTEN"}  # fmt: skip
    assert wanted <= set(template), sorted(wanted - set(template))
    assert yaml.safe_load(endpoints)["lock_store"]["type"] == "bot.lock_store.AtomicRedisLockStore"
    assert not template["ACTION_TOKEN"] and not template["MINIPROGRAM_SECRET"]  # secrets are never shipped


def test_the_units_run_the_production_profile_on_loopback():
    env = deploy.environment({"ACTIONS_LISTEN": "127.0.0.1:8282"})
    rasa = deploy.unit_command("yibao-rasa@.service", "5201", env, "/tmp/x")
    assert rasa.argv[:2] == [str(ROOT / ".venv" / "bin" / "rasa"), "run"]
    assert " ".join(rasa.argv).endswith("--endpoints bot/endpoints.production.yml --credentials bot/credentials.yml "
                                        "--interface 127.0.0.1 --port 5201")  # fmt: skip
    assert rasa.cwd == str(ROOT) and rasa.env["ACTION_ENDPOINT_URL"] == "http://127.0.0.1:8282/webhook"
    actions = deploy.unit_command("yibao-actions@.service", "5251", env, "/tmp/x")
    assert actions.argv[-3:] == ["actions.server", "--port", "5251"] and actions.env["ACTION_INTERFACE"] == "127.0.0.1"
    conf = deploy.render_nginx(env, "/tmp/x", "/tmp/x")
    assert "{{" not in conf and "server 127.0.0.1:5201 " in conf and "server 127.0.0.1:5252 " in conf
    public = conf.split("listen 127.0.0.1:8280;")[1].split("server {")[0]
    assert re.findall(r"location (\S+)", public) == ["/webhooks/miniprogram/", "/webhooks/wechat/", "/",
                                                      "@miniprogram_unavailable"]  # REST is never public
    assert "12393" in conf and "$request " not in conf  # the apology; no query strings (openids) in the log


# ------------------------------------------------------------------------------------------- the cluster


@pytest.mark.parametrize("route", ["two servers in turn", "nginx"])
def test_a_conversation_alternating_between_the_servers_keeps_every_fact(cluster, route):
    bases = [direct(port) for port in RASA] if route != "nginx" else [NGINX]
    before = upstreams(cluster.var)
    sender = f"alternate-{route.split()[0]}-{RUN}"
    final = converse(bases, sender)[-1]
    assert FACTS in final and FEE in final
    code = re.search(r"咨询编号：([0-9A-Z]{4})-([0-9A-Z]{4})", final)
    assert code and code.group(1) + code.group(2) in ledger_codes()  # the ledger on the shared PostgreSQL
    if route == "nginx":
        after = upstreams(cluster.var)
        assert all(after[port] > before[port] for port in after), (before, after)  # both servers took turns


def test_the_public_listener_serves_the_mini_program_from_both_servers_and_never_rest(cluster):
    public = f"http://{SETTINGS['PUBLIC_LISTEN']}/webhooks"
    before = upstreams(cluster.var)

    def call(path, body, token=None):
        headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
        request = urllib.request.Request(f"{public}{path}", json.dumps(body).encode(), headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                return reply.status, json.loads(reply.read())
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    status, login = call("/miniprogram/login", {"platform": "wechat", "code": f"scaleout-{RUN}"})
    assert status == 200, login
    for text, expected in TURNS[:4]:  # a token signed by one server is good on the other (one secret)
        status, reply = call("/miniprogram/webhook", {"message": text}, login["token"])
        assert status == 200 and expected in "".join(item.get("text", "") for item in reply["messages"]), reply
    after = upstreams(cluster.var)
    assert all(after[port] > before[port] for port in after), (before, after)
    assert call("/rest/webhook", {"sender": "x", "message": "你好"})[0] == 404  # REST is not on the public listener


def test_two_messages_of_one_conversation_at_once_are_handled_one_at_a_time(cluster):
    sender = f"together-{RUN}"
    assert "户口是不是在杭州市区" in say(direct(RASA[0]), sender, "我妈68岁，在杭州")
    start, replies = threading.Barrier(2), {}

    def send(port, text):
        start.wait()
        replies[text] = post(direct(port), sender, text)

    messages = zip(RASA, ("本地户口", "没有职工医保"), strict=True)  # one to each server
    threads = [threading.Thread(target=send, args=message) for message in messages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(status == 200 and "抱歉" not in text for status, text in replies.values()), replies
    final = say(direct(RASA[1]), sender, "都不是")
    assert FACTS in final and FEE in final  # neither message's fact was lost
    history = events(sender)
    said = [data["text"] for kind, _, data in history if kind == "user"]
    assert said[0] == "我妈68岁，在杭州" and said[-1] == "都不是" and sorted(said[1:3]) == ["本地户口", "没有职工医保"]
    assert len(said) == 4  # no turn was written over by another
    for index, (kind, _, _) in enumerate(history):  # each turn ended (action_listen) before the next began
        if kind == "user" and index > 0:
            previous = [h for h in history[:index] if h[0] != "slot"][-1]
            assert previous[:2] == ("action", "action_listen"), history[index - 3 : index + 1]
    stamps = [data["timestamp"] for _, _, data in history]
    assert stamps == sorted(stamps)


def test_a_read_only_tracker_store_apologises_at_once_and_nothing_said_is_lost(cluster):
    import redis

    sender = f"read-only-{RUN}"
    for text, expected in TURNS[:2]:
        assert expected in say(NGINX, sender, text)
    admin = sqlalchemy.create_engine(AS_SUPERUSER, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as db:
            db.execute(sqlalchemy.text(f"REVOKE INSERT, UPDATE ON events FROM {ROLE}"))
        try:
            for port, text in zip(RASA, ("本地户口", "没有职工医保"), strict=True):  # one on each server
                started = time.monotonic()
                status, reply = post(direct(port), sender, text)
                took = time.monotonic() - started
                assert status == 200 and took < 2, (took, reply)
                assert all(word in reply for word in APOLOGY_WORDS) and "我已记下" in reply, reply
                assert "职工医保" not in reply and "群体" not in reply  # no question of a turn the store did not keep
        finally:
            with admin.connect() as db:
                db.execute(sqlalchemy.text(f"GRANT INSERT, UPDATE ON events TO {ROLE}"))
    finally:
        admin.dispose()
    pending = redis.Redis("127.0.0.1", db=STATE_DB).get(f"yibao:pending:{sender}")
    assert pending and [entry["text"] for entry in json.loads(pending)] == ["本地户口", "没有职工医保"]
    reply = say(NGINX, sender, "好了吗")
    assert "可减免个人缴费的群体" in reply  # the next question not yet answered
    assert "户口是不是" not in reply and "有没有参加职工医保" not in reply  # nothing answered is asked again
    final = say(NGINX, sender, "都不是")
    assert FACTS in final and FEE in final
    assert redis.Redis("127.0.0.1", db=STATE_DB).get(f"yibao:pending:{sender}") is None


def test_killing_a_server_mid_load_loses_no_conversation(cluster):
    victim = f"rasa-{RASA[0]}"
    pid = cluster.pids[victim]
    halfway, apologies, conversations = threading.Event(), [], 6

    def conversation(number):
        sender = f"kill-{number}-{RUN}"
        replies = []
        for turn, (text, expected) in enumerate(TURNS):
            if turn == 2:
                halfway.wait(30)  # two facts given; the server stops now
            for _ in range(4):
                status, reply = post(NGINX, sender, text)
                if status == 200 and "抱歉" not in reply:
                    break
                apologies.append((status, reply))
                time.sleep(0.2)  # the resident sends it again, as the apology asks
            assert expected in reply, (sender, text, reply)
            replies.append(reply)
        return replies

    served_before = sum(upstreams(cluster.var).values())
    with ThreadPoolExecutor(conversations) as pool:
        futures = [pool.submit(conversation, number) for number in range(conversations)]
        deadline = time.monotonic() + 60
        while sum(upstreams(cluster.var).values()) < served_before + 2 * conversations and time.monotonic() < deadline:
            time.sleep(0.1)
        os.kill(pid, signal.SIGSTOP)  # hangs: nginx still sends it requests, which wait
        halfway.set()
        time.sleep(1.5)
        os.killpg(pid, signal.SIGKILL)  # ...and dies with them
        finals = [future.result(timeout=120)[-1] for future in futures]
    assert not _alive(pid)
    assert all(FACTS in final and FEE in final for final in finals)
    assert apologies, "no message was in flight on the killed server"
    assert all(status == 503 and all(word in reply for word in APOLOGY_WORDS) for status, reply in apologies), apologies


def test_sigterm_stops_everything_the_cluster_started(cluster):
    cluster.process.send_signal(signal.SIGTERM)  # what systemd or a terminal sends the script itself
    assert cluster.process.wait(40) == 0
    assert [name for name, pid in cluster.pids.items() if _alive(pid)] == []
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(INTERNAL.rsplit(":", 1)[1])), timeout=2).close()
