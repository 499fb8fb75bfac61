# A backlog shared on PostgreSQL: this area's own cluster (scripts/pg-
# cluster), people as server roles (PGUSER names one; the test cluster
# trusts local connections, as a team's would use peer authentication).

if ! pg_up; then
	test_case "a PostgreSQL cluster starts for the tests"
	bad "scripts/pg-cluster could not start one (is postgresql installed?)"
	return 0
fi
sql() { psql -X -q -t -A -d "$PG_URL" "$@"; }
# as ROLE SQL: runs SQL as that person, keeps $out, $err, $status
as() { local who=$1; shift; PGUSER=$who run psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$PG_URL" -c "$*"; }
for u in pat olive dave sam eve; do sql -c "CREATE ROLE $u LOGIN"; done
S=$TMP/shop

test_case "init --store makes a workspace on the server, trusted"
run "$PRIO" init "$S" --store "$PG_URL" --schema shop
expect_status 0; expect_out "schema shop on $PG_URL"
[ ! -e "$S/backlog.db" ] && ok || bad "a backlog.db was made too"
grep -q '^url = postgresql://' "$S/prio.ini" && grep -q '^schema = shop' "$S/prio.ini" &&
	ok || bad "prio.ini lacks [store]"
grep -qx "$(cd "$S" && pwd -P)" "$XDG_CONFIG_HOME/prio/trusted" && ok || bad "not trusted"
[ "$(sql -c "SELECT count(*) FROM shop.meta WHERE key = 'layout'")" = 1 ] &&
	ok || bad "no layout in schema shop"
run "$PRIO" init "$TMP/again" --store "$PG_URL" --schema shop
expect_status 1; expect_err "schema shop already exists"
[ ! -e "$TMP/again/prio.ini" ] && ok || bad "a half-made workspace was left"
run "$PRIO" init "$TMP/bad" --store "$PG_URL" --schema 'Shop; DROP'
expect_status 1; expect_err "not a name prio uses"
run "$PRIO" init "$TMP/bad2" --store /tmp/not-a-url
expect_status 2; expect_err "not a server URL"
run "$PRIO" init "$TMP/bad3" --schema x
expect_status 2; expect_err "give --store URL too"
run "$PRIO" init "$TMP/down" --store "postgresql:///prio?host=$TMP/nowhere"
expect_status 1; expect_err "cannot connect"
# A [store] url that is no server, in a workspace's own prio.ini.
"$PRIO" init "$TMP/notsrv" >/dev/null
printf '[store]\nurl = /etc/passwd\n' >>"$TMP/notsrv/prio.ini"
before=$(snapshot "$TMP/notsrv")
run "$PRIO" -C "$TMP/notsrv" list
expect_status 1; expect_err "prio.ini:"; expect_err "[store] url: not a server"
expect_unchanged "$TMP/notsrv" "$before"

test_case "the same commands work on the server"
printf 'key,title,business_value,time_criticality,risk_reduction,job_size,estimate\n' >"$TMP/s.csv"
printf 'S-1,Checkout,13,8,3,5,5\nS-2,Search,8,3,2,3,3\nS-3,Wishlist,3,1,1,8,8\n' >>"$TMP/s.csv"
run "$PRIO" -C "$S" import "$TMP/s.csv"
expect_status 0; expect_out "3 created"
run "$PRIO" -C "$S" list
expect_line 2 "S-1"; expect_line 3 "S-2"
run "$PRIO" -C "$S" set S-3 job_size=1
expect_status 0
run "$PRIO" -C "$S" list
expect_line 2 "S-3"
run "$PRIO" -C "$S" criteria add S-1 "Pays by card"
expect_status 0
run "$PRIO" -C "$S" rm S-2
expect_status 0
run "$PRIO" -C "$S" add "Next"
expect_status 0; expect_out "4"
run "$PRIO" -C "$S" undo
expect_status 0
run "$PRIO" -C "$S" add "After"
expect_status 0; expect_out "5"	# ids are never reused, on the server too
run "$PRIO" -C "$S" show S-1 --format json
expect_json 'j["key"] == "S-1"' 'j["business_value"] == 13'

test_case "who acts is who the server authenticated"
# Until roles apply, the schema is its maker's alone.
PGUSER=pat run "$PRIO" -C "$S" list
expect_status 3; expect_err "pat may not read schema shop"
printf '[users]\npat = product\n' >>"$S/prio.ini"
run "$PRIO" -C "$S" roles apply
expect_status 0
PGUSER=pat run "$PRIO" -C "$S" set S-1 labels=web
expect_status 0
run "$PRIO" -C "$S" log S-1 --format json
expect_json 'j[-1]["user"] == "pat"' 'j[-1]["via"] == "server"'
run "$PRIO" -C "$S" --as olive list
expect_status 2; expect_err "--as cannot name someone else there"
PRIO_USER=olive run "$PRIO" -C "$S" list
expect_status 2; expect_err "PRIO_USER cannot name someone else there"
# Nobody writes another's name into the log, past prio either.
as pat "INSERT INTO shop.log (at, \"user\", roles, action, outcome) VALUES ('x', 'olive', '', 'forged', 'done') RETURNING \"user\""
expect_status 0; expect_out "pat"

test_case "a workspace that names a server counts only once trusted"
mkdir -p "$TMP/clone"
cp "$S/prio.ini" "$TMP/clone/prio.ini"
run "$PRIO" -C "$TMP/clone" list
expect_status 1; expect_err "connecting sends your credentials there: trust it first"
run "$PRIO" trust "$TMP/clone"
run "$PRIO" -C "$TMP/clone" list
expect_status 0; expect_out "S-1"

test_case "prio roles apply: what prio refuses, SQL refuses"
T=$TMP/team
"$PRIO" init "$T" --store "$PG_URL" --schema team >/dev/null
"$PRIO" -C "$T" import "$TMP/s.csv" >/dev/null
"$PRIO" -C "$T" criteria add S-1 "Pays by card" >/dev/null
"$PRIO" -C "$T" roles switch separate --map "$(id -un)=pm,pat=pm,olive=po,dave=developer,sam=stakeholder" --default none >/dev/null
run "$PRIO" -C "$T" roles apply
expect_status 0; expect_out "prio_team_po:"
expect_line 3 '"estimate"'
# Group roles made, and granted to the people [users] names.
[ "$(sql -c "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'prio_team_%'")" = 5 ] &&
	ok || bad "not 4 roles and an owner"
[ "$(sql -c "SELECT pg_has_role('olive', 'prio_team_po', 'MEMBER')")" = t ] &&
	ok || bad "olive is not in prio_team_po"
[ "$(sql -c "SELECT relforcerowsecurity FROM pg_class WHERE oid = 'team.items'::regclass")" = t ] &&
	ok || bad "row security not forced on items"
[ "$(sql -c "SELECT count(*) FROM information_schema.table_privileges WHERE table_schema = 'team' AND table_name = 'items' AND privilege_type = 'UPDATE' AND grantee <> 'prio_team_owner'")" = 0 ] &&
	ok || bad "a table-wide UPDATE grant (it would override column revokes)"
bv=$(sql -c "SELECT slot FROM team.fields WHERE name = 'business_value'")
# The deny suite: each person, straight SQL, and prio, agree.
as olive "UPDATE team.items SET doc = team.doc_put(doc, '{$bv}', '[1]') WHERE key = 'S-1'"
expect_status 1; expect_err "olive may not change business_value"
PGUSER=olive run "$PRIO" -C "$T" set S-1 business_value=1
expect_status 3
as pat "UPDATE team.items SET doc = team.doc_put(doc, '{$bv}', '[21]') WHERE key = 'S-1'"
expect_status 0
as pat "UPDATE team.items SET estimate = 1 WHERE key = 'S-1'"
expect_status 1; expect_err "permission denied"
PGUSER=pat run "$PRIO" -C "$T" set S-1 estimate=1
expect_status 3
as olive "UPDATE team.items SET estimate = 2, title = 'Checkout v2' WHERE key = 'S-1'"
expect_status 0
as dave "UPDATE team.items SET title = 'mine' WHERE key = 'S-1'"
expect_status 1; expect_err "permission denied"
as dave "UPDATE team.items SET status = 'done' WHERE key = 'S-2'"
expect_status 0
as dave "UPDATE team.items SET status = 'accepted' WHERE key = 'S-2'"
expect_status 1; expect_err "dave may not move item"
as olive "UPDATE team.items SET status = 'accepted' WHERE key = 'S-1'"
expect_status 1; expect_err "acceptance criteria are open"
as olive "UPDATE team.items SET status = 'accepted' WHERE key = 'S-2'"
expect_status 0
as pat "DELETE FROM team.items WHERE key = 'S-3'"
expect_status 1; expect_err "permission denied"
as sam "INSERT INTO team.items (id, title, created, updated) VALUES (90, 'Idea', 'x', 'x')"
expect_status 1; expect_err "row-level security"
as sam "INSERT INTO team.items (id, title, status, created, updated) VALUES (91, 'Idea', 'proposed', 'x', 'x')"
expect_status 0
as olive "INSERT INTO team.meta VALUES ('vision', 'mine')"
expect_status 1
as pat "INSERT INTO team.meta VALUES ('vision', 'Shop anywhere')"
expect_status 0
as pat "UPDATE team.meta SET value = '99' WHERE key = 'removed_id' RETURNING value"
expect_status 0; expect_no_out 99	# row security: not a row pat may see to write
# What a deleter may write, only upwards: lowered, ids would come back.
as olive "UPDATE team.meta SET value = '-1' WHERE key = 'removed_id'"
expect_status 1; expect_err "removed_id only rises"
# The shared ranking cache: each reads and writes only their own.
as olive "INSERT INTO team.cache (name, owner, generation, data) VALUES ('rank', 'pat', 0, '')"
expect_status 1; expect_err "row-level security"
# A field's slot is its own: a second name for slot 0 is refused.
as olive "INSERT INTO team.fields VALUES ('evil', 'number', 0)"
expect_status 1; expect_err "duplicate key"
as eve "SELECT count(*) FROM team.items"
expect_status 1; expect_err "permission denied"
PGUSER=eve run "$PRIO" -C "$T" list
expect_status 3; expect_err "eve may not read schema team"
as olive "UPDATE team.log SET \"user\" = 'pat'"
expect_status 1; expect_err "permission denied"
# What SQL changed past prio is in the log, under who changed it.
run "$PRIO" -C "$T" log --format json
expect_json '[e["user"] for e in j if e["action"] == "sql.update"][:1] == ["pat"]' \
	'any(e["action"] == "sql.insert" and e["user"] == "sam" for e in j)'
run "$PRIO" -C "$T" list
expect_status 0; expect_out "Checkout v2"

test_case "a refusal by the server is prio's exit 3, with its reason"
# prio.ini now makes business_value a story field; the server was told
# otherwise, and holds to it until roles apply runs again.
cp "$T/prio.ini" "$TMP/team.ini"
printf '[field.business_value]\nedit = story\n' >>"$T/prio.ini"
PGUSER=olive run "$PRIO" -C "$T" set S-3 business_value=40
expect_status 3; expect_err "the server refused: olive may not change business_value"
run "$PRIO" -C "$T" show S-3 --format json
expect_json 'j["business_value"] == 3'
cp "$TMP/team.ini" "$T/prio.ini"

test_case "roles apply on a file says why not"
"$PRIO" init "$TMP/local" >/dev/null
run "$PRIO" -C "$TMP/local" roles apply
expect_status 1; expect_err "only a server store"
PGUSER=olive run "$PRIO" -C "$T" roles apply
expect_status 3

test_case "16 people writing at once lose nothing"
W=$TMP/many
"$PRIO" init "$W" --store "$PG_URL" --schema many >/dev/null
for i in $(seq 1 16); do printf 'M-%d,Item %d,0,1,1,1\n' "$i" "$i"; done |
	sed '1i key,title,business_value,time_criticality,risk_reduction,job_size' >"$TMP/m.csv"
"$PRIO" -C "$W" import "$TMP/m.csv" >/dev/null
for w in $(seq 1 16); do
	(for n in $(seq 1 10); do
		# Each writer its own field of one shared item, and its own item.
		"$PRIO" -C "$W" set M-1 "labels=w$w-$n" >/dev/null 2>&1 || echo fail
		"$PRIO" -C "$W" set "M-$w" "business_value=$n" >/dev/null 2>&1 || echo fail
	done) >"$TMP/w$w.out" &
done
wait
cat "$TMP"/w*.out | grep -q fail && bad "a write failed" || ok
[ "$(sql -c "SELECT count(*) FROM many.log WHERE action LIKE 'item.edit%'")" = 320 ] &&
	ok || bad "not 320 changes logged: $(sql -c "SELECT count(*) FROM many.log")"
run "$PRIO" -C "$W" export --format csv
for w in $(seq 1 16); do
	case "$out" in *"M-$w,Item $w,"*) ;; *) bad "M-$w lost" ;; esac
