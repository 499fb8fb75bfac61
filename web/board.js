/*
 * board.js - prio's live board (prio serve). The backlog comes from
 * /api/items (what prio list --format json prints), every change goes
 * to /api/ as the command line would make it, and /api/events says when
 * anyone changed the backlog. Only the rows in view are drawn, so ten
 * thousand items cost what thirty do.
 */
"use strict";

const ROW = 30;			/* px, as .row's height in board.css */
const EDITABLE = ["title", "type", "status", "estimate"];
let session = null;		/* /api/session: user, csrf, fields */
let rows = [];			/* what the list shows: sections and items */
let shown = -1;			/* the generation the list was loaded at */
let loading = null;
let again = false;		/* asked again (a filter, a change) mid-load */
const $ = (id) => document.getElementById(id);

function message(text, ok) {
	const m = $("msg");
	m.textContent = text;
	m.className = ok ? "ok" : "";
	m.hidden = !text;
}

async function api(path, body) {
	const opts = body === undefined ? {} : {
		method: "POST",
		headers: { "Content-Type": "application/json",
			   "X-CSRF-Token": session.csrf },
		body: JSON.stringify(body),
	};
	const r = await fetch(path, opts);
	let data = null;
	try { data = await r.json(); } catch (e) { data = null; }
	if (!r.ok)
		throw new Error(data && data.error ? data.error :
				"HTTP " + r.status);
	return data;
}

function field(name) {
	return session.fields.find((f) => f.name === name);
}

/* Ranked items first, then the unscored with their reason, then finished. */
function arrange(items) {
	const ranked = [], unscored = [], finished = [];
	for (const it of items) {
		if (it.unscored !== null) unscored.push(it);
		else if (it.rank === null) finished.push(it);
		else ranked.push(it);
	}
	const out = ranked.map((it) => ({ it }));
	if (unscored.length) {
		out.push({ section: "unscored (" + unscored.length + ")" });
		for (const it of unscored) out.push({ it });
	}
	if (finished.length) {
		out.push({ section: "finished (" + finished.length + ")" });
		for (const it of finished) out.push({ it });
	}
	$("count").textContent = ranked.length + " ranked, " +
		unscored.length + " unscored" +
		(finished.length ? ", " + finished.length + " finished" : "");
	return out;
}

let view = "backlog";

async function load() {
	if (view !== "backlog") return loadBoard();
	if (loading) {
		again = true;
		return loading;
	}
	const q = encodeURIComponent($("filter").value.trim());
	const all = $("all").checked ? "&all=1" : "";
	loading = (async () => {
		try {
			const g = session.generation;
			const b = document.body.dataset;
			/* The first screenful first, then the rest. */
			if (!rows.length) {
				rows = arrange(await api("/api/items?limit=" +
					Math.ceil(innerHeight / ROW) + "&q=" + q + all));
				draw(true);
				$("count").textContent += " so far: reading the rest";
				/* For make bench: navigation to first rows. */
				b.firstDrawMs = String(Math.round(performance.now()));
			}
			const items = await api("/api/items?q=" + q + all);
			rows = arrange(items);
			shown = g;
			draw(true);
			/* For make bench: navigation to every row loaded. */
			if (!b.loaded)
				b.fullDrawMs = String(Math.round(performance.now()));
			b.loaded = String(shown);
		} catch (e) {
			message(e.message);
		} finally {
			loading = null;
			/* Asked for, or changed, while this was read. */
			if (again || (shown !== -1 &&
				      session.generation !== shown)) {
				again = false;
				setTimeout(load, 0);
			}
		}
	})();
	return loading;
}

function cell(cls, text) {
	const s = document.createElement("span");
	s.className = cls;
	s.textContent = text === null || text === undefined ? "" : String(text);
	return s;
}

/* The item's key (or id): click for its panel, explain and log. */
function keyCell(it) {
	const k = cell("key open", it.key || "#" + it.id);
	k.title = "why it ranks there, and its history";
	k.addEventListener("click", () => openPanel(it));
	return k;
}

function fmt(n) {
	return n === null ? "" : Math.round(n * 100) / 100;
}

