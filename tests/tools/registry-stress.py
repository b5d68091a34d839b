#!/usr/bin/env python3
"""Many clients at once against one registry: half push images of their own
(monolithic, chunked and streamed uploads), half pull one shared image and
check every digest. Exits non-zero on any failed request or corrupt byte.

  registry-stress.py URL [--clients 100] [--prefix stress]
"""
import argparse, hashlib, json, os, sys, threading
from urllib.parse import urljoin
import requests

TIMEOUT = 60


def digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def upload(session, base, repo, data, mode):
    r = session.post(f"{base}/v2/{repo}/blobs/uploads/", timeout=TIMEOUT)
    r.raise_for_status()
    location = urljoin(base + "/", r.headers["Location"])
    if mode == "chunked":
        half = len(data) // 2
        for start, piece in ((0, data[:half]), (half, data[half:])):
            r = session.patch(location, data=piece, timeout=TIMEOUT, headers={
                "Content-Type": "application/octet-stream",
                "Content-Range": f"{start}-{start + len(piece) - 1}"})
            r.raise_for_status()
            location = urljoin(base + "/", r.headers["Location"])
        body = b""
    elif mode == "streamed":
        r = session.patch(location, data=(data[i:i + 65536] for i in range(0, len(data), 65536)),
                          headers={"Content-Type": "application/octet-stream"}, timeout=TIMEOUT)
        r.raise_for_status()
        location = urljoin(base + "/", r.headers["Location"])
        body = b""
    else:
        body = data
    sep = "&" if "?" in location else "?"
    r = session.put(f"{location}{sep}digest={digest(data)}", data=body, timeout=TIMEOUT,
                    headers={"Content-Type": "application/octet-stream"})
    if r.status_code != 201:
        raise RuntimeError(f"PUT upload: {r.status_code} {r.text[:200]}")


def push_image(session, base, repo, layer, mode):
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "rootfs": {"type": "layers", "diff_ids": [digest(layer)]}}).encode()
    upload(session, base, repo, layer, mode)
    upload(session, base, repo, config, "monolithic")
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": digest(config), "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": digest(layer), "size": len(layer)}],
    }, indent=1).encode()
    r = session.put(f"{base}/v2/{repo}/manifests/v1", data=manifest, timeout=TIMEOUT,
                    headers={"Content-Type": "application/vnd.oci.image.manifest.v1+json"})
    if r.status_code != 201 or r.headers.get("Docker-Content-Digest") != digest(manifest):
        raise RuntimeError(f"PUT manifest: {r.status_code} {r.text[:200]}")
    return manifest


def pull_and_check(session, base, repo, manifest_bytes):
    r = session.get(f"{base}/v2/{repo}/manifests/v1", timeout=TIMEOUT,
                    headers={"Accept": "application/vnd.oci.image.manifest.v1+json"})
    r.raise_for_status()
    if r.content != manifest_bytes:
        raise RuntimeError(f"{repo}: manifest bytes differ")
    for descriptor in [json.loads(r.content)["config"]] + json.loads(r.content)["layers"]:
        blob = session.get(f"{base}/v2/{repo}/blobs/{descriptor['digest']}", timeout=TIMEOUT)
        blob.raise_for_status()
        if digest(blob.content) != descriptor["digest"] or len(blob.content) != descriptor["size"]:
            raise RuntimeError(f"{repo}: blob {descriptor['digest']} corrupt")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--prefix", default="stress")
    args = parser.parse_args()
    base = args.url.rstrip("/")
    shared_repo = f"{args.prefix}/shared"
    shared = push_image(requests.Session(), base, shared_repo, os.urandom(2 << 20), "monolithic")

    failures = []
    lock = threading.Lock()
    barrier = threading.Barrier(args.clients)

    def pusher(i):
        session = requests.Session()
        barrier.wait(timeout=TIMEOUT)
        repo = f"{args.prefix}/p{i}"
        manifest = push_image(session, base, repo, os.urandom(256 << 10), ("monolithic", "chunked", "streamed")[i % 3])
        pull_and_check(session, base, repo, manifest)

    def puller(i):
        session = requests.Session()
        barrier.wait(timeout=TIMEOUT)
        for _ in range(3):
            pull_and_check(session, base, shared_repo, shared)

    def run(work, i):
        try:
            work(i)
        except Exception as error:  # every failure is reported, none stops the others
            with lock:
                failures.append(f"{work.__name__} {i}: {error}")

    threads = [threading.Thread(target=run, args=(pusher if i % 2 == 0 else puller, i)) for i in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    if any(t.is_alive() for t in threads):
        failures.append("some clients did not finish within 180 s")

    pushers = [i for i in range(args.clients) if i % 2 == 0]
    catalog = requests.get(f"{base}/v2/_catalog", timeout=TIMEOUT).json()["repositories"]
    missing = [i for i in pushers if f"{args.prefix}/p{i}" not in catalog]
    if missing:
        failures.append(f"catalog lacks pushed repositories {missing[:5]}")
    for message in failures[:10]:
        print(message, file=sys.stderr)
    print(f"{args.clients} clients: {len(pushers)} pushed, {args.clients - len(pushers)} pulled 3 times; "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