done
[ "$(sql -c "SELECT count(*) FROM many.items WHERE doc ->> $(sql -c "SELECT slot FROM many.fields WHERE name = 'business_value'") = '10'")" = 16 ] &&
	ok || bad "a last write was lost"

test_case "a change made past prio invalidates the shared ranking"
run "$PRIO" -C "$W" list --limit 1
first=$(printf '%s\n' "$out" | sed -n 2p)
bv=$(sql -c "SELECT slot FROM many.fields WHERE name = 'business_value'")
sql -c "UPDATE many.items SET doc = many.doc_put(doc, '{$bv}', '[500]') WHERE key = 'M-7'"
run "$PRIO" -C "$W" list --limit 1
expect_line 2 "M-7"

test_case "a change computed from a read is refused when the backlog moved meanwhile"
# Another writer holds the workspace's lock while prio reads the rank to
# pin at, changes an item, and lets go: prio's pin must not write over it.
(psql -X -q -d "$PG_URL" >/dev/null 2>&1 <<SQL
SELECT pg_advisory_lock(hashtext('many'));
\! sleep 2
UPDATE many.items SET title = 'Moved on' WHERE key = 'M-2';
SELECT pg_advisory_unlock(hashtext('many'));
SQL
) &
sleep 1
run "$PRIO" -C "$W" pin M-3
wait
expect_status 1; expect_err "the backlog was changed by $(id -un)"
expect_err "run it again"
run "$PRIO" -C "$W" show M-3 --format json
expect_json 'j["pin"] is None'
run "$PRIO" -C "$W" pin M-3
expect_status 0; expect_out "pinned 3"

