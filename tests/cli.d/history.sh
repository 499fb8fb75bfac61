# CLI tests of the backlog's history: finished work out of the ranking,
# ids that are never reused, undo (of rm too), show and the criteria
# commands. Sourced by tests/cli.sh.

H="$TMP/hist"
new_ws hist
h() { "$PRIO" -C "$H" "$@"; }
hist_json() { expect_json "$@"; }

# --- finished work takes no rank ----------------------------------------

test_case "finished work takes no rank"
h set SHOP-3 status=done >/dev/null		# #1 by WSJF (17.67)
h set SHOP-5 status=accepted >/dev/null		# #2 (5.80)
run h list
expect_status 0
expect_line 2 "SHOP-7"; expect_line 2 "   1 "
expect_no_out "SHOP-3"; expect_no_out "SHOP-5"
run h rank --format csv
expect_status 0
expect_no_out "SHOP-3"; expect_no_out "SHOP-5"
expect_line 2 "1,5.5,,,7,SHOP-7"
run h rank --format json
expect_no_out '"SHOP-3"'

test_case "list --all: finished work after the rest, with no rank"
run h list --all
expect_status 0
expect_line 2 "SHOP-7"
expect_out "finished (2):"
expect_out "  3 SHOP-3  Fix double charge on payment retry: done"
expect_out "  5 SHOP-5  Upgrade the payment SDK before end of support: accepted"
[ "$(printf '%s\n' "$out" | grep -n 'finished (2)' | cut -d: -f1)" -gt \
  "$(printf '%s\n' "$out" | grep -n 'unscored (1)' | cut -d: -f1)" ] && ok ||
	bad "finished before unscored"
run h list --all --limit 1
expect_out "finished (2):"; expect_out "... 1 more finished"
run h rank --all --format csv
expect_status 0
expect_out ",,,,3,SHOP-3,Fix double charge"
expect_out ",,,,5,SHOP-5,"
[ "$(printf '%s\n' "$out" | tail -n 2 | cut -d, -f6 | tr '\n' ' ')" = "SHOP-3 SHOP-5 " ] &&
	ok || bad "finished rows are not last"
run h rank --all --in "$ROOT/config/sample.csv"
expect_status 2; expect_err "--all goes with the workspace"

test_case "export keeps every item; a report leaves finished work out"
run h export
expect_status 0
[ "$(printf '%s\n' "$out" | wc -l)" -eq 13 ] && ok || bad "export lost items"
expect_line 13 ",,,,5,SHOP-5,"
expect_line 12 ",,,,3,SHOP-3,"
h export -o "$TMP/hist-backup.csv"
"$PRIO" init "$TMP/hist-restored" >/dev/null
run "$PRIO" -C "$TMP/hist-restored" import "$TMP/hist-backup.csv"
expect_status 0; expect_out "12 created"
run "$PRIO" -C "$TMP/hist-restored" show SHOP-5
expect_out "accepted"
run h export --to json
expect_out '"key": "SHOP-3"'
run h export --to markdown
expect_status 0
expect_no_out "SHOP-3"; expect_no_out "SHOP-5"; expect_out "SHOP-7"
h export -o "$TMP/hist-report.html"
grep -q "SHOP-7" "$TMP/hist-report.html" && ok || bad "report lacks SHOP-7"
grep -q "SHOP-3" "$TMP/hist-report.html" && bad "report shows SHOP-3" || ok

test_case "explain, pin, compare and sprint plan leave finished work out"
run h explain SHOP-3
expect_status 1; expect_err "item 3 is finished"
run h pin SHOP-3
expect_status 1; expect_err "item 3 is finished"
run h compare wsjf rice
expect_status 0; expect_no_out "SHOP-3"
run h --set "stability.spread.job_size=1 step" stability --runs 20
expect_status 0; expect_line 4 "SHOP-7"; expect_no_out "SHOP-3"
h sprint new HS1 --start 2026-12-01 --end 2026-12-14 --capacity 20 >/dev/null
run h sprint plan --dry-run
expect_status 0
expect_out "would add 1        5 pts  rank 2    Guest checkout"
expect_no_out "Fix double charge"

