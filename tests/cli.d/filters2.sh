# Filters beyond list and rank: export, show, explain, compare,
# stability and sprint plan take the same terms, with the same errors,
# and keep the whole backlog's ranks unless --rerank.

F="$TMP/f2"
new_ws f2
printf '[method.bv]\nplugin = weighted\nweight.business_value = 1\n' >> "$F/prio.ini"

test_case "export FILTER...: the items picked, with the backlog's ranks"
run "$PRIO" -C "$F" export type:story +checkout
expect_status 0
expect_line 2 "4,4.8,,,1,SHOP-1,"	# rank 4 of the backlog, not 1
expect_line 3 "8,1.875,,,2,SHOP-2,"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 3 ] && ok || bad "not 2 rows and a header"
run "$PRIO" -C "$F" export type:story +checkout --rerank
expect_line 2 "1,4.8,,,1,SHOP-1,"; expect_line 3 "2,1.875,,,2,SHOP-2,"
run "$PRIO" -C "$F" export -urgent 'estimate:>=13' --format json
expect_status 0
expect_json '[(i["key"], i["rank"]) for i in j] == [("SHOP-12", 10), ("SHOP-4", 11)]'
run "$PRIO" -C "$F" export /payment/ -o "$TMP/f2-pay.csv"
expect_status 0
grep -q 'SHOP-5' "$TMP/f2-pay.csv" && ! grep -q 'SHOP-1,' "$TMP/f2-pay.csv" && ok ||
	bad "the file holds other items than /payment/ picks"
# Finished work: status:done asks for it even in a report.
"$PRIO" -C "$F" set SHOP-8 status=done >/dev/null
run "$PRIO" -C "$F" export status:done -o "$TMP/f2-done.md"
expect_status 0
grep -q 'Order history export' "$TMP/f2-done.md" && ok || bad "status:done left out of the report"

test_case "export FILTER...: a bad term is a usage error naming it, nothing written"
before=$(snapshot "$F")
run "$PRIO" -C "$F" export typo:story -o "$TMP/f2-none.csv"
expect_status 2; expect_err "filter 'typo:story': unknown field 'typo'"
[ ! -e "$TMP/f2-none.csv" ] && ok || bad "a file was written"
run "$PRIO" -C "$F" export 'estimate:>lots'
expect_status 2; expect_err "'estimate:>lots'"; expect_err "not a number"
run "$PRIO" -C "$F" export NOPE-1
expect_status 1; expect_err "no item 'NOPE-1'"
expect_unchanged "$F" "$before"

test_case "show FILTER...: every item picked, in id order; JSON an array"
run "$PRIO" -C "$F" show type:bug,debt
expect_status 0
expect_line 1 "id:                3"
expect_out "key:               SHOP-5"; expect_out "key:               SHOP-11"
expect_no_out "SHOP-1
"
[ "$(printf '%s\n' "$out" | grep -c '^id:')" -eq 3 ] && ok || bad "not 3 items"
run "$PRIO" -C "$F" show type:bug,debt --format json
expect_status 0
expect_json 'isinstance(j, list) and [i["key"] for i in j] == ["SHOP-3", "SHOP-5", "SHOP-11"]'
expect_json 'j[0]["labels"] == "payments,urgent" and j[0]["criteria"] == [] and j[0]["log_entries"] == 1'
run "$PRIO" -C "$F" show SHOP-3 --format json		# one id: one object
expect_json 'isinstance(j, dict) and j["key"] == "SHOP-3" and j["job_size"] == 3'
run "$PRIO" -C "$F" show -payments -checkout type:story
expect_status 0; expect_out "SHOP-4"; expect_out "SHOP-6"; expect_no_out "SHOP-1
"
run "$PRIO" -C "$F" show type:epic +nothing
expect_status 1; expect_err "no item matches"
run "$PRIO" -C "$F" show stauts:new
expect_status 2; expect_err "filter 'stauts:new': unknown field 'stauts'"
run "$PRIO" -C "$F" show SHOP-404
expect_status 1; expect_err "no item 'SHOP-404'"

test_case "explain FILTER...: each open item picked, in rank order"
run "$PRIO" -C "$F" explain type:story +checkout
expect_status 0
expect_line 1 "#1 SHOP-1  Guest checkout without an account"
expect_out "rank:  4 of 10 ranked"; expect_out "rank:  8 of 10 ranked"
[ "$(printf '%s\n' "$out" | grep -c '^method:')" -eq 2 ] && ok || bad "not 2 explanations"
# Finished work takes no rank: a filter skips it, an id says so.
run "$PRIO" -C "$F" explain SHOP-8
expect_status 1; expect_err "item 8 is finished"
run "$PRIO" -C "$F" explain status:done
expect_status 1; expect_err "no open item matches"
run "$PRIO" -C "$F" explain 'job_size:<x'
expect_status 2; expect_err "'job_size:<x'"

