# Rights that hold on every path, and policies that cannot be talked
# around: a status change is an action of the policy whether it comes from
# set or an import (CSV, JSON, Jira); only what changes needs a right; the
# role setup is the product manager's; the log says where the identity
# came from and what a refusal tried. Sourced by tests/cli.sh.

# The seed: for each path, one item per move of status, in the status the
# move starts from. Titles are the keys, so a Jira row changes nothing else.
PATHS="set csv json jira"
MOVES="prog done acc unacc"
from_status() { case $1 in prog) echo ready ;; done) echo in-progress ;; acc) echo done ;; unacc) echo accepted ;; esac; }
to_status() { case $1 in prog|unacc) echo in-progress ;; done) echo done ;; acc) echo accepted ;; esac; }
jira_status() { case $1 in in-progress) echo "In Progress" ;; done) echo Done ;; accepted) echo Accepted ;; esac; }
# The action each move is, whatever the path.
move_action() { case $1 in prog) echo item.edit.status ;; done) echo item.finish ;; acc|unacc) echo item.accept ;; esac; }

{
	echo "key,title,status,business_value"
	for path in $PATHS; do
		for m in $MOVES; do echo "R-$path-$m,R-$path-$m,$(from_status $m),2"; done
	done
} > "$TMP/rights-seed.csv"

# The policy's rights of a role, written out by hand (as in roles-matrix.sh).
rights_of() {
	case "$1 $2" in
	"combined product") echo "item.edit.status item.finish item.accept" ;;
	"combined developer"|"separate developer") echo "item.edit.status item.finish" ;;
	"separate po") echo "item.edit.status item.finish item.accept" ;;
	"acl lead") echo "item.edit.status item.finish item.accept" ;;
	"acl tester") echo "item.edit.status" ;;
	*) echo "" ;;
	esac
}
has_right() { case " $(rights_of "$1" "$2") " in *" $3 "*) return 0 ;; esac; return 1; }

# Moves item KEY to status TO through PATH, as user `who`.
move_via() {
	local ws=$1 path=$2 key=$3 to=$4
	case $path in
	set) "$PRIO" -C "$ws" --as who set "$key" "status=$to" ;;
	csv) printf 'key,title,status\n%s,%s,%s\n' "$key" "$key" "$to" > "$TMP/rm.csv"
		"$PRIO" -C "$ws" --as who import "$TMP/rm.csv" ;;
	json) printf '[{"key": "%s", "title": "%s", "status": "%s"}]\n' "$key" "$key" "$to" > "$TMP/rm.json"
		"$PRIO" -C "$ws" --as who import "$TMP/rm.json" ;;
	jira) printf 'Issue key,Summary,Status\n%s,%s,%s\n' "$key" "$key" "$(jira_status "$to")" > "$TMP/rm-jira.csv"
		"$PRIO" -C "$ws" --as who import --from jira "$TMP/rm-jira.csv" ;;
	esac
}

status_of() { sqlite3 "$1/backlog.db" "SELECT status FROM items WHERE key = '$2'"; }
refusals() { sqlite3 "$1/backlog.db" "SELECT count(*) FROM log WHERE outcome = 'refused' AND action = '$2' AND after LIKE '%\"status\": \"$3\"%'"; }