test_case "the ranking cache follows finished work"
run h list --limit 3				# computes and caches
expect_line 2 "SHOP-7"
run h list --limit 3				# from the cache
expect_line 2 "SHOP-7"
h set SHOP-7 status=done >/dev/null
run h list --limit 3
expect_line 2 "SHOP-1"; expect_no_out "SHOP-7"
run h --set rank.finished=done list --limit 3	# accepted is open again
expect_status 0; expect_line 2 "SHOP-5"
run h list --limit 3
expect_line 2 "SHOP-1"; expect_no_out "SHOP-5"
h set SHOP-7 status=ready >/dev/null
run h list --limit 3
expect_line 2 "SHOP-7"

test_case "[rank] finished: a name that is no status is an error"
before=$(snapshot "$H")
run h --set rank.finished=closed list
expect_status 1; expect_err "[rank] finished: 'closed' is not a status"
cp "$H/prio.ini" "$TMP/hist-prio.ini"
printf '[rank]\nfinished = done, shipped\n' >> "$H/prio.ini"
run h list
expect_status 1; expect_err "prio.ini:"; expect_err "'shipped' is not a status"
cp "$TMP/hist-prio.ini" "$H/prio.ini"
run h --set rank.finished= list
expect_status 0; expect_out "SHOP-3"		# nothing is finished
expect_unchanged "$H" "$before"

# --- ids and history ------------------------------------------------------

test_case "ids are never reused; a removed item's log stays its own"
I="$TMP/hist-ids"
"$PRIO" init "$I" >/dev/null
i() { "$PRIO" -C "$I" "$@"; }
i add One >/dev/null; i add Two >/dev/null
run i rm 2
expect_status 0; expect_out "removed 2"
run i add Three
expect_status 0; expect_out "3"
run i log 2
expect_status 0
expect_out "item.create  #2"; expect_out "item.delete  #2"
expect_no_out "Three"; expect_no_out "#3"
run i log 3
expect_out '"title": "Three"'; expect_no_out '"Two"'
run i log 9
expect_status 1; expect_err "no item '9', and no log of one"
run i show 2
expect_status 1; expect_err "no item '2'"
printf 'id,title\n2,Two again\n' > "$TMP/hist-id2.csv"
before=$(snapshot "$I")
run i import "$TMP/hist-id2.csv"
expect_status 1; expect_err "id 2 was an item's, removed since: ids are never reused"
expect_unchanged "$I" "$before"