test_case "a large import goes in whole, under the rules once roles are applied"
for i in $(seq 1 10001); do printf 'L-%d,Large %d,%d\n' "$i" "$i" $((i % 13)); done |
	sed '1i key,title,estimate' >"$TMP/large.csv"
L=$TMP/large
"$PRIO" init "$L" --store "$PG_URL" --schema large >/dev/null
run "$PRIO" -C "$L" import "$TMP/large.csv"
expect_status 0; expect_out "10001 created"
L2=$TMP/large2
"$PRIO" init "$L2" --store "$PG_URL" --schema large2 >/dev/null
"$PRIO" -C "$L2" roles switch separate --map "$(id -un)=pm,olive=po" --default none >/dev/null
"$PRIO" -C "$L2" roles apply >/dev/null
PGUSER=olive run "$PRIO" -C "$L2" import "$TMP/large.csv"
expect_status 0; expect_out "10001 created"
[ "$(sql -c "SELECT count(*) FROM large2.items WHERE estimate IS NOT NULL")" = 10001 ] &&
	ok || bad "not every row went in"
run "$PRIO" -C "$L2" show L-10001 --format json
expect_json 'j["title"] == "Large 10001"' 'j["estimate"] == 10001 % 13'
# A key twice in a large file: refused whole, on the bulk path too.
{ cat "$TMP/large.csv"; echo 'L-7,Again,1'; } >"$TMP/large-dup.csv"
L3=$TMP/large3
"$PRIO" init "$L3" --store "$PG_URL" --schema large3 >/dev/null
run "$PRIO" -C "$L3" import "$TMP/large-dup.csv"
expect_status 0; expect_out "10001 created, 1 updated"

