#!/usr/bin/env bash
# A short fuzz run for `make test`: every target for 10 seconds, as TAP.
set -u
cd "$(dirname "$0")/.."
if ! make -s fuzz-build >/dev/null 2>&1; then
	echo "not ok 1 - fuzz targets do not build (clang with libFuzzer needed)"
	exit 1
fi
exec fuzz/run.sh "${FUZZ_SMOKE_SECONDS:-10}" tap
