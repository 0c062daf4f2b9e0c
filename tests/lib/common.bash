# Shared by the bats tests. VDSOTOOL and BUILD come from tests/run-all.sh;
# running a .bats file by hand from the project root works too.
: "${BUILD:=build}"
: "${VDSOTOOL:=$PWD/$BUILD/vdsotool}"
HELPERS="$BUILD/tests/helpers"
export VDSOTOOL BUILD HELPERS

# A scratch directory of the test's own, removed by bats.
scratch() {
	echo "$BATS_TEST_TMPDIR"
}
