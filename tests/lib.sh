#!/usr/bin/env bash
# tests/lib.sh - what every area of the CLI tests shares. An area is
# tests/cli.d/AREA.sh, run by tests/cli.sh in a shell of its own (so it
# can run alone, and beside the others) after this file is sourced with
# the build folder as $1:
#
#   test_case NAME        starts a case: a named group of checks
#   run CMD...            runs it; keeps $out, $err and $status
#   expect_status N, expect_out TEXT, expect_no_out TEXT, expect_err TEXT,
#   expect_line N TEXT    checks on the last run
#   ok, bad WHY           a check of your own passed or failed
#   snapshot DIR, expect_unchanged DIR SNAPSHOT
#                         the backlog's whole content, before and after
#   new_ws NAME           a workspace in $TMP/NAME, the sample imported
#   chromium_run, expect_screenshot, browser_dom
#                         headless Chromium
#
# $PRIO, $B, $ROOT and $TMP (this area's own) are set; an area must not
# exit. lib_finish, called after it, prints its counts.
set -u

B=$(cd "${1:-build}" && pwd)
PRIO="$B/bin/prio"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TMP=$(mktemp -d)
trap '[ -n "${KEEP_TMP:-}" ] || rm -rf "$TMP"' EXIT

# Nothing from the machine's own configuration may leak in.
export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/xdg"
unset PRIO_WORKSPACE PRIO_PLUGIN_PATH COLUMNS
mkdir -p "$HOME"

pass=0 failed=0 name= cases=0 failed_cases=0 case_failed=0
out= err= status=

# A case is a named group of checks; it fails when any of its checks does.
test_case() { name=$1; cases=$((cases + 1)); case_failed=0; }
ok() { pass=$((pass + 1)); }
bad() {
	failed=$((failed + 1))
	[ "$case_failed" -eq 1 ] || failed_cases=$((failed_cases + 1))
	case_failed=1
	printf 'FAIL: %s: %s\n' "$name" "$1"
	printf '  status: %s\n  stdout: %s\n  stderr: %s\n' "$status" \
		"$(printf '%s' "$out" | head -c 600)" "$(printf '%s' "$err" | head -c 600)"
}

# run CMD...: runs it, keeps stdout, stderr and the exit status.
run() {
	out=$("$@" 2>"$TMP/stderr")
	status=$?
	err=$(cat "$TMP/stderr")
}
expect_status() { [ "$status" -eq "$1" ] && ok || bad "exit status $status, expected $1"; }
expect_out() { case "$out" in *"$1"*) ok ;; *) bad "stdout lacks '$1'" ;; esac; }
expect_no_out() { case "$out" in *"$1"*) bad "stdout has '$1'" ;; *) ok ;; esac; }
expect_err() { case "$err" in *"$1"*) ok ;; *) bad "stderr lacks '$1'" ;; esac; }
expect_line() { # expect_line N TEXT: line N of stdout contains TEXT
	case "$(printf '%s\n' "$out" | sed -n "$1p")" in
	*"$2"*) ok ;; *) bad "line $1 of stdout lacks '$2'" ;; esac
}

# The backlog's full content, to compare before and after a failure.
snapshot() {
	local schema
	schema=$(sed -n 's/^schema = //p' "$1/prio.ini" 2>/dev/null)
	if [ -n "$schema" ]; then
		# A sequence moves in a transaction rolled back too: its
		# value is not the backlog's content (nor pg_dump's \restrict
		# key, new each time).
		pg_dump -d "$PG_URL" --data-only -n "$schema" |
			grep -v '^SELECT pg_catalog.setval\|restrict ' | md5sum
	else
		sqlite3 "$1/backlog.db" .dump | md5sum
	fi
}

# store_sql WS SQL: runs SQL on workspace WS's store, SQLite or server.
store_sql() {
	local schema
	schema=$(sed -n 's/^schema = //p' "$1/prio.ini" 2>/dev/null)
	if [ -n "$schema" ]; then
		# A -c each: psql shows only the last result of one -c.
		local args=() q
		IFS=';' read -ra q <<<"$2"
		for x in "${q[@]}"; do [ -n "${x// }" ] && args+=(-c "$x"); done
		PGOPTIONS="-c search_path=$schema" psql -X -q -t -A -F'|' \
			-d "$PG_URL" "${args[@]}"
	else
		sqlite3 "$1/backlog.db" "$2"
	fi
}

