#!/usr/bin/env bats
# vdsotool bench: structure and sanity of the figures, never speed limits
# (the only comparisons are orderings that hold on any x86_64 machine).

load ../lib/common

MECHS="vdso libc vsyscall syscall-getpid syscall-clock int80 seccomp-allow seccomp-trap sud
ptrace-seccomp ptrace-syscall seccomp-notify run"

setup_file() {
	# One full run shared by the structure tests.
	"$VDSOTOOL" bench -n 8 --json >"$BATS_FILE_TMPDIR/all.json" 2>"$BATS_FILE_TMPDIR/all.err"
	echo $? >"$BATS_FILE_TMPDIR/all.rc"
}

json_check() {
	python3 - "$BATS_FILE_TMPDIR/all.json" "$@"
}

@test "bench --json exits 0, says nothing on stderr when stderr is not a terminal" {
	[ "$(cat "$BATS_FILE_TMPDIR/all.rc")" -eq 0 ]
	[ ! -s "$BATS_FILE_TMPDIR/all.err" ]
}

@test "bench --json matches the documented schema" {
	json_check <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "vdsotool-bench/1"
assert d["unit"] == "ns_per_call" and d["spread"] == "p90-p10" and d["rounds"] == 8
m = d["machine"]
for k in ("cpu_model", "kernel", "clocksource", "vsyscall"):
    assert isinstance(m[k], str) and m[k], k
assert isinstance(m["cpu"], int)
assert isinstance(m["mitigations"], dict)
assert m["vsyscall"] in ("native", "emulate", "xonly", "none")
assert d["warmup"] == 3 and d["noise_threshold"] == 0.25
keys = {"name", "calls", "status", "reason", "detail", "median_ns", "min_ns", "spread_ns",
        "ratio", "rounds", "warmup", "batch", "noisy", "ref_2007_ns", "raw_ns"}
for e in d["mechanisms"]:
    assert set(e) == keys, (e["name"], set(e) ^ keys)
    assert e["status"] in ("ok", "unsupported", "failed")
    if e["status"] == "ok":
        assert e["reason"] is None
        assert 0 < e["min_ns"] <= e["median_ns"], e
        assert e["spread_ns"] >= 0 and e["ratio"] > 0
        assert e["rounds"] == 8 and e["batch"] >= 1 and e["warmup"] == 3
        assert len(e["raw_ns"]) == 8 and all(x > 0 for x in e["raw_ns"]), e
        # The statistics are those of the raw rounds.
        raw = sorted(e["raw_ns"])
        assert abs(raw[0] - e["min_ns"]) <= 0.002, e
        assert abs((raw[3] + raw[4]) / 2 - e["median_ns"]) <= 0.002, e
        assert e["noisy"] == (e["spread_ns"] > 0.25 * e["median_ns"]), e
    else:
        assert isinstance(e["reason"], str) and e["reason"], e
        assert e["median_ns"] is None and e["ratio"] is None
        assert e["raw_ns"] == [] and e["noisy"] is False
    assert isinstance(e["calls"], str) and "(" in e["calls"], e
PY
}

@test "bench: every mechanism is measured or unsupported with a reason, in table order" {
	json_check $MECHS <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
names = [e["name"] for e in d["mechanisms"]]
assert names == sys.argv[2:], names
for e in d["mechanisms"]:
    assert e["status"] != "failed", e
PY
}

@test "bench: the mitigations include meltdown when the kernel reports it" {
	[ -r /sys/devices/system/cpu/vulnerabilities/meltdown ] || skip "no vulnerabilities files"
	want=$(cat /sys/devices/system/cpu/vulnerabilities/meltdown)
	json_check "$want" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["machine"]["mitigations"]["meltdown"] == sys.argv[2]
PY
}

@test "bench: int80 is measured, or unsupported because of IA32 emulation" {
	json_check <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = [e for e in d["mechanisms"] if e["name"] == "int80"][0]
assert e["status"] == "ok" or "IA32" in e["reason"], e
PY
}

@test "bench: the vsyscall mode matches /proc/self/maps" {
	line=$(grep '\[vsyscall\]' /proc/self/maps || true)
	case "$line" in
	"") want=none ;;
	*" --xp "*) want=xonly ;;
	*) want=emulate ;;
	esac
	json_check "$want" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = [e for e in d["mechanisms"] if e["name"] == "vsyscall"][0]
assert d["machine"]["vsyscall"] == sys.argv[2]
assert (e["status"] == "unsupported") == (sys.argv[2] == "none"), e
PY
}

