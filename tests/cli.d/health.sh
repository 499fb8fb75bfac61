# Set-up by the dispatcher (struct cmd's setup, cmd_run): each command
# gets the workspace and store it says it needs, and still says its
# usage and help before it needs any. Sourced by tests/cli.sh.

test_case "set-up: usage and help come before the workspace"
mkdir -p "$TMP/hnowhere"
for c in add set rm show explain pin unpin accept reject import criteria sprint; do
	(cd "$TMP/hnowhere" && "$PRIO" "$c" >/dev/null 2>"$TMP/h.err"; [ $? -eq 2 ]) &&
		ok || bad "prio $c alone outside a workspace: not a usage error"
done
for c in "sprint new" "sprint close" "roadmap add" "store copy"; do
	(cd "$TMP/hnowhere" && "$PRIO" $c --help >"$TMP/h.out") &&
		grep -q "usage: prio ${c%% *}" "$TMP/h.out" && ok ||
		bad "prio $c --help outside a workspace"
done
for c in add velocity vision log plugins config; do
	(cd "$TMP/hnowhere" && "$PRIO" "$c" --help >"$TMP/h.out") &&
		grep -q "usage: prio $c" "$TMP/h.out" && ok ||
		bad "prio $c --help outside a workspace"
done

test_case "set-up: each level, outside a workspace and in one"
for c in vision velocity log undo stability roadmap burndown export method; do
	(cd "$TMP/hnowhere" && run "$PRIO" "$c"; [ "$status" -eq 1 ] &&
		case "$err" in *"not in a prio workspace"*) exit 0 ;; esac
	 exit 1) && ok || bad "prio $c outside a workspace"
done
# The configuration alone: no workspace needed.
(cd "$TMP/hnowhere" && "$PRIO" config >/dev/null && "$PRIO" plugins >/dev/null) &&
	ok || bad "config and plugins need no workspace"
new_ws hws
run "$PRIO" -C "$TMP/hws" vision set "Sell more"
expect_status 0
run "$PRIO" -C "$TMP/hws" vision
expect_status 0; expect_out "Sell more"
run "$PRIO" -C "$TMP/hws" show SHOP-3 --format json
expect_status 0; expect_out '"key": "SHOP-3"'
# A store that is no store fails at set-up, with its name.
mkdir -p "$TMP/hbad" && printf '[rank]\n' >"$TMP/hbad/prio.ini" &&
	printf 'not a database' >"$TMP/hbad/backlog.db"
run "$PRIO" -C "$TMP/hbad" velocity
expect_status 1; expect_err "backlog.db"

test_case "list and rank: one service, the same ranking"
run "$PRIO" -C "$TMP/hws" list --format csv
expect_status 0
list_out=$out
run "$PRIO" -C "$TMP/hws" rank --format csv
expect_status 0
[ "$out" = "$list_out" ] && ok || bad "list and rank disagree"
run "$PRIO" -C "$TMP/hws" list --in x.csv
expect_status 2; expect_err "list: unknown option '--in'"
run "$PRIO" -C "$TMP/hws" list --method=wsjf
expect_status 2; expect_err "list: unknown option '--method=wsjf'"
run "$PRIO" -C "$TMP/hws" rank --in "$ROOT/config/sample.csv" --limit 2 --format csv
expect_status 0; expect_line 1 "rank,score"

test_case "the README's smallest method builds with pkg-config and ranks"
# The C block after "The smallest method", and the commands after it,
# run as the README shows them, against an installed prio.
INST="$TMP/hinst"
mkdir -p "$TMP/hbv"
python3 - "$ROOT/README.md" "$TMP/hbv" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
part = text[text.index("The smallest method"):]
blocks = re.findall(r"```(\w+)\n(.*?)```", part, re.S)
open(sys.argv[2] + "/bv.c", "w").write(blocks[0][1])
open(sys.argv[2] + "/build.sh", "w").write(blocks[1][1])
PY
if make -s -C "$ROOT" install-built PREFIX="$INST" B="$B" >"$TMP/hinst.log" 2>&1; then
	ok
	"$INST/bin/prio" init "$TMP/hbvws" >/dev/null &&
		"$INST/bin/prio" -C "$TMP/hbvws" import "$ROOT/config/sample.csv" >/dev/null
	# The README's commands, word for word, in a workspace.
	(cd "$TMP/hbv" && PATH="$INST/bin:$PATH" \
		PKG_CONFIG_PATH="$INST/lib/pkgconfig" PRIO_WORKSPACE="$TMP/hbvws" \
		sh -e build.sh >"$TMP/hbv.out" 2>"$TMP/hbv.err") &&
		ok || bad "the README's commands: $(cat "$TMP/hbv.err")"
	grep -q "^method  bv  *1.0 .*/bv.so" "$TMP/hbv.out" && ok ||
		bad "prio plugins does not list bv: $(cat "$TMP/hbv.out")"
	run env PRIO_PLUGIN_PATH="$TMP/hbv" "$INST/bin/prio" -C "$TMP/hbvws" \
		rank --method bv --format csv
	expect_status 0
	# Scores are the business values, highest first; none unscored here.
	printf '%s\n' "$out" | python3 -c '
import csv, sys
rows = list(csv.DictReader(sys.stdin))
s = [float(r["score"]) for r in rows if r["score"]]
bv = [float(r["business_value"]) for r in rows if r["score"]]
sys.exit(0 if s and s == bv and s == sorted(s, reverse=True) else 1)' &&
		ok || bad "bv does not rank by business_value: $out"
else
	bad "install: $(cat "$TMP/hinst.log")"
fi