test_case "compare METHODS FILTER...: ranks of the whole backlog, or --rerank"
run "$PRIO" -C "$F" compare wsjf bv type:story,debt
expect_status 0
expect_out "Top 6 by wsjf"
expect_line 4 "SHOP-5            2          9"
expect_line 5 "SHOP-1            4          2"
expect_no_out "SHOP-3"
# wsjf: 5 1 11 6 2 4; bv: 1 6 2 4 11 5: 8 pairs of 15 disagree
expect_out "wsjf ~ bv: tau -0.067 over 6 items"
run "$PRIO" -C "$F" compare wsjf bv type:story,debt --rerank --top 3
expect_line 4 "SHOP-5            1          6"
expect_out "top 3 overlap 1/3"
expect_out "Upgrade the payment SDK before end of support: 1 -> 6 (+5)"
run "$PRIO" -C "$F" compare wsjf bv type:story,debt --format json
expect_json '[i["ranks"] for i in j["items"][:2]] == [[2, 9], [4, 2]]'
expect_json 'round(j["pairs"][0]["tau"], 4) == -0.0667 and j["pairs"][0]["common"] == 6'
run "$PRIO" -C "$F" compare wsjf bv key:SHOP-5
expect_status 0; expect_out "Top 1 by wsjf"; expect_out "tau n/a over 1 items"
run "$PRIO" -C "$F" compare wsjf bv 5 10
expect_status 0; expect_out "Top 2 by wsjf"
run "$PRIO" -C "$F" compare wsjf bv tpye:bug
expect_status 2; expect_err "filter 'tpye:bug': unknown field 'tpye'"
run "$PRIO" -C "$F" compare wsjf type:bug
expect_status 2; expect_err "name two methods or more"

test_case "stability FILTER...: follows the items picked"
run "$PRIO" -C "$F" stability --runs 100 type:story
expect_status 0
expect_line 4 "   4  SHOP-1 "
expect_no_out "SHOP-3"
[ "$(printf '%s\n' "$out" | sed -n '4,$p' | wc -l)" -eq 4 ] && ok || bad "not the 4 open stories ranked"
run "$PRIO" -C "$F" stability --runs 100 type:story --rerank --top 1
expect_line 4 "   1  SHOP-1 "; expect_line 7 "   4  SHOP-4 "
run "$PRIO" -C "$F" stability --runs 100 /nothing-like-it/
expect_status 0; expect_line 3 "RANK"
run "$PRIO" -C "$F" stability under:
expect_status 2; expect_err "under:"

test_case "sprint plan FILTER...: plans from the items picked"
"$PRIO" -C "$F" sprint new S1 --start 2026-12-01 --end 2026-12-14 --capacity 20 >/dev/null
before=$(snapshot "$F")
run "$PRIO" -C "$F" sprint plan type:story,task --dry-run
expect_status 0
expect_out "would add 1        5 pts  rank 4 "
expect_out "would add 10       8 pts  rank 6 "
expect_no_out "Fix double charge"
run "$PRIO" -C "$F" sprint plan type:story,task --dry-run --rerank
expect_out "would add 1        5 pts  rank 1 "
run "$PRIO" -C "$F" sprint plan type:sotry
expect_status 2; expect_err "'sotry'"
run "$PRIO" -C "$F" sprint show --rerank
expect_status 2; expect_err "--rerank goes with sprint plan"
expect_unchanged "$F" "$before"
run "$PRIO" -C "$F" sprint plan -checkout
expect_status 0; expect_out "planned 2 items, 8 points"
run "$PRIO" -C "$F" sprint show --format json
expect_json 'sorted(i["key"] for i in j["items"]) == ["SHOP-3", "SHOP-5"]'

test_case "the new arguments are in the help, the manual and completion"
run "$PRIO" help export
expect_out "prio export [FILTER...]"; expect_out "--rerank"
for c in show explain compare stability sprint; do
	run "$PRIO" help "$c"
	expect_out "FILTER..."
done
run bash -c "man -l '$B/share/man/man1/prio.1' 2>/dev/null | col -b"
expect_out "prio stability [FILTER...]"
run bash -c ". '$B/share/bash-completion/completions/prio'
	COMP_WORDS=(prio compare wsjf --r); COMP_CWORD=3; _prio; echo \${COMPREPLY[*]}"
expect_out "--rerank"
run bash -c "cd '$F' && PATH='$B/bin':\$PATH && . '$B/share/bash-completion/completions/prio'
	COMP_WORDS=(prio compare wsjf b); COMP_CWORD=3; _prio; echo \${COMPREPLY[*]}"
expect_out "bv"

test_case "--at reads one item or one method's ranking: no filter with it"
run "$PRIO" -C "$F" show type:bug --at yesterday
expect_status 2; expect_err "show --at: one ID, not a filter"
run "$PRIO" -C "$F" show SHOP-3 --at tomorrow --format json
expect_status 0; expect_json 'j["key"] == "SHOP-3"'
run "$PRIO" -C "$F" compare --at yesterday type:bug
expect_status 2; expect_err "compare --at: one method"
run "$PRIO" -C "$F" compare --at yesterday --format json
expect_status 2
run "$PRIO" -C "$F" compare --at tomorrow wsjf
expect_status 0; expect_out "Since tomorrow"

test_case "export --workspace writes all of it: no filter"
before=$(snapshot "$F")
run "$PRIO" -C "$F" export --workspace type:bug -o "$TMP/f2-ws.json"
expect_status 2; expect_err "--workspace writes all of it"
[ ! -e "$TMP/f2-ws.json" ] && ok || bad "a file was written"
run "$PRIO" -C "$F" export --workspace --rerank
expect_status 2
expect_unchanged "$F" "$before"