function itemRow(it, top) {
	const r = document.createElement("div");
	r.className = "row item";
	r.style.top = top + "px";
	r.dataset.id = it.id;
	if (it.rank !== null) r.dataset.rank = it.rank;
	const handle = cell("drag", it.rank !== null ? "\u2807" : "");
	if (it.rank !== null) {
		handle.title = "drag onto a row: pinned at its rank (prio pin); " +
			"with Alt: before it in the manual order (prio move)";
		handle.addEventListener("mousedown", (e) => dragStart(e, it, r));
	}
	r.append(handle, cell("rank", it.rank), cell("id", it.id),
		 keyCell(it));
	for (const name of ["title", "type", "status", "estimate"]) {
		const c = cell(name, it[name]);
		const f = field(name);
		if (f && f.may) {
			c.classList.add("edit");
			c.title = "click to change " + name;
			c.addEventListener("click", () => edit(c, it, name));
		} else if (f) {
			c.classList.add("ro");
			c.title = f.why;
		}
		if (name === "title" && it.unscored)
			c.textContent += " \u2014 " + it.unscored;
		r.append(c);
	}
	r.append(cell("score", fmt(it.score)));
	const pin = cell("pin", it.pin);
	if (it.pin !== null) {
		pin.classList.add("pinned");
		pin.title = "pinned: click to unpin (prio unpin)";
		pin.addEventListener("click", () => write(it, "/pin",
			{ rank: null }, "unpinned " + it.id));
	}
	r.append(pin);
	const act = cell("act", "");
	if (it.status !== "accepted" && session.may["sprint.plan"]) {
		const sp = document.createElement("button");
		sp.textContent = "+";
		sp.title = "into the open sprint (prio sprint add)";
		sp.className = "sprint-add";
		sp.addEventListener("click", () => write(it, "/sprint-add", {},
			"added " + it.id + " to the sprint"));
		act.append(sp);
	}
	if (it.status === "done") {
		const a = document.createElement("button");
		a.textContent = "Accept";
		a.className = "accept";
		a.addEventListener("click", () => write(it, "/accept", {},
			"accepted " + it.id));
		act.append(a);
	}
	if (it.status === "done" || it.status === "accepted") {
		const j = document.createElement("button");
		j.textContent = "Reject";
		j.className = "reject";
		j.addEventListener("click", () => {
			const why = prompt("Why is " + (it.key || it.id) +
					   " rejected?");
			if (why) write(it, "/reject", { reason: why },
				       "rejected " + it.id);
		});
		act.append(j);
	}
	r.append(act);
	return r;
}

/* Draws the rows in view (and a screen more either side). */
function draw(all) {
	const list = $("list"), space = $("space");
	space.style.height = rows.length * ROW + "px";
	const first = Math.max(0, Math.floor(list.scrollTop / ROW) - 20);
	const last = Math.min(rows.length,
		Math.ceil((list.scrollTop + list.clientHeight) / ROW) + 20);
	if (!all && space.dataset.first === String(first) &&
	    space.dataset.last === String(last))
		return;
	if (space.querySelector(".row input")) return;	/* mid-edit */
	space.dataset.first = first;
	space.dataset.last = last;
	const frag = document.createDocumentFragment();
	for (let i = first; i < last; i++) {
		const x = rows[i];
		if (x.section) {
			const s = document.createElement("div");
			s.className = "row section";
			s.style.top = i * ROW + "px";
			s.textContent = x.section;
			frag.append(s);
		} else {
			frag.append(itemRow(x.it, i * ROW));
		}
	}
	space.replaceChildren(frag);
}

async function write(it, action, body, done) {
	try {
		await api("/api/items/" + it.id + action, body);
		message(done, true);
	} catch (e) {
		message(e.message);
	}
	await refresh();
}

function edit(c, it, name) {
	if (c.querySelector("input")) return;
	const input = document.createElement("input");
	input.value = it[name] === null ? "" : it[name];
	c.replaceChildren(input);
	input.focus();
	input.select();
	let done = false;
	input.addEventListener("keydown", (e) => {
		if (e.key === "Enter") {
			done = true;
			const body = {};
			body[name] = input.value === "" ? null : input.value;
			c.textContent = input.value;
			write(it, "", body, "changed " + name + " of " + it.id);
		} else if (e.key === "Escape") {
			done = true;
			draw(true);
		}
	});
	input.addEventListener("blur", () => { if (!done) draw(true); });
}

/* Dragging a row onto another pins it at that row's rank. */
let dragging = null;

function dragStart(e, it, r) {
	e.preventDefault();
	dragging = { it, r, target: null };
	r.classList.add("dragging");
	document.addEventListener("mousemove", dragMove);
	document.addEventListener("mouseup", dragEnd);
}

function dragMove(e) {
	const over = document.elementFromPoint(e.clientX, e.clientY);
	const row = over && over.closest(".row.item[data-rank]");
	if (dragging.target) dragging.target.classList.remove("target");
	dragging.target = row && row !== dragging.r ? row : null;
	if (dragging.target) dragging.target.classList.add("target");
}

