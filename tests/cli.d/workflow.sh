# CLI tests of the product workflow: acceptance criteria, accept/reject,
# sprints and the planner, velocity, burndown and the release forecast,
# vision and roadmap. Sourced by tests/cli.sh. Every date comes from
# PRIO_TODAY, so the history (done_on, accepted_on, created) is known.

W="$TMP/wf"
"$PRIO" init "$W" >/dev/null
wf() { "$PRIO" -C "$W" "$@"; }
day() { export PRIO_TODAY=$1; }
sprint_rows() { store_sql "$W" "SELECT * FROM sprints; SELECT * FROM sprint_items; SELECT id, status, done_on, accepted_on FROM items" | md5sum; }
json_check() { expect_json "$@"; }

# The hand-checked backlog. WSJF = (business_value + 0 + 0) / 1, so the
# rank is the business value's order: W-1 first ... W-8 last.
day 2026-07-01
wadd() { # KEY TITLE VALUE STATUS [ESTIMATE] [TYPE]
	wf add "$2" key=$1 business_value=$3 time_criticality=0 \
		risk_reduction=0 job_size=1 status=$4 ${5:+estimate=$5} \
		type=${6:-story} >/dev/null
}
wadd W-1 Login 90 ready 5
wadd W-2 Search 80 ready 8
wadd W-3 Cart 70 ready 3
wadd W-4 Wishlist 60 new 2		# not ready: never planned
wadd W-5 Reports 50 ready		# no estimate: never planned
wadd W-6 Export 40 ready 2
wadd W-7 Themes 30 ready 1
wadd W-8 "Crash on pay" 20 ready 3 bug	# a defect opened in S1

test_case "sprint new: failure paths change nothing"
before=$(snapshot "$W")
run wf sprint new S1 --start 2026-07-32 --end 2026-07-10 --capacity 12
expect_status 2; expect_err "--start '2026-07-32': expected a date"
run wf sprint new S1 --start 2026-07-10 --end 2026-07-01 --capacity 12
expect_status 2; expect_err "ends (2026-07-01) before it starts"
run wf sprint new S1 --start 2026-07-01 --end 2026-07-10
expect_status 1; expect_err "no closed sprint to take a velocity from: give --capacity"
run wf sprint plan
expect_status 1; expect_err "no open sprint"
run wf burndown --sprint nope
expect_status 1; expect_err "no sprint 'nope'"
PRIO_TODAY=someday run wf sprint show
expect_status 2; expect_err "PRIO_TODAY='someday'"
run wf velocity --format xml
expect_status 2; expect_err "--format xml: expected text or json"
run wf sprint new S1 --start 2026-07-01 --end 2026-07-10 --format json
expect_status 2; expect_err "--format goes with sprint show"
expect_unchanged "$W" "$before"

test_case "JSON and the HTML report before the first sprint"
run wf velocity --format json
expect_status 0
json_check 'j["average"] is None and j["spread"] is None' 'j["over"] == 0' \
	'j["window"] == 3' 'j["sprints"] == []'
run wf burndown --release --format json
expect_status 0
json_check 'j["sprints"] == []' 'j["now"] == {"date": "2026-07-01", "left": 24}' \
	'j["forecast"] is None'
run wf export --to html
expect_status 0; expect_no_out 'class="workflow"'; expect_no_out "Burndown"