test_case "a store made by schema 5 migrates in place, nothing lost"
# tests/data/stores/schema5.db was made by prio at schema 5 (custom fields
# as columns f_NAME, no ids kept from removed items, no changes in the
# log): an import, a parent, an initiative, a criterion, an accepted item,
# a sprint, a removal (OLD-5) and an add that took id 5 again.
M="$TMP/hist-mig"
mkdir -p "$M"
cp "$ROOT/tests/data/stores/schema5.db" "$M/backlog.db"
cp "$ROOT/tests/data/stores/schema5.ini" "$M/prio.ini"
[ "$(sqlite3 "$M/backlog.db" 'PRAGMA user_version')" = 5 ] && ok || bad "not schema 5"
run "$PRIO" -C "$M" list
expect_status 0
# The scores it had at schema 5; OLD-4, accepted, is finished work now
# and takes no rank (it headed the list then).
expect_line 2 "   1   2  OLD-2  Apple Pay               5.00"
expect_line 3 "   2   1  OLD-1  Guest checkout          4.80"
expect_line 4 "   3   5         Added later             4.00"
expect_line 5 "   4   3  OLD-3  Search typo tolerance   1.12"
[ "$(sqlite3 "$M/backlog.db" 'PRAGMA user_version')" = 9 ] && ok || bad "not migrated"
[ -z "$(sqlite3 "$M/backlog.db" "SELECT name FROM pragma_table_info('items') WHERE name LIKE 'f\_%' ESCAPE '\'")" ] &&
	ok || bad "custom field columns left"
run sqlite3 "$M/backlog.db" "PRAGMA integrity_check"
expect_out "ok"
run "$PRIO" -C "$M" show OLD-2 --format json
hist_json "j['business_value'] == 8" "j['job_size'] == 3" "j['parent'] == 1" \
	"j['initiative'] == 'Payments'" "j['initiative_rank'] == 1" \
	"j['created'] == '2026-11-02T16:40:00Z'"
run "$PRIO" -C "$M" show OLD-4 --format json
hist_json "j['status'] == 'accepted'" "j['done_on'] == '2026-11-02'" \
	"j['accepted_on'] == '2026-11-02'" "j['criteria'][0]['checked'] == True"
run "$PRIO" -C "$M" sprint show S1
expect_status 0; expect_out "Guest checkout"
# The log reads as it did, before and after values of the old entries too.
run "$PRIO" -C "$M" log OLD-2
expect_out 'before: {"parent": null}'; expect_out 'after:  {"parent": "OLD-1"}'
# Ids: the removed one's (5) was taken again before; never from now on.
run "$PRIO" -C "$M" add D business_value=1
expect_status 0; expect_out "6"
# A field declared after the migration takes the next slot of doc.
printf '\n[field.revenue]\ntype = number\n' >> "$M/prio.ini"
run "$PRIO" -C "$M" set OLD-3 revenue=120
expect_status 0
run "$PRIO" -C "$M" show OLD-3 --format json
hist_json "j['revenue'] == 120" "j['business_value'] == 5"

test_case "kill -9 during a migration leaves the store at schema 5 or 9, whole"
K="$TMP/hist-mig-k9"
mkdir -p "$K"
cp "$ROOT/tests/data/stores/schema5.ini" "$K/prio.ini"
cp "$ROOT/tests/data/stores/schema5.db" "$K/seed.db"
# 300k more items at schema 5, so that the migration takes a while.
sqlite3 "$K/seed.db" "WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n WHERE i < 300099)
	INSERT INTO items (id, key, title, created, updated, f_business_value, f_job_size)
	SELECT i, 'K-' || i, 'Item ' || i, '2026-11-02T00:00:00Z', '2026-11-02T00:00:00Z', i % 13, 1 + i % 8 FROM n"
sums=$(sqlite3 "$K/seed.db" "SELECT count(*), total(f_business_value) FROM items")
for delay in 0.05 0.2 0.4 0.8; do
	cp "$K/seed.db" "$K/backlog.db"
	rm -f "$K/backlog.db-wal" "$K/backlog.db-shm"
	"$PRIO" -C "$K" list --limit 1 >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	v=$(sqlite3 "$K/backlog.db" 'PRAGMA user_version')
	case $v in
	5) now=$(sqlite3 "$K/backlog.db" "SELECT count(*), total(f_business_value) FROM items") ;;
	9) now=$(sqlite3 "$K/backlog.db" "SELECT count(*), total($(fld business_value)) FROM items") ;;
	*) now="schema $v" ;;
	esac
	[ "$now" = "$sums" ] && ok || bad "after kill -9 at ${delay}s: schema $v, $now (want $sums)"
	[ "$(sqlite3 "$K/backlog.db" 'PRAGMA integrity_check')" = ok ] && ok || bad "not intact"
done
run "$PRIO" -C "$K" list --limit 1
expect_status 0

test_case "prio log numbers entries; one command's entries are one change"
run i set 1 title=Uno estimate=3
run i log 1
expect_out "item.edit.story  #1"; expect_out "item.edit.estimate  #1  (change "
run i log 1 --format json
expect_out '"entry": '; expect_out '"change": '

# --- undo -----------------------------------------------------------------

test_case "undo: the latest change, all of it"
before_set=$(sqlite3 "$I/backlog.db" "SELECT title, estimate FROM items WHERE id = 1")
run i undo --dry-run
expect_status 0; expect_out '"title": "One"'; expect_out "dry run: would undo change"
[ "$(sqlite3 "$I/backlog.db" "SELECT title FROM items WHERE id = 1")" = Uno ] && ok ||
	bad "--dry-run changed the item"
run i undo
expect_status 0; expect_out "undid change"
[ "$(sqlite3 "$I/backlog.db" "SELECT title, estimate FROM items WHERE id = 1")" = "One|" ] &&
	ok || bad "not reverted"
