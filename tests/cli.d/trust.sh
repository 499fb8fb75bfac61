# trust.sh - the workspace as a trust boundary, and configuration files
# that cannot be used against prio: sourced by tests/cli.sh, with its
# helpers (test_case, run, expect_*, snapshot, new_ws) and $PRIO, $B,
# $ROOT, $TMP. $HOME and $XDG_CONFIG_HOME are the test's own.

TD="$TMP/trust"
mkdir -p "$TD"

# --- configuration files are small regular files --------------------------

test_case "trust: -c names a device, a FIFO or a huge file: an error, at once"
new_ws tf
"$PRIO" -C "$TMP/tf" list >/dev/null	# (a ranking is cached on the first)
before=$(snapshot "$TMP/tf")
mkfifo "$TD/fifo"
for f in /dev/zero /dev/urandom "$TD/fifo"; do
	run timeout 10 "$PRIO" -C "$TMP/tf" -c "$f" list
	expect_status 1; expect_err "prio: $f: not a regular file"
done
head -c 1048577 /dev/zero | tr '\0' ';' > "$TD/big.ini"
run timeout 10 "$PRIO" -C "$TMP/tf" -c "$TD/big.ini" list
expect_status 1; expect_err "big.ini: too large (1048577 bytes; at most 1048576)"
# 1 MiB exactly: 8192 comment lines of 128 bytes.
yes "$(printf '%0127d' 0 | tr 0 ';')" | head -n 8192 > "$TD/edge.ini"
run timeout 10 "$PRIO" -C "$TMP/tf" -c "$TD/edge.ini" list
expect_status 0
# The workspace's own prio.ini too: a link to /dev/zero is not a file.
mv "$TMP/tf/prio.ini" "$TD/tf.ini"
ln -s /dev/zero "$TMP/tf/prio.ini"
run timeout 10 "$PRIO" -C "$TMP/tf" list
expect_status 1; expect_err "prio.ini: not a regular file"
rm "$TMP/tf/prio.ini"; mv "$TD/tf.ini" "$TMP/tf/prio.ini"
expect_unchanged "$TMP/tf" "$before"

test_case "trust: a Lua script that is a FIFO or a device is refused, not read"
printf '[method.pipe]\nplugin = lua\nscript = fifo\n\n[method.zero]\nplugin = lua\nscript = /dev/zero\n' > "$TD/lua.ini"
for m in pipe zero; do
	run timeout 10 "$PRIO" -C "$TMP/tf" -c "$TD/lua.ini" rank --method "$m"
	expect_status 1; expect_err "not a regular file"
done
expect_err "lua.ini:7: [method.zero] script"

# --- a key set twice in one section --------------------------------------

test_case "trust: a key set twice in one INI section names both lines"
cp "$TMP/tf/prio.ini" "$TD/good.ini"
printf '\n[rank]\nmethod = rice\n' >> "$TMP/tf/prio.ini"
run "$PRIO" -C "$TMP/tf" list
expect_status 1
expect_err "prio.ini:$(wc -l < "$TMP/tf/prio.ini"): [rank] 'method' is set twice in one file (first on line 7)"
cp "$TD/good.ini" "$TMP/tf/prio.ini"
printf '[format.x]\nplugin = csv\ndelimiter = ";"\ndelimiter = ","\n' > "$TD/dup.ini"
run "$PRIO" -c "$TD/dup.ini" config
expect_status 1; expect_err "dup.ini:4: [format.x] 'delimiter' is set twice in one file (first on line 3)"
# Continuation lines are one value, and layers override: no duplicates.
printf '[format.x]\nplugin = csv\nignore = a,\n  b\n' > "$TD/cont.ini"
run "$PRIO" -c "$TD/cont.ini" --set format.x.plugin=json config
expect_status 0
run "$PRIO" -C "$TMP/tf" --set rank.method=rice config
expect_status 0; expect_out "method = rice"
expect_unchanged "$TMP/tf" "$before"

