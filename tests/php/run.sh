#!/usr/bin/env bash
# The PHP extension's tests: builds the extension (with the test hooks) and the sandbox, starts
# the sandbox on a free loopback port, and runs the PHPUnit suite with the extension loaded —
# under valgrind with `--valgrind` (PHP's own allocator off, so valgrind sees every block).
set -euo pipefail
# shellcheck source=../sandbox.sh
source "$(dirname "$0")/../sandbox.sh"
features=(--features test-hooks)
if [ "${1:-}" = "--valgrind" ]; then
    # The system allocator, which valgrind replaces and watches (mimalloc's blocks it cannot see).
    features+=(--no-default-features)
fi
"$cargo" build --quiet -p libinvoice-php "${features[@]}"
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
