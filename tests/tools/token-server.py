#!/usr/bin/env python3
"""A registry token server for tests: docker-registry's `auth: token` asks
clients to fetch a Bearer token here. GET /token?service=&scope=... with
Basic credentials USER:PASSWORD gets an RS256 JWT granting every scope
asked for; so does POST /token with the form grant_type=refresh_token and
refresh_token=REFRESH (an identity token, as Docker clients send after an
OAuth login); anything else gets 401. Writes the signing certificate (the
registry's rootcertbundle) to CERT and prints "listening on HOST:PORT".

  token-server.py --addr 127.0.0.1:0 --cert root.pem --issuer ISS --service SVC --user alice:secret [--refresh-token T]
"""
import argparse, base64, datetime, http.server, json, os, time, urllib.parse
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_key_and_cert(path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "berth-test-token")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    with open(path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--addr", default="127.0.0.1:0")
    parser.add_argument("--cert", required=True)
    parser.add_argument("--issuer", required=True)
    parser.add_argument("--service", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--refresh-token", default=None)
    args = parser.parse_args()
    key, cert = make_key_and_cert(args.cert)
    x5c = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()
    expected = "Basic " + base64.b64encode(args.user.encode()).decode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            granted = (args.refresh_token is not None and form.get("grant_type") == ["refresh_token"]
                       and form.get("refresh_token") == [args.refresh_token])
            scopes = [s for value in form.get("scope", []) for s in value.split(" ")]
            self.answer(urllib.parse.urlparse(self.path).path == "/token" and granted, scopes,
                        form.get("service", [args.service])[0])

        def do_GET(self):
            url = urllib.parse.urlparse(self.path)
            query = urllib.parse.parse_qs(url.query)
            self.answer(url.path == "/token" and self.headers.get("Authorization") == expected,
                        [s for value in query.get("scope", []) for s in value.split(" ")], query.get("service", [args.service])[0])

        def answer(self, allowed, scopes, service):
            if not allowed:
                self.send_response(401)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}')
                return
            access = []
            for item in scopes:
                parts = item.split(":")
                if len(parts) >= 3:
                    access.append({"type": parts[0], "name": ":".join(parts[1:-1]), "actions": parts[-1].split(",")})
            now = int(time.time())
            header = {"typ": "JWT", "alg": "RS256", "x5c": [x5c]}
            claims = {"iss": args.issuer, "sub": args.user.split(":")[0], "aud": service,
                      "exp": now + 300, "nbf": now - 10, "iat": now, "jti": b64url(os.urandom(12)), "access": access}
            signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
            signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
            body = json.dumps({"token": signing_input + "." + b64url(signature), "expires_in": 300}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    host, port = args.addr.rsplit(":", 1)
    server = http.server.ThreadingHTTPServer((host, int(port)), Handler)
    print("listening on %s:%d" % server.server_address[:2], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
