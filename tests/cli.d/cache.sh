# CLI tests of the ranking kept between commands: after each change,
# `list --limit N` (read from the kept ranking, with the change played
# into it when the method allows) says exactly what a whole ranking
# (`list`, computed afresh) says. Sourced by tests/cli.sh.

C="$TMP/cache"
new_ws cache
cc() { "$PRIO" -C "$C" "$@"; }
# same_as_whole METHOD: the kept ranking and a fresh one agree.
same_as_whole() {
	local kept whole
	kept=$(cc list --limit 100 ${1:+--method "$1"} 2>&1)
	whole=$(cc list ${1:+--method "$1"} 2>&1)
	[ "$kept" = "$whole" ] && ok || bad "after $step: the kept ranking differs:
$kept
--- a whole ranking:
$whole"
}

test_case "a change played into the kept ranking ranks as a whole ranking does"
cc list --limit 100 >/dev/null		# kept
for step in "set SHOP-3 business_value=1" "set SHOP-9 job_size=2" \
	"set SHOP-1 job_size=" "set SHOP-4 status=done" \
	"add Fresh business_value=30 time_criticality=1 risk_reduction=1 job_size=1" \
	"rm SHOP-5" "set SHOP-7 title=Renamed" "set SHOP-4 status=ready" \
	"set SHOP-2 business_value=13 time_criticality=8 risk_reduction=3 job_size=5" \
	"undo" "move SHOP-11 --top" "set SHOP-6 business_value=2" "pin SHOP-8 1" \
	"set SHOP-10 business_value=40" "unpin SHOP-8" "roadmap add Q --horizon 2027-Q1" \
	"set SHOP-12 initiative=Q" "criteria add SHOP-12 Works" "set type:bug +urgent estimate=2 --yes"; do
	# shellcheck disable=SC2086
	cc $step >/dev/null 2>&1 || bad "$step failed"
	same_as_whole
done

test_case "the kept ranking of a method that ranks the set as a whole"
for m in wsjf_safe weighted moscow_timebox rice cd3; do
	"$PRIO" -C "$C" -c "$ROOT/config/methods.ini" rank --limit 100 --method $m >/dev/null 2>&1
	cc set SHOP-3 business_value=8 >/dev/null
	kept=$("$PRIO" -C "$C" -c "$ROOT/config/methods.ini" rank --limit 100 --method $m 2>&1)
	whole=$("$PRIO" -C "$C" -c "$ROOT/config/methods.ini" rank --method $m 2>&1)
	case $kept in *RANK*) ok ;; *) bad "$m: no ranking: $kept" ;; esac
	[ "$kept" = "$whole" ] && ok || bad "$m: kept and whole rankings differ:
$kept
---
$whole"
	cc set SHOP-3 business_value=3 >/dev/null
done
