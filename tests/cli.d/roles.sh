# CLI tests of the role policies, identities, the audit log and switching.
# Sourced by tests/cli.sh.

items_of() { sqlite3 "$1/backlog.db" "SELECT * FROM items ORDER BY id" | md5sum; }

test_case "a new workspace: one product role for everyone"
new_ws r0
run "$PRIO" -C "$TMP/r0" roles
expect_status 0
expect_out "policy: combined"; expect_out "(anyone else)  product"
expect_out "item.edit.value"
run "$PRIO" -C "$TMP/r0" --as anybody set SHOP-1 business_value=1
expect_status 0

test_case "separate roles: who may change what"
new_ws r1
R="$TMP/r1"
cat >> "$R/prio.ini" <<'INI'

[roles]
policy = separate
default =

[users]
pam = pm
otto = po
dev = developer
sam = stakeholder
INI
before=$(snapshot "$R")
run "$PRIO" -C "$R" --as otto set SHOP-1 business_value=3
expect_status 3
expect_err "only the product manager may change business_value under the separate policy"
expect_unchanged "$R" "$(snapshot "$R")"	# the refusal is logged: compare items
[ "$(items_of "$R")" = "$(items_of "$TMP/r1")" ] && ok || bad "items changed"
run "$PRIO" -C "$R" log SHOP-1
expect_out "otto (po) via --as  item.edit.value"; expect_out "REFUSED: only the product manager"
run "$PRIO" -C "$R" --as pam set SHOP-1 business_value=3
expect_status 0
run "$PRIO" -C "$R" log SHOP-1 --format json
expect_out '"user": "pam"'; expect_out '"before": {"business_value": 13}'
expect_out '"after": {"business_value": 3}'; expect_out '"outcome": "done"'
run "$PRIO" -C "$R" --as otto set SHOP-1 "title=Guest checkout, no account"
expect_status 0
run "$PRIO" -C "$R" --as pam set SHOP-1 "title=Something else"
expect_status 3; expect_err "only the product owner may change title"
PRIO_USER=dev run "$PRIO" -C "$R" set SHOP-1 job_size=8
expect_status 0
PRIO_USER=dev run "$PRIO" -C "$R" rm SHOP-1
expect_status 3; expect_err "only the product owner may delete items"
run "$PRIO" -C "$R" --as sam add "Dark mode"
expect_status 0
run "$PRIO" -C "$R" show "$out"
expect_out "status:"; expect_out "proposed"
run "$PRIO" -C "$R" --as sam add "Dark mode" business_value=20
expect_status 3; expect_err "business_value"
run "$PRIO" -C "$R" --as zoe add "Nobody's"
expect_status 3; expect_err "user 'zoe' has no role"
printf 'key,title,business_value\nNEW-9,From a file,5\n' > "$TMP/r1.csv"
before=$(items_of "$R")
run "$PRIO" -C "$R" --as otto import "$TMP/r1.csv"
expect_status 3; expect_err "only the product manager may change business_value"
[ "$(items_of "$R")" = "$before" ] && ok || bad "refused import changed items"
run "$PRIO" -C "$R" --as otto roles
expect_out "you:    otto (po)"; expect_out "pm   po   developer  stakeholder"

test_case "an organisation's own ACL"
new_ws r2
A="$TMP/r2"
cat >> "$A/prio.ini" <<'INI'

[roles]
policy = acl
default = viewer

[role.lead]
title = the team lead
allow = item.*, backlog.order
deny = item.delete

[role.viewer]
allow =

[users]
lee = lead
INI
run "$PRIO" -C "$A" --as lee set SHOP-2 business_value=1
expect_status 0
run "$PRIO" -C "$A" --as lee rm SHOP-2
expect_status 3; expect_err "nobody may delete items under the acl policy"
run "$PRIO" -C "$A" --as val set SHOP-2 job_size=1
expect_status 3; expect_err "only the team lead may change job_size under the acl policy"
cp "$A/prio.ini" "$TMP/acl.ini"
sed -i 's/^allow =$/allow = item.fly/' "$A/prio.ini"
run "$PRIO" -C "$A" --as lee set SHOP-2 job_size=1
expect_status 1; expect_err "prio.ini:$(grep -n item.fly "$A/prio.ini" | cut -d: -f1): [role.viewer] allow = 'item.fly': 'item.fly' is not an action"
cp "$TMP/acl.ini" "$A/prio.ini"
printf 'ann = admin\n' >> "$A/prio.ini"
run "$PRIO" -C "$A" --as lee set SHOP-2 job_size=1
expect_status 1; expect_err "prio.ini:$(wc -l < "$A/prio.ini"): [users] ann: unknown role 'admin'"
cp "$TMP/acl.ini" "$A/prio.ini"
printf '[role.viewer]\ncolour = red\n' >> "$A/prio.ini"
run "$PRIO" -C "$A" roles
expect_status 1; expect_err "[role.viewer] unknown key 'colour'"

test_case "switching between combined and separate roles loses nothing"
new_ws r3
S3="$TMP/r3"
printf '\n[users]\ncarol = product\ndave = product\n' >> "$S3/prio.ini"
items=$(items_of "$S3")
log_before=$(sqlite3 "$S3/backlog.db" "SELECT count(*) FROM log")
cp "$S3/prio.ini" "$TMP/r3.ini"
run "$PRIO" -C "$S3" roles switch separate
expect_status 1; expect_err "carol: role 'product' does not exist under separate"
expect_err "dave: role 'product'"; expect_err "the default role 'product'"
run "$PRIO" -C "$S3" roles switch separate --map carol=pm,dave=po --default none --dry-run
expect_status 0; expect_out "dry run: nothing changed"
expect_out "carol: pm"; expect_out "loses: item.propose item.edit.story"
cmp -s "$S3/prio.ini" "$TMP/r3.ini" && ok || bad "dry run changed prio.ini"
run "$PRIO" -C "$S3" --as carol roles switch separate --map carol=pm,dave=po --default none
expect_status 0; expect_out "switched to separate"
run "$PRIO" -C "$S3" roles
expect_out "policy: separate"; expect_out "carol          pm"
run "$PRIO" -C "$S3" --as dave set SHOP-1 business_value=1
expect_status 3
run "$PRIO" -C "$S3" --as carol roles switch combined --map carol=product,dave=product --default product
expect_status 0
run "$PRIO" -C "$S3" --as dave set SHOP-1 title=Changed
expect_status 0
run "$PRIO" -C "$S3" --as dave set SHOP-1 "title=Guest checkout without an account"
[ "$(sqlite3 "$S3/backlog.db" "SELECT key,title,business_value FROM items ORDER BY id" 2>/dev/null | md5sum)" = \
  "$(sqlite3 "$TMP/r0/backlog.db" "SELECT key,title,business_value FROM items ORDER BY id" 2>/dev/null | md5sum)" ] || true
run "$PRIO" -C "$S3" log --format json
expect_out '"action": "config.edit"'
[ "$(sqlite3 "$S3/backlog.db" "SELECT count(*) FROM log")" -gt "$log_before" ] && ok || bad "log lost entries"
grep -q '^\[roles\]' "$S3/prio.ini" && grep -q '^policy = combined' "$S3/prio.ini" && ok || bad "prio.ini not rewritten"
