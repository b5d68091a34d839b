"""Containers through the Docker SDK for Python against a running berthd.

Run by tests/integration/test_containers_sdk.sh, which starts a private
berthd and sets DOCKER_HOST, BERTH_TEST_PREFIX and BERTH_TEST_IMAGE.
"""
import io
import os
import tarfile
import time

import docker
import pytest

PREFIX = os.environ["BERTH_TEST_PREFIX"]
IMAGE = os.environ["BERTH_TEST_IMAGE"]


@pytest.fixture(scope="module")
def client():
    c = docker.from_env()
    yield c
    for container in c.containers.list(all=True):
        if container.name.startswith(PREFIX):
            container.remove(force=True)
    c.close()


def name(suffix):
    return f"{PREFIX}-{suffix}"


def test_run_not_detached(client):
    out = client.containers.run(IMAGE, ["sh", "-c", "echo out; echo err >&2"], remove=True)
    assert out == b"out\n"


def test_run_nonzero_exit_raises(client):
    with pytest.raises(docker.errors.ContainerError) as raised:
        client.containers.run(IMAGE, ["sh", "-c", "exit 3"], remove=True)
    assert raised.value.exit_status == 3


def test_run_detached_logs_stream_wait(client):
    container = client.containers.run(IMAGE, ["sh", "-c", "for i in 1 2 3; do echo line $i; sleep 0.2; done"],
                                      detach=True, name=name("stream"))
    lines = b"".join(container.logs(stream=True, follow=True))
    assert lines == b"line 1\nline 2\nline 3\n"
    assert container.wait()["StatusCode"] == 0
    container.remove()


def test_exec_run(client):
    container = client.containers.run(IMAGE, ["sleep", "300"], detach=True, name=name("exec"))
    result = container.exec_run(["sh", "-c", "echo hello; exit 4"])
    assert result.exit_code == 4
    assert result.output == b"hello\n"
    result = container.exec_run("id -u", user="65534", environment={"A": "b"})
    assert result.output.strip() == b"65534"
    container.remove(force=True)


def test_stop_kill_remove(client):
    container = client.containers.run(IMAGE, ["sleep", "300"], detach=True, name=name("stop"))
    container.stop(timeout=1)
    container.reload()
    assert container.status == "exited"
    assert container.attrs["State"]["ExitCode"] == 137
    container.start()
    container.kill(signal="SIGKILL")
    assert container.wait()["StatusCode"] == 137
    container.remove()
    assert name("stop") not in [c.name for c in client.containers.list(all=True)]


def test_attach_socket(client):
    container = client.containers.create(IMAGE, ["cat"], stdin_open=True, name=name("attach"))
    sock = container.attach_socket(params={"stdin": 1, "stdout": 1, "stream": 1})
    container.start()
    raw = sock._sock
    raw.sendall(b"ping\n")
    raw.shutdown(1)  # half-close: stdin ends, cat exits
    data = b""
    deadline = time.time() + 10
    while time.time() < deadline:
        chunk = raw.recv(4096)
        if not chunk:
            break
        data += chunk
    sock.close()
    # One stdout frame: stream 1, three zero bytes, the big-endian length, the payload.
    assert data == b"\x01\x00\x00\x00\x00\x00\x00\x05ping\n"
    assert container.wait()["StatusCode"] == 0
    container.remove()


def test_put_and_get_archive(client):
    container = client.containers.create(IMAGE, ["true"], name=name("archive"))
    payload = io.BytesIO()
    with tarfile.open(fileobj=payload, mode="w") as tar:
        data = b"archived\n"
        info = tarfile.TarInfo("hello.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    assert container.put_archive("/tmp", payload.getvalue())
    stream, stat = container.get_archive("/tmp/hello.txt")
    assert stat["name"] == "hello.txt"
    assert stat["size"] == 9
    with tarfile.open(fileobj=io.BytesIO(b"".join(stream))) as tar:
        assert tar.extractfile("hello.txt").read() == b"archived\n"
    with pytest.raises(docker.errors.NotFound):
        container.get_archive("/no/such/path")
    container.remove()


def test_commit(client):
    container = client.containers.run(IMAGE, ["sh", "-c", "echo committed > /marker"], detach=True, name=name("commit"))
    container.wait()
    image = container.commit(repository=name("committed"), tag="v1", changes=['CMD ["cat", "/marker"]'])
    assert client.containers.run(image.id, remove=True) == b"committed\n"
    container.remove()
    client.images.remove(f"{name('committed')}:v1")


def test_stats_one_shot(client):
    container = client.containers.run(IMAGE, ["sleep", "300"], detach=True, name=name("stats"))
    stats = container.stats(stream=False)
    assert stats["pids_stats"]["current"] == 1
    assert stats["memory_stats"]["usage"] > 0
    assert stats["cpu_stats"]["online_cpus"] >= 1
    container.remove(force=True)


def test_events(client):
    since = int(time.time())
    container = client.containers.run(IMAGE, ["true"], detach=True, name=name("events"))
    container.wait()
    container.remove()
    until = int(time.time()) + 1
    actions = [e["Action"] for e in client.events(since=since, until=until, decode=True,
                                                  filters={"container": name("events")})]
    assert actions == ["create", "start", "die", "destroy"]


def test_list_and_get(client):
    container = client.containers.run(IMAGE, ["sleep", "300"], detach=True, name=name("list"),
                                      labels={"suite": PREFIX})
    listed = client.containers.list(filters={"label": f"suite={PREFIX}"})
    assert [c.id for c in listed] == [container.id]
    assert client.containers.get(name("list")).attrs["Config"]["Labels"] == {"suite": PREFIX}
    container.remove(force=True)
    with pytest.raises(docker.errors.NotFound):
        client.containers.get(name("list"))