function dragEnd(e) {
	document.removeEventListener("mousemove", dragMove);
	document.removeEventListener("mouseup", dragEnd);
	const d = dragging;
	dragging = null;
	d.r.classList.remove("dragging");
	if (!d.target) return;
	d.target.classList.remove("target");
	/* With Alt: before it in the manual order (prio move), no pin. */
	if (e.altKey)
		write(d.it, "/move", { before: d.target.dataset.id },
		      "moved " + d.it.id + " before " + d.target.dataset.id +
		      " in the manual order");
	else
		pinTo(d.it, Number(d.target.dataset.rank));
}

/*
 * The item moves to rank n, those between it and n shift by one: what
 * the pin does to the ranking. The list is redrawn so once the server
 * said yes, and read again behind it.
 */
function pinLocally(it, n) {
	const was = it.rank;
	for (const x of rows) {
		const r = x.it && x.it.unscored === null ? x.it.rank : null;
		if (r === null || x.it === it) continue;
		if (was > n && r >= n && r < was) x.it.rank = r + 1;
		if (was < n && r > was && r <= n) x.it.rank = r - 1;
	}
	it.rank = n;
	it.pin = n;
	const ranked = rows.filter((x) => x.it && x.it.rank !== null &&
				   x.it.unscored === null);
	ranked.sort((a, b) => a.it.rank - b.it.rank);
	rows.splice(0, ranked.length, ...ranked);
	draw(true);
}

async function pinTo(it, rank) {
	const t0 = performance.now();
	try {
		await api("/api/items/" + it.id + "/pin", { rank });
		pinLocally(it, rank);
		/* For make bench: from the drop to the list redrawn. */
		const b = document.body.dataset;
		b.dragMs = String(Math.round(performance.now() - t0));
		b.drags = String(Number(b.drags || 0) + 1);
		message("pinned " + it.id + " at rank " + rank, true);
	} catch (e) {
		message(e.message);
	}
	await refresh();
}

/* ---- the other views: the value/effort 2x2, the sprint by status ---- */

const QUADRANTS = [
	["quick-win", "Quick wins: high value, low effort"],
	["big-bet", "Big bets: high value, high effort"],
	["fill-in", "Fill-ins: low value, low effort"],
	["time-sink", "Time sinks: low value, high effort"],
];
const STATUSES = ["proposed", "new", "ready", "in-progress", "done", "accepted"];

function card(it, extra) {
	const c = document.createElement("div");
	c.className = "card";
	c.dataset.id = it.id;
	c.append(keyCell(it), document.createTextNode(it.title || ""));
	if (extra) c.append(cell("note", " " + extra));
	if (it.status === "done") {
		const a = document.createElement("button");
		a.textContent = "Accept";
		a.className = "accept";
		a.addEventListener("click", () => write(it, "/accept", {},
			"accepted " + it.id));
		c.append(" ", a);
	}
	return c;
}

function box(title, items, note) {
	const b = document.createElement("div");
	b.className = "box";
	const h = document.createElement("h2");
	h.textContent = title;
	b.append(h);
	for (const it of items) b.append(card(it, note(it)));
	return b;
}

async function loadBoard() {
	const board = $("board");
	const q = $("filter").value.trim();
	try {
		const g = session.generation;
		board.className = view;
		if (view === "charts") {
			board.replaceChildren(...await loadCharts());
			$("count").textContent = "prio burndown, prio velocity, prio burndown --release";
		} else if (view === "quadrants") {
			const items = await api("/api/items?method=value_effort&q=" +
						encodeURIComponent(q));
			board.replaceChildren(...QUADRANTS.map(([k, t]) =>
				box(t, items.filter((it) => it.class === k),
				    (it) => "#" + it.rank)));
			const un = items.filter((it) => it.unscored !== null);
			$("count").textContent = (items.length - un.length) +
				" placed, " + un.length + " unscored (value and effort needed)";
		} else {
			/* prio sprint show --format json: members, capacity. */
			const sp = await api("/api/sprint");
			const items = sp.items.filter((it) => it.outcome === null);
			board.replaceChildren(...STATUSES.map((st) => {
				const col = items.filter((it) => it.status === st);
				const pts = col.reduce((a, it) => a + (it.points || 0), 0);
				const b = box(st + " (" + col.length + ", " + pts +
					      " points)", col, (it) => it.points === null ?
					      "" : "(" + it.points + ")");
				for (const c of b.querySelectorAll(".card")) {
					const it = col.find((x) => String(x.id) === c.dataset.id);
					const out = document.createElement("button");
					out.textContent = "\u2212";
					out.title = "out of the sprint (prio sprint rm)";
					out.className = "sprint-rm";
					out.addEventListener("click", () => write(it,
						"/sprint-rm", {}, "took " + it.id + " out of " +
						sp.sprint));
					c.append(" ", out);
				}
				return b;
			}));
			$("count").textContent = "sprint " + sp.sprint + ": " +
				sp.committed + " of " + sp.capacity + " points committed, " +
				sp.done + " done, " + sp.accepted + " accepted; day " +
				sp.day + " of " + sp.days;
		}
		shown = g;
		document.body.dataset.loaded = String(shown);
	} catch (e) {
		board.replaceChildren();
		message(e.message);
	}
}