for policy in combined separate acl; do
	test_case "status rights: every path x every role, the $policy policy"
	case $policy in
	combined) roles="product developer stakeholder" ;;
	separate) roles="pm po developer stakeholder" ;;
	acl) roles="lead tester" ;;
	esac
	for role in $roles; do
		ws="$TMP/rt-$policy-$role"
		"$PRIO" init "$ws" >/dev/null
		"$PRIO" -C "$ws" import "$TMP/rights-seed.csv" >/dev/null
		{
			printf '\n[roles]\npolicy = %s\ndefault =\n\n[users]\nwho = %s\n' "$policy" "$role"
			[ "$policy" != acl ] || printf '\n[role.lead]\nallow = item.*, import\n\n[role.tester]\nallow = item.edit.status, import\n'
		} >> "$ws/prio.ini"
		for path in $PATHS; do
			for m in $MOVES; do
				key="R-$path-$m" to=$(to_status $m) action=$(move_action $m)
				# Importing is a right of its own: without it, exit 3 before any row.
				can_import=1
				case "$policy $role" in *developer|*stakeholder) can_import=0 ;; esac
				move_via "$ws" "$path" "$key" "$to" >/dev/null 2>"$TMP/rt.err"
				got=$?
				if has_right "$policy" "$role" "$action" && { [ "$path" = set ] || [ $can_import = 1 ]; }; then
					[ "$got" -eq 0 ] && [ "$(status_of "$ws" "$key")" = "$to" ] && ok ||
						bad "$role via $path, $key -> $to: exit $got, status $(status_of "$ws" "$key"): $(cat "$TMP/rt.err")"
				else
					[ "$got" -eq 3 ] && [ "$(status_of "$ws" "$key")" = "$(from_status $m)" ] && ok ||
						bad "$role via $path, $key -> $to: exit $got (expected 3), status $(status_of "$ws" "$key")"
					# The refusal names the action of the move and the status tried.
					if [ "$path" = set ] || [ $can_import = 1 ]; then
						[ "$(refusals "$ws" "$action" "$to")" -ge 1 ] && ok ||
							bad "$role via $path: refusal of $action -> $to not logged"
					fi
				fi
			done
		done
	done
done

test_case "accepting on any path: every acceptance criterion checked, as prio accept"
new_ws rt-crit
C="$TMP/rt-crit"
"$PRIO" -C "$C" set SHOP-1 status=done >/dev/null
"$PRIO" -C "$C" criteria add SHOP-1 "Pays without an account" >/dev/null
"$PRIO" -C "$C" criteria add SHOP-1 "Gets a receipt by mail" >/dev/null
run "$PRIO" -C "$C" accept SHOP-1
expect_status 1; accept_err=$err
expect_err "item 1 is not accepted: these acceptance criteria are open:"
before=$(snapshot "$C")
run "$PRIO" -C "$C" set SHOP-1 status=accepted
expect_status 1
[ "$err" = "$accept_err" ] && ok || bad "set says otherwise than accept: $err"
expect_unchanged "$C" "$before"
printf 'key,status\nSHOP-1,accepted\n' > "$TMP/rt-acc.csv"
run "$PRIO" -C "$C" import "$TMP/rt-acc.csv"
expect_status 1; expect_err "rt-acc.csv:2: item 1 is not accepted: these acceptance criteria are open:"
expect_err "1. Pays without an account"; expect_err "2. Gets a receipt by mail"
expect_unchanged "$C" "$before"
# --rejects: the row is a bad row like any other.
run "$PRIO" -C "$C" import "$TMP/rt-acc.csv" --rejects "$TMP/rt-acc-bad.csv"
expect_status 0; expect_out "0 created, 0 updated, 1 rejected"
grep -q "criteria are open" "$TMP/rt-acc-bad.csv" && ok || bad "no reason in the rejects"
"$PRIO" -C "$C" criteria check SHOP-1 1 >/dev/null
"$PRIO" -C "$C" criteria check SHOP-1 2 >/dev/null
run "$PRIO" -C "$C" import "$TMP/rt-acc.csv"
expect_status 0; expect_out "0 created, 1 updated"
run "$PRIO" -C "$C" show SHOP-1
expect_out "accepted"

