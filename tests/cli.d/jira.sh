# tests/cli.d/jira.sh - Jira exports as Jira writes them: statuses and
# types of any workflow imported without configuration, strict = yes
# refusing them. Sourced by tests/cli.sh, with its helpers; must not exit.

test_case "jira: unknown types and statuses mapped by default, one line"
"$PRIO" init "$TMP/jira-def" >/dev/null
JD="$TMP/jira-def"
printf 'Summary,Issue key,Issue Type,Status\nA,J-1,Test,Analyzing\nB,J-2,Sprint Defect,Under Review\nC,J-3,Story,Blocked\nD,J-4,Bug,Analyzing\nE,J-5,Task,Todo\nF,J-6,Task,Closed Won\n' > "$TMP/jira-wf.csv"
run "$PRIO" -C "$JD" import "$TMP/jira-wf.csv" --from jira
expect_status 0; expect_out "6 created"
expect_err "5 statuses mapped by default: Analyzing -> new, Under Review -> in-progress, Blocked -> in-progress, Todo -> new, Closed Won -> done; 2 types mapped by default: Test -> story, Sprint Defect -> story"
[ "$(printf '%s\n' "$err" | grep -c 'mapped by default')" -eq 1 ] && ok ||
	bad "more than one summary line: $err"
run "$PRIO" -C "$JD" show J-2
expect_out "in-progress"; expect_out "story"
run "$PRIO" -C "$JD" show J-6
expect_out "done"

test_case "jira: strict = yes refuses them and changes nothing"
printf '[format.jira]\nplugin = jira\nstrict = yes\n' >> "$JD/prio.ini"
before=$(snapshot "$JD")
printf 'Summary,Issue key,Issue Type,Status\nA,J-1,Story,Analyzing\n' > "$TMP/jira-wf2.csv"
run "$PRIO" -C "$JD" import "$TMP/jira-wf2.csv" --from jira
expect_status 1
expect_err "jira-wf2.csv:2: column Status: 'Analyzing' is no prio status"
expect_unchanged "$JD" "$before"

test_case "jira: strict takes yes or no"
printf '[format.jbad]\nplugin = jira\nstrict = maybe\n' >> "$JD/prio.ini"
run "$PRIO" -C "$JD" import "$TMP/jira-wf2.csv" --from jbad
expect_status 1; expect_err "strict"; expect_err "expected yes or no"
expect_unchanged "$JD" "$before"

test_case "jira: the common date formats without configuration"
"$PRIO" init "$TMP/jira-dt" >/dev/null
JT="$TMP/jira-dt"
printf 'Summary,Issue key,Created\nA,J-1,08/Sep/21 9:05 AM\nB,J-2,9/8/2021 9:05\nC,J-3,2021-09-08 21:05:07\nD,J-4,9/8/2021 9:05:07 PM\n' > "$TMP/jira-dt.csv"
run "$PRIO" -C "$JT" import "$TMP/jira-dt.csv" --from jira
expect_status 0; expect_out "4 created"
run "$PRIO" -C "$JT" export --to jira
for want in 'A,J-1' '09:05:00' 'B,J-2' '09:05:00' 'C,J-3' '21:05:07' 'D,J-4' '21:05:07'; do
	case $want in *,*) row=$want; continue;; esac
	printf '%s\n' "$out" | grep -q "^$row,.*,2021-09-08 $want," && ok ||
		bad "$row not created 2021-09-08 $want: $out"
done

test_case "jira: created keeps its seconds: re-import changes nothing"
"$PRIO" -C "$JT" export --to jira -o "$TMP/jira-dt-out.csv"
before=$(snapshot "$JT")
run "$PRIO" -C "$JT" import "$TMP/jira-dt-out.csv" --from jira
expect_status 0; expect_out "0 created, 0 updated"
expect_unchanged "$JT" "$before"

test_case "jira: a section with date_format reads its own export back"
printf '[format.jday]\nplugin = jira\ndate_format = %%d.%%m.%%Y %%H:%%M:%%S\n' >> "$JT/prio.ini"
printf 'Summary,Issue key,Created\nE,J-5,24.12.2021 18:30:15\n' > "$TMP/jira-dt2.csv"
run "$PRIO" -C "$JT" import "$TMP/jira-dt2.csv" --from jday
expect_status 0; expect_out "1 created"
"$PRIO" -C "$JT" export --to jday -o "$TMP/jira-dt2-out.csv"
grep -q '^E,J-5,.*,24.12.2021 18:30:15,' "$TMP/jira-dt2-out.csv" && ok ||
	bad "export not in date_format: $(cat "$TMP/jira-dt2-out.csv")"
before=$(snapshot "$JT")
run "$PRIO" -C "$JT" import "$TMP/jira-dt2-out.csv" --from jday
expect_status 0; expect_out "0 created, 0 updated"
expect_unchanged "$JT" "$before"

test_case "jira: Issue id is Jira's, kept in jira_id, never prio's id"
"$PRIO" init "$TMP/jira-id" >/dev/null
JI="$TMP/jira-id"
printf 'Summary,Issue key,Issue id,Parent\nEpic,J-1,10400,\nChild,J-2,10401,10400\n' > "$TMP/jira-id.csv"
run "$PRIO" -C "$JI" import "$TMP/jira-id.csv" --from jira
expect_status 0; expect_out "2 created"
run "$PRIO" -C "$JI" export --to jira
expect_line 2 "Epic,J-1,,Story,To Do,,"
expect_line 3 "Child,J-2,,Story,To Do,J-1,"
printf '[field.jira_id]\ntype = text\n[format.jira]\nplugin = jira\nmap.Issue id = jira_id\n' >> "$JI/prio.ini"
run "$PRIO" -C "$JI" import "$TMP/jira-id.csv" --from jira
expect_status 0; expect_out "0 created, 2 updated"
run "$PRIO" -C "$JI" export --to jira
expect_line 1 "Summary,Issue key,Issue id,Issue Type,Status,Parent,Story Points,Created,Resolved,Prio rank,Prio score,Prio class,position,pin,story,initiative,initiative_rank,accepted_on,reject_reason,business_value,time_criticality,risk_reduction,job_size,reach,impact,confidence,effort,ease,value,moscow,cost_of_delay,duration"
expect_line 2 "Epic,J-1,10400,Story,To Do,,"
expect_line 3 "Child,J-2,10401,Story,To Do,J-1,"