run i log 1
expect_out "undo of change"
run i undo					# the next one back: add Three
expect_status 0; expect_out "item 3: removed"
run i show 3
expect_status 1

test_case "undo ENTRY: refused when a later change touched the same field"
i set 1 title=First >/dev/null
e1=$(sqlite3 "$I/backlog.db" "SELECT max(id) FROM log")
i set 1 title=Second >/dev/null
e2=$(sqlite3 "$I/backlog.db" "SELECT max(id) FROM log")
before=$(snapshot "$I")
run i undo "$e1"
expect_status 1
expect_err "change $e1: item 1 title was changed later, by entry $e2: undo that first"
expect_unchanged "$I" "$before"
run i undo "$e2"
expect_status 0
run i undo "$e1"
expect_status 0
[ "$(sqlite3 "$I/backlog.db" "SELECT title FROM items WHERE id = 1")" = One ] && ok ||
	bad "title not back to One"
run i undo "$e1"
expect_status 1; expect_err "change $e1 was undone already, by change"

test_case "undo of an undo puts the change back"
u=$(sqlite3 "$I/backlog.db" "SELECT max(change) FROM log")
run i undo "$u"
expect_status 0
[ "$(sqlite3 "$I/backlog.db" "SELECT title FROM items WHERE id = 1")" = First ] && ok ||
	bad "redo failed"
run i undo					# the change put back, undone again
expect_status 0; expect_out "undid change $e1 "
[ "$(sqlite3 "$I/backlog.db" "SELECT title FROM items WHERE id = 1")" = One ] && ok ||
	bad "undo after a redo failed"

test_case "undo: bad and hostile input"
before=$(snapshot "$I")
run i undo abc
expect_status 2; expect_err "expected the number of a log entry"
run i undo -- -3
expect_status 2
run i undo 99999
expect_status 1; expect_err "no change at log entry 99999"
run i undo 1 2
expect_status 2
expect_unchanged "$I" "$before"

test_case "undo of an import reverts all of it"
U="$TMP/hist-imp"
new_ws hist-imp
u() { "$PRIO" -C "$U" "$@"; }
printf 'key,title,business_value\nSHOP-1,Renamed,1\nSHOP-2,Also renamed,2\nNEW-1,Brand new,5\n' > "$TMP/hist-imp.csv"
items_of() { sqlite3 "$U/backlog.db" "SELECT id, key, title, $(fld business_value) FROM items ORDER BY id"; }
before=$(items_of)
run u import "$TMP/hist-imp.csv"
expect_status 0; expect_out "1 created, 2 updated"
run u undo
expect_status 0; expect_out "(3 entries)"; expect_out "item 13: removed"
[ "$(items_of)" = "$before" ] && ok || bad "the import was not reverted whole"
run u show SHOP-1
expect_out "Guest checkout without an account"
run u show SHOP-2
expect_out "Apple Pay and Google Pay at checkout"
run u show NEW-1
expect_status 1

test_case "undo is checked by the policy, field by field, as set is"
printf '\n[users]\ndev = developer\nann = product\n' >> "$U/prio.ini"
PRIO_USER=ann u set SHOP-3 business_value=1 >/dev/null
before=$(items_of)
PRIO_USER=dev run u undo
expect_status 3; expect_err "may change business_value"
[ "$(items_of)" = "$before" ] && ok || bad "a refused undo changed items"
PRIO_USER=ann run u log SHOP-3
expect_out "REFUSED"
PRIO_USER=ann u set SHOP-3 estimate=13 >/dev/null
PRIO_USER=dev run u undo
expect_status 0
PRIO_USER=ann run u undo --dry-run
expect_status 0

test_case "undo refuses what it cannot revert, and says so"
PRIO_USER=ann u vision set "A vision" >/dev/null
before=$(snapshot "$U")
PRIO_USER=ann run u undo
expect_status 1; expect_err "cannot be undone"
expect_unchanged "$U" "$before"

# --- rm is undoable -------------------------------------------------------