test_case "a status change is logged as its action"
new_ws rt-log
L="$TMP/rt-log"
printf '\n[users]\nben = developer\nolga = product\n' >> "$L/prio.ini"
"$PRIO" -C "$L" --as ben set SHOP-3 status=done >/dev/null
"$PRIO" -C "$L" --as olga set SHOP-3 status=accepted >/dev/null
run "$PRIO" -C "$L" log SHOP-3
expect_out "ben (developer) via --as  item.finish  #3"
expect_out "olga (product) via --as  item.accept  #3"
# A developer cannot take an accepted item back: that is rejecting it.
run "$PRIO" -C "$L" --as ben set SHOP-3 status=in-progress
expect_status 3; expect_err "only the product role may accept or reject finished work under the combined policy"

test_case "a product manager's idea arrives whole: key and type, not the rest"
new_ws rt-pm
M="$TMP/rt-pm"
printf '\n[roles]\npolicy = separate\ndefault =\n\n[users]\npam = pm\notto = po\n' >> "$M/prio.ini"
run "$PRIO" -C "$M" --as pam add "Gift cards" key=SHOP-50 type=epic business_value=21
expect_status 0
id=$out
run "$PRIO" -C "$M" show SHOP-50
expect_out "Gift cards"; expect_out "epic"
run "$PRIO" -C "$M" log SHOP-50 --format json
expect_out '"action": "item.create"'; expect_out '"key": "SHOP-50"'
before=$(snapshot "$M")
run "$PRIO" -C "$M" --as pam add "Gift wrap" key=SHOP-51 labels=gifts
expect_status 3; expect_err "only the product owner may change labels under the separate policy"
run "$PRIO" -C "$M" --as pam add "Gift wrap" key=SHOP-51 status=ready
expect_status 3; expect_err "only the product owner or a developer may change status"
# After creating, the key and type are the product owner's to change.
run "$PRIO" -C "$M" --as pam set SHOP-50 type=story
expect_status 3; expect_err "only the product owner may change type"
[ "$(sqlite3 "$M/backlog.db" "SELECT count(*) FROM items")" = 13 ] && ok || bad "a refused add created an item"
# The same by import.
printf 'key,title,type,business_value\nSHOP-52,Store credit,story,8\n' > "$TMP/rt-pm.csv"
run "$PRIO" -C "$M" --as pam import "$TMP/rt-pm.csv"
expect_status 0; expect_out "1 created, 0 updated"
run "$PRIO" -C "$M" --as otto set SHOP-52 type=bug "title=Store credit at checkout"
expect_status 0

test_case "[roles] policy = separate written by hand works on its own"
new_ws rt-hand
H="$TMP/rt-hand"
printf '\n[roles]\npolicy = separate\n\n[users]\npam = pm\n' >> "$H/prio.ini"
run "$PRIO" -C "$H" roles
expect_status 0; expect_out "policy: separate"; expect_out "(anyone else)  refused"
run "$PRIO" -C "$H" --as pam set SHOP-1 business_value=20
expect_status 0
run "$PRIO" -C "$H" --as nobody set SHOP-1 business_value=21
expect_status 3; expect_err "user 'nobody' has no role"
run "$PRIO" -C "$H" --as pam list
expect_status 0
# A default the user wrote is checked, with its own line.
printf '[roles]\ndefault = product\n' >> "$H/prio.ini"
run "$PRIO" -C "$H" --as pam list
expect_status 0
run "$PRIO" -C "$H" --as pam set SHOP-1 business_value=22
expect_status 1; expect_err "prio.ini:$(wc -l < "$H/prio.ini"): [roles] default: unknown role 'product'"
# Switching from a hand-set policy: the built-in default is not carried over.
new_ws rt-hand2
H2="$TMP/rt-hand2"
printf '\n[roles]\npolicy = separate\n\n[users]\npam = pm\n' >> "$H2/prio.ini"
run "$PRIO" -C "$H2" --as pam roles switch combined --map pam=product --dry-run
expect_status 0; expect_out "anyone else: none"