test_case "sprint new and the planner's choices"
run wf sprint new S1 --start 2026-07-01 --end 2026-07-10 --capacity 12
expect_status 0; expect_out "capacity 12 points"
before=$(snapshot "$W")
run wf sprint new S9 --start 2026-07-01 --end 2026-07-10 --capacity 5
expect_status 1; expect_err "sprint 'S1' is still open"
expect_unchanged "$W" "$before"
# Capacity 12, in rank order:
#   W-1 (5)  fits: 7 left        W-2 (8)  8 > 7: skipped, said so
#   W-3 (3)  fits: 4 left        W-4      not ready: not considered
#   W-5      no estimate: not considered
#   W-6 (2)  fits: 2 left        W-7 (1)  fits: 1 left
#   W-8 (3)  3 > 1: skipped
# Planned: W-1, W-3, W-6, W-7 = 11 points, 1 left.
run wf sprint plan --dry-run
expect_status 0
expect_out "would add 1 "; expect_out "skip 2 "; expect_out "Search: does not fit (7 left)"
expect_out "would add 3 "; expect_out "would add 6 "; expect_out "would add 7 "
expect_out "Crash on pay: does not fit (1 left)"
expect_no_out "Wishlist"; expect_no_out "Reports"
expect_out "would plan 4 items, 11 points; 1 left"
expect_unchanged "$W" "$before"
run wf sprint plan
expect_status 0; expect_out "planned 4 items, 11 points; 1 left"
run wf sprint plan		# nothing new fits: W-2 and W-8 are still too big
expect_status 0; expect_out "planned 0 items"
run wf sprint show
expect_status 0; expect_out "sprint S1  2026-07-01 .. 2026-07-10  open"
expect_out "0 of 11 committed"; expect_out "day 1 of 10"
expect_out "defects   1 opened, 0 closed"
run wf sprint show --format json
expect_status 0
json_check 'j["sprint"] == "S1" and j["state"] == "open"' \
	'j["start"] == "2026-07-01" and j["end"] == "2026-07-10"' \
	'j["capacity"] == 12 and j["committed"] == 11' \
	'j["done"] == 0 and j["accepted"] == 0' \
	'j["day"] == 1 and j["days"] == 10 and j["closed_on"] is None' \
	'j["bugs"] == {"opened": 1, "closed": 0}' \
	'[i["id"] for i in j["items"]] == [1, 3, 6, 7]' \
	'j["items"][0] == {"id": 1, "key": "W-1", "title": "Login", "status": "ready", "points": 5, "outcome": None}'
run wf sprint add W-1
expect_status 1; expect_err "already in sprint S1"
run wf sprint add W-2 --force; expect_status 0
run wf sprint rm W-2; expect_status 0; expect_out "removed 2 from sprint S1"
run wf sprint rm W-2
expect_status 1; expect_err "not in sprint S1"

test_case "acceptance criteria: accept refuses while any is open"
day 2026-07-03
wf set W-1 status=done >/dev/null
run wf show W-1; expect_out "done_on:"; expect_out "2026-07-03"
run wf criteria add W-1 "Logs in with an email address"; expect_status 0
run wf criteria add W-1 "Says so on a wrong password"; expect_status 0
run wf criteria check W-1 1; expect_status 0
run wf criteria list W-1
expect_out "1. [x] Logs in with an email address"; expect_out "2. [ ] Says so on a wrong password"
before=$(snapshot "$W")
run wf accept W-1
expect_status 1; expect_err "these acceptance criteria are open"
expect_err "2. Says so on a wrong password"; expect_no_out "accepted"
expect_unchanged "$W" "$before"
run wf criteria check W-1 9
expect_status 1; expect_err "item 1 has no criterion 9"
run wf accept W-6
expect_status 1; expect_err "item 6 is ready, not done"
run wf criteria check W-1 2; expect_status 0
run wf accept W-1; expect_status 0; expect_out "accepted 1"
run wf show W-1; expect_out "accepted_on:"; expect_out "accepted"

test_case "reject sends done work back, with the reason"
day 2026-07-05
wf set W-3 status=done >/dev/null
run wf reject W-3
expect_status 2; expect_err "--reason"
run wf reject W-3 --reason "Breaks on mobile"
expect_status 0; expect_out "back to in-progress"
run wf show W-3
expect_out "in-progress"; expect_out "reject_reason:"; expect_out "Breaks on mobile"
expect_no_out "done_on:"		# no longer done: the date goes too
run wf log W-3 --format json
expect_out '"action": "item.accept"'; expect_out '"reject_reason": "Breaks on mobile"'

