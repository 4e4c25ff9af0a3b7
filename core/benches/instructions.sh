#!/usr/bin/env bash
# Instructions per run of each pipeline stage, counted by callgrind: repeatable on a busy
# machine, unlike wall-clock time. Prints one line per stage.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet --release -p libinvoice-core --example stages
runs=200
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/stages "$1" "$2" 2>&1 \
        | sed -n 's/.*refs: *//p' | tr -d ,
}
for stage in map-encode-20 map-20 encode-20 oracle-20 parse-40 map-encode-40 parse-map-encode-40; do
    base=$(count "$stage" 0)
    total=$(count "$stage" "$runs")
    printf '%-20s %9d instructions per run\n' "$stage" $(( (total - base) / runs ))
done