test_case "the role setup is the product manager's, not the product owner's"
new_ws rt-sw
W="$TMP/rt-sw"
printf '\n[roles]\npolicy = separate\ndefault =\n\n[users]\npam = pm\notto = po\n' >> "$W/prio.ini"
cp "$W/prio.ini" "$TMP/rt-sw.ini"
run "$PRIO" -C "$W" --as otto roles switch combined --map otto=product,pam=product
expect_status 3; expect_err "only the product manager may change the configuration"
cmp -s "$W/prio.ini" "$TMP/rt-sw.ini" && ok || bad "a refused switch changed prio.ini"
run "$PRIO" -C "$W" --as otto set SHOP-1 business_value=99
expect_status 3
run "$PRIO" -C "$W" log --format json
expect_out '"action": "config.edit"'; expect_out '"outcome": "refused"'
run "$PRIO" -C "$W" --as pam roles switch combined --map otto=product,pam=product --default none
expect_status 0; expect_out "switched to combined"

test_case "the log says where the identity came from, and what a refusal tried"
new_ws rt-who
Y="$TMP/rt-who"
printf '\n[roles]\npolicy = separate\ndefault =\n\n[users]\npam = pm\notto = po\n%s = po\n' "$(id -un)" >> "$Y/prio.ini"
"$PRIO" -C "$Y" --as otto set SHOP-2 business_value=93 2>/dev/null
PRIO_USER=otto "$PRIO" -C "$Y" set SHOP-2 "title=Wallets at checkout" >/dev/null
PRIO_USER=otto "$PRIO" -C "$Y" --as pam set SHOP-2 business_value=40 >/dev/null
"$PRIO" -C "$Y" set SHOP-2 job_size=3 >/dev/null
run "$PRIO" -C "$Y" log SHOP-2
expect_out "otto (po) via --as  item.edit.value  #2  REFUSED: only the product manager may change business_value"
expect_out 'tried:  {"business_value": 93}'
expect_out "otto (po) via PRIO_USER  item.edit.story  #2"
expect_out "pam (pm) via --as  item.edit.value  #2"
expect_out "$(id -un) (po) via login  item.edit.estimate  #2"
run "$PRIO" -C "$Y" log SHOP-2 --format json
expect_out '"user": "otto", "roles": "po", "via": "--as", "action": "item.edit.value", "item": 2, "before": null, "after": {"business_value": 93}, "outcome": "refused"'
expect_out '"via": "PRIO_USER"'; expect_out '"via": "login"'
# An empty --as names nobody: the login name acts.
"$PRIO" -C "$Y" --as "" set SHOP-2 job_size=5 >/dev/null
[ "$(sqlite3 "$Y/backlog.db" "SELECT user = '$(id -un)' AND via = 'login' FROM log ORDER BY id DESC LIMIT 1")" = 1 ] &&
	ok || bad "an empty --as is not the login"
# A refused status change through an import says what it tried, too.
printf 'key,title,status\nSHOP-2,Wallets at checkout,accepted\n' > "$TMP/rt-who.csv"
PRIO_USER=pam run "$PRIO" -C "$Y" import "$TMP/rt-who.csv"
expect_status 3; expect_err "rt-who.csv:2: only the product owner may accept or reject finished work"
run "$PRIO" -C "$Y" log SHOP-2 --format json
expect_out '"user": "pam", "roles": "pm", "via": "PRIO_USER", "action": "item.accept", "item": 2, "before": null, "after": {"status": "accepted"}, "outcome": "refused"'
# Entries written before the log knew `via` read as null.
sqlite3 "$Y/backlog.db" "UPDATE log SET via = NULL WHERE id = 1"
run "$PRIO" -C "$Y" log --format json
expect_out '"via": null'

test_case "a refusal checks what changes, not which columns are present"
new_ws rt-same
Z="$TMP/rt-same"
printf '\n[roles]\npolicy = separate\ndefault =\n\n[users]\npam = pm\notto = po\n' >> "$Z/prio.ini"
"$PRIO" -C "$Z" --as pam set SHOP-1 business_value=2 >/dev/null
logs() { sqlite3 "$Z/backlog.db" "SELECT count(*) FROM log"; }
n=$(logs)
before=$(snapshot "$Z")
for v in 2 2.0 02 2e0; do
	run "$PRIO" -C "$Z" --as otto set SHOP-1 "business_value=$v"
	expect_status 0
