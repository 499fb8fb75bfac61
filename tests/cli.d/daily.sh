# Daily use: "did you mean", shell completion and the manual pages, all
# made from the command table.

test_case "did you mean: commands"
run "$PRIO" lsit
expect_status 2; expect_err "unknown command 'lsit'; did you mean 'list'?"
run "$PRIO" sprnt
expect_err "did you mean 'sprint'?"
run "$PRIO" help critera
expect_status 2; expect_err "did you mean 'criteria'?"
run "$PRIO" xyzzy
expect_status 2; expect_err "unknown command 'xyzzy' (prio help lists them)"
expect_no_out "did you mean"

# complete_words LINE...: what bash's completion of prio offers for the
# last word of LINE (words as separate arguments; "" for an empty one),
# through the installed script, in the workspace $TMP/daily.
complete_words() {
	(cd "$TMP/daily" && PATH="$B/bin:$PATH" bash -c '
		. "$1"; shift
		COMP_WORDS=(prio "$@"); COMP_CWORD=$#
		_prio
		printf "%s\n" "${COMPREPLY[@]}"' _ \
		"$B/share/bash-completion/completions/prio" "$@")
}

test_case "bash completion, from the command table and the workspace"
new_ws daily
"$PRIO" -C "$TMP/daily" add "Typed" key=TYPO-1 >/dev/null
run bash -c ". '$B/share/bash-completion/completions/prio' && complete -p prio"
expect_status 0; expect_out "complete -F _prio prio"
run complete_words li
expect_out "list"; expect_no_out "rank"
run complete_words sprint ""
expect_out "plan"; expect_out "close"
run complete_words list --l
expect_out "--limit"
run complete_words rank --method ""
expect_out "wsjf"; expect_out "rice"
run complete_words export --to ""
expect_out "csv"; expect_out "json"
run complete_words show TYPO
expect_out "TYPO-1"
run complete_words set TYPO-1 busi
expect_out "business_value="
run complete_words -C "$TMP/daily" show TY
expect_out "TYPO-1"
if command -v zsh >/dev/null; then
	run zsh -n "$B/share/zsh/site-functions/_prio"
	expect_status 0
fi
run "$PRIO" completion fish
expect_status 2; expect_err "bash or zsh"

test_case "manual pages: made from --help, and man reads them"
for page in man1/prio.1 man5/prio.ini.5 man7/prio-plugin.7; do
	run env MANWIDTH=80 man -l "$B/share/man/$page"
	expect_status 0
	case "$(printf '%s' "$err" | grep -v '^$')" in
	"") ok ;; *) bad "man -l $page warns: $err" ;; esac
done
run env MANWIDTH=80 man -l "$B/share/man/man1/prio.1"
for c in init list sprint completion; do expect_out "prio $c"; done
# The page says what --help says, word for word.
expect_out "plan, follow and close sprints"
run env MANWIDTH=80 man -l "$B/share/man/man5/prio.ini.5"
expect_out "velocity_window"; expect_out "[method.wsjf_safe]"
run env MANWIDTH=80 man -l "$B/share/man/man7/prio-plugin.7"
expect_out "PRIO_PLUGIN_DEFINE"

test_case "make install puts the pages, completion and examples in place"
run make -s -C "$ROOT" B="$B" install-built DESTDIR="$TMP/inst" PREFIX=/usr
expect_status 0
for f in share/man/man1/prio.1 share/man/man5/prio.ini.5 \
	share/man/man7/prio-plugin.7 share/bash-completion/completions/prio \
	share/zsh/site-functions/_prio share/prio/examples/methods.ini \
	share/prio/examples/lua.ini share/prio/examples/scoring/rules.lua; do
	[ -s "$TMP/inst/usr/$f" ] && ok || bad "make install left out $f"
done

