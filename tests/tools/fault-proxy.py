#!/usr/bin/env python3
"""An HTTP/1.1 reverse proxy that injects faults, for tests of registry
clients: it listens on 127.0.0.1, forwards each request to an upstream
registry (one upstream connection per request, `Connection: close`), and
spoils the responses that rules pick.

  fault-proxy.py --upstream HOST:PORT [--port N] [--log FILE] [--rule RULE]...

Prints `listening on 127.0.0.1:PORT` once it accepts connections (--port 0,
the default, picks a free port). Exits on SIGTERM or SIGINT.

The log gets one line per request, written when the request ends:
  METHOD TARGET range=RANGE|- status=CODE sent=BODY-BYTES result=RESULT [rule=N]
RESULT is ok, dropped (drop-after), stalled (stall), client-gone (the client
closed first), upstream-error, or bad-request (not HTTP, e.g. a TLS hello).

A rule is `METHOD PATH-REGEX ACTION...`: METHOD is a regex matched against
the whole method (`GET`, `GET|HEAD`, `.*`), PATH-REGEX is searched in the
request target. A request takes the first rule that matches and has uses
left. Actions (several may be combined):
  drop-after=N    close the connection after N bytes of the response body
  corrupt-byte=K  flip every bit of the body byte at offset K
  status=CODE     answer CODE with a registry error body, without upstream
  rate=BPS        send the body at BPS bytes per second
  stall=SECONDS   send the headers, then nothing for SECONDS, then close
  times=N         the rule applies to its first N matching requests only
"""
import argparse, asyncio, json, re, signal, sys, time

READ_SIZE = 64 * 1024
HEADER_TIMEOUT = 300      # an idle keep-alive connection is closed after this
UPSTREAM_TIMEOUT = 60     # no byte from upstream for this long: give up
REASONS = {200: "OK", 206: "Partial Content", 400: "Bad Request", 404: "Not Found", 429: "Too Many Requests",
           500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}


class Rule:
    KEYS = {"drop-after", "corrupt-byte", "status", "rate", "stall", "times"}

    def __init__(self, index, text):
        parts = text.split()
        if len(parts) < 3:
            raise ValueError(f"rule {text!r}: expected METHOD PATH-REGEX ACTION...")
        self.index = index
        self.text = text
        self.method = re.compile(parts[0])
        self.path = re.compile(parts[1])
        values = {}
        for part in parts[2:]:
            key, sep, value = part.partition("=")
            if not sep or key not in self.KEYS:
                raise ValueError(f"rule {text!r}: unknown action {part!r}")
            values[key] = float(value) if key == "stall" else int(value)
        self.drop_after = values.get("drop-after")
        self.corrupt_byte = values.get("corrupt-byte")
        self.status = values.get("status")
        self.rate = values.get("rate")
        self.stall = values.get("stall")
        self.left = values.get("times")   # None: unlimited
        if self.rate is not None and self.rate <= 0:
            raise ValueError(f"rule {text!r}: rate must be positive")

    def take(self, method, target):
        if self.left is not None and self.left <= 0:
            return False
        if not self.method.fullmatch(method) or not self.path.search(target):
            return False
        if self.left is not None:
            self.left -= 1
        return True


class Exchange:
    """What the log says about one request."""

    def __init__(self):
        self.status = 0
        self.sent = 0
        self.result = "ok"


class UpstreamError(OSError):
    pass


class Closed(Exception):
    """The response ended the connection (a fault, or EOF framing)."""

    def __init__(self, result):
        super().__init__(result)
        self.result = result


class Request:
    def __init__(self, method, target, version, headers):
        self.method, self.target, self.version, self.headers = method, target, version, headers

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None


def parse_headers(lines):
    headers = []
    for line in lines:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"bad header line {line!r}")
        headers.append((name.strip(), value.strip()))
    return headers