test_case "rm then undo brings the item back whole, with its id and criteria"
R="$TMP/hist-rm"
new_ws hist-rm
r() { "$PRIO" -C "$R" "$@"; }
r criteria add SHOP-4 "Carts sync" >/dev/null
r criteria add SHOP-4 "Works offline" >/dev/null
r criteria check SHOP-4 2 >/dev/null
r set SHOP-4 parent=SHOP-12 status=in-progress >/dev/null
r pin SHOP-4 2 >/dev/null
whole=$(sqlite3 "$R/backlog.db" "SELECT * FROM items WHERE id = 4; SELECT * FROM criteria WHERE item = 4")
run r rm SHOP-4
expect_status 0
run r log 4
expect_out "item.delete  #4"; expect_out '"text": "Works offline", "checked": true'
r add "Not four" >/dev/null
run r undo
expect_out "item 13: removed"
run r undo
expect_status 0; expect_out "item 4: restored"
[ "$(sqlite3 "$R/backlog.db" "SELECT * FROM items WHERE id = 4; SELECT * FROM criteria WHERE item = 4")" = "$whole" ] &&
	ok || bad "the item did not come back whole"
run r show SHOP-4
expect_out "Saved carts across devices"
run r list
expect_out "SHOP-4"

# --- show and criteria ----------------------------------------------------

test_case "criteria: check several or all, edit, rm; each one change, undoable"
C="$TMP/hist-crit"
new_ws hist-crit
c() { "$PRIO" -C "$C" "$@"; }
c criteria add SHOP-1 "Pays as a guest" >/dev/null
c criteria add SHOP-1 "Gets a receipt" >/dev/null
c criteria add SHOP-1 "Can make an account later" >/dev/null
run c criteria check SHOP-1 1 3
expect_status 0; expect_out "criterion 1 checked"; expect_out "criterion 3 checked"
run c criteria list SHOP-1
expect_out "1. [x] Pays"; expect_out "2. [ ] Gets"; expect_out "3. [x] Can make"
run c criteria uncheck SHOP-1 all
expect_status 0
run c criteria list SHOP-1
expect_no_out "[x]"
run c criteria check SHOP-1 all
run c criteria list SHOP-1
expect_no_out "[ ]"
run c undo
expect_status 0; expect_out "(3 entries)"
run c criteria list SHOP-1
expect_no_out "[x]"
run c criteria edit SHOP-1 2 "Gets a receipt by email"
expect_status 0; expect_out "criterion 2 edited"
run c criteria rm SHOP-1 1
expect_status 0; expect_out "criterion 1 removed"
run c criteria list SHOP-1
expect_no_out "Pays as a guest"; expect_out "2. [ ] Gets a receipt by email"
expect_out "3. [ ] Can make"		# numbers stay with their criteria
run c log SHOP-1
expect_out '"text": "Gets a receipt", "checked": false}'
run c undo
expect_status 0
run c criteria list SHOP-1
expect_out "1. [ ] Pays as a guest"
run c undo
run c criteria list SHOP-1
expect_out "2. [ ] Gets a receipt"; expect_no_out "by email"

test_case "criteria: bad numbers and rights change nothing"
before=$(snapshot "$C")
run c criteria check SHOP-1 1 9
expect_status 1; expect_err "item 1 has no criterion 9"
run c criteria check SHOP-1 x
expect_status 2; expect_err "'x': expected the number of a criterion"
run c criteria edit SHOP-1 9 "Nope"
expect_status 1; expect_err "no criterion 9"
run c criteria edit SHOP-1 1 ""
expect_status 2
run c criteria rm SHOP-1
expect_status 2
run c criteria rm SHOP-1 0
expect_status 2
run c criteria uncheck SHOP-1 all 1
expect_status 2
expect_unchanged "$C" "$before"
# Rights come from the workspace's prio.ini, never from --set.
cp "$C/prio.ini" "$C/prio.ini.combined"
printf '\n[roles]\npolicy = separate\ndefault =\n\n[users]\npam = pm\n' \
	>> "$C/prio.ini"
run c --as pam criteria rm SHOP-1 1
expect_status 3
run c --as pam criteria edit SHOP-1 1 "Mine"
expect_status 3
mv "$C/prio.ini.combined" "$C/prio.ini"
run c criteria list SHOP-1
expect_out "1. [ ] Pays as a guest"