/* A bar of value out of max, with a mark (the ideal, the average). */
function bar(label, value, max, mark, late) {
	const row = document.createElement("div");
	row.className = "bar";
	const track = document.createElement("span");
	track.className = "track";
	const fill = document.createElement("span");
	fill.className = "fill" + (late ? " late" : "");
	fill.style.width = (max > 0 && value !== null ? 100 * value / max : 0) + "%";
	track.append(fill);
	if (mark !== null && mark !== undefined && max > 0) {
		const m = document.createElement("span");
		m.className = "mark";
		m.style.left = 100 * mark / max + "%";
		track.append(m);
	}
	row.append(cell("label", label), track, cell("num", value === null ? "" : fmt(value)));
	return row;
}

function chartBox(title, fill) {
	const b = document.createElement("div");
	b.className = "box";
	const h = document.createElement("h2");
	h.textContent = title;
	b.append(h);
	fill(b);
	return b;
}

/* prio burndown, prio velocity, prio burndown --release, from /api/. */
async function loadCharts() {
	const get = (path) => api(path).catch((e) => ({ error: e.message }));
	const [bd, vel, rel] = await Promise.all([get("/api/burndown"),
		get("/api/velocity"), get("/api/burndown?release=1")]);
	const note = (b, text) => { const p = document.createElement("p"); p.textContent = text; b.append(p); };
	return [
		chartBox("Sprint burndown" + (bd.sprint ? ": " + bd.sprint : ""), (b) => {
			if (bd.error) return note(b, bd.error);
			note(b, bd.as_of === null ? "the sprint has not started" :
			     bd.remaining + " of " + bd.scope + " points left on " + bd.as_of +
			     (bd.on_track ? ", on track" : ", behind the ideal line"));
			for (const d of bd.days)
				b.append(bar(d.date.slice(5), d.remaining, bd.scope, d.ideal,
					     d.remaining !== null && d.remaining > d.ideal + 1e-9));
		}),
		chartBox("Velocity: points accepted per sprint", (b) => {
			if (vel.error) return note(b, vel.error);
			if (!vel.sprints.length) return note(b, "no closed sprint yet (prio sprint close)");
			const max = Math.max(...vel.sprints.map((x) => Math.max(x.accepted, x.committed)));
			for (const x of vel.sprints)
				b.append(bar(x.sprint, x.accepted, max, vel.average));
			note(b, "average " + fmt(vel.average) + " over the last " + vel.over +
			     ", spread " + fmt(vel.spread));
		}),
		chartBox("Release: points left, and when the rest is done", (b) => {
			if (rel.error) return note(b, rel.error);
			const pts = rel.sprints.map((x) => [x.sprint, x.left]).concat([["now", rel.now.left]]);
			const max = Math.max(...pts.map((x) => x[1] || 0));
			for (const [name, left] of pts) b.append(bar(name, left, max));
			const f = rel.forecast;
			if (!f) return note(b, "no forecast before a sprint is closed");
			for (const k of ["optimistic", "expected", "pessimistic"]) {
				const x = f[k];
				note(b, k + " (" + fmt(x.speed) + " points a sprint): " +
				     (x.sprints === null ? "no forecast" : x.sprints === 0 ? "nothing left" :
				      x.sprints + " sprints, done " + x.from + " .. " + x.to));
			}
		}),
	];
}

function show(v) {
	view = v;
	for (const b of document.querySelectorAll("#views button"))
		b.classList.toggle("on", b.dataset.view === v);
	$("list").hidden = $("head").hidden = v !== "backlog";
	$("board").hidden = v === "backlog";
	message("");
	if (v === "backlog") rows = [];
	load();
}

/* ---- an item's panel: prio explain and prio log ---- */