done
# ... and with a change the product owner may make, only that is logged.
run "$PRIO" -C "$Z" --as otto set SHOP-1 business_value=2.0 "title=Guest checkout, no account"
expect_status 0
[ "$(logs)" = $((n + 1)) ] && ok || bad "unchanged values were logged: $(logs) entries, expected $((n + 1))"
run "$PRIO" -C "$Z" log SHOP-1
expect_no_out 'after:  {"business_value": 2.0'
expect_out 'after:  {"title": "Guest checkout, no account"}'
n=$(logs)
# An unchanged export comes back in, CSV and JSON, as the product owner.
"$PRIO" -C "$Z" export -o "$TMP/rt-same.csv"
"$PRIO" -C "$Z" export -o "$TMP/rt-same.json"
before=$(snapshot "$Z")
run "$PRIO" -C "$Z" --as otto import "$TMP/rt-same.csv"
expect_status 0; expect_out "0 created, 0 updated, 12 unchanged"
run "$PRIO" -C "$Z" --as otto import "$TMP/rt-same.json"
expect_status 0; expect_out "0 created, 0 updated, 12 unchanged"
expect_unchanged "$Z" "$before"
# A JSON string "2" for a number is the number 2.
printf '[{"key": "SHOP-1", "business_value": "2"}]\n' > "$TMP/rt-same2.json"
run "$PRIO" -C "$Z" --as otto import "$TMP/rt-same2.json"
expect_status 0; expect_out "1 unchanged"
# The parent given by key is the same parent as its id.
"$PRIO" -C "$Z" --as otto set SHOP-2 parent=SHOP-12 >/dev/null
printf 'key,parent\nSHOP-2,SHOP-12\n' > "$TMP/rt-par.csv"
before=$(snapshot "$Z")
run "$PRIO" -C "$Z" --as pam import "$TMP/rt-par.csv"
expect_status 0; expect_out "1 unchanged"
expect_unchanged "$Z" "$before"
# A value that does change is still refused, and the backlog stays as it was.
printf '[{"key": "SHOP-1", "business_value": "3"}]\n' > "$TMP/rt-same3.json"
run "$PRIO" -C "$Z" --as otto import "$TMP/rt-same3.json"
expect_status 3; expect_err "only the product manager may change business_value"
[ "$(sqlite3 "$Z/backlog.db" "SELECT $(fld business_value) FROM items WHERE key = 'SHOP-1'")" = 2 ] && ok || bad "refused value written"
run "$PRIO" -C "$Z" log --format json
expect_out '"action": "item.edit.value", "item": 1, "before": null, "after": {"business_value": 3}, "outcome": "refused"'

test_case "a policy built before item.finish judges a move to done as a status change"
if [ -f "$B/tests/plugins/old_policy.so" ]; then
	new_ws rt-old
	O="$TMP/rt-old"
	printf '\n[roles]\npolicy = fixture_old_policy\ndefault =\n\n[users]\nwho = dev\n' >> "$O/prio.ini"
	PRIO_PLUGIN_PATH="$B/tests/plugins" run "$PRIO" -C "$O" --as who set SHOP-3 status=done
	expect_status 0
	PRIO_PLUGIN_PATH="$B/tests/plugins" run "$PRIO" -C "$O" --as who set SHOP-3 status=accepted
	expect_status 3; expect_err "the old policy does not know item.accept"
	run "$PRIO" -C "$O" log SHOP-3
	expect_out "who (dev) via --as  item.finish  #3"
else
	bad "no fixture plugins: make $B/tests/plugins/old_policy.so"
fi