@test "bench: the table shows every mechanism, a bar and the 2007 figures" {
	run "$VDSOTOOL" bench -n 3
	[ "$status" -eq 0 ]
	for m in $MECHS; do
		echo "$output" | grep -Eq "^$m +([0-9]|unsupported: .)"
	done
	[[ "$output" == *"spread = p90 - p10"* ]]
	[[ "$output" == *"2007: 0.88 µs (vsyscall page)"* ]] || [[ "$output" == *"vsyscall        unsupported"* ]]
	[[ "$output" == *"2007: 1.24 µs (sysenter)"* ]]
	[[ "$output" == *"2007: 1.67 µs (int 0x80)"* ]] || [[ "$output" == *"int80           unsupported"* ]]
	echo "$output" | grep -q '^vdso .*#'
}

@test "bench: the vDSO call is cheaper than the clock_gettime syscall" {
	run "$VDSOTOOL" bench -n 30 --json vdso syscall-clock
	[ "$status" -eq 0 ]
	python3 -c '
import json, sys
m = {e["name"]: e for e in json.loads(sys.argv[1])["mechanisms"]}
assert m["vdso"]["median_ns"] < m["syscall-clock"]["median_ns"], m
' "$output"
}

@test "bench: PTRACE_SYSCALL stops cost more than an allowing seccomp filter" {
	run "$VDSOTOOL" bench -n 30 --json seccomp-allow ptrace-syscall
	[ "$status" -eq 0 ]
	python3 -c '
import json, sys
m = {e["name"]: e for e in json.loads(sys.argv[1])["mechanisms"]}
assert m["ptrace-syscall"]["median_ns"] > m["seccomp-allow"]["median_ns"], m
' "$output"
}

@test "bench: the vdso figure agrees within 2x with an independent loop" {
	# Up to three tries, the loop measured right before and after the bench:
	# a scheduling burst on a busy machine can spoil one try, but a bench
	# that measured the wrong thing (per batch, per round) fails all three.
	for try in 1 2 3; do
		before=$("$HELPERS/clockloop" 50000 21)
		run "$VDSOTOOL" bench -n 50 --json vdso
		[ "$status" -eq 0 ]
		after=$("$HELPERS/clockloop" 50000 21)
		if python3 -c '
import json, sys
b = json.loads(sys.argv[1])["mechanisms"][0]["median_ns"]
c = min(float(sys.argv[2]), float(sys.argv[3]))
sys.exit(0 if c / 2 <= b <= c * 2 else 1)
' "$output" "$before" "$after"; then
			return 0
		fi
		echo "try $try: bench $(grep -o '"median_ns":[0-9.]*' <<<"$output" | head -1), loop $before/$after" >&2
	done
	return 1
}

@test "bench: a subset gives only those rows, ratio still against the vDSO" {
	run "$VDSOTOOL" bench -n 5 --json syscall-getpid libc
	[ "$status" -eq 0 ]
	python3 -c '
import json, sys
m = json.loads(sys.argv[1])["mechanisms"]
assert [e["name"] for e in m] == ["libc", "syscall-getpid"], m
assert all(e["ratio"] and e["ratio"] > 0 for e in m), m
' "$output"
}

@test "bench run: the clock under vdsotool run is measured" {
	run "$VDSOTOOL" bench -n 5 --json run
	[ "$status" -eq 0 ]
	python3 -c '
import json, sys
e = json.loads(sys.argv[1])["mechanisms"][0]
assert e["name"] == "run" and e["status"] == "ok", e
' "$output"
	[ -z "$(leftovers)" ]
}