test_case "sprint burndown: remaining against the ideal line"
# Scope 11 at the start. Done: W-1 (5) on 07-03, W-3 (3) on 07-05 but
# rejected since (its done_on is gone): on 07-06, 11 - 5 = 6 left.
# Ideal on 07-06 (day 6 of 10): 11 * (10 - 6) / 9 = 4.888 -> 4.9; 6 > 4.9:
# behind.
day 2026-07-06
LANG=C.UTF-8 LC_ALL= run wf burndown
expect_status 0
expect_out "burndown: sprint S1  2026-07-01 .. 2026-07-10  (11 points at the start)"
expect_out "REMAINING"; expect_out "IDEAL"
expect_line 3 "2026-07-01"; expect_line 3 "11"; expect_line 3 "11.0"
expect_line 5 "2026-07-03"; expect_line 5 "      6    8.6"
expect_line 8 "2026-07-06"; expect_line 8 "      6    4.9"
expect_line 12 "2026-07-10"; expect_line 12 "0.0"
expect_out "2026-07-06: 6 of 11 points left, ideal 4.9: behind the ideal line"
expect_out "█"; expect_no_out $'\033'	# not a terminal: no colours
run wf burndown --format json
expect_status 0
json_check 'j["sprint"] == "S1" and j["state"] == "open" and j["scope"] == 11' \
	'j["as_of"] == "2026-07-06" and j["remaining"] == 6' \
	'j["ideal"] == 11 * 4 / 9 and j["on_track"] is False' \
	'len(j["days"]) == 10' \
	'j["days"][2] == {"date": "2026-07-03", "remaining": 6, "ideal": 11 * 7 / 9}' \
	'j["days"][5]["remaining"] == 6 and j["days"][6]["remaining"] is None' \
	'j["days"][9] == {"date": "2026-07-10", "remaining": None, "ideal": 0}'
LANG=C LC_ALL= run wf burndown
expect_out "######"; expect_no_out "█"
LANG=C.UTF-8 run wf burndown --ascii
expect_out "######"; expect_no_out "█"

test_case "the HTML report: the open sprint's burndown"
run wf export -o "$TMP/wf-s1.html"
expect_status 0
out=$(cat "$TMP/wf-s1.html")
expect_out '<section class="workflow">'; expect_out "<h2>Sprint S1 "
expect_out "Burndown: sprint S1 <span class=\"state\">open, day 6 of 10</span>"
expect_out "<b>6</b> of 11 points left on 2026-07-06"
expect_out "the ideal line is at 4.9: <b>behind</b>"
expect_out "<li><b>12</b><span>capacity</span></li>"
expect_out "<li><b>11</b><span>committed</span></li>"
expect_out ">07-01</text>"; expect_out ">07-10</text>"	# the days' axis
expect_out ">points left</text>"; expect_out ">10</text>"	# the points' axis
expect_out "2026-07-03: 6 points left (ideal 8.6)"	# a day's tooltip
expect_out '<polyline class="ideal"'; expect_out '<polyline class="burn late"'
expect_out ">today</text>"
expect_no_out "Velocity:"; expect_no_out "Release:"	# no closed sprint yet
expect_out "<h2>Ranking</h2>"
# The report cannot say what it should: it fails and writes nothing. A
# CSV export asks nothing of the workflow, and does not fail.
PRIO_TODAY=soon run wf export -o "$TMP/wf-bad.html"
expect_status 1; expect_err "format html: PRIO_TODAY='soon'"
[ ! -e "$TMP/wf-bad.html" ] && ok || bad "a report was written"
PRIO_TODAY=soon run wf export -o "$TMP/wf-ok.csv"
expect_status 0
(cd "$W" && run "$PRIO" rank --in "$ROOT/config/sample.csv" --format html &&
	case "$out" in *"class=\"workflow\""*|*"Burndown:"*) exit 1 ;;
	*"Fix double charge"*) exit 0 ;; *) exit 1 ;; esac) &&
	ok || bad "rank --in a file: the workspace's sprint is in its report"

test_case "role refusals: a developer cannot plan or accept"
cp "$W/prio.ini" "$TMP/wf.ini"
cat >> "$W/prio.ini" <<'INI'

[roles]
policy = separate
default =

[users]
pam = pm
otto = po
dev = developer
INI
before=$(sprint_rows)
run wf --as dev sprint plan
expect_status 3; expect_err "only the product owner may plan sprints"
run wf --as dev sprint close
expect_status 3
run wf --as dev accept W-1
expect_status 3
run wf --as pam criteria add W-2 "x"
expect_status 3
run wf --as dev vision set "Mine"
expect_status 3
[ "$(sprint_rows)" = "$before" ] && ok || bad "sprint data changed"
run wf log
expect_out "dev (developer) via --as  sprint.plan  REFUSED"
cp "$TMP/wf.ini" "$W/prio.ini"

