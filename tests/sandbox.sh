# Sourced by the test runners and `make demo`: builds the sandbox and starts it on a free
# loopback port. Leaves the shell in the repository root and sets `cargo`, `work` (a scratch
# directory), `target` (cargo's debug directory) and `url` (the Agent endpoint); on exit the
# sandbox is stopped and `work` removed.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo="${CARGO:-cargo}"
work="$(mktemp -d)"
sandbox_pid=""
stop_sandbox() {
    if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap stop_sandbox EXIT

"$cargo" build --quiet -p libinvoice-sandbox --bin libinvoice-sandbox
target="$("$cargo" metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug"

"$target/libinvoice-sandbox" --listen 127.0.0.1:0 >"$work/sandbox.out" 2>"$work/sandbox.err" &
sandbox_pid=$!
url=""
for _ in $(seq 1 100); do
    url="$(sed -n 's/^listening on //p' "$work/sandbox.out")"
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { echo "the sandbox did not start"; cat "$work/sandbox.err"; exit 1; }
echo "sandbox: $url"