test_case "did you mean: fields, methods, formats, INI sections and keys"
new_ws dym
snap=$(snapshot "$TMP/dym")
run "$PRIO" -C "$TMP/dym" add "Typo" busines_value=3
expect_status 1; expect_err "unknown field 'busines_value'; did you mean 'business_value'?"
run "$PRIO" -C "$TMP/dym" set 1 job_sise=3
expect_status 1; expect_err "did you mean 'job_size'?"
expect_unchanged "$TMP/dym" "$snap"
run "$PRIO" -C "$TMP/dym" rank --method wsjg
expect_status 1; expect_err "unknown method 'wsjg'; did you mean 'wsjf'?"
run "$PRIO" -C "$TMP/dym" rank --method hose
expect_status 1; expect_err "unknown method 'hose' (no [method.hose] section"
run "$PRIO" -C "$TMP/dym" export --to jsn
expect_status 1; expect_err "unknown format 'jsn'; did you mean 'json'?"
run "$PRIO" -C "$TMP/dym" --set rnk.method=wsjf list
expect_status 1; expect_err "unknown section [rnk]; did you mean [rank]?"
run "$PRIO" -C "$TMP/dym" --set rank.metod=wsjf list
expect_status 1; expect_err "[rank] unknown key 'metod'; did you mean 'method'?"
printf '[feild.revenue]\ntype = number\n' >> "$TMP/dym/prio.ini"
run "$PRIO" -C "$TMP/dym" list
expect_status 1; expect_err "prio.ini:"
expect_err "unknown section [feild.revenue]; did you mean [field.revenue]?"

test_case "date fields: YYYY-MM-DD, or today, tomorrow, +3d, +2w at the command line"
"$PRIO" init "$TMP/dates" >/dev/null
printf '\n[field.due]\ntype = date\n' >> "$TMP/dates/prio.ini"
export PRIO_TODAY=2026-12-06
run "$PRIO" -C "$TMP/dates" add "In three days" due=+3d
expect_status 0
run "$PRIO" -C "$TMP/dates" add "In two weeks" due=+2w
run "$PRIO" -C "$TMP/dates" add "Tomorrow" due=tomorrow
run "$PRIO" -C "$TMP/dates" add "Fixed" due=2027-01-31
run "$PRIO" -C "$TMP/dates" show 1
expect_out "2026-12-09"
run "$PRIO" -C "$TMP/dates" show 2
expect_out "2026-12-20"
run "$PRIO" -C "$TMP/dates" show 3
expect_out "2026-12-07"
snap=$(snapshot "$TMP/dates")
run "$PRIO" -C "$TMP/dates" add "Bad" due=2026-02-30
expect_status 1; expect_err "due: '2026-02-30' is not a date like 2026-12-24 (or today"
run "$PRIO" -C "$TMP/dates" set 1 due=soon
expect_status 1; expect_err "'soon' is not a date"
printf 'title,due\nOK,2026-12-31\nEuropean,31/12/2026\n' > "$TMP/dates/x.csv"
run "$PRIO" -C "$TMP/dates" import "$TMP/dates/x.csv"
expect_status 1; expect_err "x.csv:3: column due: '31/12/2026' is not a date"
expect_unchanged "$TMP/dates" "$snap"
printf '\n[field.bad]\ntype = day\n' >> "$TMP/dates/prio.ini"
run "$PRIO" -C "$TMP/dates" list
expect_status 1; expect_err "expected number, text or date"
unset PRIO_TODAY