test_case "sprint close: done and accepted recorded, the rest leaves"
# In S1: W-1 accepted (5); W-3 in-progress, W-6 and W-7 ready: returned.
day 2026-07-10
run wf sprint close
expect_status 0
expect_out "5 points done, 5 accepted; 3 unfinished items back to the backlog"
run wf sprint show S1
expect_out "closed"; expect_out "returned"; expect_out "accepted"
# Sent back at the close, still committed: 11 committed, 5 done.
expect_out "5 of 11 committed (5 accepted)"; expect_out "day 10 of 10"
run wf sprint show S1 --format json
json_check 'j["state"] == "closed" and j["closed_on"] == "2026-07-10"' \
	'(j["committed"], j["done"], j["accepted"]) == (11, 5, 5)' \
	'[i["outcome"] for i in j["items"]] == ["accepted", "returned", "returned", "returned"]' \
	'[i["status"] for i in j["items"]] == ["accepted", "in-progress", "ready", "ready"]'
# S2 takes the average velocity of one sprint: 5. W-3, W-6, W-8 by hand
# (8 points: over, with --force), all accepted: velocity 8.
day 2026-07-11
run wf sprint new S2 --start 2026-07-11 --end 2026-07-20
expect_status 0; expect_out "capacity 5 points (the average velocity)"
for k in W-3 W-6 W-8; do wf sprint add $k --force >/dev/null; done
day 2026-07-15
for k in W-3 W-6 W-8; do wf set $k status=done >/dev/null; wf accept $k >/dev/null; done
run wf sprint show
expect_out "defects   0 opened, 1 closed"	# W-8, a bug, done on 07-15
day 2026-07-20
run wf sprint close; expect_out "8 points done, 8 accepted"
# S3: capacity (5 + 8) / 2 = 6.5. W-2 (8), W-7 (1), W-4 (2): velocity 11.
day 2026-07-21
run wf sprint new S3 --start 2026-07-21 --end 2026-07-30
expect_out "capacity 6.5 points"
for k in W-2 W-7 W-4; do wf sprint add $k --force >/dev/null; wf set $k status=done >/dev/null; wf accept $k >/dev/null; done
day 2026-07-30
run wf sprint close; expect_out "11 points done, 11 accepted"

test_case "velocity: average and spread of the last 3"
# 5, 8, 11: average 8; spread sqrt(((5-8)^2 + 0 + (11-8)^2) / 3) =
# sqrt(6) = 2.449 -> 2.4. Bugs: W-8 opened in S1, closed in S2.
run wf velocity --ascii
expect_status 0
expect_out "velocity: 8.0 points per sprint (average of the last 3), spread 2.4"
expect_line 2 "S1"; expect_line 2 "1/0"; expect_line 3 "S2"; expect_line 3 "0/1"
expect_line 4 "S3"; expect_line 4 "11"
run wf --set sprint.velocity_window=2 velocity
expect_out "velocity: 9.5 points per sprint (average of the last 2), spread 1.5"
run wf --set sprint.velocity_window=0 velocity
expect_status 1; expect_err "velocity_window = '0'"
run wf velocity --format json
expect_status 0
json_check 'j["average"] == 8 and abs(j["spread"] - 6 ** 0.5) < 1e-12' \
	'j["over"] == 3 and j["window"] == 3' \
	'[s["sprint"] for s in j["sprints"]] == ["S1", "S2", "S3"]' \
	'[s["committed"] for s in j["sprints"]] == [11, 8, 11]' \
	'[s["accepted"] for s in j["sprints"]] == [5, 8, 11]' \
	'[s["done"] for s in j["sprints"]] == [5, 8, 11]' \
	'[s["bugs"] for s in j["sprints"]] == [{"opened": 1, "closed": 0}, {"opened": 0, "closed": 1}, {"opened": 0, "closed": 0}]' \
	'j["sprints"][0]["start"] == "2026-07-01" and j["sprints"][0]["end"] == "2026-07-10"' \
	'all(s["in_average"] for s in j["sprints"])'
