#!/usr/bin/env bash
# The C ABI's tests: builds libinvoice (with the test hooks) and the sandbox, starts the sandbox
# on a free loopback port, runs the C test linked against libinvoice.so and against libinvoice.a
# under valgrind, the Python ctypes test, and the installed-package example via pkg-config,
# then stops the sandbox.
set -euo pipefail
# shellcheck source=../sandbox.sh
source "$(dirname "$0")/../sandbox.sh"
"$cargo" build --quiet -p libinvoice-c-api --features test-hooks

# The shared library as it is installed: real name, soname link, development link.
mkdir -p "$work/lib"
cp "$target/libinvoice.so" "$work/lib/libinvoice.so.0.1.0"
ln -s libinvoice.so.0.1.0 "$work/lib/libinvoice.so.0"
ln -s libinvoice.so.0 "$work/lib/libinvoice.so"
soname="$(readelf -d "$work/lib/libinvoice.so.0.1.0" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
[ "$soname" = "libinvoice.so.0" ] || { echo "soname is '$soname', expected libinvoice.so.0"; exit 1; }

cflags=(-std=c11 -Wall -Wextra -Wpedantic -Werror -DLIBINVOICE_TEST_HOOKS -I c-api/include)
cc "${cflags[@]}" tests/c/test_api.c -L "$work/lib" -linvoice -o "$work/test_shared"
cc "${cflags[@]}" tests/c/test_api.c "$target/libinvoice.a" -lpthread -ldl -lm -o "$work/test_static"

# Each run starts from an empty sandbox (no invoices, no used receipt call ids).
reset_sandbox() {
    python3 -c 'import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1], method="DELETE"))' \
        "${url%/szamla/}/control/state"
}
# A successful PayBill test transaction of the sandbox's test store, for the C test to invoice.
paybill_transaction() {
    curl --silent --show-error --fail -X POST -H 'Content-Type: application/json' \
        --data '{"store": "sdk_test", "currency": "HUF", "successful": true}' \
        "${url%/szamla/}/control/paybill/transactions" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["transaction_id"])'
}
valgrind_run() {
    reset_sandbox
    PAYBILL_TRANSACTION="$(paybill_transaction)"
    export PAYBILL_TRANSACTION
    valgrind --quiet --leak-check=full --error-exitcode=1 --num-callers=40 --suppressions=tests/c/valgrind.supp "$@"
}
echo "== C test, shared library, under valgrind"
LD_LIBRARY_PATH="$work/lib" valgrind_run "$work/test_shared" "$url" "$root"
echo "== C test, static library, under valgrind"
valgrind_run "$work/test_static" "$url" "$root"

echo "== Python (ctypes)"
reset_sandbox
LIBINVOICE_PATH="$work/lib/libinvoice.so.0" SANDBOX_URL="$url" python3 tests/python/test_ctypes.py

echo "== make install and the C example through pkg-config"
prefix="$work/prefix"
make --no-print-directory install PREFIX="$prefix" PROFILE=dev >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
[ "$(pkg-config --modversion libinvoice)" = "0.1.0" ] || { echo "pkg-config version mismatch"; exit 1; }
# shellcheck disable=SC2046 # pkg-config prints several flags
cc -std=c11 -Wall -Wextra -Wpedantic -Werror examples/c/issue_invoice.c $(pkg-config --cflags --libs libinvoice) -o "$work/issue_invoice"
LD_LIBRARY_PATH="$prefix/lib" "$work/issue_invoice" "$url" examples/orders/woocommerce-basic.json examples/settings/demo-shop.json "$work/invoice.pdf"
head -c 4 "$work/invoice.pdf" | grep -q '%PDF' || { echo "the example wrote no PDF"; exit 1; }
echo "example: 1 passed, 0 failed"
