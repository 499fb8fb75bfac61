# CLI tests of sprints that count what happened: the carry-over planned
# first, sprint add over capacity, work accepted after its sprint closed,
# the release forecast drawn to its end; and stability with no
# configuration. Sourced by tests/cli.sh; dates come from PRIO_TODAY.

SP="$TMP/sp"
"$PRIO" init "$SP" >/dev/null
sp() { "$PRIO" -C "$SP" "$@"; }
sp_rows() { sqlite3 "$SP/backlog.db" "SELECT * FROM sprints; SELECT * FROM sprint_items; SELECT id, status, done_on, accepted_on FROM items" | md5sum; }
# spadd KEY VALUE STATUS ESTIMATE: WSJF = value, so the rank follows it.
spadd() {
	sp add "$1" key=$1 business_value=$2 time_criticality=0 \
		risk_reduction=0 job_size=1 status=$3 estimate=$4 >/dev/null
}
export PRIO_TODAY=2026-09-01
spadd A 90 ready 3
spadd B 80 ready 5
spadd C 70 ready 2
spadd D 60 ready 1
spadd X 50 ready 4

test_case "sprint plan: the carry-over first, in rank order, then the ranking"
sp sprint new S1 --start 2026-09-01 --end 2026-09-10 --capacity 10 >/dev/null
run sp sprint plan
expect_status 0; expect_out "planned 3 items, 10 points"	# A, B, C
sp set A status=done >/dev/null; sp accept A >/dev/null
sp set B status=in-progress >/dev/null
export PRIO_TODAY=2026-09-10
run sp sprint close
expect_out "3 points done, 3 accepted; 2 unfinished items back"
# E now ranks first; the carry-over (B 5, C 2) still goes in before it,
# B before C (their rank order), B although it is in progress. Then E
# (6) does not fit the 1 point left; D (1) does.
export PRIO_TODAY=2026-09-11
spadd E 99 ready 6
sp sprint new S2 --start 2026-09-11 --end 2026-09-20 --capacity 8 >/dev/null
before=$(sp_rows)
run sp sprint plan --dry-run
expect_status 0
expect_line 2 "would add 2 "; expect_line 2 "rank 3"; expect_line 2 "(carry-over from S1)"
expect_line 3 "would add 3 "; expect_line 3 "(carry-over from S1)"
expect_line 4 "skip 6 "; expect_line 4 "does not fit (1 left)"
expect_line 5 "would add 4 "; expect_no_out "would add 6"
expect_out "would plan 3 items, 8 points; 0 left"
[ "$(sp_rows)" = "$before" ] && ok || bad "a dry run changed the sprint"
run sp sprint plan
expect_status 0; expect_out "planned 3 items, 8 points; 0 left"
run sp sprint show --format json
expect_status 0
case "$(printf '%s' "$out" | tr -d ' \n')" in
*'"id":2,'*'"id":3,'*'"id":4,'*) ok ;; *) bad "S2 is not B, C, D" ;;
esac

test_case "sprint plan: a carry-over item done since is not carried"
export PRIO_TODAY=2026-09-20
sp set C status=done >/dev/null
run sp sprint close
expect_out "2 points done, 0 accepted; 2 unfinished items back"	# B, D
export PRIO_TODAY=2026-09-21
sp sprint new S3 --start 2026-09-21 --end 2026-09-30 --capacity 20 >/dev/null
sp set B status=done >/dev/null
run sp sprint plan --dry-run
expect_line 2 "would add 4 "; expect_line 2 "(carry-over from S2)"
expect_line 3 "would add 6 "; expect_no_out "would add 2 "
sp set B status=in-progress >/dev/null

test_case "sprint add: over capacity is refused without --force"
sp sprint plan >/dev/null		# B (5), D (1), E (6), X (4): 16 of 20
sp add F key=F business_value=1 time_criticality=0 risk_reduction=0 \
	job_size=1 status=ready estimate=13 >/dev/null
