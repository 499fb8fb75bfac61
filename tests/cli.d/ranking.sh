# CLI tests of manual order, pins, explain, compare and stability.
# Sourced by tests/cli.sh.

test_case "method: list the methods, choose one, and it ranks the backlog"
new_ws meth; W="$TMP/meth"
run "$PRIO" -C "$W" method
expect_status 0
expect_line 1 "* wsjf"; expect_out "  rice             plugin: RICE"
expect_out "  lua              plugin:"
before=$(md5sum < "$W/prio.ini")
run "$PRIO" -C "$W" method use rice --dry-run
expect_status 0; expect_out "method: wsjf -> rice"; expect_out "nothing changed"
[ "$(md5sum < "$W/prio.ini")" = "$before" ] && ok || bad "dry run changed prio.ini"
run "$PRIO" -C "$W" method use rice
expect_status 0; expect_out "method: wsjf -> rice"
grep -q '^method = rice$' "$W/prio.ini" && ok || bad "prio.ini has no method = rice"
grep -q '^; the \[method.NAME\] section' "$W/prio.ini" && ok || bad "the comments were lost"
run "$PRIO" -C "$W" method
expect_out "* rice"; expect_no_out "* wsjf"
run "$PRIO" -C "$W" list --format csv
expect_status 0
[ "$out" = "$("$PRIO" -C "$W" rank --method rice --format csv)" ] && ok || bad "list does not rank with rice"
run "$PRIO" -C "$W" log
expect_out "method.choose"; expect_out 'before: {"method": "wsjf"}'; expect_out 'after:  {"method": "rice"}'

test_case "method: a method that cannot rank the backlog is not chosen"
printf '\n[method.broken]\nplugin = wsjf\nfield.job_size = nosuch\n' >> "$W/prio.ini"
before=$(md5sum < "$W/prio.ini"); logs=$("$PRIO" -C "$W" log | wc -l)
run "$PRIO" -C "$W" method use broken
expect_status 1; expect_err "prio.ini:"; expect_err "[method.broken] field.job_size = 'nosuch': unknown field"
run "$PRIO" -C "$W" method use nosuch
expect_status 1; expect_err "unknown method 'nosuch'"
[ "$(md5sum < "$W/prio.ini")" = "$before" ] && ok || bad "a failed choice changed prio.ini"
[ "$("$PRIO" -C "$W" log | wc -l)" -eq "$logs" ] && ok || bad "a failed choice was logged"
run "$PRIO" -C "$W" method --dry-run
expect_status 2; expect_err "--dry-run goes with use NAME"
run "$PRIO" -C "$W" method use
expect_status 2; expect_err "usage: prio method"
run "$PRIO" -C "$W" method --help
expect_status 0; expect_out "method.choose"
run "$PRIO" -C "$W" --set rank.method=wsjf method use ice
expect_status 0; expect_err "<command line> sets [rank] method = wsjf"
run "$PRIO" -C "$W" method use ice
expect_status 0; expect_out "method: ice already"
# A method only one person's configuration defines is not the team's.
printf '[method.mine]\nplugin = rice\n' > "$TMP/mine.ini"
before=$(md5sum < "$W/prio.ini")
run "$PRIO" -C "$W" -c "$TMP/mine.ini" method use mine
expect_status 1; expect_err "mine.ini:2: [method.mine] is only in a configuration of yours"
[ "$(md5sum < "$W/prio.ini")" = "$before" ] && ok || bad "a personal method was written to prio.ini"

test_case "move sets the manual order that breaks ties"
"$PRIO" init "$TMP/mv" >/dev/null
for t in A B C; do
	"$PRIO" -C "$TMP/mv" add "$t" business_value=1 time_criticality=1 \
		risk_reduction=1 job_size=1 >/dev/null
done
run "$PRIO" -C "$TMP/mv" move 3 --top
expect_status 0; expect_out "moved 3 to position 1"
run "$PRIO" -C "$TMP/mv" move 1 --bottom
run "$PRIO" -C "$TMP/mv" list --format csv
[ "$(printf '%s\n' "$out" | cut -d, -f5 | tr '\n' ' ')" = "id 3 2 1 " ] && ok || bad "order after moves: $out"
run "$PRIO" -C "$TMP/mv" move 1 --before 3
run "$PRIO" -C "$TMP/mv" list --format csv
[ "$(printf '%s\n' "$out" | cut -d, -f5 | tr '\n' ' ')" = "id 1 3 2 " ] && ok || bad "order after --before"
run "$PRIO" -C "$TMP/mv" move 1
expect_status 2
run "$PRIO" -C "$TMP/mv" move 1 --before 1
expect_status 2
run "$PRIO" -C "$TMP/mv" log 1
expect_out "backlog.order"; expect_out '"position"'