async function openPanel(it) {
	const panel = $("panel");
	panel.hidden = false;
	panel.dataset.id = it.id;
	$("panel-title").textContent = (it.key ? it.key + " " : "#" + it.id + " ") +
		(it.title || "");
	const ex = $("panel-explain"), log = $("panel-log"), cr = $("panel-criteria");
	ex.replaceChildren(cell("", "reading..."));
	log.replaceChildren();
	cr.replaceChildren();
	try {
		const c = await api("/api/items/" + it.id + "/criteria");
		cr.replaceChildren(...c.criteria.map((x) => {
			const li = document.createElement("li");
			li.textContent = (x.checked ? "\u2611 " : "\u2610 ") + x.text;
			li.className = x.checked ? "checked" : "open";
			return li;
		}));
		if (!c.criteria.length) cr.append(cell("", "none yet"));
	} catch (err) {
		cr.replaceChildren(cell("", err.message));
	}
	try {
		const e = await api("/api/items/" + it.id + "/explain");
		const pre = document.createElement("pre");
		pre.textContent = (e.formula || "") + "score " + fmt(e.score) +
			", rank " + e.rank + " of " + e.ranked +
			(e.pin !== null ? " (pinned)" : "") +
			(e.unscored ? "\nunscored: " + e.unscored : "");
		ex.replaceChildren(pre);
		if (e.to_pass && e.to_pass.changes.length) {
			const ul = document.createElement("ul");
			for (const c of e.to_pass.changes) {
				const li = document.createElement("li");
				li.textContent = c.field + " " + c.from + " \u2192 " +
					c.to + " would move it to #" + c.rank;
				ul.append(li);
			}
			ex.append(cell("", "To pass #" + e.to_pass.rank + " (" +
				       e.to_pass.title + "):"), ul);
		}
	} catch (err) {
		ex.replaceChildren(cell("", err.message));
	}
	try {
		const entries = await api("/api/items/" + it.id + "/log");
		log.replaceChildren(...entries.map((x) => {
			const li = document.createElement("li");
			li.value = x.entry;
			li.textContent = x.at + " " + x.user + " (" + x.roles + ") " +
				x.action + (x.outcome === "refused" ?
					": REFUSED: " + x.reason :
					(x.before ? " before " + JSON.stringify(x.before) : "") +
					(x.after ? " after " + JSON.stringify(x.after) : ""));
			if (x.outcome === "refused") li.className = "refused";
			return li;
		}));
	} catch (err) {
		log.replaceChildren(cell("", err.message));
	}
}

async function refresh() {
	try {
		session = await api("/api/session");
	} catch (e) {
		message(e.message);
		return;
	}
	await load();
}

function listen() {
	const es = new EventSource("/api/events");
	es.onopen = () => { $("live").textContent = "live"; $("live").className = "on"; };
	es.onerror = () => { $("live").textContent = "reconnecting"; $("live").className = "off"; };
	es.onmessage = (e) => {
		const g = Number(e.data);
		if (session && g !== shown && g !== session.generation) {
			session.generation = g;
			load();
		}
	};
}

async function start() {
	await refresh();
	if (!session) return;
	$("who").textContent = session.user + " (" + session.roles.join(", ") + ")";
	$("filter-form").addEventListener("submit", (e) => {
		e.preventDefault();
		message("");
		load();
	});
	$("filter").addEventListener("keydown", (e) => {
		if (e.key === "Enter") { e.preventDefault(); message(""); load(); }
	});
	$("all").addEventListener("change", () => load());
	$("undo").addEventListener("click", async () => {
		try {
			const r = await api("/api/undo", {});
			message(r.message, true);
		} catch (e) {
			message(e.message);
		}
		await refresh();
	});
	$("list").addEventListener("scroll", () => draw(false));
	for (const b of document.querySelectorAll("#views button"))
		b.addEventListener("click", () => show(b.dataset.view));
	$("panel-close").addEventListener("click", () => { $("panel").hidden = true; });
	for (const [id, body] of [["move-top", { top: true }], ["move-bottom", { bottom: true }]])
		$(id).addEventListener("click", async () => {
			const it = { id: $("panel").dataset.id };
			try {
				const r = await api("/api/items/" + it.id + "/move", body);
				message(r.changed ? "moved " + it.id + " to position " +
					r.position + " of the manual order" : it.id +
					" is already at position " + r.position, true);
			} catch (e) {
				message(e.message);
			}
			await refresh();
		});
	window.addEventListener("resize", () => draw(true));
	listen();
}

start();
