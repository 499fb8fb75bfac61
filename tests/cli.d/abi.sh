# Plugins built against the ABI 1.0 headers (tests/abi/) still load and
# work in today's prio: every service they were built with is used.

test_case "ABI 1.0 plugins load and work after every minor bump"
"$PRIO" init "$TMP/abi" >/dev/null
printf 'key,title,estimate\nA-1,One,3\nA-2,Two,8\nA-3,Three,\n' > "$TMP/abi/x.csv"
"$PRIO" -C "$TMP/abi" import "$TMP/abi/x.csv" >/dev/null
export PRIO_PLUGIN_PATH="$B/tests/abi"
run "$PRIO" -C "$TMP/abi" plugins
expect_out "method  old_method     1.0"
expect_out "format  old_format     1.0"
expect_no_out "refused"
run "$PRIO" -C "$TMP/abi" rank --method old_method
expect_status 0
expect_line 2 "A-2  Two     8.00  big"
expect_line 3 "A-1  One     3.00  small"
expect_out "A-3  Three: no estimate"
run "$PRIO" -C "$TMP/abi" explain A-2 --method old_method
expect_status 0
printf 'B-1=Bee one\nB-2=Bee two\n' > "$TMP/abi/in.old"
run "$PRIO" -C "$TMP/abi" import "$TMP/abi/in.old"
expect_status 0; expect_out "2 created"
printf 'B-3=Fine\nno equals sign\n' > "$TMP/abi/bad.old"
snap=$(snapshot "$TMP/abi")
run "$PRIO" -C "$TMP/abi" import "$TMP/abi/bad.old"
expect_status 1; expect_err "expected KEY=TITLE"
expect_unchanged "$TMP/abi" "$snap"
run "$PRIO" -C "$TMP/abi" export --to old_format
expect_status 0
expect_out "key:B-2	title:Bee two	"
run "$PRIO" -C "$TMP/abi" export -o "$TMP/abi/out.old"
expect_status 0
grep -q "key:A-1	title:One" "$TMP/abi/out.old" && ok || bad "the .old export"
unset PRIO_PLUGIN_PATH

test_case "ABI 1.0 reports still read the workflow as describe() text"
# The text is written from the typed records of ABI 1.4 (prio/workflow.h)
# and must stay what plugin.h documents, number for number.
W="$TMP/abiwf"
export PRIO_PLUGIN_PATH="$B/tests/abi" PRIO_TODAY=2026-07-01
"$PRIO" init "$W" >/dev/null
printf 'key,title,estimate,type,business_value,time_criticality,risk_reduction,job_size\nA-1,One,3,story,8,5,3,3\nA-2,Two,5,story,13,8,5,5\nA-3,Three,8,story,5,3,2,8\nA-4,Four,2,bug,3,2,1,2\n' > "$TMP/abiwf.csv"
"$PRIO" -C "$W" import "$TMP/abiwf.csv" >/dev/null
"$PRIO" -C "$W" set A-1 A-2 A-3 A-4 status=ready >/dev/null
"$PRIO" -C "$W" sprint new 'S<1>' --start 2026-07-01 --end 2026-07-10 --capacity 10 >/dev/null
"$PRIO" -C "$W" sprint plan >/dev/null
PRIO_TODAY=2026-07-03 "$PRIO" -C "$W" set A-2 status=done >/dev/null
PRIO_TODAY=2026-07-04 "$PRIO" -C "$W" accept A-2 >/dev/null
PRIO_TODAY=2026-07-11 "$PRIO" -C "$W" sprint close >/dev/null
PRIO_TODAY=2026-07-11 "$PRIO" -C "$W" sprint new S2 --start 2026-07-11 --end 2026-07-17 --capacity 8 >/dev/null
PRIO_TODAY=2026-07-11 "$PRIO" -C "$W" sprint plan >/dev/null
PRIO_TODAY=2026-07-13 "$PRIO" -C "$W" set A-1 status=done >/dev/null
PRIO_TODAY=2026-07-14 run "$PRIO" -C "$W" export --to old_format
expect_status 0
expect_out $'#sprint=S2\n#sprint.state=open\n#sprint.start=2026-07-11\n#sprint.end=2026-07-17\n'
expect_out $'#sprint.capacity=8\n#sprint.committed=5\n#sprint.done=3\n#sprint.accepted=0\n#sprint.day=4\n#sprint.days=7\n#sprint.bugs=0\t0\n'
expect_out $'#burndown=2026-07-11\t5\t5\n2026-07-12\t5\t4.166666666666667\n2026-07-13\t2\t3.3333333333333335\n2026-07-14\t2\t2.5\n2026-07-15\t\t1.6666666666666667\n2026-07-16\t\t0.8333333333333334\n2026-07-17\t\t0\n\n'
expect_out $'#velocity=S<1>\t2026-07-01\t2026-07-10\t10\t5\t5\t1\t0\n\n#velocity.average=5\n#velocity.spread=0\n#velocity.count=1\n'
expect_out $'#release=S<1>\t2026-07-10\t13\n\n#release.left=10\n'
expect_out $'#forecast=optimistic\t5\t2\t2026-07-21\t2026-07-30\nexpected\t5\t2\t2026-07-21\t2026-07-30\npessimistic\t5\t2\t2026-07-21\t2026-07-30'
# Outside a workspace there is no workflow: not a key of it.
run "$PRIO" rank --in "$TMP/abiwf.csv" --format old_format
expect_status 0
expect_no_out "#sprint"
unset PRIO_PLUGIN_PATH PRIO_TODAY