test_case "filters on list and rank: rows hidden, ranks kept (or --rerank)"
new_ws filt
f() { "$PRIO" -C "$TMP/filt" "$@"; }
"$PRIO" -C "$TMP/filt" set SHOP-2 labels=checkout,urgent >/dev/null
run f list type:bug
expect_status 0
expect_line 2 "   1   3  SHOP-3"; expect_no_out "SHOP-5"
run f list +checkout
expect_line 2 "   4   1  SHOP-1"; expect_out "   6  10  SHOP-10"
run f list -checkout --limit 2
expect_line 2 "   1   3  SHOP-3"; expect_line 3 "   2   5  SHOP-5"
expect_out "more ranked"
run f list /pay/ --rerank
expect_line 4 "   3   2  SHOP-2"
run f list /pay/
expect_line 4 "   8   2  SHOP-2"
run f list SHOP-2 SHOP-3
expect_line 2 "SHOP-3"; expect_line 3 "SHOP-2"; expect_no_out "SHOP-1 "
run f list 'estimate:>=5' 'estimate:<9'
expect_status 0
run f rank --format csv type:bug,debt
expect_status 0; expect_out "SHOP-3"; expect_no_out "SHOP-1,"
run f list 'job_size:'
expect_out "SHOP-9"; expect_no_out "SHOP-3"
"$PRIO" -C "$TMP/filt" set SHOP-11 status=done >/dev/null
run f list status:done
expect_status 0; expect_out "finished (1):"; expect_out "SHOP-11"
run f list
expect_no_out "SHOP-11"
run f list tpye:bug
expect_status 2; expect_err "filter 'tpye:bug': unknown field 'tpye'; did you mean 'type'?"
run f list 'estimate:>lots'
expect_status 2; expect_err "'lots' is not a number"
run f list status:don
expect_status 2; expect_err "did you mean 'done'?"
run f list SHOP-999
expect_status 1; expect_err "no item 'SHOP-999'"
run f list sprint:open
expect_status 1; expect_err "no sprint is open"
run f rank --in "$ROOT/config/sample.csv" type:bug
expect_status 2; expect_err "not of --in FILE"
kid=$("$PRIO" -C "$TMP/filt" add "Child story" parent=SHOP-1)
"$PRIO" -C "$TMP/filt" add "Grandchild" parent="$kid" >/dev/null
run f list under:SHOP-1 --all
expect_out "Child story"; expect_out "Grandchild"; expect_no_out "SHOP-3"

test_case "set FILTER... FIELD=VALUE: many items, one transaction, undone together"
new_ws multi
m() { "$PRIO" -C "$TMP/multi" "$@"; }
snap=$(snapshot "$TMP/multi")
run m set type:bug,debt labels=triaged --dry-run
expect_status 0; expect_out "would change item 3"
expect_out "dry run: 3 of 3 items would change"
expect_unchanged "$TMP/multi" "$snap"
run m set type:bug,debt labels=triaged </dev/null
expect_status 0; expect_out "changed "
n=$(store_sql "$TMP/multi" "SELECT count(*) FROM items WHERE labels = 'triaged'")
want=$(store_sql "$TMP/multi" "SELECT count(*) FROM items WHERE type IN ('bug', 'debt')")
[ "$n" = "$want" ] && [ "$n" -ge 2 ] && ok || bad "$n of $want items changed"
run m log
changes=$(printf '%s\n' "$out" | grep -c "triaged")
[ "$changes" = "$n" ] && ok || bad "one log entry per item: $changes for $n"
run m undo
expect_status 0
[ "$(store_sql "$TMP/multi" "SELECT count(*) FROM items WHERE labels = 'triaged'")" = 0 ] &&
	ok || bad "undo left some"
run m set 3 5 estimate=2
expect_status 0; expect_out "changed 2 of 2 items"
run m set +nothing estimate=1
expect_status 1; expect_err "no item matches"
run m set type:bug
expect_status 2
run m set tpye:bug estimate=1
expect_status 2; expect_err "did you mean 'type'?"
# One refusal refuses all, naming the item.
printf '\n[users]\nben = developer\n' >> "$TMP/multi/prio.ini"
snap=$(store_sql "$TMP/multi" "SELECT id, title, status, estimate FROM items")
run m --as ben set 3 5 estimate=8 title=Mine
expect_status 3; expect_err "item 3: "; expect_err "(nothing was changed)"
[ "$(store_sql "$TMP/multi" "SELECT id, title, status, estimate FROM items")" = "$snap" ] &&
	ok || bad "a refused multi-item set changed something"