test_case "trust: no shipped configuration sets a key twice"
# (As a workspace's prio.ini: the example sets [roles], which only a
# workspace or /etc may.)
for f in "$ROOT"/config/*.ini; do
	mkdir -p "$TD/shipped"; cp -r "$ROOT/config/scoring" "$TD/shipped/"
	cp "$f" "$TD/shipped/prio.ini"
	run "$PRIO" -C "$TD/shipped" config
	expect_status 0
done
rm -rf "$TD/shipped"
run "$PRIO" config --origin		# the built-in layer
expect_status 0

# --- who may do what comes from the workspace and /etc only -------------

test_case "trust: a personal layer cannot grant roles"
new_ws tr
cat >> "$TMP/tr/prio.ini" <<'INI'

[roles]
policy = separate
default =

[users]
pam = pm
otto = po
INI
before=$(snapshot "$TMP/tr")
run "$PRIO" -C "$TMP/tr" --as otto --set users.otto=pm set SHOP-1 business_value=93
expect_status 1
expect_err "prio: --set users.otto=pm: [users] decides who may do what: only the workspace's prio.ini or /etc/prio/prio.ini may set it"
run "$PRIO" -C "$TMP/tr" --as otto --set roles.policy=combined set SHOP-1 business_value=93
expect_status 1; expect_err "--set roles.policy=combined: [roles] decides"
printf '[users]\notto = pm\n' > "$TD/alt.ini"
run "$PRIO" -C "$TMP/tr" --as otto -c "$TD/alt.ini" set SHOP-1 business_value=93
expect_status 1; expect_err "alt.ini:2: [users] decides who may do what"
printf '[rank]\nmethod = wsjf\n\n[role.boss]\nallow = *\n' > "$TD/alt.ini"
run "$PRIO" -C "$TMP/tr" --as otto -c "$TD/alt.ini" set SHOP-1 business_value=93
expect_status 1; expect_err "alt.ini:5: [role.boss] decides who may do what"
mkdir -p "$XDG_CONFIG_HOME/prio"
printf '[roles]\ndefault = pm\n' > "$XDG_CONFIG_HOME/prio/prio.ini"
run "$PRIO" -C "$TMP/tr" --as otto set SHOP-1 business_value=93
expect_status 1; expect_err "$XDG_CONFIG_HOME/prio/prio.ini:2: [roles] decides who may do what"
rm -rf "$XDG_CONFIG_HOME/prio"
expect_unchanged "$TMP/tr" "$before"
# What the workspace says still holds, and other personal settings too.
run "$PRIO" -C "$TMP/tr" --as otto set SHOP-1 business_value=93
expect_status 3; expect_err "only the product manager"
run "$PRIO" -C "$TMP/tr" --as pam --set rank.method=rice set SHOP-1 business_value=93
expect_status 0

# --- a workspace names plugin folders only once trusted -------------------

if [ -d "$B/tests/plugins" ]; then
test_case "trust: an untrusted workspace's [plugins] path is ignored, and said so"
new_ws "clone d'x"
CW="$TMP/clone d'x"
mkdir -p "$CW/plugins" "$CW/sub"
cp "$B/tests/plugins/ctor_marker.so" "$CW/plugins/fixture_ctor.so"
chmod 755 "$CW/plugins"
printf '\n[plugins]\npath = plugins\n' >> "$CW/prio.ini"
rm -f "$TD/marker"
PRIO_TEST_MARKER="$TD/marker" run "$PRIO" -C "$CW" rank --method fixture_ctor
expect_status 1; expect_err "unknown method 'fixture_ctor'"
expect_err "prio: $CW/prio.ini:$(wc -l < "$CW/prio.ini"): [plugins] path ignored: the workspace '$TMP/clone d'\\''x' is not trusted to load plugins; to trust it: prio trust '$TMP/clone d'\\''x'"
PRIO_TEST_MARKER="$TD/marker" run "$PRIO" -C "$CW" plugins
expect_status 0; expect_no_out "fixture_ctor"; expect_err "path ignored"
PRIO_TEST_MARKER="$TD/marker" run "$PRIO" -C "$CW" list
expect_status 0; expect_out "SHOP-3"; expect_err "path ignored"
[ ! -e "$TD/marker" ] && ok || bad "a plugin of an untrusted workspace was loaded"
# A -c file inside the workspace is the workspace's too; outside, the user's.
printf '[plugins]\npath = ../plugins\n' > "$CW/sub/more.ini"
PRIO_TEST_MARKER="$TD/marker" run "$PRIO" -c "$CW/sub/more.ini" rank --in "$ROOT/config/sample.csv" --method fixture_ctor
expect_status 1; expect_err "more.ini:2: [plugins] path ignored"
[ ! -e "$TD/marker" ] && ok || bad "a -c file inside the workspace loaded a plugin"
printf '[plugins]\npath = %s/plugins\n' "$CW" > "$TD/mine.ini"
PRIO_TEST_MARKER="$TD/marker" run "$PRIO" -c "$TD/mine.ini" rank --in "$ROOT/config/sample.csv" --method fixture_ctor
expect_status 0; expect_no_out "path ignored"
[ -e "$TD/marker" ] && ok || bad "the user's own -c file was not honoured"
rm -f "$TD/marker"

test_case "trust: prio trust, --list, --remove"
# The command the warning gives, run as it is printed.
run "$PRIO" -C "$CW" list
cmd=$(printf '%s\n' "$err" | sed -n 's/.*to trust it: //p' | head -1)
run sh -c "$(printf '%s' "$cmd" | sed "s|^prio|'$PRIO'|")"
expect_status 0; expect_out "trusted $CW: its prio.ini may now name plugin folders"
[ "$(cat "$XDG_CONFIG_HOME/prio/trusted")" = "$CW" ] && ok || bad "the list does not hold the real path"
run "$PRIO" -C "$CW/sub" trust
expect_status 0; expect_out "already trusted: $CW"
PRIO_TEST_MARKER="$TD/marker" run "$PRIO" -C "$CW" rank --method fixture_ctor
expect_status 0; expect_no_out "path ignored"
[ -e "$TD/marker" ] && ok || bad "a trusted workspace's plugin was not loaded"
rm -f "$TD/marker"
PRIO_TEST_MARKER="$TD/marker" run "$PRIO" -c "$CW/sub/more.ini" rank --in "$ROOT/config/sample.csv" --method fixture_ctor
expect_status 0
rm -f "$TD/marker"
# Through a link, the same workspace; a link is not a trusted name itself.
ln -s "$CW" "$TD/link"
run "$PRIO" -C "$TD/link" plugins
expect_status 0; expect_out "fixture_ctor"
new_ws tw2
run "$PRIO" trust "$TMP/tw2/"
expect_status 0
run "$PRIO" trust --list
expect_status 0; expect_line 1 "$CW"; expect_line 2 "$TMP/tw2"
run "$PRIO" trust --remove "$TD/link"
expect_status 0; expect_out "no longer trusted: $CW"
run "$PRIO" trust --remove "$CW"
expect_status 1; expect_err "is not trusted (prio trust --list shows those that are)"
run "$PRIO" -C "$CW" plugins
expect_no_out "fixture_ctor"; expect_err "path ignored"
# A workspace since deleted is removed by the name it was trusted under.
rm -rf "$TMP/tw2"
run "$PRIO" trust --list
expect_out "$TMP/tw2  (no workspace now)"
run "$PRIO" trust --remove "$TMP/tw2/"
expect_status 0
run "$PRIO" trust --list
expect_status 0; [ -z "$out" ] && ok || bad "the list is not empty: $out"

test_case "trust: bad use of prio trust"
run "$PRIO" trust "$TD/nowhere"
expect_status 1; expect_err "nowhere: No such file or directory"
mkdir -p "$TD/plain"
run "$PRIO" trust "$TD/plain"
expect_status 1; expect_err "not in a prio workspace"
run "$PRIO" trust --list extra
expect_status 2
run "$PRIO" trust a b
expect_status 2
run "$PRIO" trust --remove
expect_status 2
run "$PRIO" trust --help
expect_status 0; expect_out "usage: prio trust"

test_case "trust: a list others can write is not used"
run env CW="$CW" bash -c 'umask 002; "$0" trust "$CW"' "$PRIO"
expect_status 0
[ "$(stat -c %a "$XDG_CONFIG_HOME/prio/trusted")" = 600 ] && ok || bad "the list is not private"
chmod 666 "$XDG_CONFIG_HOME/prio/trusted"
PRIO_TEST_MARKER="$TD/marker" run "$PRIO" -C "$CW" rank --method fixture_ctor
expect_status 1
expect_err "trusted: the list of trusted workspaces is writable by others: not used"
expect_err "path ignored"
[ ! -e "$TD/marker" ] && ok || bad "a list others can write was used"
run "$PRIO" trust --list
expect_status 1; expect_err "writable by others"
chmod 600 "$XDG_CONFIG_HOME/prio/trusted"
chown nobody "$XDG_CONFIG_HOME/prio/trusted" 2>/dev/null &&
	{ run "$PRIO" trust --list; expect_status 1; expect_err "owned by another user"; }
chown "$(id -u)" "$XDG_CONFIG_HOME/prio/trusted"
# A list that is a link: checked where it really is. Its target's folder,
# writable by others (not sticky), could swap the file: not used.
mkdir -p "$TD/open-dir" && chmod 777 "$TD/open-dir"
mv "$XDG_CONFIG_HOME/prio/trusted" "$TD/open-dir/trusted"
ln -s "$TD/open-dir/trusted" "$XDG_CONFIG_HOME/prio/trusted"
run "$PRIO" trust --list
expect_status 1; expect_err "open-dir: the folder is writable by others"
chmod 755 "$TD/open-dir"
run "$PRIO" trust --list
expect_status 0; expect_out "$CW"
rm -rf "$XDG_CONFIG_HOME/prio"
fi

# --- the loader: every folder on the way, and the file it checked ---------

test_case "trust: a relative PRIO_PLUGIN_PATH is an error"
PRIO_PLUGIN_PATH="/usr/lib/none:plugins" run "$PRIO" -C "$TMP/tf" list
expect_status 1; expect_err "prio: PRIO_PLUGIN_PATH: 'plugins' is not an absolute path"
PRIO_PLUGIN_PATH="::$TD" run "$PRIO" -C "$TMP/tf" list
expect_status 0

if [ -d "$B/tests/plugins" ]; then
test_case "trust: a plugin below a folder others can write is refused"
L="$TD/loader"
mkdir -p "$L/gw/in" "$L/st/in" "$L/ok" "$L/sticky"
cp "$B/tests/plugins/good_method.so" "$L/gw/in/fixture_good.so"
cp "$B/tests/plugins/good_method.so" "$L/st/in/fixture_good.so"
cp "$B/tests/plugins/good_method.so" "$L/sticky/fixture_good.so"
chmod 755 "$L" "$L/gw/in" "$L/st/in" "$L/ok"
chmod 775 "$L/gw"; chmod 1777 "$L/st" "$L/sticky"
PRIO_PLUGIN_PATH="$L/gw/in" run "$PRIO" plugins
expect_status 0
expect_out "$L/gw/in/fixture_good.so: the folder $L/gw is group-writable"
expect_no_out "method  fixture_good"
PRIO_PLUGIN_PATH="$L/gw/in" run "$PRIO" rank --in "$ROOT/config/sample.csv" --method fixture_good
expect_status 1; expect_err "the folder $L/gw is group-writable"
# A sticky folder above is fine (others cannot rename what is ours in
# it), not as the plugin's own folder (they can add files to it).
PRIO_PLUGIN_PATH="$L/st/in" run "$PRIO" plugins
expect_out "method  fixture_good"
PRIO_PLUGIN_PATH="$L/sticky" run "$PRIO" plugins
expect_out "$L/sticky: the directory is world-writable"
expect_no_out "method  fixture_good"

test_case "trust: links are followed, and their targets' folders checked"
ln -s "$L/gw/in" "$L/ok/dirlink"
ln -s "$L/gw/in/fixture_good.so" "$L/ok/fixture_good.so"
PRIO_PLUGIN_PATH="$L/ok/dirlink" run "$PRIO" plugins
expect_out "fixture_good.so: the folder $L/gw is group-writable"
PRIO_PLUGIN_PATH="$L/ok" run "$PRIO" plugins
expect_out "$L/ok/fixture_good.so: the folder $L/gw is group-writable"
expect_no_out "method  fixture_good"
# A link through a relative target with .. resolves as the kernel does.
rm "$L/ok/fixture_good.so"
ln -s ../st/in/../in/fixture_good.so "$L/ok/fixture_good.so"
PRIO_PLUGIN_PATH="$L/ok" run "$PRIO" plugins
expect_out "method  fixture_good"
chmod 775 "$L/st/in"
PRIO_PLUGIN_PATH="$L/ok" run "$PRIO" plugins
expect_out "$L/ok/fixture_good.so: the folder $L/st/in is group-writable"
chmod 755 "$L/st/in"
# A FIFO called .so is refused without hanging.
mkfifo "$L/ok/fifo.so"
PRIO_PLUGIN_PATH="$L/ok" run timeout 10 "$PRIO" plugins
expect_status 0; expect_out "$L/ok/fifo.so: not a regular file"
# dlopen's errors name the file, not the descriptor it was loaded through.
printf '\177ELF but not really' > "$L/ok/junk.so"
PRIO_PLUGIN_PATH="$L/ok" run "$PRIO" plugins
expect_out "$L/ok/junk.so: cannot load it: $L/ok/junk.so:"
expect_no_out "/proc/self/fd"
fi

# --- a plugin that crashes does not take prio down -----------------------

if [ -d "$B/tests/plugins/crash" ]; then
test_case "trust: prio plugins reports a plugin that crashes in init"
CR="$B/tests/plugins/crash"
PRIO_PLUGIN_PATH="$CR:$B/tests/plugins" run "$PRIO" plugins
expect_status 0
expect_out "$CR/fixture_crash.so: crashed in init (SIGSEGV)"
expect_out "method  wsjf"; expect_out "method  fixture_good"
expect_out "init_fail.so: init failed: fixture_init_fail needs a licence key"

test_case "trust: a command names the plugin that crashed"
PRIO_PLUGIN_PATH="$CR" run "$PRIO" -C "$TMP/tf" rank --method fixture_crash
expect_status 1
expect_err "prio: method 'fixture_crash': plugin $CR/fixture_crash.so was refused: crashed in init (SIGSEGV)"
printf '[rank]\nmethod = fixture_crash\n' > "$TD/crash.ini"
PRIO_PLUGIN_PATH="$CR" run "$PRIO" -c "$TD/crash.ini" rank --in "$ROOT/config/sample.csv"
expect_status 1; expect_err "crashed in init (SIGSEGV)"
# Others on the path still load, whichever is asked for first.
PRIO_PLUGIN_PATH="$CR:$B/tests/plugins" run "$PRIO" -C "$TMP/tf" rank --method fixture_ctor
expect_status 0
# A plugin that crashes in its constructor, or exits, is named too.
PRIO_TEST_ROGUE=ctor PRIO_PLUGIN_PATH="$CR" run "$PRIO" plugins
expect_status 0
expect_out "$CR/fixture_rogue.so: crashed while loading, in a constructor (SIGSEGV)"
PRIO_TEST_ROGUE=exit PRIO_PLUGIN_PATH="$CR" run "$PRIO" -C "$TMP/tf" rank --method fixture_rogue
expect_status 1; expect_err "fixture_rogue.so was refused: exited in init (status 7)"
PRIO_PLUGIN_PATH="$CR" run "$PRIO" -C "$TMP/tf" rank --method fixture_rogue
expect_status 0
fi