@test "bench: each row says what it calls, in its own unit; noisy rows are warned about" {
	run "$VDSOTOOL" bench -n 5 --csv - vdso syscall-getpid ptrace-syscall
	[ "$status" -eq 0 ]
	python3 - "$output" <<'PY'
import csv, re, sys
text, _, data = sys.argv[1].partition("name,status,")
rows = list(csv.DictReader(["name,status," + data.splitlines()[0]] + data.splitlines()[1:]))
assert [r["name"] for r in rows] == ["vdso", "syscall-getpid", "ptrace-syscall"], rows
lines = text.splitlines()
for r in rows:
    line = [l for l in lines if l.startswith(r["name"] + " ")][0]
    assert line.endswith(r["calls"]) or r["calls"] + " [" in line or r["calls"] + ";" in line, line
    # The unit fits the median: 1 to 999.9 of it.
    m = re.match(r"^\S+ +([0-9.]+) (ns|µs|ms) ", line)
    assert m, line
    scale = {"ns": 1, "µs": 1e3, "ms": 1e6}[m.group(2)]
    assert 1 <= float(r["median_ns"]) / scale < 1000, (line, r["median_ns"])
    assert abs(float(m.group(1)) * scale - float(r["median_ns"])) <= scale / 10, (line, r)
    warned = any(l.startswith(f"warning: {r['name']}: spread ") for l in lines)
    assert warned == (r["noisy"] == "yes"), (r, warned)
    assert (r["noisy"] == "yes") == (float(r["spread_ns"]) > 0.25 * float(r["median_ns"])), r
assert "clock_gettime(CLOCK_MONOTONIC) through the vDSO" in rows[0]["calls"]
assert re.search(r"^vdso +[0-9.]+ ns ", text, re.M), text
assert re.search(r"^ptrace-syscall +[0-9.]+ µs ", text, re.M), text
PY
}