test_case "rm FILTER... or several ids: one transaction, undone together"
new_ws multirm
r() { "$PRIO" -C "$TMP/multirm" "$@"; }
snap=$(snapshot "$TMP/multirm")
run r rm type:debt --dry-run
expect_status 0; expect_out "would remove "
expect_unchanged "$TMP/multirm" "$snap"
before=$(store_sql "$TMP/multirm" "SELECT * FROM items ORDER BY id")
run r rm 1 2 </dev/null
expect_status 0; expect_out "removed 1"; expect_out "removed 2"
run r show 1
expect_status 1
run r undo
expect_status 0
[ "$(store_sql "$TMP/multirm" "SELECT * FROM items ORDER BY id")" = "$before" ] &&
	ok || bad "undo did not bring both back whole"
run r rm +nothing
expect_status 1; expect_err "no item matches"
run r rm
expect_status 2
printf '\n[users]\nben = developer\n' >> "$TMP/multirm/prio.ini"
snap=$(store_sql "$TMP/multirm" "SELECT * FROM items ORDER BY id")
run r --as ben rm 1 2 --yes
expect_status 3; expect_err "(nothing was removed)"
[ "$(store_sql "$TMP/multirm" "SELECT * FROM items ORDER BY id")" = "$snap" ] &&
	ok || bad "a refused rm removed something"

test_case "a filter over the cached ranking shows what ranking afresh shows"
new_ws fcache
fc() { "$PRIO" -C "$TMP/fcache" "$@"; }
fc list --limit 5 >/dev/null	# ranks and caches
run fc list +checkout --limit 3
cached=$out
run fc list +checkout --all
fresh=$(printf '%s\n' "$out" | sed -n 1,4p)
[ "$(printf '%s\n' "$cached" | sed -n 1,4p)" = "$fresh" ] && ok || bad "cached: $cached / fresh: $fresh"
expect_out "   4   1  SHOP-1"
fc set SHOP-10 business_value=100 >/dev/null
run fc list +checkout --limit 3
expect_line 2 "   2  10  SHOP-10"

test_case "on a narrow terminal a long title ends in an ellipsis"
new_ws narrow
if command -v script >/dev/null; then
	run script -qc "COLUMNS=50 LANG=C.UTF-8 '$PRIO' -C '$TMP/narrow' list --limit 2" /dev/null
	expect_out "Fix double charge on pay…  17.67"
	run script -qc "COLUMNS=50 LANG=C '$PRIO' -C '$TMP/narrow' list --limit 2" /dev/null
	expect_out "Fix double charge on pay~  17.67"
	run "$PRIO" -C "$TMP/narrow" list --limit 2	# a pipe: never cut
	expect_out "Fix double charge on payment retry"
fi

test_case "move --top that changes nothing says so, and logs nothing"
new_ws mv
"$PRIO" -C "$TMP/mv" move SHOP-3 --top >/dev/null
snap=$(snapshot "$TMP/mv")
run "$PRIO" -C "$TMP/mv" move SHOP-3 --top
expect_status 0; expect_out "3 is already at position 1: nothing changed"
expect_unchanged "$TMP/mv" "$snap"

test_case "a pinned item is marked in the list"
new_ws pinned
"$PRIO" -C "$TMP/pinned" pin SHOP-1 1 >/dev/null
run "$PRIO" -C "$TMP/pinned" list --limit 3
expect_line 2 "SHOP-1"; expect_line 2 "(pinned)"
expect_line 3 "SHOP-3"
case "$(printf '%s\n' "$out" | sed -n 3p)" in *pinned*) bad "SHOP-3 marked" ;; *) ok ;; esac
run "$PRIO" -C "$TMP/pinned" list
expect_line 2 "(pinned)"

test_case "prio watch draws the backlog again when anyone changes it"
new_ws watch
watch_change "$TMP/watch" "$PRIO" -C "$TMP/watch" set SHOP-9 job_size=1 time_criticality=40
expect_status 0
[ "$(printf '%s\n' "$out" | grep -c 'prio watch: drawn again')" = 2 ] && ok || bad "not drawn twice"
printf '%s\n' "$out" | awk '/drawn again/{n++} n==2' | sed -n 3p | grep -q SHOP-9 &&
	ok || bad "the second drawing does not lead with SHOP-9"
run "$PRIO" -C "$TMP/watch" watch --limit x
expect_status 2