run wf --set sprint.velocity_window=2 velocity --format json
json_check 'j["average"] == 9.5 and j["spread"] == 1.5 and j["over"] == 2' \
	'[s["in_average"] for s in j["sprints"]] == [False, True, True]'

test_case "release burndown and forecast"
# Two new items on 07-31: 12 + 8 = 20 points left (W-5 has no estimate).
# Points left at the end of each sprint (24 estimated in all before):
#   S1 07-10: 24 - W-1 5 = 19 (W-3 done 07-05 was rejected: not done)
#   S2 07-20: 19 - W-3 3 - W-6 2 - W-8 3 = 11     S3 07-30: 11 - 11 = 0
# Forecast, 10-day sprints from 07-31, velocity 8 +- 2.449:
#   optimistic  20 / 10.449 = 1.9 -> 2 sprints: 08-10 .. 08-19
#   expected    20 / 8      = 2.5 -> 3 sprints: 08-20 .. 08-29
#   pessimistic 20 / 5.551  = 3.6 -> 4 sprints: 08-30 .. 09-08
day 2026-07-31
wadd W-9 Loyalty 10 ready 12
wadd W-10 Coupons 10 ready 8
run wf burndown --release --ascii
expect_status 0
expect_line 2 "S1"; expect_line 2 " 19"; expect_line 3 " 11"; expect_line 4 " 0"
expect_line 5 "now"; expect_line 5 " 20"
expect_out "forecast: 20 points left; velocity 8.0, spread 2.4 (last 3 sprints); 10-day sprints from 2026-07-31"
expect_out "optimistic  (10.4/sprint): 2 sprints: sprint 2 of the forecast, 2026-08-10 .. 2026-08-19"
expect_out "expected    (8.0/sprint): 3 sprints: sprint 3 of the forecast, 2026-08-20 .. 2026-08-29"
expect_out "pessimistic (5.6/sprint): 4 sprints: sprint 4 of the forecast, 2026-08-30 .. 2026-09-08"
run wf burndown --release --format json
expect_status 0
json_check '[(s["sprint"], s["end"], s["left"]) for s in j["sprints"]] == [("S1", "2026-07-10", 19), ("S2", "2026-07-20", 11), ("S3", "2026-07-30", 0)]' \
	'j["now"] == {"date": "2026-07-31", "left": 20}' \
	'j["forecast"]["average"] == 8 and j["forecast"]["over"] == 3' \
	'j["forecast"]["from"] == "2026-07-31" and j["forecast"]["sprint_days"] == 10' \
	'j["forecast"]["expected"] == {"speed": 8, "sprints": 3, "from": "2026-08-20", "to": "2026-08-29"}' \
	'j["forecast"]["optimistic"]["sprints"] == 2 and j["forecast"]["optimistic"]["to"] == "2026-08-19"' \
	'j["forecast"]["pessimistic"]["sprints"] == 4 and j["forecast"]["pessimistic"]["from"] == "2026-08-30"' \
	'abs(j["forecast"]["optimistic"]["speed"] - (8 + 6 ** 0.5)) < 1e-12'
run wf sprint new S4 --start 2026-07-31 --end 2026-08-09
expect_out "capacity 8 points"

