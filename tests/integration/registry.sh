# Registries for the client tests: Debian's docker-registry (the reference
# distribution server) and berth-registry, each on its own free loopback
# port with its own root under $TEST_TMP. Source after lib.sh.

BERTH_REGISTRY=${BERTH_REGISTRY:-$REPO_ROOT/.build/release/berth-registry}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

_port_answers() { curl -s -o /dev/null "http://$1:$2/v2/"; }

# start_distribution NAME [HTPASSWD]: docker-registry on a free port of
# REGISTRY_HOST (127.0.0.1 by default); sets <NAME>_PORT and <NAME>_PID.
# With HTPASSWD, logins are required.
start_distribution() {
    local name=$1 htpasswd=${2:-} dir=$TEST_TMP/registry-$1 host=${REGISTRY_HOST:-127.0.0.1} port
    port=$(free_port)
    mkdir -p "$dir"
    {
        echo "version: 0.1"
        echo "log: {level: warn}"
        echo "storage: {filesystem: {rootdirectory: $dir/root}, delete: {enabled: true}}"
        echo "http: {addr: \"$host:$port\"}"
        [ -n "$htpasswd" ] && echo "auth: {htpasswd: {realm: berth-test, path: $htpasswd}}"
    } > "$dir/config.yml"
    docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
    printf -v "${name}_PID" '%s' "$!"
    printf -v "${name}_PORT" '%s' "$port"
    wait_until 10 _port_answers "$host" "$port" || { cat "$dir/log" >&2; return 1; }
}

# start_berth_registry NAME [extra serve flags]: berth-registry on a free port.
start_berth_registry() {
    local name=$1 dir=$TEST_TMP/registry-$1 port; shift
    port=$(free_port)
    mkdir -p "$dir"
    "$BERTH_REGISTRY" serve --root "$dir/root" --addr "127.0.0.1:$port" "$@" >"$dir/log" 2>&1 &
    printf -v "${name}_PID" '%s' "$!"
    printf -v "${name}_PORT" '%s' "$port"
    wait_until 10 grep -q '^listening on' "$dir/log" || { cat "$dir/log" >&2; return 1; }
}

stop_registry() { [ -n "${1:-}" ] && { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }; return 0; }

# make_tls_cert DIR KEY: a self-signed certificate for 127.0.0.1 as DIR/ca.crt
# (the layout skopeo's --cert-dir reads; a key there would be taken for a
# client key) and its key as KEY.
make_tls_cert() {
    mkdir -p "$1"
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
        -keyout "$2" -out "$1/ca.crt" >/dev/null 2>&1
}

# seed_image ARCHIVE REF: puts a docker-archive into a registry with skopeo,
# independently of Berth.
seed_image() {
    skopeo --insecure-policy copy -q --dest-tls-verify=false "docker-archive:$1" "docker://$2"
}

# start_token_distribution NAME USER:PASSWORD: docker-registry whose clients
# must fetch Bearer tokens from tests/tools/token-server.py (which checks
# USER:PASSWORD, or the identity token berth-test-refresh); sets <NAME>_PORT, <NAME>_PID and <NAME>_TOKEN_PID.
start_token_distribution() {
    local name=$1 user=$2 dir=$TEST_TMP/registry-$1 port token_port
    port=$(free_port)
    mkdir -p "$dir"
    python3 "$REPO_ROOT/tests/tools/token-server.py" --addr 127.0.0.1:0 --cert "$dir/root.pem" --issuer berth-test-issuer \
        --service berth-test-registry --user "$user" --refresh-token berth-test-refresh >"$dir/token.log" 2>&1 &
    printf -v "${name}_TOKEN_PID" '%s' "$!"
    wait_until 10 grep -q '^listening on' "$dir/token.log" || { cat "$dir/token.log" >&2; return 1; }
    token_port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$dir/token.log")
    cat > "$dir/config.yml" <<YAML
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $dir/root}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port}
auth: {token: {realm: "http://127.0.0.1:$token_port/token", service: berth-test-registry, issuer: berth-test-issuer, rootcertbundle: $dir/root.pem}}
YAML
    docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
    printf -v "${name}_PID" '%s' "$!"
    printf -v "${name}_PORT" '%s' "$port"
    wait_until 10 _port_answers 127.0.0.1 "$port" || { cat "$dir/log" >&2; return 1; }
}
