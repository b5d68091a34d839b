#!/usr/bin/env python3
"""Writes a `docker save`-style image archive (manifest.json, config, one
layer.tar per layer) from layers described on the command line, for tests and
benchmarks that need images without a registry or a builder.

  make-image-archive.py OUT.tar --tag NAME:TAG
      --layer-dir DIR        a layer holding DIR's tree (paths relative to DIR)
      --layer-tar FILE       a ready layer tar, used as is (crafted layers)
      --layer-random MB      a layer of one file of MB megabytes of random bytes
Layers stack in the order given. The config has one history entry per layer.
"""
import argparse, hashlib, io, json, os, tarfile, tempfile, time


def layer_from_dir(path, out):
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
        for entry in sorted(os.listdir(path)):
            tar.add(os.path.join(path, entry), arcname=entry)


def layer_random(mb, out, index):
    with open(out, "wb") as f:
        with tarfile.open(fileobj=f, mode="w", format=tarfile.PAX_FORMAT) as tar:
            info = tarfile.TarInfo(f"random/{index}.bin")
            info.size = mb << 20
            info.mode = 0o644
            info.mtime = int(time.time())
            tar.addfile(info, io.BufferedReader(RandomReader(info.size)))


class RandomReader(io.RawIOBase):
    def __init__(self, size):
        self.left = size

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.left)
        buffer[:n] = os.urandom(n)
        self.left -= n
        return n


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--tag", action="append", default=[])
    parser.add_argument("--layer-dir", action="append", default=[], dest="layers", type=lambda v: ("dir", v))
    parser.add_argument("--layer-tar", action="append", default=[], dest="layers", type=lambda v: ("tar", v))
    parser.add_argument("--layer-random", action="append", default=[], dest="layers", type=lambda v: ("random", int(v)))
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="make-image-archive-")
    try:
        layer_files = []
        for index, (kind, value) in enumerate(args.layers):
            path = os.path.join(work, f"layer{index}.tar")
            if kind == "dir":
                layer_from_dir(value, path)
            elif kind == "random":
                layer_random(value, path, index)
            else:
                path = value
            layer_files.append(path)
        diff_ids = ["sha256:" + sha256_file(p) for p in layer_files]
        created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        config = {
            "architecture": "amd64", "os": "linux", "created": created,
            "config": {"Cmd": ["sh"], "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
            "history": [{"created": created, "created_by": f"layer {i}"} for i in range(len(diff_ids))],
        }
        config_bytes = json.dumps(config, separators=(",", ":")).encode()
        config_hex = hashlib.sha256(config_bytes).hexdigest()
        with tarfile.open(args.out, "w", format=tarfile.PAX_FORMAT) as out:
            def add_bytes(name, data):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mode = 0o644
                out.addfile(info, io.BytesIO(data))
            add_bytes(f"{config_hex}.json", config_bytes)
            names = []
            for diff_id, path in zip(diff_ids, layer_files):
                name = f"{diff_id[7:]}/layer.tar"
                if name not in names:
                    out.add(path, arcname=name)
                names.append(name)
            manifest = [{"Config": f"{config_hex}.json", "RepoTags": args.tag or None, "Layers": names}]
            add_bytes("manifest.json", json.dumps(manifest).encode())
        print("sha256:" + config_hex)
    finally:
        for name in os.listdir(work):
            os.unlink(os.path.join(work, name))
        os.rmdir(work)


if __name__ == "__main__":
    main()