test_case "store copy: a file's workspace onto the server and back, nothing lost"
F=$TMP/file
"$PRIO" init "$F" >/dev/null
f() { "$PRIO" -C "$F" "$@" >/dev/null; }
f import "$ROOT/config/sample.csv"
f vision set "Shop anywhere"
f roadmap add "Loyalty" --horizon 2026-Q3
f --as ann add "Reorder" key=R-1 business_value=8 time_criticality=3 risk_reduction=1 job_size=3 estimate=3 initiative=Loyalty
f criteria add R-1 "Button shows"; f criteria check R-1 1
f pin R-1 1
PRIO_TODAY=2026-06-15 f sprint new S1 --start 2026-06-01 --end 2026-06-14 --capacity 8
PRIO_TODAY=2026-06-15 f sprint add R-1
f add "Gone" key=G-1; f rm G-1
f set SHOP-2 title="Renamed"; f undo
P=$TMP/onserver B2=$TMP/back
"$PRIO" init "$P" --store "$PG_URL" --schema copied >/dev/null
run "$PRIO" -C "$P" store copy --from "$F"
expect_status 0; expect_out "the next new item gets id 15"
"$PRIO" init "$B2" >/dev/null
run "$PRIO" -C "$B2" store copy --from "$P"
expect_status 0
run "$PRIO" -C "$F" export --workspace; a=$out
for w in "$P" "$B2"; do
	run "$PRIO" -C "$w" export --workspace
	[ "$out" = "$a" ] && ok || bad "export --workspace of $w differs: $(diff <(echo "$a") - <<<"$out" | head -5)"
