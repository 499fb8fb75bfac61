#!/usr/bin/env bash
# CLI tests: run prio in temporary workspaces and check what it prints,
# its exit status, and that a failed command leaves the backlog exactly
# as it was.
#
# Usage: tests/cli.sh [BUILD_DIR] [AREA...]
#
# Each area is tests/cli.d/AREA.sh (core, formats, workflow, ...), run in
# a shell of its own with the helpers of tests/lib.sh, JOBS at a time
# (default 2); with AREA names, only those. Each area says how many of
# its cases and checks passed; the last line counts the cases of all.
# KEEP_TMP=1 keeps each area's temporary folder.
set -u

B=$(cd "${1:-build}" && pwd) || exit 2
shift || true
ROOT=$(cd "$(dirname "$0")/.." && pwd)
jobs=${JOBS:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

areas=("$@")
if [ ${#areas[@]} -eq 0 ]; then
	for f in "$ROOT"/tests/cli.d/*.sh; do
		areas+=("$(basename "$f" .sh)")
	done
fi
for a in "${areas[@]}"; do
	[ -f "$ROOT/tests/cli.d/$a.sh" ] || {
		echo "tests/cli.sh: no area '$a' (tests/cli.d/$a.sh)" >&2
		exit 2
	}
done

run_area() {
	bash -c '. "$1/tests/lib.sh" "$2" && . "$1/tests/cli.d/$3.sh" &&
		lib_finish "$3" "$4"' _ "$ROOT" "$B" "$1" "$out/$1.counts" \
		>"$out/$1.log" 2>&1 </dev/null
}

for a in "${areas[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
	run_area "$a" &
done
wait

cases=0 failed_cases=0 checks=0 failed_checks=0 broken=
for a in "${areas[@]}"; do
	cat "$out/$a.log"
	if read -r _ c fc p f <"$out/$a.counts" 2>/dev/null; then
		cases=$((cases + c)) failed_cases=$((failed_cases + fc))
		checks=$((checks + p)) failed_checks=$((failed_checks + f))
	else
		broken="$broken $a"
		echo "$a: did not finish (see above)"
	fi
done
echo "checks: $checks passed, $failed_checks failed"
[ -z "$broken" ] || echo "areas that did not finish:$broken"
[ -z "$broken" ] || failed_cases=$((failed_cases + 1))
printf '%d passed, %d failed\n' "$((cases - failed_cases))" "$failed_cases"
[ "$failed_cases" -eq 0 ]
