"""OCI distribution-spec v1.1 conformance checks for a registry over plain HTTP.

Our own suite (not the Go conformance suite): push, pull, discovery and
management flows, each test on repositories of its own, driven by `requests`.

Configuration (environment):
  REGISTRY_URL     base URL of the registry, e.g. http://127.0.0.1:5000 (required)
  REGISTRY_FLAVOR  `berth` (default) or `distribution`
  REGISTRY_PREFIX  prefix of every repository the suite creates (default
                   `conformance`); each test adds a unique `<kind>-<uuid>`

Flavors: `berth` is berth-registry, which must pass everything. `distribution`
is Docker's reference registry 2.8 (Debian's `docker-registry`), which lacks
some of spec 1.1: single-POST upload, 416 on an out-of-order chunk, DELETE by
tag, `n`/`last` on the tag list, and the referrers API. The tests for those are
strict xfails under that flavor only, so a run against 2.8 proves each gap is
still there rather than silently passing over it. Blob and manifest deletion
must be enabled (2.8: `storage.delete.enabled: true`).

Run by tests/integration/test_registry_conformance.sh, or by hand:
  REGISTRY_URL=http://127.0.0.1:5099 REGISTRY_FLAVOR=distribution \\
      python3 -m pytest -q -p no:cacheprovider tests/python/test_registry_conformance.py
"""
import hashlib
import json
import os
import uuid
from urllib.parse import urljoin

import pytest
import requests

REGISTRY_URL = os.environ.get("REGISTRY_URL", "").rstrip("/")
FLAVOR = os.environ.get("REGISTRY_FLAVOR", "berth")
PREFIX = os.environ.get("REGISTRY_PREFIX", "conformance").strip("/")
if not REGISTRY_URL:
    raise RuntimeError("set REGISTRY_URL, e.g. http://127.0.0.1:5000")
if FLAVOR not in ("berth", "distribution"):
    raise RuntimeError(f"REGISTRY_FLAVOR must be berth or distribution, not {FLAVOR!r}")

TIMEOUT = 10  # seconds, for every request: a hung server fails a test, never the run

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar"
OCI_EMPTY = "application/vnd.oci.empty.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"
# 2.8 answers 404 or 400 to a manifest whose type is missing from Accept, so
# every manifest read names all four, as real clients do.
ACCEPT_MANIFESTS = ", ".join([OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST])
OCTET = {"Content-Type": "application/octet-stream"}


def gap_on_distribution(what):
    """A spec feature distribution 2.8 lacks: must fail there, must pass for berth."""
    return pytest.mark.xfail(FLAVOR == "distribution", reason=f"distribution 2.8 lacks {what}",
                             strict=True, raises=AssertionError)


# ---------------------------------------------------------------- HTTP helpers

_session = requests.Session()


def call(method, url, **kwargs):
    """One bounded request; `url` is absolute or a path under REGISTRY_URL."""
    if url.startswith("/"):
        url = REGISTRY_URL + url
    return _session.request(method, url, timeout=TIMEOUT, **kwargs)


def location(response):
    """The response's Location, resolved against the request URL. The query
    (2.8's opaque `_state`) is kept exactly as sent: the server may depend on it."""
    assert "Location" in response.headers, f"no Location in {response.status_code} answer"
    return urljoin(response.url, response.headers["Location"])


def with_digest(url, digest):
    return url + ("&" if "?" in url else "?") + "digest=" + digest


def next_link(response):
    """The absolute URL of the RFC 5988 `rel="next"` link, or None."""
    url = response.links.get("next", {}).get("url")
    return urljoin(response.url, url) if url else None


