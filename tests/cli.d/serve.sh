# serve.sh - prio serve over HTTP (curl): the token and the cookie, CSRF,
# hostile requests (each a clear 4xx that changes nothing), /api/ as the
# CLI's JSON, writes as the CLI makes them (policy, log, undo), live
# events, and 500 requests at once. Sourced by tests/cli.sh, with its
# helpers. The real page in a browser: tests/browser/board.py.

SV="$TMP/serve"
mkdir -p "$SV"
SV_PIDS=

# start_server WS USER NAME: prio serve on a free port as USER; sets
# $URL (the printed one), $BASE, $TOKEN, $PID.
start_server() {
	PRIO_USER=$2 "$PRIO" -C "$1" serve --port 0 >"$SV/$3.out" 2>"$SV/$3.err" &
	PID=$!
	SV_PIDS="$SV_PIDS $PID"
	for _ in $(seq 100); do
		URL=$(grep -m1 '^http://' "$SV/$3.out" 2>/dev/null) && break
		sleep 0.05
	done
	BASE=${URL%%/\?token=*}
	TOKEN=${URL##*token=}
}

# http METHOD PATH [curl args...]: $status the HTTP code, $out the body.
http() {
	local m=$1 p=$2
	shift 2
	out=$(curl -s --path-as-is -o - -w '\n%{http_code}' -X "$m" "$@" "$BASE$p")
	status=${out##*$'\n'}
	out=$(printf '%s' "${out%$'\n'*}")
}
expect_http() { [ "$status" = "$1" ] && ok || bad "HTTP $status, expected $1 ($out)"; }

new_ws sv
printf '\n[users]\nalice = product\ndev = developer\n' >> "$TMP/sv/prio.ini"
WS="$TMP/sv"
P() { PRIO_USER=alice "$PRIO" -C "$WS" "$@"; }

test_case "serve: bad options and no workspace are refused before listening"
run "$PRIO" -C "$WS" serve --port 70000
expect_status 2; expect_err "--port '70000': expected a port from 0 to 65535"
run "$PRIO" -C "$WS" serve --port x
expect_status 2
run "$PRIO" -C "$WS" serve extra
expect_status 2; expect_err "usage: prio serve"
run "$PRIO" -C "$TMP" serve --port 0
expect_status 1; expect_err "workspace"

test_case "serve: prints a URL on 127.0.0.1 with a 64-digit random token"
start_server "$WS" alice a
case "$URL" in http://127.0.0.1:*/\?token=*) ok ;; *) bad "URL '$URL'" ;; esac
[ ${#TOKEN} -eq 64 ] && ok || bad "token '$TOKEN'"
A_TOKEN=$TOKEN A_BASE=$BASE A_PID=$PID
start_server "$WS" alice a2
[ "$TOKEN" != "$A_TOKEN" ] && ok || bad "the same token twice"
kill "$PID"; wait "$PID" 2>/dev/null
TOKEN=$A_TOKEN BASE=$A_BASE PID=$A_PID
port=${BASE##*:}
ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port " && ok || bad "not bound to 127.0.0.1:$port"
ss -ltn 2>/dev/null | grep -Eq "(0.0.0.0|\*|\[::\]):$port " && bad "listening on all addresses" || ok

test_case "serve: the token opens the page once, as an HttpOnly SameSite cookie"
http GET "/?token=$TOKEN" -D "$SV/h"
expect_http 303
grep -qi "^Set-Cookie: prio_token=$TOKEN; Path=/; HttpOnly; SameSite=Strict" "$SV/h" && ok || bad "no cookie: $(cat "$SV/h")"
grep -qi '^Location: /' "$SV/h" && ok || bad "no redirect"
http GET / -b "prio_token=$TOKEN" -D "$SV/h"
expect_http 200; expect_out "<title>prio board</title>"
grep -qi "^Content-Security-Policy: default-src 'self'" "$SV/h" && ok || bad "no CSP"
http GET /board.js -b "prio_token=$TOKEN"
expect_http 200; expect_out "EventSource"

test_case "serve: no token, a wrong one, another host, '..': a clear 4xx"
before=$(snapshot "$WS")
http GET /
expect_http 401; expect_out "no token: open the URL prio serve printed"
http GET /api/items
expect_http 401
http GET /api/items -b "prio_token=$(printf '%s' "$TOKEN" | tr 0-9a-f 1-9a-f0)"
expect_http 403; expect_out "wrong token"
http GET "/api/items?token=x"
expect_http 403
http GET /api/items -b "prio_token=$TOKEN" -H "Host: evil.example:$port"
expect_http 421; expect_out "127.0.0.1 and localhost only"
http GET /../../etc/passwd -b "prio_token=$TOKEN"
expect_http 400; expect_out 'is refused'
http GET /api/../board.js -b "prio_token=$TOKEN"
expect_http 400
http GET /api/%2e%2e/board.js -b "prio_token=$TOKEN"
expect_http 400
http GET /nothing -b "prio_token=$TOKEN"
expect_http 404
http DELETE /api/items/1 -b "prio_token=$TOKEN"
expect_http 405
expect_unchanged "$WS" "$before"

test_case "serve: /api/items is prio list --format json, filters and --all too"
http GET "/api/items?token=$TOKEN"
expect_http 200
[ "$out" = "$(P list --format json)" ] && ok || bad "differs from prio list --format json"
http GET "/api/items?q=type:bug%20-urgent&token=$TOKEN"
[ "$out" = "$(P list type:bug -urgent --format json)" ] && ok || bad "filtered: differs"
http GET "/api/items?all=1&token=$TOKEN"
[ "$out" = "$(P list --all --format json)" ] && ok || bad "--all: differs"
http GET "/api/items?q=%2Burgent+estimate:%3C%3D3&limit=2&token=$TOKEN"
[ "$out" = "$(P list +urgent 'estimate:<=3' --limit 2 --format json)" ] && ok || bad "+label, limit: differs"
http GET "/api/items?q=%2Fcheckout+without%2F+type:story&token=$TOKEN"
[ "$out" = "$(P list '/checkout without/' type:story --format json)" ] && ok || bad "/text with blanks/: differs"
expect_json 'len(j) == 1'
http GET "/api/items?q=estimate:%3Cx&token=$TOKEN"
expect_http 400; expect_out "estimate"
http GET "/api/items?limit=-1&token=$TOKEN"
expect_http 400; expect_out "limit '-1': expected a whole number"
http GET "/api/items?method=value_effort&token=$TOKEN"
[ "$out" = "$(P rank --method value_effort --format json)" ] && ok || bad "method: differs"
http GET "/api/items?method=nope&token=$TOKEN"
expect_http 422; expect_out "nope"

test_case "serve: an item's log and explain are prio log and prio explain --format json"
http GET "/api/items/SHOP-3/log?token=$TOKEN"
expect_http 200
[ "$out" = "$(P log SHOP-3 --format json)" ] && ok || bad "log: differs"
http GET "/api/items/3/explain?token=$TOKEN"
expect_http 200
[ "$out" = "$(P explain 3 --format json)" ] && ok || bad "explain: differs"
http GET "/api/items/SHOP-404/log?token=$TOKEN"
expect_http 404; expect_out "no item 'SHOP-404', and no log of one"
http GET "/api/items/SHOP-404/explain?token=$TOKEN"
expect_http 404; expect_out "no item 'SHOP-404'"
http GET "/api/items/3/criteria?token=$TOKEN"
[ "$out" = "$(P criteria list 3 --format json)" ] && ok || bad "criteria: differs"
P criteria add 3 "Charged once" >/dev/null; P criteria add 3 'Says "sorry"' >/dev/null
P criteria check 3 1 >/dev/null
http GET "/api/items/SHOP-3/criteria?token=$TOKEN"
[ "$out" = "$(P criteria list 3 --format json)" ] && ok || bad "criteria: differs"
expect_json 'j["criteria"][1] == {"n": 2, "text": "Says \"sorry\"", "checked": False}'
http GET "/api/items/3/frob?token=$TOKEN"
expect_http 404; expect_out "REF/log, REF/explain"

test_case "serve: /api/session says who acts, the CSRF token and each field's right"
http GET "/api/session?token=$TOKEN"
expect_http 200
expect_json 'j["user"] == "alice"' 'j["roles"] == ["product"]' 'len(j["csrf"]) == 64' \
	'[f["may"] for f in j["fields"] if f["name"] == "title"] == [True]' \
	'[f["why"] for f in j["fields"] if f["name"] == "id"] == ["id is set by prio, not by hand"]' \
	'j["may"]["backlog.order"] is True'
CSRF=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
[ "$CSRF" != "$TOKEN" ] && ok || bad "the CSRF token is the session token"

W() { http POST "$1" -b "prio_token=$TOKEN" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' "${@:2}"; }

test_case "serve: hostile writes are refused, and change nothing"
before=$(snapshot "$WS")
http POST /api/items/1 -b "prio_token=$TOKEN" -H 'Content-Type: application/json' --data '{"title":"x"}'
expect_http 403; expect_out "X-CSRF-Token"
http POST /api/items/1 -b "prio_token=$TOKEN" -H "X-CSRF-Token: $(printf "%s" "$CSRF" | tr 0-9a-f 1-9a-f0)" -H 'Content-Type: application/json' --data '{"title":"x"}'
expect_http 403
http POST /api/items/1 -b "prio_token=$TOKEN" -H "X-CSRF-Token: $CSRF" --data 'title=x'
expect_http 415; expect_out "JSON body"
head -c 10485760 /dev/zero | tr '\0' ' ' > "$SV/big"
W /api/items/1 --data-binary @"$SV/big"
expect_http 413; expect_out "over 65536 bytes"
W /api/items/1 -H 'Transfer-Encoding: chunked' --data-binary @"$SV/big"
expect_http 413
W /api/items/1 -H 'Expect:' --data-binary @"$SV/big"
expect_http 413	# sent whole, without waiting for 100 Continue
for body in '{"title":' 'null' '[1,2]' '{"title":"x"} trailing' '' \
	'{"title":"a","title":"b"}'; do
	W /api/items/1 --data "$body"
	expect_http 400; expect_out "not a JSON object"
done
for body in '{"title":{"x":1}}' '{"title":["a"]}'; do
	W /api/items/1 --data "$body"
	expect_http 400; expect_out "title: expected a string, a number, a boolean or null"
done
W /api/items/1 --data '{"title":"a\u0000b"}'
expect_http 400; expect_out "not a JSON object of fields and values: \\\\u0000 is not allowed"
W /api/items/1 --data '{}'
expect_http 400; expect_out "no field to change"
W /api/items/1 --data '{"titel":"x"}'
expect_http 422; expect_out "unknown field 'titel'; did you mean 'title'?"
W /api/items/1 --data '{"estimate":"lots"}'
expect_http 422; expect_out "estimate:"
W /api/items/1 --data '{"id":"5"}'
expect_http 422; expect_out "id is set by prio"
W /api/items/404 --data '{"title":"x"}'
expect_http 404; expect_out "no item '404'"
W /api/items/1/frob --data '{}'
expect_http 404; expect_out "no such action"
W /api/items/1/pin --data '{"rank":0}'
expect_http 400; expect_out "expected a whole number from 1"
W /api/items/1/reject --data '{}'
expect_http 400; expect_out "say why"
W /api/items/1/accept --data '{}'
expect_http 422; expect_out "item 1 is ready, not done"
expect_unchanged "$WS" "$before"
run kill -0 "$PID"
expect_status 0	# and the server is still up

test_case "serve: a write is the CLI's: checked, logged, undone by prio undo"
W /api/items/SHOP-1 --data '{"estimate": 2, "labels": null}'
expect_http 200; expect_json 'j == {"ok": True, "id": 1}'
run P show 1 --format json
expect_json 'j["estimate"] == 2' 'j["labels"] is None'
run P log 1
expect_out "item.edit.estimate"
run P undo
expect_status 0
run P show 1 --format json
expect_json 'j["estimate"] == 5'
W /api/items/SHOP-8/pin --data '{"rank": 1}'
expect_http 200
run P list --limit 1
expect_out "SHOP-8"
W /api/undo --data '{}'
expect_http 200; expect_out "undid change"
run P show 8 --format json
expect_json 'j["pin"] is None'
W /api/undo --data '{"entry": "x"}'
expect_http 400; expect_out "expected {} or"
W /api/undo --data '{"entry": 99999}'
expect_http 422; expect_out "no change at log entry 99999"
W /api/items/SHOP-8/pin --data '{"rank": null}'
expect_http 200
W /api/items/SHOP-8/move --data '{"top": true}'
expect_http 200; expect_json 'j == {"ok": True, "id": 8, "position": 1, "changed": True}'
W /api/items/SHOP-8/move --data '{"top": true}'
expect_http 200; expect_json 'j["changed"] is False'
W /api/items/SHOP-7/move --data '{"before": "SHOP-8"}'
expect_http 200; expect_json 'j["position"] == 1'
W /api/items/SHOP-7/move --data '{"before": "SHOP-7"}'
expect_http 422; expect_out "cannot go before itself"
W /api/items/SHOP-7/move --data '{"before": "SHOP-404"}'
expect_http 404
W /api/items/SHOP-7/move --data '{"top": true, "bottom": true}'
expect_http 400; expect_out 'move: expected'
run P log 7
expect_out "backlog.order"
run P show 8 --format json
expect_json 'j["pin"] is None'

test_case "serve: accept and reject as prio accept and reject, criteria and all"
P set SHOP-2 status=done >/dev/null
P criteria add SHOP-2 "Works on mobile" >/dev/null
W /api/items/SHOP-2/accept --data '{}'
expect_http 422; expect_out "Works on mobile"
P criteria check SHOP-2 1 >/dev/null
W /api/items/SHOP-2/accept --data '{}'
expect_http 200
run P show 2 --format json
expect_json 'j["status"] == "accepted"'
W /api/items/SHOP-2/reject --data '{"reason": "Breaks on Safari"}'
expect_http 200
run P show 2 --format json
expect_json 'j["status"] == "in-progress"' 'j["reject_reason"] == "Breaks on Safari"'

test_case "serve: the sprint as prio sprint show, add and rm make it"
http GET "/api/sprint?token=$TOKEN"
expect_http 422; expect_out "no open sprint"
W /api/items/SHOP-6/sprint-add --data '{}'
expect_http 422; expect_out "no open sprint"
P sprint new S1 --start 2026-12-01 --end 2026-12-14 --capacity 10 >/dev/null
W /api/items/SHOP-6/sprint-add --data '{}'
expect_http 200
W /api/items/SHOP-6/sprint-add --data '{}'
expect_http 422; expect_out "item 6 is already in sprint S1"
W /api/items/SHOP-12/sprint-add --data '{}'
expect_http 422; expect_out "over its capacity of 10: --force adds it anyway"
W /api/items/SHOP-12/sprint-add --data '{"force": "yes"}'
expect_http 400; expect_out 'sprint-add: expected {} or {'
W /api/items/SHOP-12/sprint-add --data '{"force": true}'
expect_http 200
W /api/items/SHOP-12/sprint-rm --data '{"force": true}'
expect_http 400
W /api/items/SHOP-12/sprint-rm --data '{}'
expect_http 200
http GET "/api/sprint?token=$TOKEN"
expect_http 200
[ "$out" = "$(P sprint show --format json)" ] && ok || bad "sprint: differs"
expect_json 'j["capacity"] == 10' '[i["id"] for i in j["items"]] == [6]'
http GET "/api/sprint?name=S9&token=$TOKEN"
expect_http 422; expect_out "no sprint 'S9'"
for what in velocity burndown "burndown --release" "burndown --sprint S1"; do
	q=$(printf '%s' "$what" | sed 's/^burndown --release$/burndown?release=1/; s/^burndown --sprint /burndown?sprint=/')
	http GET "/api/$q$(case $q in *\?*) echo '&' ;; *) echo '?' ;; esac)token=$TOKEN"
	# shellcheck disable=SC2086
	[ "$out" = "$(P $what --format json)" ] && ok || bad "$what: differs ($out)"
done
http GET "/api/burndown?sprint=S9&token=$TOKEN"
expect_http 422; expect_out "no sprint 'S9'"
http GET "/api/burndown?sprint=S1&release=1&token=$TOKEN"
expect_http 400; expect_out "not both"
run P log 6
expect_out "sprint.plan"

test_case "serve: as the wrong role: 403 with the policy's reason, logged, nothing changed"
start_server "$WS" dev d
http GET "/api/session?token=$TOKEN"
expect_json 'j["roles"] == ["developer"]' '[f["may"] for f in j["fields"] if f["name"] == "title"] == [False]' \
	'j["may"]["backlog.order"] is False'
CSRF=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
before=$(snapshot "$WS")
W /api/items/SHOP-4/pin --data '{"rank": 1}'
expect_http 403; expect_out "only the product role may move and pin items"
W /api/items/SHOP-4/move --data '{"top": true}'
expect_http 403; expect_out "only the product role may move and pin items"
W /api/items/SHOP-4 --data '{"title": "Mine now"}'
expect_http 403; expect_out "only the product role may change title"
W /api/items/SHOP-4/sprint-add --data '{}'
expect_http 403; expect_out "only the product role may"
W /api/items/SHOP-4 --data '{"estimate": 8}'
expect_http 200	# a developer estimates
run P log 4
expect_out "REFUSED: only the product role may move and pin items"
kill "$PID"; wait "$PID" 2>/dev/null
TOKEN=$A_TOKEN BASE=$A_BASE PID=$A_PID
http GET "/api/session?token=$TOKEN"
CSRF=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')

test_case "serve: /api/events sends the generation when anyone changes the backlog"
curl -s -N --max-time 3 -b "prio_token=$TOKEN" "$BASE/api/events" > "$SV/events" &
cpid=$!
sleep 0.5
P set SHOP-5 estimate=3 >/dev/null
sleep 0.6
P set SHOP-5 estimate=5 >/dev/null
wait "$cpid"
n=$(grep -c '^data: [0-9]' "$SV/events")
[ "$n" -eq 3 ] && ok || bad "$n events: $(cat "$SV/events")"
g1=$(sed -n 's/^data: //p' "$SV/events" | sed -n 1p)
g3=$(sed -n 's/^data: //p' "$SV/events" | sed -n 3p)
[ "$g3" -gt "$g1" ] && ok || bad "generations $g1 .. $g3"

test_case "serve: 500 requests at once: each answered as it should be, nothing changed"
before=$(snapshot "$WS")
run python3 - "$BASE" "$TOKEN" "$CSRF" <<'EOF'
import sys, threading, urllib.request, urllib.error
base, token, csrf = sys.argv[1:]
codes, lock = {}, threading.Lock()
def one(i):
    kind = i % 5
    h = {"Cookie": "prio_token=" + token}
    data = None
    if kind == 0: path = "/api/items"
    elif kind == 1: path = "/api/session"
    elif kind == 2: path, h = "/api/items", {"Cookie": "prio_token=bad"}
    elif kind == 3:
        path, data = "/api/items/1", b'{"title": "no csrf"}'
        h["Content-Type"] = "application/json"
    else:
        path, data = "/api/items/1", b'{"title": '
        h.update({"Content-Type": "application/json", "X-CSRF-Token": csrf})
    req = urllib.request.Request(base + path, data=data, headers=h)
    try:
        code = urllib.request.urlopen(req, timeout=60).status
    except urllib.error.HTTPError as e:
        code = e.code
    except Exception as e:
        code = type(e).__name__
    with lock:
        codes.setdefault((kind, code), 0)
        codes[(kind, code)] += 1
ts = [threading.Thread(target=one, args=(i,)) for i in range(500)]
for t in ts: t.start()
for t in ts: t.join()
print(sorted(codes.items()))
EOF
expect_status 0
expect_out "[((0, 200), 100), ((1, 200), 100), ((2, 403), 100), ((3, 403), 100), ((4, 400), 100)]"
expect_unchanged "$WS" "$before"

test_case "serve: --open hands the URL to xdg-open"
mkdir -p "$SV/bin"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" > "%s/opened"\n' "$SV" > "$SV/bin/xdg-open"
chmod +x "$SV/bin/xdg-open"
PATH="$SV/bin:$PATH" PRIO_USER=alice "$PRIO" -C "$WS" serve --port 0 --open >"$SV/o.out" 2>&1 &
opid=$!
for _ in $(seq 100); do [ -s "$SV/opened" ] && break; sleep 0.05; done
[ "$(cat "$SV/opened" 2>/dev/null)" = "$(grep -m1 '^http://' "$SV/o.out")" ] && ok || bad "xdg-open got '$(cat "$SV/opened" 2>/dev/null)'"
kill "$opid"; wait "$opid" 2>/dev/null
PATH=/nonexistent PRIO_USER=alice "$PRIO" -C "$WS" serve --port 0 --open >"$SV/o.out" 2>"$SV/o.err" &
opid=$!
for _ in $(seq 100); do grep -q '^http://' "$SV/o.out" && break; sleep 0.05; done
sleep 0.2
grep -q "cannot run xdg-open; open the URL yourself" "$SV/o.err" && ok || bad "no xdg-open: $(cat "$SV/o.err")"
kill -0 "$opid" && ok || bad "stopped without xdg-open"
kill "$opid"; wait "$opid" 2>/dev/null

test_case "serve: a port in use is an error; SIGTERM stops the server"
run timeout 5 "$PRIO" -C "$WS" serve --port "$port"
expect_status 1; expect_err "cannot listen on 127.0.0.1:$port"
kill -TERM "$PID"
for _ in $(seq 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$PID" 2>/dev/null && bad "still running" || ok
wait "$PID"; [ $? -eq 0 ] && ok || bad "exit status $?"

test_case "serve: on a PostgreSQL store: the same API, writes, and live events"
if pg_up; then
	"$PRIO" init "$TMP/svpg" --store "$PG_URL" --schema serve_pg >/dev/null &&
		"$PRIO" -C "$TMP/svpg" import "$ROOT/config/sample.csv" >/dev/null
	# The person is the server's session user: no PRIO_USER there.
	( unset PRIO_USER; exec "$PRIO" -C "$TMP/svpg" serve --port 0 ) >"$SV/pg.out" 2>"$SV/pg.err" &
	PID=$!; SV_PIDS="$SV_PIDS $PID"
	for _ in $(seq 100); do URL=$(grep -m1 '^http://' "$SV/pg.out") && break; sleep 0.05; done
	BASE=${URL%%/\?token=*} TOKEN=${URL##*token=}
	http GET "/api/items?token=$TOKEN"
	expect_http 200
	[ "$out" = "$("$PRIO" -C "$TMP/svpg" list --format json)" ] && ok || bad "differs from prio list"
	http GET "/api/session?token=$TOKEN"
	CSRF=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
	curl -s -N --max-time 2 -b "prio_token=$TOKEN" "$BASE/api/events" > "$SV/pg.events" &
	cpid=$!
	sleep 0.4
	W /api/items/SHOP-1 --data '{"estimate": 2}'
	expect_http 200
	run "$PRIO" -C "$TMP/svpg" show SHOP-1 --format json
	expect_json 'j["estimate"] == 2'
	sleep 0.4
	"$PRIO" -C "$TMP/svpg" set SHOP-1 estimate=3 >/dev/null
	wait "$cpid"
	n=$(grep -c '^data: [0-9]' "$SV/pg.events")
	[ "$n" -eq 3 ] && ok || bad "$n events: $(cat "$SV/pg.events") $(cat "$SV/pg.err")"
else
	bad "no PostgreSQL cluster (scripts/pg-cluster)"
fi

for p in $SV_PIDS; do kill "$p" 2>/dev/null; done
wait 2>/dev/null