async def read_head(reader, timeout):
    """Status or request line plus headers, as text lines; None at a clean EOF."""
    try:
        data = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
    except asyncio.IncompleteReadError as error:
        if not error.partial:
            return None
        raise ValueError("connection closed inside the headers")
    return data.decode("latin-1").split("\r\n")


async def relay_chunked_raw(reader, writer):
    """Copies a chunked request body as is (framing included)."""
    while True:
        line = await reader.readuntil(b"\r\n")
        writer.write(line)
        size = int(line.split(b";")[0].strip(), 16)
        if size == 0:
            while True:   # trailers, up to the empty line
                trailer = await reader.readuntil(b"\r\n")
                writer.write(trailer)
                if trailer == b"\r\n":
                    await writer.drain()
                    return
        left = size + 2
        while left > 0:
            data = await reader.read(min(left, READ_SIZE))
            if not data:
                raise asyncio.IncompleteReadError(b"", left)
            writer.write(data)
            left -= len(data)
        await writer.drain()


async def upstream_body(reader, headers, method, status):
    """Yields the decoded payload of an upstream response."""
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return
    encoding = next((v for k, v in headers if k.lower() == "transfer-encoding"), "")
    length = next((v for k, v in headers if k.lower() == "content-length"), None)
    if "chunked" in encoding.lower():
        while True:
            line = await asyncio.wait_for(reader.readuntil(b"\r\n"), UPSTREAM_TIMEOUT)
            size = int(line.split(b";")[0].strip(), 16)
            if size == 0:
                while (await asyncio.wait_for(reader.readuntil(b"\r\n"), UPSTREAM_TIMEOUT)) != b"\r\n":
                    pass
                return
            left = size
            while left > 0:
                data = await asyncio.wait_for(reader.read(min(left, READ_SIZE)), UPSTREAM_TIMEOUT)
                if not data:
                    raise asyncio.IncompleteReadError(b"", left)
                left -= len(data)
                yield data
            await asyncio.wait_for(reader.readexactly(2), UPSTREAM_TIMEOUT)
    elif length is not None:
        left = int(length)
        while left > 0:
            data = await asyncio.wait_for(reader.read(min(left, READ_SIZE)), UPSTREAM_TIMEOUT)
            if not data:
                raise asyncio.IncompleteReadError(b"", left)
            left -= len(data)
            yield data
    else:
        while True:
            data = await asyncio.wait_for(reader.read(READ_SIZE), UPSTREAM_TIMEOUT)
            if not data:
                return
            yield data


