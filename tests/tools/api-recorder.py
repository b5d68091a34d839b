#!/usr/bin/env python3
"""A recording proxy for the Engine API, for tests that compare what two
clients send: it listens on a unix socket, forwards every connection to the
daemon's socket, and keeps the bytes each client sent.

  api-recorder.py serve LISTEN_SOCK DAEMON_SOCK LOG_DIR
      runs until killed; each connection's client bytes go to LOG_DIR/NNNNNN.req
  api-recorder.py dump LOG_DIR [--since N]
      prints the requests recorded (connections numbered N and above), one per
      line as `METHOD TARGET`, followed by the body on its own line when there
      is one; a hijacked request (Upgrade) ends its connection's record, since
      what follows is the stream, not HTTP.
  api-recorder.py count LOG_DIR
      prints how many connections have been recorded so far.
"""
import os, socket, sys, threading


def pipe(source, sink, log):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            if log is not None:
                log.write(data)
                log.flush()
            sink.sendall(data)
    except OSError:
        pass
    finally:
        # Pass the half-close on: attach relies on it.
        try:
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def serve(listen, upstream, log_dir):
    os.makedirs(log_dir, exist_ok=True)
    if os.path.exists(listen):
        os.unlink(listen)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(listen)
    server.listen(64)
    number = 0
    while True:
        client, _ = server.accept()
        number += 1
        daemon = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            daemon.connect(upstream)
        except OSError:
            client.close()
            continue
        log = open(os.path.join(log_dir, "%06d.req" % number), "wb")
        up = threading.Thread(target=pipe, args=(client, daemon, log), daemon=True)
        down = threading.Thread(target=pipe, args=(daemon, client, None), daemon=True)
        up.start()
        down.start()


def parse_requests(data):
    """Yields (request line, body) for each HTTP request in a client's bytes."""
    while data:
        end = data.find(b"\r\n\r\n")
        if end < 0:
            return
        head = data[:end].decode("latin-1").split("\r\n")
        data = data[end + 4:]
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = b""
        if "chunked" in headers.get("transfer-encoding", "").lower():
            while True:
                line_end = data.find(b"\r\n")
                if line_end < 0:
                    break
                size = int(data[:line_end].split(b";")[0], 16)
                body += data[line_end + 2:line_end + 2 + size]
                data = data[line_end + 2 + size + 2:]
                if size == 0:
                    break
        else:
            length = int(headers.get("content-length", "0") or 0)
            body, data = data[:length], data[length:]
        yield head[0], body
        if headers.get("upgrade"):
            return


def dump(log_dir, since):
    for name in sorted(os.listdir(log_dir)):
        if not name.endswith(".req") or int(name[:-4]) < since:
            continue
        with open(os.path.join(log_dir, name), "rb") as f:
            data = f.read()
        for line, body in parse_requests(data):
            method, target = line.split(" ")[:2]
            if target == "/_ping":
                continue
            print(method, target)
            if body:
                text = body.decode("utf-8", "replace")
                print(text if text.endswith("\n") else text + "\n", end="")


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "serve":
        serve(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) >= 3 and sys.argv[1] == "dump":
        since = int(sys.argv[4]) if len(sys.argv) == 5 and sys.argv[3] == "--since" else 0
        dump(sys.argv[2], since)
    elif len(sys.argv) == 3 and sys.argv[1] == "count":
        print(len([n for n in os.listdir(sys.argv[2]) if n.endswith(".req")]))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
