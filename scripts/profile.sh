#!/usr/bin/env bash
# Where `gen build` spends its time, by function (a benchmark aid, not a test).
#
#     scripts/profile.sh /tmp/c10k            # needs perf (Debian: linux-perf)
#     FLAME=1 scripts/profile.sh /tmp/c10k    # also a flame graph (cargo install inferno)
#
# Records the `profiling` build (release with line tables, unstripped) with perf (call graphs from DWARF, so no frame pointers are
# needed), prints the hottest functions by self time, and with FLAME=1 writes
# target/profile/flame.svg.
set -euo pipefail
site=${1:?usage: scripts/profile.sh SITE_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
gen=${GEN:-$here/target/profiling/gen}
out=$here/target/profile
mkdir -p "$out"
command -v perf >/dev/null || { echo "perf not found (apt-get install linux-perf)" >&2; exit 2; }
[ -x "$gen" ] || (cd "$here" && cargo build --profile profiling)
# One warm-up build: the page cache, not the disk, is what a rebuild reads.
"$gen" build --root "$site" --quiet
perf record -F 199 --call-graph dwarf,16384 -o "$out/perf.data" "$gen" build --root "$site" --timings 2>&1 | grep -v '^\[ perf'
echo
echo "Hottest functions (self time):"
# `head` closes the pipe early on purpose: not a failure.
perf report -i "$out/perf.data" --no-children --sort symbol --stdio 2>/dev/null \
    | grep -E '^ +[0-9]' | head -30 | cut -c1-120 || true
if [ "${FLAME:-0}" = 1 ]; then
    command -v inferno-collapse-perf >/dev/null || { echo "cargo install inferno" >&2; exit 2; }
    perf script -i "$out/perf.data" 2>/dev/null | inferno-collapse-perf | inferno-flamegraph > "$out/flame.svg"
    echo "flame graph: $out/flame.svg"
fi