@test "bench --warmup N runs N untimed rounds first, and says so" {
	run "$VDSOTOOL" bench -n 2 --warmup 0 --json vdso run
	[ "$status" -eq 0 ]
	python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["warmup"] == 0, d["warmup"]
assert [e["warmup"] for e in d["mechanisms"]] == [0, 0], d["mechanisms"]
' "$output"
	# 2000 rounds of about 1.5 ms each take seconds that no warm-up does not.
	t0=$(date +%s.%N)
	"$VDSOTOOL" bench -n 1 --warmup 0 vdso >/dev/null
	t1=$(date +%s.%N)
	"$VDSOTOOL" bench -n 1 --warmup 2000 --json vdso >"$(scratch)/w.json"
	t2=$(date +%s.%N)
	python3 -c '
import json, sys
t0, t1, t2 = map(float, sys.argv[1:4])
assert (t2 - t1) - (t1 - t0) >= 1.5, (t1 - t0, t2 - t1)
assert json.load(open(sys.argv[4]))["mechanisms"][0]["warmup"] == 2000
' "$t0" "$t1" "$t2" "$(scratch)/w.json"
	run "$VDSOTOOL" bench --internal-loop vdso 1000 2 5
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "bench --internal-loop prints one ns/call figure per round" {
	run "$VDSOTOOL" bench --internal-loop vdso 1000 3
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	for l in "${lines[@]}"; do [[ "$l" =~ ^[0-9]+\.[0-9]+$ ]]; done
}

@test "bench --csv writes a parseable file with every row and the machine facts" {
	f="$(scratch)/out.csv"
	run "$VDSOTOOL" bench -n 3 --csv "$f" vdso int80 seccomp-allow
	[ "$status" -eq 0 ]
	python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert [r["name"] for r in rows] == ["vdso", "int80", "seccomp-allow"], rows
for r in rows:
    assert r["status"] in ("ok", "unsupported"), r
    assert r["kernel"] and r["clocksource"] and r["cpu_model"], r
    if r["status"] == "ok":
        assert float(r["min_ns"]) <= float(r["median_ns"]) and float(r["ratio"]) > 0
    else:
        assert r["reason"], r
assert "meltdown=" in rows[0]["mitigations"] or not rows[0]["mitigations"]
' "$f"
	[ -z "$(ls "$(scratch)" | grep -v '^out.csv$')" ]
}

@test "bench --csv to a bad path fails and leaves no file" {
	d="$(scratch)/nodir"
	run "$VDSOTOOL" bench -n 3 --csv "$d/out.csv" vdso
	[ "$status" -eq 1 ]
	[[ "$output" == *"vdsotool: bench: cannot write $d/out.csv"* ]]
	[ ! -e "$d" ]
	ro="$(scratch)/ro"
	mkdir "$ro" && chmod 555 "$ro"
	if [ "$(id -u)" -ne 0 ]; then
		run "$VDSOTOOL" bench -n 3 --csv "$ro/out.csv" vdso
		[ "$status" -eq 1 ]
	fi
	[ -z "$(ls -A "$ro")" ]
}

@test "bench --csv - writes the CSV on standard output" {
	run "$VDSOTOOL" bench -n 3 --csv - vdso
	[ "$status" -eq 0 ]
	grep -q '^name,status,reason,' <<<"$output"
	grep -q '^vdso,ok,' <<<"$output"
	[ ! -e ./- ] && [ ! -e "$(scratch)/-" ]
}

@test "bench --csv into a character device or a FIFO writes into it; a symbolic link is followed" {
	d=$(scratch)
	if [ "$(id -u)" -eq 0 ]; then
		mknod -m 0666 "$d/null" c 1 3
		run "$VDSOTOOL" bench -n 3 --csv "$d/null" vdso
		[ "$status" -eq 0 ]
		[ "$(stat -c '%F %t:%T' "$d/null")" = "character special file 1:3" ]
	fi
	mkfifo "$d/fifo"
	timeout 20 cat "$d/fifo" >"$d/from-fifo" &
	reader=$!
	run timeout 20 "$VDSOTOOL" bench -n 3 --csv "$d/fifo" vdso
	[ "$status" -eq 0 ]
	wait "$reader"
	[ -p "$d/fifo" ]
	grep -q '^vdso,ok,' "$d/from-fifo"
	: >"$d/real.csv"
	chmod 640 "$d/real.csv"
	ln -s real.csv "$d/link.csv"
	run "$VDSOTOOL" bench -n 3 --csv "$d/link.csv" vdso
	[ "$status" -eq 0 ]
	[ "$(readlink "$d/link.csv")" = real.csv ]
	grep -q '^vdso,ok,' "$d/real.csv"
	[ "$(stat -c %a "$d/real.csv")" = 640 ]
}

@test "bench: a bad output path fails at once, before measuring, and leaves nothing" {
	d=$(scratch)
	mkdir "$d/dir"
	for bad in "$d/missing/out.csv" "$d/dir"; do
		for opt in --csv --export-markdown --svg; do
			start=$SECONDS
			# 100000 rounds would measure for minutes.  The CSV is opened
			# first: a good one must be dropped when a later one is bad.
			good=(--csv "$d/good.csv")
			[ "$opt" != --csv ] || good=()
			run timeout 60 "$VDSOTOOL" bench -n 100000 "${good[@]}" "$opt" "$bad" vdso
			[ "$status" -eq 1 ]
			(( SECONDS - start < 5 ))
			[[ "$output" == "vdsotool: bench: cannot write $bad: "* ]]
		done
	done
	[ ! -e "$d/missing" ]
	[ -z "$(ls -A "$d/dir")" ]
	# The good CSV opened first was dropped too: no file, no temporary.
	[ -z "$(ls -A "$d" | grep -v '^dir$')" ]
}

@test "bench: killed while it measures, it leaves no temporary and no child behind" {
	d=$(scratch)
	"$VDSOTOOL" bench -n 100000 --csv "$d/out.csv" vdso &
	pid=$!
	for _ in $(seq 50); do ls -A "$d" | grep -q . && break; sleep 0.1; done
	[ -n "$(ls -A "$d")" ]
	sleep 0.5
	kill -TERM "$pid"
	wait "$pid" || true
	sleep 0.5
	[ -z "$(ls -A "$d")" ]
	# The measuring child (its own process group) dies with bench.
	! pgrep -f -- "--csv $d/out.csv" >/dev/null
}

@test "bench --svg draws one bar per measured mechanism on a log scale, with the 2007 marks" {
	d=$(scratch)
	run "$VDSOTOOL" bench -n 3 --json --svg "$d/chart.svg"
	[ "$status" -eq 0 ]
	python3 - "$d/chart.svg" "$output" <<'PY'
import json, math, sys
import xml.etree.ElementTree as ET
SVG = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == SVG + "svg", root.tag
assert root.get("viewBox") and int(root.get("width")) > 0 and int(root.get("height")) > 0
d = json.loads(sys.argv[2])
ok = {e["name"]: e for e in d["mechanisms"] if e["status"] == "ok"}
assert len(ok) >= 10, ok.keys()
bars = [r for r in root.iter(SVG + "rect") if r.get("class") == "bar"]
names = [b.get("data-mechanism") for b in bars]
assert sorted(names) == sorted(ok) and len(set(names)) == len(names), names
for b in bars:
    assert abs(float(b.get("data-ns")) - ok[b.get("data-mechanism")]["median_ns"]) < 0.002
# Log scale: every bar starts at 1 ns, and its length over log10(median)
# is one number, the pixels per decade.
x0 = {float(b.get("x")) for b in bars}
assert len(x0) == 1, x0
x0 = x0.pop()
per_decade = [float(b.get("width")) / math.log10(ok[b.get("data-mechanism")]["median_ns"])
              for b in bars]
scale = sorted(per_decade)[len(per_decade) // 2]
assert max(per_decade) / min(per_decade) < 1.01, per_decade
# One 2007 mark per mechanism that has a figure, where the scale puts it.
want = {e["name"]: e["ref_2007_ns"] for e in d["mechanisms"] if e["ref_2007_ns"]}
assert set(want) == {"vsyscall", "syscall-getpid", "int80"}, want
marks = [l for l in root.iter(SVG + "line") if l.get("class") == "ref2007"]
assert sorted(m.get("data-mechanism") for m in marks) == sorted(want), marks
for m in marks:
    x = float(m.get("x1")) - x0
    assert abs(x - scale * math.log10(want[m.get("data-mechanism")])) < 1, (m.attrib, scale)
PY
}

@test "bench --export-markdown writes a Markdown table, one row per mechanism" {
	d=$(scratch)
	run "$VDSOTOOL" bench -n 3 --export-markdown "$d/t.md" vdso syscall-getpid int80
	[ "$status" -eq 0 ]
	python3 - "$d/t.md" <<'PY'
import re, sys
rows = [l for l in open(sys.argv[1], encoding="utf-8") if l.startswith("|")]
cells = [[c.strip() for c in re.split(r"(?<!\\)\|", l.strip())[1:-1]] for l in rows]
assert cells[0][:3] == ["Mechanism", "Calls", "Median"], cells[0]
assert all(re.match(r"^:?-+:?$", c) for c in cells[1]), cells[1]
assert all(len(c) == len(cells[0]) == 8 for c in cells), cells
body = {c[0]: c for c in cells[2:]}
assert list(body) == ["`vdso`", "`syscall-getpid`", "`int80`"], body.keys()
assert body["`vdso`"][1] == "clock_gettime(CLOCK_MONOTONIC) through the vDSO, called directly"
for name, c in body.items():
    assert re.match(r"^[0-9.]+ (ns|µs|ms)$", c[2]) or c[2].startswith("unsupported: "), c
assert body["`syscall-getpid`"][6] == "1.24 µs (sysenter)"
assert body["`int80`"][6] == "1.67 µs (int 0x80)"
PY
	run "$VDSOTOOL" bench -n 3 --export-markdown - vdso
	[ "$status" -eq 0 ]
	grep -q '^| `vdso` | clock_gettime' <<<"$output"
}

@test "bench: usage errors exit 2" {
	run "$VDSOTOOL" bench frobnicate
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown mechanism 'frobnicate'"* ]]
	run "$VDSOTOOL" bench -n 0 vdso
	[ "$status" -eq 2 ]
	[[ "$output" == *"-n: '0'"* ]]
	run "$VDSOTOOL" bench -n abc vdso
	[ "$status" -eq 2 ]
	run "$VDSOTOOL" bench -n 5x vdso
	[ "$status" -eq 2 ]
	run "$VDSOTOOL" bench -n -3 vdso
	[ "$status" -eq 2 ]
	run "$VDSOTOOL" bench -n
	[ "$status" -eq 2 ]
	run "$VDSOTOOL" bench --frob
	[ "$status" -eq 2 ]
	[[ "$output" == *"Try 'vdsotool bench --help'"* ]]
	run "$VDSOTOOL" bench --csv
	[ "$status" -eq 2 ]
	for w in -1 x 1.5 100001; do
		run "$VDSOTOOL" bench --warmup "$w" vdso
		[ "$status" -eq 2 ]
		[[ "$output" == *"--warmup: '$w' is not a count from 0 to 100000"* ]]
	done
	run "$VDSOTOOL" bench --warmup
	[ "$status" -eq 2 ]
}

@test "bench --help lists every mechanism and exits 0" {
	run "$VDSOTOOL" bench --help
	[ "$status" -eq 0 ]
	for m in $MECHS; do
		[[ "$output" == *"  $m "* ]]
	done
	[[ "$output" == *"  vdso            clock_gettime(CLOCK_MONOTONIC) through the vDSO, called directly"* ]]
	[[ "$output" == *"--warmup N"* ]]
}

@test "bench: a child over the time limit is killed and reported failed, exit 1" {
	start=$SECONDS
	VDSOTOOL_BENCH_TIMEOUT_MS=150 run "$VDSOTOOL" bench -n 100000 --json vdso ptrace-syscall seccomp-notify run
	[ "$status" -eq 1 ]
	(( SECONDS - start < 10 ))
	python3 -c '
import json, sys
for e in json.loads(sys.argv[1])["mechanisms"]:
    assert e["status"] == "failed" and "timed out" in e["reason"], e
' "$output"
	sleep 0.2
	[ -z "$(leftovers)" ]
}
