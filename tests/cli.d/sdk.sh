# The consultant's path: install prio into a prefix, build the example
# exporter out of tree with nothing but pkg-config, install it, export.
# Sourced by tests/cli.sh.

test_case "an out-of-tree exporter built against the installed SDK"
INST="$TMP/inst"
if make -s -C "$ROOT" install-built PREFIX="$INST" B="$B" >"$TMP/install.log" 2>&1; then
	ok
	cp -r "$ROOT/examples/acme-export" "$TMP/acme"
	rm -f "$TMP/acme/"*.so
	if PKG_CONFIG_PATH="$INST/lib/pkgconfig" make -s -C "$TMP/acme" >"$TMP/acme.log" 2>&1 &&
		PKG_CONFIG_PATH="$INST/lib/pkgconfig" make -s -C "$TMP/acme" install >>"$TMP/acme.log" 2>&1; then
		ok
	else
		bad "building the example: $(cat "$TMP/acme.log")"
	fi
	run pkg-config --variable=pluginsdir "$INST/lib/pkgconfig/prio-plugin.pc"
	expect_out "$INST/lib/prio/plugins"
	run "$INST/bin/prio" plugins
	expect_out "format  acme"
	"$INST/bin/prio" init "$TMP/sdk" >/dev/null
	"$INST/bin/prio" -C "$TMP/sdk" import "$ROOT/config/sample.csv" >/dev/null
	run "$INST/bin/prio" -C "$TMP/sdk" export -o "$TMP/plan.acme"
	expect_status 0
	run cat "$TMP/plan.acme"
	expect_line 1 "ACME-PLAN|1"
	expect_line 3 "P1|SHOP-3|FIX DOUBLE CHARGE ON PAYMENT RETRY"
	expect_out "P4|SHOP-9|WISHLIST SHARING"
	[ "$(wc -l < "$TMP/acme/acme.c")" -lt 75 ] && ok || bad "acme.c is 75 lines or more"
	# The JSON feed: prio/write.h escapes, and the result is JSON.
	"$INST/bin/prio" -C "$TMP/sdk" add 'Quote " and \ and
line' key=SHOP-Q estimate=2 >/dev/null
	run "$INST/bin/prio" -C "$TMP/sdk" export -o "$TMP/dash.acmefeed"
	expect_status 0
	run python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
print(d[0]["priority"], d[0]["ref"]); print([x["summary"] for x in d if x["ref"]=="SHOP-Q"][0])' "$TMP/dash.acmefeed"
	expect_status 0
	expect_line 1 "P1 SHOP-3"
	expect_out 'Quote " and \ and
line'
	[ "$(wc -l < "$TMP/acme/acme_feed.c")" -lt 65 ] && ok || bad "acme_feed.c is 65 lines or more"
else
	bad "make install: $(tail -5 "$TMP/install.log")"
fi