test_case "the HTML report: sprint, velocity and release forecast"
# S4: W-9 (12) and W-10 (8) added on its first day, W-10 done on 08-04:
# on 08-05, 12 of 20 left; ideal 20 * (9 - 5) / 9 = 8.9: behind. The
# release: 20 - 8 = 12 left, at 8 a sprint from 07-31: 2 sprints, done by
# 08-19 (optimistic 2 as well, pessimistic 3: 08-20 .. 08-29).
wf sprint add W-9 --force >/dev/null; wf sprint add W-10 --force >/dev/null
day 2026-08-04; wf set W-10 status=done >/dev/null
day 2026-08-05
run wf export -o "$TMP/wf-report.html"
expect_status 0
out=$(cat "$TMP/wf-report.html")
expect_out "<h2>Sprint S4 "; expect_out "open, day 6 of 10"
expect_out "<b>12</b> of 20 points left on 2026-08-05"
expect_out "the ideal line is at 8.9: <b>behind</b>"
expect_out "Velocity: 8.0 points per sprint"; expect_out "&#177; 2.4 over the last 3"
expect_out "S1: 11 committed, 5 accepted"; expect_out "S3: 11 committed, 11 accepted"
expect_out ">average 8.0</text>"; expect_out ">closed sprint</text>"
expect_out ">S1</text>"; expect_out ">S2</text>"; expect_out ">S3</text>"
expect_out "Release: 12 points left"; expect_out "expected done by 2026-08-19"
expect_out ">now</text>"; expect_out ">+2</text>"
expect_out "<b>expected</b>&#160;(8.0/sprint): 2 sprints, 2026-08-10 to 2026-08-19"
expect_out "<b>pessimistic</b>&#160;(5.6/sprint): 3 sprints, 2026-08-20 to 2026-08-29"
expect_no_out "http://"; expect_no_out "https://"; expect_no_out " src="
# Names are escaped, and a CSV export carries none of this.
"$PRIO" init "$TMP/wfx" >/dev/null
"$PRIO" -C "$TMP/wfx" sprint new 'Q<3 & "go"' --start 2026-08-01 --end 2026-08-14 --capacity 5 >/dev/null
run "$PRIO" -C "$TMP/wfx" export --to html
expect_status 0
expect_out "<h2>Sprint Q&lt;3 &amp; &quot;go&quot; "; expect_no_out "Q<3"
expect_out "<b>0</b> of 0 points left on 2026-08-05"
run wf export --to csv
expect_no_out "Burndown"; expect_no_out "S4"
if command -v chromium >/dev/null 2>&1; then
	# In a browser: the charts have their size, and a screenshot.
	expect_screenshot "$TMP/wf-report.html" "$TMP/wf-report.png" 1200,1100
	sed 's|</body>|<script>function w(s){var e=document.querySelector(s);return e?Math.round(e.getBBox().width):-1}document.title="SIZES:"+[w("polyline.burn"),w("polyline.ideal"),w("rect.accepted"),w("line.forecast")].join(",");</script></body>|' \
		"$TMP/wf-report.html" > "$TMP/wf-sizes.html"
	dom=$(browser_dom "$TMP/wf-sizes.html")
	# The burn line spans 6 of 10 days, the ideal line all 10, on a
	# 492-unit wide plot; bars and the forecast have a width.
	case "$dom" in
	*"SIZES:273,492,"[1-9]*","[1-9]*"<"*) ok ;;
	*) bad "the charts in a browser: $(printf '%s' "$dom" | grep -o 'SIZES:[^<]*')" ;;
	esac
fi
day 2026-07-31

test_case "vision and roadmap"
run wf vision; expect_out "no vision yet"
run wf vision set "Shoppers pay in one minute"; expect_status 0
run wf vision set "Shoppers pay in thirty seconds"; expect_status 0
run wf vision; expect_out "Shoppers pay in thirty seconds"
run wf log --format json
expect_out '"before": {"vision": "Shoppers pay in one minute"}'
run wf roadmap add Checkout --horizon 2026-Q3; expect_status 0
run wf roadmap add Growth --horizon 2026-Q4 --rank 1; expect_status 0
run wf roadmap add Growth; expect_status 1; expect_err "already an initiative called 'Growth'"
run wf roadmap add Later --horizon 2026-13; expect_status 2
run wf set W-9 initiative=Checkout; expect_status 0
run wf show W-9; expect_out "initiative_rank:   2"
run wf roadmap set Checkout --rank 1; expect_status 0
run wf show W-9; expect_out "initiative_rank:   1"
run wf roadmap list
expect_line 2 "Checkout"; expect_line 2 "2026-Q3"; expect_line 3 "Growth"
before=$(snapshot "$W")
run wf set W-9 initiative=Nowhere
expect_status 1; expect_err "initiative 'Nowhere': no such initiative"
run wf set W-9 initiative_rank=3
expect_status 1; expect_err "set by prio"
expect_unchanged "$W" "$before"
run wf roadmap rm Checkout; expect_status 0
run wf show W-9; expect_no_out "initiative"
printf '\n[users]\notto = po\n\n[roles]\npolicy = separate\ndefault =\n' >> "$W/prio.ini"
run wf --as otto roadmap add X
expect_status 3; expect_err "only the product manager may edit the roadmap"

unset PRIO_TODAY
