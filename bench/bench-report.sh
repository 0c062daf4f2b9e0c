#!/usr/bin/env bash
# Runs the whole bench three times (--json) and prints, per mechanism, the
# three medians and how far apart they are (max/min of the three), which
# says how much a single run's figures can be trusted on this machine.
#   bench/bench-report.sh [ROUNDS]      (default: bench's own default)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
VDSOTOOL=$PWD/$BUILD/vdsotool
[ -x "$VDSOTOOL" ] || make -s "$BUILD/vdsotool"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=(--json)
[ $# -gt 0 ] && args+=(-n "$1")
for i in 1 2 3; do
	# A failed mechanism makes bench exit 1; the report still shows it.
	"$VDSOTOOL" bench "${args[@]}" >"$tmp/run$i.json" || true
done
python3 - "$tmp"/run1.json "$tmp"/run2.json "$tmp"/run3.json <<'PY'
import json, sys
runs = [json.load(open(p)) for p in sys.argv[1:]]
m = runs[0]["machine"]
print(f"cpu {m['cpu_model']}, kernel {m['kernel']}, clocksource {m['clocksource']}, "
      f"meltdown: {m['mitigations'].get('meltdown', 'unknown')}")
print(f"median ns per call of 3 runs x {runs[0]['rounds']} rounds; "
      "between = max/min of the three medians")
print(f"{'mechanism':<15} {'run 1':>10} {'run 2':>10} {'run 3':>10} {'between':>8}")
for i, e in enumerate(runs[0]["mechanisms"]):
    meds = [r["mechanisms"][i]["median_ns"] for r in runs]
    if any(x is None for x in meds):
        why = next(r["mechanisms"][i] for r in runs if r["mechanisms"][i]["median_ns"] is None)
        print(f"{e['name']:<15} {why['status']}: {why['reason']}")
        continue
    cells = " ".join(f"{x:10.1f}" for x in meds)
    print(f"{e['name']:<15} {cells} {max(meds) / min(meds):7.2f}x")
PY