# pg_up: this area's own PostgreSQL cluster (scripts/pg-cluster), started
# once, stopped at the end; $PG_URL is its database.
PG_URL= PG_DIR=
pg_up() {
	[ -n "$PG_URL" ] && return 0
	PG_DIR=$(mktemp -d /tmp/prio-pg.XXXXXX)
	PG_URL=$("$ROOT/scripts/pg-cluster" start "$PG_DIR") || return 1
	trap '"$ROOT/scripts/pg-cluster" stop "$PG_DIR"; rm -rf "$PG_DIR";
		[ -n "${KEEP_TMP:-}" ] || rm -rf "$TMP"' EXIT
}

# PRIO_TEST_STORE=pg: the same tests with every workspace on the server.
# $PRIO becomes a wrapper that gives each `prio init` a schema of its own
# on this area's cluster; everything else runs as it is.
if [ "${PRIO_TEST_STORE:-}" = pg ]; then
	pg_up || { echo "PRIO_TEST_STORE=pg: no cluster" >&2; exit 1; }
	mkdir -p "$TMP/bin"
	cat >"$TMP/bin/prio" <<WRAP
#!/usr/bin/env bash
skip=0
for a in "\$@"; do
	if [ \$skip = 1 ]; then skip=0; continue; fi
	case \$a in
	-C|-c|--as|--set) skip=1 ;;
	-*) ;;
	init) exec "$PRIO" "\$@" --store "$PG_URL" --schema "w\$(date +%N)\$RANDOM" ;;
	*) break ;;
	esac
done
exec "$PRIO" "\$@"
WRAP
	chmod +x "$TMP/bin/prio"
	PRIO=$TMP/bin/prio
fi
# expect_json EXPR...: $out parses as JSON, and each Python expression over
# j (the parsed value) holds; one check each.
expect_json() {
	local res line
	res=$(printf '%s' "$out" | python3 -c '
import json, sys
try:
    j = json.load(sys.stdin)
except ValueError as e:
    print("not JSON: %s" % e); sys.exit(0)
for e in sys.argv[1:]:
    try:
        print("ok" if eval(e) else "false: " + e)
    except Exception as x:
        print("error: %s: %r" % (e, x))
' "$@" 2>&1)
	while IFS= read -r line; do
		[ "$line" = ok ] && ok || bad "JSON: $line"
	done <<EOF_
$res
EOF_
}
# fld NAME: the SQL of a custom field's value (core/store.c: a slot of doc).
fld() { printf "json_extract(doc, '\$[' || (SELECT slot FROM fields WHERE name = '%s') || ']')" "$1"; }
expect_unchanged() {
	[ "$(snapshot "$1")" = "$2" ] && ok || bad "the backlog changed"
}

# Headless Chromium (when installed), each run with a profile of its own.
chromium_run() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run \
		--user-data-dir="$(mktemp -d "$TMP/chr.XXXXXX")" "$@"
}
# expect_screenshot PAGE.html SHOT.png WxH: the page renders to a real PNG.
expect_screenshot() {
	chromium_run --screenshot="$2" --window-size="$3" "file://$1" \
		>/dev/null 2>&1
	[ -s "$2" ] && [ "$(head -c 8 "$2" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
		[ "$(wc -c < "$2")" -gt 20000 ] && ok || bad "no screenshot, or an empty one"
}
# browser_dom PAGE.html: the page's DOM once its scripts have run.
browser_dom() { chromium_run --dump-dom "file://$1" 2>/dev/null; }

new_ws() { # new_ws NAME: a fresh workspace with the sample imported
	"$PRIO" init "$TMP/$1" >/dev/null &&
		"$PRIO" -C "$TMP/$1" import "$ROOT/config/sample.csv" >/dev/null
}


# The area's counts: a line for people, and one for tests/cli.sh to add up.
lib_finish() {
	printf '%s: %d cases, %d failed (%d checks passed, %d failed)\n' \
		"$1" "$cases" "$failed_cases" "$pass" "$failed"
	printf 'counts %d %d %d %d\n' "$cases" "$failed_cases" "$pass" \
		"$failed" >"$2"
}

# watch_change WS CMD...: starts `prio watch --count 1` on WS, runs CMD
# once the first drawing is out, and leaves both drawings in $out.
watch_change() {
	local ws=$1 i
	shift
	rm -f "$TMP/watch.out"
	timeout 20 "$PRIO" -C "$ws" watch --limit 3 --count 1 >"$TMP/watch.out" 2>&1 &
	local pid=$!
	for i in $(seq 100); do
		grep -q RANK "$TMP/watch.out" 2>/dev/null && break
		sleep 0.1
	done
	"$@" >/dev/null
	wait "$pid"
	status=$?
	out=$(cat "$TMP/watch.out")
	err=
}
