# CLI tests of sprints that count what happened: the carry-over planned
# first, sprint add over capacity, work accepted after its sprint closed,
# the release forecast drawn to its end; defaults that work the first
# time: stability with no configuration, a Lua method's reference_date =
# today. Sourced by tests/cli.sh; dates come from PRIO_TODAY.

SP="$TMP/sp"
"$PRIO" init "$SP" >/dev/null
sp() { "$PRIO" -C "$SP" "$@"; }
sp_rows() { store_sql "$SP" "SELECT * FROM sprints; SELECT * FROM sprint_items; SELECT id, status, done_on, accepted_on FROM items" | md5sum; }
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
# E now ranks first (A, accepted, no longer ranks); the carry-over (B 5, C 2) still goes in before it,
# B before C (their rank order), B although it is in progress. Then E
# (6) does not fit the 1 point left; D (1) does.
export PRIO_TODAY=2026-09-11
spadd E 99 ready 6
sp sprint new S2 --start 2026-09-11 --end 2026-09-20 --capacity 8 >/dev/null
before=$(sp_rows)
run sp sprint plan --dry-run
expect_status 0
expect_line 2 "would add 2 "; expect_line 2 "rank 2"; expect_line 2 "(carry-over from S1)"
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

test_case "release burndown: the whole forecast range, however many sprints"
# Velocities 4 and 12 (window 2): 8 +- 4. 120 points left: optimistic
# 10 sprints, expected 15, pessimistic 30, 14-day sprints from 01-29.
RB="$TMP/rb"
"$PRIO" init "$RB" >/dev/null
rb() { "$PRIO" -C "$RB" "$@"; }
printf '\n[sprint]\nvelocity_window = 2\n' >> "$RB/prio.ini"
export PRIO_TODAY=2027-01-01
rb add K1 estimate=4 status=ready >/dev/null
rb add K2 estimate=12 status=ready >/dev/null
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do rb add "R$i" estimate=10 >/dev/null; done
rb sprint new S1 --start 2027-01-01 --end 2027-01-14 --capacity 4 >/dev/null
rb sprint add 1 >/dev/null; rb set 1 status=done >/dev/null; rb accept 1 >/dev/null
export PRIO_TODAY=2027-01-14; rb sprint close >/dev/null
export PRIO_TODAY=2027-01-15
rb sprint new S2 --start 2027-01-15 --end 2027-01-28 --capacity 12 >/dev/null
rb sprint add 2 >/dev/null; rb set 2 status=done >/dev/null; rb accept 2 >/dev/null
export PRIO_TODAY=2027-01-28; rb sprint close >/dev/null
export PRIO_TODAY=2027-01-29
run rb burndown --release --ascii
expect_status 0
expect_out "expected    (8.0/sprint): 15 sprints"
expect_out "pessimistic (4.0/sprint): 30 sprints: sprint 30 of the forecast, 2028-03-10 .. 2028-03-23"
# 30 sprints in at most 24 rows: every second one, the last one too.
expect_out "one row per few sprints"
expect_out "+2           2027-02-25  "; expect_out "+14          2027-08-12  "
expect_out "+30          2028-03-23  |                                         0.0 (0.0 .. 0.0)"
expect_no_out "+31"; expect_no_out "+3 "
# +16: expected at 0 (8 x 16 > 120), optimistic at 0, pessimistic 56 left.
expect_out "+16          2027-09-09  |----------------                         0.0 (0.0 .. 56.0)"
# The HTML chart: each line ends on its own sprint, the pessimistic one
# on "+30", the last tick, inside the plot.
run rb export --to html
expect_status 0
res=$(printf '%s' "$out" | python3 -c '
import re, sys
h = sys.stdin.read()
end = {c: float(re.search(r"<g class=\"%s\">.*?x1=\"([0-9.]+)\" x2=\"([0-9.]+)\"" % c, h, re.S).group(2)) for c in ("fc-opt", "fc-exp", "fc-pes")}
x0 = float(re.search(r"<g class=\"fc-exp\">.*?x1=\"([0-9.]+)\"", h, re.S).group(1))
ticks = {int(m.group(2)): float(m.group(1)) for m in re.finditer(r"<text class=\"tick\" x=\"([0-9.]+)\"[^>]*>\+([0-9]+)<", h)}
unit = (end["fc-pes"] - end["fc-exp"]) / 15
ok = (max(ticks) == 30 and abs(ticks[30] - end["fc-pes"]) < 0.2 and end["fc-pes"] <= 540
      and x0 < end["fc-opt"] < end["fc-exp"] < end["fc-pes"]
      and abs(end["fc-exp"] - end["fc-opt"] - 5 * unit) < 0.2)
print("ok" if ok else "bad %r %r %r" % (x0, end, ticks))
' 2>&1)
[ "$res" = ok ] && ok || bad "the HTML forecast: $res"
unset PRIO_TODAY

test_case "lua: reference_date = today, fixed by PRIO_TODAY"
# age.lua scores item.age_days, with today's day number as the class.
mkdir -p "$TMP/lt/scoring"
cp "$ROOT/tests/data/lua/age.lua" "$TMP/lt/scoring/"
printf '[method.age]\nplugin = lua\nscript = scoring/age.lua\nreference_date = today\n' > "$TMP/lt/age.ini"
"$PRIO" init "$TMP/lt/ws" >/dev/null
PRIO_TODAY=2026-09-01 "$PRIO" -C "$TMP/lt/ws" add "Old" >/dev/null
PRIO_TODAY=2026-09-11 run "$PRIO" -C "$TMP/lt/ws" -c "$TMP/lt/age.ini" rank --method age --format csv
expect_status 0; expect_line 2 "1,10,20707,"		# 2026-09-11: day 20707
# A day later: a new score, not yesterday's ranking from the cache.
PRIO_TODAY=2026-09-12 run "$PRIO" -C "$TMP/lt/ws" -c "$TMP/lt/age.ini" rank --method age --format csv
expect_status 0; expect_line 2 "1,11,20708,"
PRIO_TODAY=2026-13-01 run "$PRIO" -C "$TMP/lt/ws" -c "$TMP/lt/age.ini" rank --method age
expect_status 1; expect_err "age.ini:4: [method.age] reference_date = 'today': PRIO_TODAY='2026-13-01' is not a date as YYYY-MM-DD"
printf '[method.age]\nplugin = lua\nscript = scoring/age.lua\nreference_date = tomorrow\n' > "$TMP/lt/bad.ini"
run "$PRIO" -C "$TMP/lt/ws" -c "$TMP/lt/bad.ini" rank --method age
expect_status 1; expect_err "bad.ini:4: [method.age] reference_date = 'tomorrow': expected a date as YYYY-MM-DD, or today"
# Without PRIO_TODAY, the clock's day (UTC).
run "$PRIO" -C "$TMP/lt/ws" -c "$TMP/lt/age.ini" rank --method age --format csv
expect_status 0; expect_line 2 ",$(( $(date -u +%s) / 86400 )),"

test_case "stability with no configuration: a step on each input, said"
new_ws std
run "$PRIO" -C "$TMP/std" stability --runs 200 --top 3 --seed 7
expect_status 0
expect_line 1 "200 runs, seed 7, spreads (none set in [stability]: 1 step on each number the method reads): business_value 1 step, time_criticality 1 step, risk_reduction 1 step, job_size 1 step"
expect_line 4 "SHOP-3     1-2"
# The same as setting those spreads by hand.
defaults=$out
printf '[stability]\nspread.business_value = 1 step\nspread.time_criticality = 1 step\nspread.risk_reduction = 1 step\nspread.job_size = 1 step\n' > "$TMP/std.ini"
run "$PRIO" -C "$TMP/std" -c "$TMP/std.ini" stability --runs 200 --top 3 --seed 7
[ "$(printf '%s' "$out" | tail -n +2)" = "$(printf '%s' "$defaults" | tail -n +2)" ] && ok || bad "the defaults differ from the same spreads set by hand"
# Another method: its own inputs.
run "$PRIO" -C "$TMP/std" stability --method rice --runs 50
expect_status 0; expect_line 1 "reach 1 step, impact 1 step, confidence 1 step, effort 1 step"
# One spread set: only that one.
printf '[stability]\nspread.job_size = 2 steps\n' > "$TMP/std.ini"
run "$PRIO" -C "$TMP/std" -c "$TMP/std.ini" stability --runs 50
expect_status 0; expect_line 1 "50 runs, seed 1, spreads: job_size 2 steps"

test_case "stability: memory does not grow with --runs"
# 200 items: every run's rank of every item took 4 bytes, 6 MB more for
# 8,000 runs than for 100; a histogram per shown item takes the same.
if [ -x /usr/bin/time ]; then
	"$PRIO" init "$TMP/stm" >/dev/null
	"$B/bench/gen" 200 > "$TMP/stm.csv"
	"$PRIO" -C "$TMP/stm" import "$TMP/stm.csv" >/dev/null
	printf '[stability]\nspread.job_size = 1 step\n' >> "$TMP/stm/prio.ini"
	rss() {
		ASAN_OPTIONS="quarantine_size_mb=0:${ASAN_OPTIONS:-}" /usr/bin/time \
			-f %M -o "$TMP/stm.rss" "$PRIO" -C "$TMP/stm" stability \
			--runs "$1" --limit 0 >/dev/null && cat "$TMP/stm.rss"
	}
	few=$(rss 100) many=$(rss 8000)
	[ -n "$few" ] && [ -n "$many" ] && [ "$((many - few))" -lt 2048 ] &&
		ok || bad "peak RSS $few KB for 100 runs, $many KB for 8000"
fi