test_case "show: criteria with their state, sprint, children, log entries"
c criteria check SHOP-1 1 >/dev/null
c set SHOP-2 parent=SHOP-1 >/dev/null
c set SHOP-10 parent=SHOP-1 >/dev/null
c sprint new HS --start 2026-12-01 --end 2026-12-14 --capacity 30 >/dev/null
c sprint add SHOP-1 >/dev/null
# Its own entries, and the import's that made it (history.h).
n=$(( $(sqlite3 "$C/backlog.db" "SELECT count(*) FROM log WHERE item = 1") + 1 ))
run c show SHOP-1
expect_status 0
expect_out "criteria:          1 of 3 checked"
expect_out "  1. [x] Pays as a guest"; expect_out "  2. [ ] Gets a receipt"
expect_out "sprint:            HS"
expect_out "children:          2"
expect_out "  2 SHOP-2  Apple Pay and Google Pay at checkout"
expect_out "  10 SHOP-10  Accessibility audit fixes on checkout"
expect_out "log:               $n entries (prio log 1)"
run c show SHOP-1 --format json
expect_status 0
hist_json "j['key'] == 'SHOP-1'" "j['business_value'] == 13" \
	"[x['checked'] for x in j['criteria']] == [True, False, False]" \
	"j['criteria'][1]['text'] == 'Gets a receipt'" "j['sprint'] == 'HS'" \
	"[x['id'] for x in j['children']] == [2, 10]" \
	"j['children'][0]['key'] == 'SHOP-2'" "j['log_entries'] == $n"
run c show SHOP-9
expect_out "criteria:          none"; expect_out "sprint:            none"
expect_out "children:          0"
run c show SHOP-9 --format json
hist_json "j['criteria'] == []" "j['sprint'] is None" "j['children'] == []" \
	"j['log_entries'] == 1"
run c show SHOP-9 --format xml
expect_status 2; expect_err "expected text or json"

test_case "undo restores text exactly: quotes, tabs, newlines, UTF-8, control bytes"
X="$TMP/hist-text"
"$PRIO" init "$X" >/dev/null
odd=$(printf 'Say "hi"\\ \t\nnext line \001 é 😀 end')
"$PRIO" -C "$X" add "$odd" labels="$odd" >/dev/null
orig=$(sqlite3 "$X/backlog.db" "SELECT hex(title), hex(labels) FROM items WHERE id = 1")
"$PRIO" -C "$X" set 1 title=plain labels= >/dev/null
run "$PRIO" -C "$X" undo
expect_status 0
[ "$(sqlite3 "$X/backlog.db" "SELECT hex(title), hex(labels) FROM items WHERE id = 1")" = "$orig" ] &&
	ok || bad "text not restored byte for byte"
"$PRIO" -C "$X" rm 1 >/dev/null
run "$PRIO" -C "$X" undo
expect_status 0
[ "$(sqlite3 "$X/backlog.db" "SELECT hex(title), hex(labels) FROM items WHERE id = 1")" = "$orig" ] &&
	ok || bad "rm + undo changed the text"

test_case "undo of a rejection is an acceptance: the accept right, as for accept"
U="$TMP/hist-undo-rights"
"$PRIO" init "$U" >/dev/null
u() { "$PRIO" -C "$U" "$@"; }
u add "Story" status=done estimate=3 >/dev/null
u criteria add 1 "works" >/dev/null
u criteria check 1 1 >/dev/null
u accept 1 >/dev/null
u reject 1 --reason "not yet" >/dev/null
printf '\n[users]\nben = developer\n' >> "$U/prio.ini"
snap=$(sqlite3 "$U/backlog.db" "SELECT status FROM items")
run u --as ben undo
expect_status 3; expect_err "may accept or reject"
[ "$(sqlite3 "$U/backlog.db" "SELECT status FROM items")" = "$snap" ] && ok || bad "the status changed"
run u log 1
expect_out "REFUSED"
run u undo
expect_status 0
run u show 1
expect_out "accepted"
