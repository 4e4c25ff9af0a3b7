#!/usr/bin/env bash
# instructions.sh [libinvoice .so [step…]]: instructions per call of each step of the PHP
# benchmark (tests/php/bench-steps.php), counted by callgrind (200 calls minus none): repeatable on
# a busy machine, unlike wall-clock time. Defaults to the release build `make bench` uses and
# every step.
set -euo pipefail
cd "$(dirname "$0")/../.."
extension="${1:-target/release/libinvoice_php.so}"
shift || true
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(array-to-xml array-to-xml-held-settings map-array map-json-string to-xml php-json-encode)
runs=200
count() {
    PHP_RUNNER="valgrind --tool=callgrind --callgrind-out-file=/dev/null" \
        tests/php/php-with-extension "$extension" tests/php/bench-steps.php "$1" "$2" 2>&1 \
        | sed -n 's/.*refs: *//p' | tr -d ,
}
for step in "${steps[@]}"; do
    base=$(count "$step" 0)
    total=$(count "$step" "$runs")
    printf '%-27s %9d instructions per call\n' "$step" $(( (total - base) / runs ))
done