def assert_error(response, status, *codes):
    """Status, then the spec's error body: {"errors":[{"code","message",...}]}."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text[:300]}"
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(f"error body is not JSON: {response.text[:300]!r}") from None
    errors = body.get("errors")
    assert isinstance(errors, list) and errors, f"no errors list in {body}"
    for error in errors:
        assert isinstance(error.get("code"), str) and isinstance(error.get("message"), str), error
    found = [error["code"] for error in errors]
    assert set(found) & set(codes), f"expected one of {codes}, got {found}"


# ---------------------------------------------------------------- content helpers

def sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def new_repo(kind):
    return f"{PREFIX}/{kind}-{uuid.uuid4().hex[:12]}"


def random_blob(size=64):
    # Fresh bytes per test, so no test can see another's blob.
    return os.urandom(size)


def descriptor(media_type, data, **extra):
    return {"mediaType": media_type, "digest": sha256(data), "size": len(data), **extra}


def encode(manifest):
    # Indented, so a registry that re-serialises instead of storing the bytes
    # as sent would change the digest.
    return json.dumps(manifest, indent=3).encode()


def start_upload(repo):
    r = call("POST", f"/v2/{repo}/blobs/uploads/")
    assert r.status_code == 202, r.text
    return location(r)


def push_blob(repo, data):
    """POST then PUT, the one upload every registry supports. Returns the digest."""
    digest = sha256(data)
    r = call("PUT", with_digest(start_upload(repo), digest), data=data, headers=OCTET)
    assert r.status_code == 201, r.text
    return digest


def put_manifest(repo, reference, body, media_type):
    r = call("PUT", f"/v2/{repo}/manifests/{reference}", data=body, headers={"Content-Type": media_type})
    assert r.status_code == 201, f"PUT manifest: {r.status_code} {r.text[:300]}"
    assert r.headers.get("Docker-Content-Digest") == sha256(body)
    return r


def get_manifest(repo, reference, method="GET"):
    return call(method, f"/v2/{repo}/manifests/{reference}", headers={"Accept": ACCEPT_MANIFESTS})


def image_config(arch="amd64"):
    return json.dumps({"architecture": arch, "os": "linux", "nonce": uuid.uuid4().hex}).encode()


def oci_image(repo, arch="amd64"):
    """Uploads a config and one layer; returns the manifest bytes, not yet pushed."""
    config, layer = image_config(arch), random_blob()
    push_blob(repo, config)
    push_blob(repo, layer)
    return encode({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                   "config": descriptor(OCI_CONFIG, config), "layers": [descriptor(OCI_LAYER, layer)]})


def push_image(repo, *tags):
    """Pushes one OCI image under every tag given; returns its manifest bytes."""
    body = oci_image(repo)
    for tag in tags:
        put_manifest(repo, tag, body, OCI_MANIFEST)
    return body


def tag_list(repo):
    r = call("GET", f"/v2/{repo}/tags/list")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["name"] == repo
    # 2.8 answers `"tags": null` once every tag is gone.
    return body["tags"] or []


def assert_manifest_served(repo, tag, body, media_type):
    """By tag and by digest: the exact bytes, their type, digest and length."""
    digest = sha256(body)
    for reference in (tag, digest):
        r = get_manifest(repo, reference)
        assert r.status_code == 200, r.text
        assert r.content == body
        assert r.headers["Content-Type"] == media_type
        assert r.headers["Docker-Content-Digest"] == digest
        r = get_manifest(repo, reference, method="HEAD")
        assert r.status_code == 200
        assert r.headers["Docker-Content-Digest"] == digest
        assert int(r.headers["Content-Length"]) == len(body)


# ---------------------------------------------------------------- base

def test_api_version_check():
    r = call("GET", "/v2/")
    assert r.status_code == 200
    assert r.headers.get("Docker-Distribution-Api-Version") == "registry/2.0"


# ---------------------------------------------------------------- blob push

def test_blob_post_then_put():
    repo, data = new_repo("post-put"), random_blob()
    r = call("PUT", with_digest(start_upload(repo), sha256(data)), data=data, headers=OCTET)
    assert r.status_code == 201, r.text
    assert r.headers["Docker-Content-Digest"] == sha256(data)
    assert call("GET", location(r)).content == data


@gap_on_distribution("single-POST upload (2.8: 202, body ignored)")
def test_blob_single_post():
    repo, data = new_repo("single-post"), random_blob()
    r = call("POST", f"/v2/{repo}/blobs/uploads/?digest={sha256(data)}", data=data, headers=OCTET)
    assert r.status_code == 201, f"{r.status_code} {r.text[:200]}"
    assert call("GET", location(r)).content == data
    assert call("HEAD", f"/v2/{repo}/blobs/{sha256(data)}").status_code == 200


def test_blob_chunked_upload():
    repo, data = new_repo("chunked"), random_blob(30)
    url = start_upload(repo)
    for start in range(0, len(data), 10):
        chunk, end = data[start:start + 10], start + 9
        r = call("PATCH", url, data=chunk, headers={**OCTET, "Content-Range": f"{start}-{end}",
                                                     "Content-Length": str(len(chunk))})
        assert r.status_code == 202, r.text
        assert r.headers["Range"] == f"0-{end}"
        url = location(r)
    r = call("PUT", with_digest(url, sha256(data)))
    assert r.status_code == 201, r.text
    assert call("GET", f"/v2/{repo}/blobs/{sha256(data)}").content == data


@gap_on_distribution("416 on an out-of-order chunk (2.8: 202, chunk appended)")
def test_blob_chunk_out_of_order():
    repo, data = new_repo("out-of-order"), random_blob(30)
    r = call("PATCH", start_upload(repo), data=data[:10], headers={**OCTET, "Content-Range": "0-9"})
    assert r.status_code == 202
    url = location(r)
    r = call("PATCH", url, data=data[20:], headers={**OCTET, "Content-Range": "20-29"})
    assert r.status_code == 416, f"{r.status_code} {r.text[:200]}"
    # The session survives a refused chunk, at the offset before it.
    r = call("GET", url)
    assert r.status_code == 204 and r.headers["Range"] == "0-9"


def test_blob_streamed_patch():
    repo = new_repo("streamed")
    parts = [random_blob(100), random_blob(50)]
    data = b"".join(parts)
    # A generator body makes requests send Transfer-Encoding: chunked, with no
    # Content-Length or Content-Range, as dockerd and skopeo do.
    r = call("PATCH", start_upload(repo), data=iter(parts), headers=OCTET)
    assert r.request.headers.get("Transfer-Encoding") == "chunked"
    assert r.status_code == 202, r.text
    assert r.headers["Range"] == f"0-{len(data) - 1}"
    r = call("PUT", with_digest(location(r), sha256(data)))
    assert r.status_code == 201, r.text
    assert call("GET", f"/v2/{repo}/blobs/{sha256(data)}").content == data


def test_blob_upload_status():
    repo, data = new_repo("status"), random_blob(20)
    r = call("PATCH", start_upload(repo), data=data, headers={**OCTET, "Content-Range": "0-19"})
    assert r.status_code == 202
    r = call("GET", location(r))
    assert r.status_code == 204
    assert r.headers["Range"] == "0-19"
    # The status answer's Location carries on the same session.
    r = call("PUT", with_digest(location(r), sha256(data)))
    assert r.status_code == 201, r.text


def test_blob_upload_cancel():
    url = start_upload(new_repo("cancel"))
    assert call("DELETE", url).status_code == 204
    assert_error(call("GET", url), 404, "BLOB_UPLOAD_UNKNOWN")


def test_blob_put_wrong_digest():
    repo, data = new_repo("bad-digest"), random_blob()
    r = call("PUT", with_digest(start_upload(repo), sha256(b"something else")), data=data, headers=OCTET)
    assert_error(r, 400, "DIGEST_INVALID")


# ---------------------------------------------------------------- blob pull

def test_blob_head_and_get():
    repo, data = new_repo("pull"), random_blob(100)
    digest = push_blob(repo, data)
    r = call("HEAD", f"/v2/{repo}/blobs/{digest}")
    assert r.status_code == 200
    assert int(r.headers["Content-Length"]) == len(data)
    assert r.headers["Docker-Content-Digest"] == digest
    r = call("GET", f"/v2/{repo}/blobs/{digest}")
    assert r.status_code == 200 and r.content == data


def test_blob_range_get():
    repo, data = new_repo("range"), random_blob(100)
    r = call("GET", f"/v2/{repo}/blobs/{push_blob(repo, data)}", headers={"Range": "bytes=2-5"})
    assert r.status_code == 206
    assert r.headers["Content-Range"] == f"bytes 2-5/{len(data)}"
    assert r.content == data[2:6]


def test_blob_unknown():
    repo = new_repo("no-blob")
    push_blob(repo, random_blob())  # the repository exists; only the blob is missing
    missing = sha256(random_blob())
    assert_error(call("GET", f"/v2/{repo}/blobs/{missing}"), 404, "BLOB_UNKNOWN")
    assert call("HEAD", f"/v2/{repo}/blobs/{missing}").status_code == 404


# ---------------------------------------------------------------- cross-repository mount

def test_blob_mount_from_other_repo():
    source, target, data = new_repo("mount-from"), new_repo("mount-to"), random_blob()
    digest = push_blob(source, data)
    r = call("POST", f"/v2/{target}/blobs/uploads/?mount={digest}&from={source}")
    assert r.status_code == 201, r.text
    assert r.headers["Docker-Content-Digest"] == digest
    assert "Location" in r.headers
    assert call("HEAD", f"/v2/{target}/blobs/{digest}").status_code == 200


def test_blob_mount_missing_opens_session():
    source, target = new_repo("mount-from"), new_repo("mount-to")
    push_blob(source, random_blob())
    r = call("POST", f"/v2/{target}/blobs/uploads/?mount={sha256(random_blob())}&from={source}")
    assert r.status_code == 202, r.text
    assert call("DELETE", location(r)).status_code == 204


# ---------------------------------------------------------------- manifests

def test_oci_manifest_push_and_pull():
    repo = new_repo("oci")
    body = oci_image(repo)
    r = put_manifest(repo, "v1", body, OCI_MANIFEST)
    assert call("GET", location(r), headers={"Accept": ACCEPT_MANIFESTS}).content == body
    assert_manifest_served(repo, "v1", body, OCI_MANIFEST)


def test_docker_schema2_manifest_push_and_pull():
    repo = new_repo("docker")
    config, layer = image_config(), random_blob()
    push_blob(repo, config)
    push_blob(repo, layer)
    body = encode({"schemaVersion": 2, "mediaType": DOCKER_MANIFEST,
                   "config": descriptor(DOCKER_CONFIG, config), "layers": [descriptor(DOCKER_LAYER, layer)]})
    put_manifest(repo, "v1", body, DOCKER_MANIFEST)
    assert_manifest_served(repo, "v1", body, DOCKER_MANIFEST)


def test_oci_index_push_and_pull():
    repo = new_repo("index")
    children = []
    for arch in ("amd64", "arm64"):
        child = oci_image(repo, arch)
        put_manifest(repo, sha256(child), child, OCI_MANIFEST)
        children.append(descriptor(OCI_MANIFEST, child, platform={"architecture": arch, "os": "linux"}))
    body = encode({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": children})
    put_manifest(repo, "multi", body, OCI_INDEX)
    assert_manifest_served(repo, "multi", body, OCI_INDEX)
    assert get_manifest(repo, children[1]["digest"]).status_code == 200


def test_manifest_with_missing_blob():
    repo = new_repo("missing-blob")
    config = image_config()
    push_blob(repo, config)
    body = encode({"schemaVersion": 2, "mediaType": OCI_MANIFEST, "config": descriptor(OCI_CONFIG, config),
                   "layers": [descriptor(OCI_LAYER, random_blob())]})
    r = call("PUT", f"/v2/{repo}/manifests/v1", data=body, headers={"Content-Type": OCI_MANIFEST})
    assert_error(r, 400, "MANIFEST_BLOB_UNKNOWN")


def test_manifest_invalid_json():
    repo = new_repo("bad-json")
    push_image(repo, "v1")
    r = call("PUT", f"/v2/{repo}/manifests/v2", data=b'{"schemaVersion": 2,', headers={"Content-Type": OCI_MANIFEST})
    assert_error(r, 400, "MANIFEST_INVALID")


def test_manifest_unknown_tag():
    repo = new_repo("no-tag")
    push_image(repo, "v1")
    assert_error(get_manifest(repo, "nope"), 404, "MANIFEST_UNKNOWN")
    assert get_manifest(repo, "nope", method="HEAD").status_code == 404


def test_manifest_unknown_repository():
    assert_error(get_manifest(new_repo("never-pushed"), "latest"), 404, "NAME_UNKNOWN", "MANIFEST_UNKNOWN")


def test_invalid_repository_name():
    name = f"{PREFIX}/UPPER-{uuid.uuid4().hex[:8]}"
    for r in (get_manifest(name, "latest"), call("POST", f"/v2/{name}/blobs/uploads/")):
        # The spec's 400 NAME_INVALID, or a 404 from a router that only matches
        # valid names (2.8, in plain text: a 4xx body may be in any format).
        assert r.status_code in (400, 404), f"{r.request.method} {r.status_code}"
        if r.status_code == 400:
            assert_error(r, 400, "NAME_INVALID")
        elif r.headers.get("Content-Type", "").startswith("application/json"):
            assert_error(r, 404, "NAME_INVALID", "NAME_UNKNOWN", "MANIFEST_UNKNOWN")


# ---------------------------------------------------------------- tags and catalog

# Lower case and digits only: byte-wise and case-insensitive orders agree,
# and the spec allows either.
TAGS = ["v10", "a1", "latest", "b2", "v2"]


def test_tags_list():
    repo = new_repo("tags")
    push_image(repo, *TAGS)
    assert sorted(tag_list(repo)) == sorted(TAGS)


@gap_on_distribution("tag list pagination (2.8 ignores n, answers every tag in directory order)")
def test_tags_list_pagination():
    repo = new_repo("tags-paged")
    push_image(repo, *TAGS)
    url, seen = f"{REGISTRY_URL}/v2/{repo}/tags/list?n=2", []
    for _ in range(len(TAGS) + 2):
        r = call("GET", url)
        assert r.status_code == 200
        page = r.json()["tags"]
        assert len(page) <= 2, f"asked for 2, got {page}"
        seen += page
        url = next_link(r)
        if url is None:
            break
        assert "last=" in url
    assert seen == sorted(TAGS)


@gap_on_distribution("n=0 on the tag list (2.8 ignores n)")
def test_tags_list_n_zero():
    repo = new_repo("tags-zero")
    push_image(repo, *TAGS)
    r = call("GET", f"/v2/{repo}/tags/list?n=0")
    assert r.status_code == 200
    assert not r.json()["tags"]
    assert "next" not in r.links


def test_catalog_lists_new_repositories():
    repos = {new_repo("catalog"), new_repo("catalog")}
    for repo in repos:
        push_image(repo, "v1")
    # 2.8 answers 400 PAGINATION_NUMBER_INVALID above n=1000, so take modest
    # pages and follow Link.
    url, found = f"{REGISTRY_URL}/v2/_catalog?n=100", set()
    for _ in range(1000):
        r = call("GET", url)
        assert r.status_code == 200, r.text
        found.update(r.json()["repositories"])
        url = next_link(r)
        if url is None or repos <= found:
            break
    assert repos <= found


# ---------------------------------------------------------------- referrers

ARTIFACT_TYPE = "application/vnd.example.sbom.v1"


def push_referrer(repo, subject_body):
    """An artifact manifest whose `subject` is the given manifest, pushed by digest."""
    empty = b"{}"
    push_blob(repo, empty)
    body = encode({"schemaVersion": 2, "mediaType": OCI_MANIFEST, "artifactType": ARTIFACT_TYPE,
                   "config": descriptor(OCI_EMPTY, empty), "layers": [descriptor(OCI_EMPTY, empty)],
                   "subject": descriptor(OCI_MANIFEST, subject_body),
                   "annotations": {"org.example.kind": "sbom"}})
    r = put_manifest(repo, sha256(body), body, OCI_MANIFEST)
    # Without OCI-Subject a client must maintain the fallback tag itself; the
    # spec allows that, so only berth-registry is held to sending it.
    if FLAVOR == "berth":
        assert r.headers.get("OCI-Subject") == sha256(subject_body)
    return body


def referrers(repo, digest, query=""):
    r = call("GET", f"/v2/{repo}/referrers/{digest}{query}")
    assert r.status_code == 200, f"{r.status_code} {r.text[:200]}"
    assert r.headers["Content-Type"] == OCI_INDEX
    index = r.json()
    assert index["schemaVersion"] == 2 and index["mediaType"] == OCI_INDEX
    return r, index["manifests"]


@gap_on_distribution("the referrers API (2.8: plain-text 404)")
def test_referrers_list():
    repo = new_repo("referrers")
    subject = push_image(repo, "v1")
    referrer = push_referrer(repo, subject)
    _, manifests = referrers(repo, sha256(subject))
    assert [m["digest"] for m in manifests] == [sha256(referrer)]
    entry = manifests[0]
    assert entry["mediaType"] == OCI_MANIFEST and entry["size"] == len(referrer)
    assert entry["artifactType"] == ARTIFACT_TYPE
    assert entry["annotations"] == {"org.example.kind": "sbom"}


@gap_on_distribution("the referrers API (2.8: plain-text 404)")
def test_referrers_filter_by_artifact_type():
    repo = new_repo("referrers-filter")
    subject = push_image(repo, "v1")
    referrer = push_referrer(repo, subject)
    r, manifests = referrers(repo, sha256(subject), "?artifactType=application/vnd.example.other")
    assert manifests == []
    assert r.headers.get("OCI-Filters-Applied") == "artifactType"
    r, manifests = referrers(repo, sha256(subject), f"?artifactType={ARTIFACT_TYPE}")
    assert [m["digest"] for m in manifests] == [sha256(referrer)]
    assert r.headers.get("OCI-Filters-Applied") == "artifactType"


@gap_on_distribution("the referrers API (2.8: plain-text 404)")
def test_referrers_of_unknown_digest():
    repo = new_repo("referrers-none")
    push_image(repo, "v1")
    _, manifests = referrers(repo, sha256(random_blob()))
    assert manifests == []


# ---------------------------------------------------------------- deletes

def test_delete_manifest_by_digest():
    repo = new_repo("delete-manifest")
    digest = sha256(push_image(repo, "v1"))
    assert call("DELETE", f"/v2/{repo}/manifests/{digest}").status_code == 202
    assert_error(get_manifest(repo, digest), 404, "MANIFEST_UNKNOWN")
    assert_error(get_manifest(repo, "v1"), 404, "MANIFEST_UNKNOWN")
    assert "v1" not in tag_list(repo)


@gap_on_distribution("DELETE by tag (2.8: 400 DIGEST_INVALID)")
def test_delete_manifest_by_tag():
    repo = new_repo("delete-tag")
    push_image(repo, "v1", "keep")
    r = call("DELETE", f"/v2/{repo}/manifests/v1")
    assert r.status_code == 202, f"{r.status_code} {r.text[:200]}"
    assert_error(get_manifest(repo, "v1"), 404, "MANIFEST_UNKNOWN")
    # Only the tag goes: the manifest and its other tags stay.
    assert get_manifest(repo, "keep").status_code == 200
    assert sorted(tag_list(repo)) == ["keep"]


def test_delete_blob():
    repo = new_repo("delete-blob")
    digest = push_blob(repo, random_blob())
    assert call("DELETE", f"/v2/{repo}/blobs/{digest}").status_code == 202
    assert call("HEAD", f"/v2/{repo}/blobs/{digest}").status_code == 404