class BodySender:
    """Writes a response body to the client, applying a rule's body faults."""

    def __init__(self, writer, rule, chunked, exchange):
        self.writer = writer
        self.rule = rule
        self.chunked = chunked
        self.exchange = exchange
        self.sent = 0
        self.started = None

    async def _write(self, data):
        if self.chunked:
            self.writer.write(b"%x\r\n" % len(data) + data + b"\r\n")
        else:
            self.writer.write(data)
        await self.writer.drain()
        self.sent += len(data)
        self.exchange.sent = self.sent

    async def send(self, data):
        rule = self.rule
        if rule is not None and rule.corrupt_byte is not None and self.sent <= rule.corrupt_byte < self.sent + len(data):
            data = bytearray(data)
            data[rule.corrupt_byte - self.sent] ^= 0xFF
            data = bytes(data)
        drop = False
        if rule is not None and rule.drop_after is not None and self.sent + len(data) >= rule.drop_after:
            data = data[:max(rule.drop_after - self.sent, 0)]
            drop = True
        if rule is not None and rule.rate is not None:
            if self.started is None:
                self.started = time.monotonic()
            piece = max(rule.rate // 20, 1024)
            for offset in range(0, len(data), piece):
                await self._write(data[offset:offset + piece])
                delay = self.started + self.sent / rule.rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
        elif data:
            await self._write(data)
        if drop:
            raise Closed("dropped")

    async def finish(self):
        if self.chunked:
            self.writer.write(b"0\r\n\r\n")
            await self.writer.drain()


class Proxy:
    def __init__(self, upstream_host, upstream_port, rules, log):
        self.upstream_host = upstream_host
        self.upstream_port = upstream_port
        self.rules = rules
        self.log = log
        self.tasks = set()

    def log_line(self, request, status, sent, result, rule):
        if request is None:
            line = f"- - range=- status={status} sent={sent} result={result}"
        else:
            line = (f"{request.method} {request.target} range={request.header('range') or '-'} "
                    f"status={status} sent={sent} result={result}")
        if rule is not None:
            line += f" rule={rule.index}"
        self.log.write(line + "\n")
        self.log.flush()

    async def serve_connection(self, reader, writer):
        task = asyncio.current_task()
        self.tasks.add(task)
        try:
            while await self.serve_request(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.TimeoutError, asyncio.LimitOverrunError, ValueError):
            pass
        finally:
            self.tasks.discard(task)
            writer.close()

    async def serve_request(self, reader, writer):
        """Serves one request; whether the connection can take another."""
        first = await reader.read(1)
        if not first:
            return False
        if not (b"A" <= first <= b"Z"):
            # Not HTTP (a TLS client hello, say): answer as Go's server does.
            writer.write(b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n")
            await writer.drain()
            self.log_line(None, 400, 0, "bad-request", None)
            return False
        lines = await read_head(reader, HEADER_TIMEOUT)
        if lines is None:
            return False
        lines[0] = first.decode("latin-1") + lines[0]
        parts = lines[0].split(" ")
        if len(parts) != 3:
            writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            await writer.drain()
            self.log_line(None, 400, 0, "bad-request", None)
            return False
        request = Request(parts[0], parts[1], parts[2], parse_headers(lines[1:]))
        rule = next((r for r in self.rules if r.take(request.method, request.target)), None)
        keep_alive = request.version == "HTTP/1.1" and (request.header("connection") or "").lower() != "close"
        exchange = Exchange()
        try:
            if rule is not None and rule.status is not None:
                exchange.status = rule.status
                await self.skip_request_body(reader, request)
                await self.answer_status(writer, request, rule.status)
                return keep_alive
            return await self.forward(reader, writer, request, rule, keep_alive, exchange)
        except Closed as closed:
            exchange.result = closed.result
            return False
        except UpstreamError:
            exchange.result = "upstream-error"
            return False
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.TimeoutError, OSError):
            exchange.result = "client-gone"
            return False
        except asyncio.CancelledError:
            exchange.result = "cancelled"
            raise
        finally:
            self.log_line(request, exchange.status, exchange.sent, exchange.result, rule)

    async def skip_request_body(self, reader, request):
        length = request.header("content-length")
        if length:
            await reader.readexactly(int(length))
        elif "chunked" in (request.header("transfer-encoding") or "").lower():
            class Sink:
                def write(self, _):
                    pass

                async def drain(self):
                    pass
            await relay_chunked_raw(reader, Sink())

    async def answer_status(self, writer, request, code):
        body = json.dumps({"errors": [{"code": "UNKNOWN", "message": f"injected HTTP {code}",
                                       "detail": "fault-proxy"}]}).encode()
        head = (f"HTTP/1.1 {code} {REASONS.get(code, 'Error')}\r\nContent-Type: application/json\r\n"
                f"Docker-Distribution-Api-Version: registry/2.0\r\nContent-Length: {len(body)}\r\n\r\n")
        writer.write(head.encode() + (b"" if request.method == "HEAD" else body))
        await writer.drain()

    async def forward(self, reader, writer, request, rule, keep_alive, exchange):
        """Sends the request upstream and its answer back; whether the client connection stays open."""
        try:
            up_reader, up_writer = await asyncio.wait_for(
                asyncio.open_connection(self.upstream_host, self.upstream_port), UPSTREAM_TIMEOUT)
        except (OSError, asyncio.TimeoutError) as error:
            raise UpstreamError(str(error))
        try:
            head = f"{request.method} {request.target} HTTP/1.1\r\n"
            for name, value in request.headers:
                if name.lower() in HOP_BY_HOP and name.lower() != "transfer-encoding":
                    continue
                head += f"{name}: {value}\r\n"
            head += "Connection: close\r\n\r\n"
            up_writer.write(head.encode("latin-1"))
            length = request.header("content-length")
            if length:
                left = int(length)
                while left > 0:
                    data = await reader.read(min(left, READ_SIZE))
                    if not data:
                        raise asyncio.IncompleteReadError(b"", left)
                    up_writer.write(data)
                    await up_writer.drain()
                    left -= len(data)
            elif "chunked" in (request.header("transfer-encoding") or "").lower():
                await relay_chunked_raw(reader, up_writer)
            await up_writer.drain()

            try:
                lines = await read_head(up_reader, UPSTREAM_TIMEOUT)
            except (ValueError, asyncio.TimeoutError, asyncio.LimitOverrunError, ConnectionError) as error:
                raise UpstreamError(str(error))
            if lines is None:
                raise UpstreamError("upstream closed without answering")
            _, _, rest = lines[0].partition(" ")
            code_text, _, reason = rest.partition(" ")
            if not code_text.isdigit():
                raise UpstreamError(f"bad status line {lines[0]!r}")
            status = int(code_text)
            exchange.status = status
            headers = parse_headers(lines[1:])
            has_body = not (request.method == "HEAD" or status in (204, 304) or 100 <= status < 200)
            framed_by_length = any(k.lower() == "content-length" for k, _ in headers)
            upstream_chunked = any(k.lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in headers)
            chunked = has_body and upstream_chunked
            if has_body and not chunked and not framed_by_length:
                keep_alive = False   # the body ends where the connection does
            out = f"HTTP/1.1 {status} {reason}\r\n"
            for name, value in headers:
                if name.lower() in HOP_BY_HOP:
                    continue
                out += f"{name}: {value}\r\n"
            if chunked:
                out += "Transfer-Encoding: chunked\r\n"
            if not keep_alive:
                out += "Connection: close\r\n"
            writer.write((out + "\r\n").encode("latin-1"))
            await writer.drain()

            sender = BodySender(writer, rule, chunked, exchange)
            if rule is not None and rule.stall is not None:
                await asyncio.sleep(rule.stall)
                raise Closed("stalled")
            if has_body:
                # An upstream failure closes the client connection too, so
                # that the client never takes a short body for a whole one.
                body = upstream_body(up_reader, headers, request.method, status)
                while True:
                    try:
                        data = await body.__anext__()
                    except StopAsyncIteration:
                        break
                    except (asyncio.IncompleteReadError, asyncio.TimeoutError, ConnectionError, ValueError) as error:
                        raise UpstreamError(str(error))
                    await sender.send(data)
                await sender.finish()
            return keep_alive
        finally:
            up_writer.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--upstream", required=True, help="HOST:PORT of the registry")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", help="request log (default: stderr)")
    parser.add_argument("--rule", action="append", default=[])
    args = parser.parse_args()
    host, _, port = args.upstream.rpartition(":")
    try:
        rules = [Rule(i + 1, text) for i, text in enumerate(args.rule)]
    except (ValueError, re.error) as error:
        parser.error(str(error))
    log = open(args.log, "a", buffering=1) if args.log else sys.stderr
    proxy = Proxy(host or "127.0.0.1", int(port), rules, log)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    server = await asyncio.start_server(proxy.serve_connection, "127.0.0.1", args.port, reuse_address=True)
    print(f"listening on 127.0.0.1:{server.sockets[0].getsockname()[1]}", flush=True)
    await stop.wait()
    server.close()
    for task in list(proxy.tasks):
        task.cancel()
    await asyncio.gather(*proxy.tasks, return_exceptions=True)
    await server.wait_closed()
    log.flush()


if __name__ == "__main__":
    asyncio.run(main())