test_case "jira: --rejects takes rows strict refuses, like any bad row"
"$PRIO" init "$TMP/jira-rej" >/dev/null
JR="$TMP/jira-rej"
printf '[format.jira]\nplugin = jira\nstrict = yes\n' >> "$JR/prio.ini"
printf 'Summary,Issue key,Issue Type,Status\nA,J-1,Story,To Do\nB,J-2,Test,To Do\nC,J-3,Story,Analyzing\nD,J-4,Bug,Done\n' > "$TMP/jira-rej.csv"
run "$PRIO" -C "$JR" import "$TMP/jira-rej.csv" --from jira --rejects "$TMP/jira-rej-out.csv"
expect_status 0; expect_out "2 created, 0 updated, 2 rejected"
grep -q "^J-2,B,Test,new,3,.*'Test'" "$TMP/jira-rej-out.csv" && ok ||
	bad "J-2 not in the rejects: $(cat "$TMP/jira-rej-out.csv")"
grep -q "^J-3,C,story,Analyzing,4,.*'Analyzing'" "$TMP/jira-rej-out.csv" && ok ||
	bad "J-3 not in the rejects: $(cat "$TMP/jira-rej-out.csv")"
run "$PRIO" -C "$JR" show J-4
expect_status 0; expect_out "done"

test_case "jira: round trip: import, export, re-import changes nothing"
"$PRIO" init "$TMP/jira-rt" >/dev/null
JRT="$TMP/jira-rt"
printf '[field.jira_id]\ntype = text\n[format.jira]\nplugin = jira\nmap.Issue id = jira_id\n' >> "$JRT/prio.ini"
printf '%s\n' 'Summary,Issue key,Issue id,Issue Type,Status,Parent,Custom field (Story Points),Labels,Labels,Created,Resolved' \
	'"Epic, big",J-1,10400,Epic,In Progress,,,"a b",c,08/Sep/21 9:05 AM,' \
	'"Say ""hi"" Ünïcode",J-2,10401,Test,Analyzing,10400,3,a b,,9/8/2021 21:05,' \
	'Done one,J-3,10402,Bug,Closed,,0.5,,,2021-09-08T10:00:07+02:00,09/Sep/21 8:00 AM' \
	'"Two
lines",J-4,10403,Story,Under Review,J-1,,,,01/Jan/2027 17:45,' > "$TMP/jira-rt.csv"
run "$PRIO" -C "$JRT" import "$TMP/jira-rt.csv" --from jira
expect_status 0; expect_out "4 created, 0 updated"
"$PRIO" -C "$JRT" export --to jira -o "$TMP/jira-rt-out.csv"
before=$(snapshot "$JRT")
run "$PRIO" -C "$JRT" import "$TMP/jira-rt-out.csv" --from jira
expect_status 0; expect_out "0 created, 0 updated"
expect_unchanged "$JRT" "$before"
"$PRIO" init "$TMP/jira-rt2" >/dev/null
printf '[field.jira_id]\ntype = text\n[format.jira]\nplugin = jira\nmap.Issue id = jira_id\n' >> "$TMP/jira-rt2/prio.ini"
run "$PRIO" -C "$TMP/jira-rt2" import "$TMP/jira-rt-out.csv" --from jira
expect_status 0; expect_out "4 created, 0 updated"
# Field for field; prio's ids (and updated) are the workspace's own, so
# parents are compared as the children's keys.
norm() {
	"$PRIO" -C "$1" show "$2" |
		grep -Ev '^(id|updated|log|parent|criteria):' |
		sed 's/^  [0-9]* /  /'
}
for k in J-1 J-2 J-3 J-4; do
	a=$(norm "$JRT" "$k"); b=$(norm "$TMP/jira-rt2" "$k")
	[ -n "$a" ] && [ "$a" = "$b" ] && ok ||
		bad "$k differs in a fresh workspace: $a // $b"
done

test_case "jira: Resolved sets done_on; Parent key when Parent is not in the file"
"$PRIO" init "$TMP/jira-res" >/dev/null
JS="$TMP/jira-res"
printf 'Summary,Issue key,Status\nOld epic,OLD-1,To Do\n' > "$TMP/jira-res0.csv"
"$PRIO" -C "$JS" import "$TMP/jira-res0.csv" --from jira >/dev/null
printf 'Summary,Issue key,Issue id,Status,Resolved,Parent,Parent key\nA,J-1,100,Done,02/Mar/26 11:30 PM,,\nB,J-2,101,To Do,,999,OLD-1\nC,J-3,102,To Do,,100,J-1\n' > "$TMP/jira-res.csv"
run "$PRIO" -C "$JS" import "$TMP/jira-res.csv" --from jira
expect_status 0; expect_out "3 created"
run "$PRIO" -C "$JS" show J-1
expect_out "done_on:           2026-03-02"
run "$PRIO" -C "$JS" show OLD-1
expect_out "J-2"
run "$PRIO" -C "$JS" show J-1
expect_out "J-3"