before=$(sp_rows)
run sp sprint add F
expect_status 1
expect_err "item 7 (13 points) would put 29 points in sprint S3, over its capacity of 20: --force adds it anyway"
[ "$(sp_rows)" = "$before" ] && ok || bad "a refused add changed the sprint"
run sp log F
expect_no_out "sprint.plan"
run sp sprint add F --force
expect_status 0; expect_out "added 7 to sprint S3: 29 points in, over its capacity of 20"
run sp sprint rm F; expect_status 0
spadd G 1 ready 4
run sp sprint add G			# 16 + 4 = 20: just fits
expect_status 0; expect_out "added 8 to sprint S3"
run sp sprint rm B --force
expect_status 2; expect_err "--force goes with sprint add"
run sp sprint plan --force
expect_status 2; expect_err "--force goes with sprint add"

test_case "work accepted after its sprint closed counts in that sprint"
# S3 holds B 5, D 1, E 6, X 4, G 4. E, X, G are done at the close, only
# G accepted: 14 done, 4 accepted. Velocities: S1 3, S2 0, S3 4.
export PRIO_TODAY=2026-09-30
for k in E X G; do sp set $k status=done >/dev/null; done
sp accept G >/dev/null
run sp sprint close
expect_out "14 points done, 4 accepted; 2 unfinished items back"
run sp velocity --format json
json_sp() { printf '%s' "$out" | python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }
[ "$(json_sp '[s["accepted"] for s in j["sprints"]]')" = "[3, 0, 4]" ] && ok || bad "velocity before: $(json_sp 'j')"
# E accepted the day after: S3's velocity is 10, everywhere.
export PRIO_TODAY=2026-10-01
run sp accept E; expect_status 0
run sp velocity --format json
[ "$(json_sp '[s["accepted"] for s in j["sprints"]]')" = "[3, 0, 10]" ] && ok || bad "velocity after: $(json_sp 'j')"
[ "$(json_sp 'round(j["average"] * 3, 6)')" = "13.0" ] && ok || bad "average: $(json_sp 'j["average"]')"
run sp velocity
expect_out "S3"; expect_out "10"
run sp sprint show S3 --format json
[ "$(json_sp '(j["done"], j["accepted"])')" = "(14, 10)" ] && ok || bad "sprint show S3: $(json_sp 'j')"
[ "$(json_sp '[i["outcome"] for i in j["items"] if i["key"] == "E"]')" = "['accepted']" ] && ok || bad "E's outcome"
run sp burndown --release --format json
[ "$(json_sp 'round(j["forecast"]["average"] * 3, 6)')" = "13.0" ] && ok || bad "release forecast: $(json_sp 'j["forecast"]')"
run sp export --to html
expect_out "S3: 20 committed, 10 accepted"
# Through set too (any way the status changes), and back again.
sp set X status=accepted >/dev/null
run sp velocity --format json
[ "$(json_sp '[s["accepted"] for s in j["sprints"]]')" = "[3, 0, 14]" ] && ok || bad "accepted by set: $(json_sp 'j')"
sp set X status=done >/dev/null
run sp velocity --format json
[ "$(json_sp '[s["accepted"] for s in j["sprints"]]')" = "[3, 0, 10]" ] && ok || bad "back to done: $(json_sp 'j')"

test_case "accepted after its sprint, but planned again: the later sprint counts it"
# X, done in S3, goes into S4 and is accepted there: it counts in S4
# only, once.
sp sprint new S4 --start 2026-10-01 --end 2026-10-10 --capacity 20 >/dev/null
sp sprint add X >/dev/null
sp accept X >/dev/null
run sp velocity --format json
[ "$(json_sp '[s["accepted"] for s in j["sprints"]]')" = "[3, 0, 10]" ] && ok || bad "S3 counts X: $(json_sp 'j')"
export PRIO_TODAY=2026-10-10
run sp sprint close
expect_out "4 points done, 4 accepted"
run sp velocity --format json
[ "$(json_sp '[s["accepted"] for s in j["sprints"]]')" = "[3, 0, 10, 4]" ] && ok || bad "S4: $(json_sp 'j')"