done
logs() { "$PRIO" -C "$1" log --format json | python3 -c 'import json, sys; print(json.dumps([e for e in json.load(sys.stdin) if e["action"] != "store.copy"], sort_keys=True))'; }
[ "$(logs "$F")" = "$(logs "$P")" ] && ok || bad "the server's log differs"
[ "$(logs "$F")" = "$(logs "$B2")" ] && ok || bad "the log back differs"
for cmd in "list --all" "sprint show S1" "roadmap" "vision" "show R-1"; do
	a=$("$PRIO" -C "$F" $cmd 2>&1); b=$("$PRIO" -C "$P" $cmd 2>&1)
	[ "$a" = "$b" ] && ok || bad "prio $cmd differs: $(diff <(echo "$a") <(echo "$b") | head -5)"
done
for w in "$P" "$B2"; do
	run "$PRIO" -C "$w" add "Next"
	[ "$out" = 15 ] && ok || bad "$w: the next id is $out"
done
run "$PRIO" -C "$P" store copy --from "$F"
expect_status 1; expect_err "this one has items"

test_case "prio watch draws the backlog again when anyone changes it"
watch_change "$W" sql -c "UPDATE many.items SET doc = many.doc_put(doc, '{$bv}', '[900]') WHERE key = 'M-9'"
expect_status 0
[ "$(printf '%s\n' "$out" | grep -c 'prio watch: drawn again')" = 2 ] && ok || bad "not drawn twice"
printf '%s\n' "$out" | awk '/drawn again/{n++} n==2' | sed -n 3p | grep -q M-9 &&
	ok || bad "the second drawing does not lead with M-9"