test_case "pins keep their rank whatever the scores"
new_ws pn
run "$PRIO" -C "$TMP/pn" pin SHOP-4 1
expect_status 0; expect_out "pinned 4 at rank 1"
run "$PRIO" -C "$TMP/pn" list --limit 2
expect_line 2 "SHOP-4"; expect_line 3 "SHOP-3"
run "$PRIO" -C "$TMP/pn" set SHOP-3 job_size=1	# a higher score changes nothing
run "$PRIO" -C "$TMP/pn" list --limit 1
expect_line 2 "SHOP-4"
run "$PRIO" -C "$TMP/pn" pin SHOP-1
expect_status 0; expect_out "pinned 1 at rank 5"
run "$PRIO" -C "$TMP/pn" pin SHOP-9
expect_status 1; expect_err "unscored"
run "$PRIO" -C "$TMP/pn" pin SHOP-2 0
expect_status 2
run "$PRIO" -C "$TMP/pn" unpin SHOP-4
expect_out "unpinned 4"
run "$PRIO" -C "$TMP/pn" list --limit 1
expect_line 2 "SHOP-3"
printf '\n[roles]\npolicy = separate\ndefault = developer\n' >> "$TMP/pn/prio.ini"
run "$PRIO" -C "$TMP/pn" pin SHOP-2 1
expect_status 3; expect_err "only the product owner may move and pin items"

test_case "explain shows the formula's inputs and what would move an item up"
new_ws ex
run "$PRIO" -C "$TMP/ex" explain SHOP-1
expect_status 0
expect_out "#1 SHOP-1  Guest checkout without an account"
expect_out "business_value       13"; expect_out "job_size             5"
expect_out "score: 4.8"; expect_out "rank:  4 of 11 ranked"
expect_out "to pass #3"
expect_out "job_size 5 -> 3 would move it to #2"	# 24/3 = 8 > 5.8
run "$PRIO" -C "$TMP/ex" explain SHOP-9
expect_out "unscored: job_size is missing"
run "$PRIO" -C "$TMP/ex" explain NOPE
expect_status 1; expect_err "no item 'NOPE'"

test_case "compare two method configurations"
new_ws cmpw
printf '[method.alt]\nplugin = wsjf\n' >> "$TMP/cmpw/prio.ini"
run "$PRIO" -C "$TMP/cmpw" compare wsjf alt --top 3
expect_status 0
expect_out "Top 3 by wsjf"; expect_out "wsjf ~ alt: tau 1.000 over 11 items, top 3 overlap 3/3"
expect_out "nothing moves"
run "$PRIO" -C "$TMP/cmpw" compare wsjf
expect_status 2
run "$PRIO" -C "$TMP/cmpw" compare wsjf nope
expect_status 1; expect_err "unknown method 'nope'"

test_case "stability is deterministic for a seed"
new_ws st
printf '[stability]\nspread.job_size = 1 step\nspread.business_value = 20%%\n' >> "$TMP/st/prio.ini"
run "$PRIO" -C "$TMP/st" stability --runs 200 --top 3 --seed 7
expect_status 0
expect_out "200 runs, seed 7"; expect_out "P(TOP 3)"
expect_line 4 "SHOP-3     1-1"
first=$out
run "$PRIO" -C "$TMP/st" stability --runs 200 --top 3 --seed 7
[ "$out" = "$first" ] && ok || bad "same seed, different result"
run "$PRIO" -C "$TMP/st" stability --runs 200 --top 3 --seed 8
[ "$out" != "$first" ] && ok || bad "another seed, same result"
printf '[stability]\nspread.job_size = lots\n' > "$TMP/st.ini"
run "$PRIO" -C "$TMP/st" -c "$TMP/st.ini" stability
expect_status 1; expect_err "st.ini:2: [stability] spread.job_size = 'lots'"
printf '[stability]\nspread.colour = 1 step\n' > "$TMP/st.ini"
run "$PRIO" -C "$TMP/st" -c "$TMP/st.ini" stability
expect_status 1; expect_err "no number field 'colour'"
run "$PRIO" -C "$TMP/pn" stability --method moscow	# no number to vary
expect_status 1; expect_err "no spreads"
