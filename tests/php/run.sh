#!/usr/bin/env bash
# The PHP extension's tests: builds the extension (with the test hooks) and the sandbox, starts
# the sandbox on a free loopback port, and runs the PHPUnit suite with the extension loaded —
# under valgrind with `--valgrind` (PHP's own allocator off, so valgrind sees every block).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
cargo="${CARGO:-cargo}"
work="$(mktemp -d)"
sandbox_pid=""
cleanup() {
    if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

"$cargo" build --quiet -p libinvoice-php --features test-hooks
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
export SANDBOX_URL="$url"

phpunit=(/usr/bin/phpunit --configuration tests/php/phpunit.xml)
if [ "${1:-}" = "--valgrind" ]; then
    # PCRE's JIT scans strings 16 bytes at a time past their end, which valgrind reports; it
    # is off here so every report is about real memory use.
    USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1 \
        PHP_RUNNER="valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --num-callers=40 --suppressions=tests/php/valgrind.supp" \
        tests/php/php-with-extension "$target/libinvoice_php.so" -d pcre.jit=0 "${phpunit[@]}"
else
    tests/php/php-with-extension "$target/libinvoice_php.so" "${phpunit[@]}"
fi
