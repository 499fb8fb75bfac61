/*
 * cmd-sprint.c - prio sprint new|plan|add|rm|show|close: one sprint open
 * at a time, filled from the top of the ranking up to its capacity, and
 * closed with a record of what was done and accepted.
 */
#include "cmd.h"
#include "visible.h"

#include <math.h>
#include <string.h>

#include "agile.h"
#include "date.h"
#include "edit.h"
#include "filter.h"
#include "sprints.h"

static const struct option longopts[] = {
	{ "start", required_argument, NULL, 's' },
	{ "end", required_argument, NULL, 'e' },
	{ "capacity", required_argument, NULL, 'c' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "ascii", no_argument, NULL, 'a' },
	{ "format", required_argument, NULL, 'f' },
	{ "force", no_argument, NULL, 'F' },
	{ "rerank", no_argument, NULL, 'R' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

struct opts {
	const char *start, *end, *capacity;
	int dry, ascii, json, format, force, rerank;
	char **terms;		/* plan: FILTER... */
	size_t nterms;
};

static char today_s[11];

static int open_sprint(struct prio *p, struct sprint *sp, char *err)
{
	int rc = store_sprint_find(p->store, NULL, sp, err);

	if (rc < 0)
		return fail(exit_status(rc), "%s", err);
	if (!rc)
		return fail(EXIT_DATA, "no open sprint (prio sprint new NAME "
			    "--start DATE --end DATE)");
	return 0;
}

static void points_text(double v, char buf[32])
{
	if (isnan(v))
		snprintf(buf, 32, "-");
	else
		num_format(v, buf, 32);
}

static int do_new(struct prio *p, const char *name, const struct opts *o,
		  char *err)
{
	struct sprint sp = {0}, cur;
	struct buf after = {0};
	long s, e;
	long long id;
	int rc;
	char cap[32];

	if (!o->start || !o->end)
		return fail(EXIT_USAGE, "sprint new: give --start DATE and "
			    "--end DATE (YYYY-MM-DD)");
	if (date_parse(o->start, &s) < 0)
		return fail(EXIT_USAGE, "sprint new: --start '%s': expected a "
			    "date like 2026-07-01", o->start);
	if (date_parse(o->end, &e) < 0)
		return fail(EXIT_USAGE, "sprint new: --end '%s': expected a "
			    "date like 2026-07-14", o->end);
	if (e < s)
		return fail(EXIT_USAGE, "sprint new: it ends (%s) before it "
			    "starts (%s)", o->end, o->start);
	if (!*name || strlen(name) >= sizeof(sp.name))
		return fail(EXIT_USAGE, "sprint new: a name of 1 to %zu bytes",
			    sizeof(sp.name) - 1);
	snprintf(sp.name, sizeof(sp.name), "%s", name);
	snprintf(sp.start, sizeof(sp.start), "%s", o->start);
	snprintf(sp.end, sizeof(sp.end), "%s", o->end);
	if (o->capacity) {
		if (num_parse(o->capacity, strlen(o->capacity), &sp.capacity) < 0 ||
		    sp.capacity < 0)
			return fail(EXIT_USAGE, "sprint new: --capacity '%s': "
				    "expected points, 0 or more", o->capacity);
	} else {
		struct velocity v;
		size_t n;
		if ((rc = velocity_compute(p, &v, err)))
			return fail(exit_status(rc), "%s", err);
		sp.capacity = v.mean;
		n = v.n;
		velocity_release(&v);
		if (!n)
			return fail(EXIT_DATA, "sprint new: no closed sprint to "
				    "take a velocity from: give --capacity "
				    "POINTS");
	}
	if ((rc = authorize(p, "sprint.plan", NULL, 0, err)))
		return fail(exit_status(rc), "%s", err);
	if ((rc = store_sprint_find(p->store, NULL, &cur, err)) < 0)
		return fail(exit_status(rc), "%s", err);
	if (rc)
		return fail(EXIT_DATA, "sprint '%s' is still open: close it "
			    "first (prio sprint close)", cur.name);
	points_text(sp.capacity, cap);
	buf_adds(&after, "{\"sprint\": ");
	buf_addjson(&after, sp.name, strlen(sp.name));
	buf_addf(&after, ", \"start\": \"%s\", \"end\": \"%s\", "
		 "\"capacity\": %s}", sp.start, sp.end, cap);
	if ((rc = store_begin(p->store, err)) ||
	    (rc = store_sprint_new(p->store, &sp, &id, err)) ||
	    (rc = audit(p, "sprint.plan", 0, NULL, after.p, err)) ||
	    (rc = store_commit(p->store, err))) {
		store_rollback(p->store);
		buf_release(&after);
		return fail(exit_status(rc), "%s", err);
	}
	buf_release(&after);
	vis_printf("sprint %s: %s .. %s, capacity %s points%s\n", sp.name,
	       sp.start, sp.end, cap, o->capacity ? "" :
	       " (the average velocity)");
	return EXIT_OK;
}

static int is_status(const char *st, size_t len, const char *want)
{
	return st && len == strlen(want) && !memcmp(st, want, len);
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

/*
 * The carry-over: the items the last closed sprint sent back unfinished,
 * sorted by id (*v freed by the caller); *from gets that sprint's name.
 */
static int carry_over(struct prio *p, long long **v, size_t *n,
		      char from[64], char *err)
{
	struct sprint last = {0};
	struct member *m = NULL;
	size_t nm = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if ((rc = store_sprints(p->store, 1, keep_last_sprint, &last, err)) ||
	    !last.id || (rc = sprint_members(p, last.id, &m, &nm, err))) {
		free(m);
		return rc;
	}
	*v = xmalloc((nm ? nm : 1) * sizeof(**v));
	for (size_t i = 0; i < nm; i++)
		if (!strcmp(m[i].outcome, "returned"))
			(*v)[(*n)++] = m[i].item;
	qsort(*v, *n, sizeof(**v), cmp_ll);
	snprintf(from, 64, "%s", last.name);
	free(m);
	return 0;
}

static int do_plan(struct prio *p, const struct opts *o, char *err)
{
	struct sprint sp;
	struct member *m = NULL;
	size_t nm = 0, npicked = 0, unscored = 0, ncarry = 0;
	struct instance meth = {0};
	struct ranking r = {0};
	struct prio_items v = {0};
	struct output_opts out = { .format = "table", .rerank = o->rerank };
	struct filter f = {0};
	struct table t;
	long long *picked = NULL, *carry = NULL, gen;
	double *pts = NULL, left, total = 0;
	char from[64] = "";
	int rc, cst, cest, cid, ctitle;

	table_init(&t);
	if (o->nterms) {
		if ((rc = filter_parse(&f, &p->schema, o->terms, o->nterms,
				       err)))
			return fail(EXIT_USAGE, "%s", err);
		out.filter = &f;
	}
	if ((rc = open_sprint(p, &sp, err)))
		goto out;
	if (!o->dry && (rc = authorize(p, "sprint.plan", NULL, 0, err)))
		goto failed;
	if ((rc = sprint_members(p, sp.id, &m, &nm, err)) ||
	    (rc = carry_over(p, &carry, &ncarry, from, err)))
		goto failed;
	left = sp.capacity - sprints_committed(m, nm);
	table_release(&t);
	table_for_schema(&t, &p->schema);
	cst = table_find(&t, "status", 6);
	cest = table_find(&t, "estimate", 8);
	cid = table_find(&t, "id", 2);
	ctitle = table_find(&t, "title", 5);
	t.cols[cst].wanted = t.cols[cest].wanted = 1;
	view_all(&v, &t);
	if ((rc = method_open(p, NULL, &v, &meth, err)) ||
	    (gen = store_generation(p->store, err)) < 0 ||
	    (rc = ranked_workspace(p, &meth, &v, &t, &r, &out, err)))
		goto failed;
	picked = xmalloc((t.nrows + 1) * sizeof(*picked));
	pts = xmalloc((t.nrows + 1) * sizeof(*pts));
	vis_printf("sprint %s: capacity %g, %g committed, %g left\n", sp.name,
	       sp.capacity, sp.capacity - left, left);
	/*
	 * Two passes in rank order: first the carry-over (what the last
	 * sprint sent back unfinished, whatever its status now, unless it
	 * is done), then the ready items with an estimate.
	 */
	for (size_t k = 0; k < 2 * t.nrows; k++) {
		size_t row = r.order[k % t.nrows], len, rank = k % t.nrows + 1;
		char b[32], rk[24];
		const char *st = table_text(&t, cst, row, b, &len);
		double est = table_numbers(&t, cest)[row];
		double need = isnan(est) ? 0 : est;	/* no estimate: 0 */
		long long id = (long long)table_numbers(&t, cid)[row], in;
		int carried = ncarry && bsearch(&id, carry, ncarry,
						sizeof(*carry), cmp_ll);
		const char *title;

		if (k < t.nrows) {	/* the carry-over */
			if (!carried || is_status(st, len, "done") ||
			    is_status(st, len, "accepted"))
				continue;
		} else if (carried || !is_status(st, len, "ready") ||
			   isnan(est)) {
			continue;
		}
		if ((rc = store_item_sprint(p->store, id, &in, err)))
			goto failed;
		if (in)
			continue;
		if (!carried && rank > r.nscored) {
			unscored++;
			continue;
		}
		if (rank > r.nscored)
			snprintf(rk, sizeof(rk), "-");
		else	/* the backlog's rank, under a filter too */
			snprintf(rk, sizeof(rk), "%zu",
				 ranking_rank(&r, rank - 1));
		if (!(title = table_text(&t, ctitle, row, b, &len)))
			title = "", len = 0;
		if (need <= left || !need) {
			vis_printf("  %s %-5lld %4g pts  rank %-4s %.*s%s%s%s\n",
			       o->dry ? "would add" : "add", id, need, rk,
			       (int)len, title, carried ? "  (carry-over from "
			       : "", carried ? from : "", carried ? ")" : "");
			picked[npicked] = id;
			pts[npicked++] = est;	/* NaN: no estimate, as it is */
			left -= need;
			total += need;
		} else {
			vis_printf("  skip %-5lld %4g pts  rank %-4s %.*s: does not "
			       "fit (%g left)\n", id, need, rk, (int)len, title,
			       left);
		}
	}
	if (unscored)
		vis_printf("  (%zu ready item%s unscored, not planned: prio "
		       "explain says why)\n", unscored, unscored == 1 ? "" : "s");
	if (o->dry) {
		printf("dry run: would plan %zu item%s, %g points; %g left\n",
		       npicked, npicked == 1 ? "" : "s", total, left);
		rc = EXIT_OK;
		goto out;
	}
	if ((rc = store_begin(p->store, err)) ||
	    (rc = still_as_read(p, gen, err)))
		goto failed;
	for (size_t i = 0; i < npicked && !rc; i++)
		if (!(rc = store_sprint_add(p->store, sp.id, picked[i], pts[i],
					    today_s, err)))
			rc = sprints_log(p, &sp, picked[i], "planned", err);
	if (rc || (rc = store_commit(p->store, err))) {
		store_rollback(p->store);
		goto failed;
	}
	printf("planned %zu item%s, %g points; %g left\n", npicked,
	       npicked == 1 ? "" : "s", total, left);
	rc = EXIT_OK;
	goto out;
failed:
	rc = fail(exit_status(rc), "%s", err);
out:
	filter_release(&f);
	free(m);
	free(carry);
	free(picked);
	free(pts);
	ranking_release(&r);
	instance_close(&meth);
	view_release(&v);
	table_release(&t);
	return rc;
}

static int do_add_rm(struct prio *p, const char *ref, int add, int force,
		     char *err)
{
	struct sprint_move mv;
	int rc;

	if ((rc = sprints_change(p, ref, add, force, today_s, &mv, err)))
		return fail(exit_status(rc), "%s", err);
	if (add && isnan(mv.est))
		vis_printf("added %lld to sprint %s (no estimate: it counts 0 "
		       "points)\n", mv.id, mv.sp.name);
	else if (add && mv.now > mv.sp.capacity)
		vis_printf("added %lld to sprint %s: %g points in, over its "
		       "capacity of %g\n", mv.id, mv.sp.name, mv.now,
		       mv.sp.capacity);
	else
		vis_printf("%s %lld %s sprint %s\n", add ? "added" : "removed",
			   mv.id, add ? "to" : "from", mv.sp.name);
	return EXIT_OK;
}

static int do_show(struct prio *p, const char *name, const struct opts *o,
		   char *err)
{
	struct buf b = {0};
	int rc = sprints_show(p, name, o->json, o->ascii, today_s, &b, err);

	if (!rc)
		fputs(b.p, stdout);
	buf_release(&b);
	return rc ? fail(exit_status(rc), "%s", err) : EXIT_OK;
}

static int do_close(struct prio *p, char *err)
{
	struct sprint sp;
	struct member *m = NULL;
	size_t nm = 0, returned = 0;
	double done = 0, acc = 0;
	struct buf after = {0};
	int rc;

	if ((rc = open_sprint(p, &sp, err)))
		return rc;
	if ((rc = authorize(p, "sprint.plan", NULL, 0, err)))
		return fail(exit_status(rc), "%s", err);
	/* Read in the transaction: one lock for every item, not one each. */
	if ((rc = store_begin(p->store, err)))
		goto failed;
	if ((rc = sprint_members(p, sp.id, &m, &nm, err)) ||
	    (rc = members_fill(p, m, nm, err))) {
		store_rollback(p->store);
		goto failed;
	}
	for (size_t i = 0; i < nm && !rc; i++) {
		double v = isnan(m[i].points) ? 0 : m[i].points;
		const char *st = m[i].status;

		if (m[i].removed[0])
			continue;
		if (!strcmp(st, "accepted") || !strcmp(st, "done")) {
			done += v;
			if (*st == 'a')
				acc += v;
			rc = store_sprint_outcome(p->store, sp.id, m[i].item,
						  st, err);
		} else {
			returned++;
			rc = store_sprint_remove(p->store, sp.id, m[i].item,
						 today_s, "returned", err);
			rc = rc < 0 ? rc : 0;
		}
	}
	buf_adds(&after, "{\"sprint\": ");
	buf_addjson(&after, sp.name, strlen(sp.name));
	buf_addf(&after, ", \"closed_on\": \"%s\", \"done\": %g, "
		 "\"accepted\": %g, \"returned\": %zu}", today_s, done, acc,
		 returned);
	if (rc || (rc = store_sprint_close(p->store, sp.id, today_s, done, acc,
					   err)) ||
	    (rc = audit(p, "sprint.plan", 0, NULL, after.p, err)) ||
	    (rc = store_commit(p->store, err))) {
		store_rollback(p->store);
		goto failed;
	}
	vis_printf("closed sprint %s on %s: %g points done, %g accepted; %zu "
	       "unfinished item%s back to the backlog\n", sp.name, today_s,
	       done, acc, returned, returned == 1 ? "" : "s");
	members_free(m, nm);
	buf_release(&after);
	return EXIT_OK;
failed:
	members_free(m, nm);
	buf_release(&after);
	return fail(exit_status(rc), "%s", err);
}

/* terms: room for argc FILTER... terms of sprint plan */
static int sprint_main(struct prio *p, int argc, char **argv, char **terms)
{
	struct opts o = { .terms = terms };
	char err[PRIO_ERR_MAX];
	const char *sub;
	long today;
	int c, rc, nargs;

	sub = argv[1];
	if (!strcmp(sub, "plan"))
		o.nterms = filter_args_take(&argc, argv, o.terms);
	optind = 2;
	while ((c = cmd_getopt(&cmd_sprint, argc, argv, "hnf:", longopts)) != -1) {
		switch (c) {
		case 's': o.start = optarg; break;
		case 'e': o.end = optarg; break;
		case 'c': o.capacity = optarg; break;
		case 'n': o.dry = 1; break;
		case 'F': o.force = 1; break;
		case 'a': o.ascii = 1; break;
		case 'R': o.rerank = 1; break;
		case 'f':
			o.format = 1;
			if ((o.json = json_format(optarg)) < 0)
				return fail(EXIT_USAGE, "sprint: --format %s: "
					    "expected text or json", optarg);
			break;
		default: return c == 'h' ? EXIT_OK : EXIT_USAGE;
		}
	}
	nargs = argc - optind;
	if (!strcmp(sub, "plan")) {	/* what getopt left: FILTER... too */
		while (optind < argc)
			o.terms[o.nterms++] = argv[optind++];
		nargs = 0;
	}
	if (!strcmp(sub, "new") ? nargs != 1 :
	    !strcmp(sub, "add") || !strcmp(sub, "rm") ? nargs != 1 :
	    !strcmp(sub, "show") ? nargs > 1 :
	    !strcmp(sub, "plan") || !strcmp(sub, "close") ? nargs != 0 : 1) {
		if (strcmp(sub, "new") && strcmp(sub, "add") && strcmp(sub, "rm") &&
		    strcmp(sub, "show") && strcmp(sub, "plan") &&
		    strcmp(sub, "close"))
			fail(EXIT_USAGE, "sprint: unknown subcommand '%s'", sub);
		return cmd_usage(&cmd_sprint, EXIT_USAGE);
	}
	if ((o.start || o.end || o.capacity) && strcmp(sub, "new"))
		return fail(EXIT_USAGE, "sprint %s: --start, --end and "
			    "--capacity go with sprint new", sub);
	if ((o.dry || o.rerank) && strcmp(sub, "plan"))
		return fail(EXIT_USAGE, "sprint %s: --%s goes with sprint "
			    "plan", sub, o.dry ? "dry-run" : "rerank");
	if (o.force && strcmp(sub, "add"))
		return fail(EXIT_USAGE, "sprint %s: --force goes with sprint "
			    "add", sub);
	if (o.format && strcmp(sub, "show"))
		return fail(EXIT_USAGE, "sprint %s: --format goes with sprint "
			    "show", sub);
	if ((rc = date_today(&today, err)))
		return fail(EXIT_USAGE, "%s", err);
	date_format(today, today_s);
	if (!strcmp(sub, "new"))
		return do_new(p, argv[optind], &o, err);
	if (!strcmp(sub, "plan"))
		return do_plan(p, &o, err);
	if (!strcmp(sub, "add") || !strcmp(sub, "rm"))
		return do_add_rm(p, argv[optind], !strcmp(sub, "add"), o.force,
				 err);
	if (!strcmp(sub, "show"))
		return do_show(p, nargs ? argv[optind] : NULL, &o, err);
	return do_close(p, err);
}

static int run(struct prio *p, int argc, char **argv)
{
	char **terms;
	int rc;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_usage(&cmd_sprint, argc < 2 ? EXIT_USAGE : EXIT_OK);
	terms = xcalloc((size_t)argc + 1, sizeof(*terms));
	rc = sprint_main(p, argc, argv, terms);
	free(terms);
	return rc;
}

const struct cmd cmd_sprint = {
	"sprint", run,
	"prio sprint new NAME --start DATE --end DATE [--capacity POINTS]\n"
	"       prio sprint plan [FILTER...] [--dry-run] [--rerank]\n"
	"       prio sprint add ID [--force]\n"
	"       prio sprint rm ID\n"
	"       prio sprint show [NAME] [--ascii] [--format text|json]\n"
	"       prio sprint close",
	"plan, follow and close sprints",
	"One sprint is open at a time. new: dates are YYYY-MM-DD; the\n"
	"capacity defaults to the average velocity of the last\n"
	"[sprint] velocity_window closed sprints (3).\n"
	"plan: fills the open sprint with the highest-ranked ready items\n"
	"that have an estimate, in rank order, skipping (and saying so) any\n"
	"that does not fit the capacity left; the carry-over comes first:\n"
	"what the last sprint sent back unfinished, in rank order, whatever\n"
	"its status now (unless done). --dry-run only says what it would do.\n"
	"FILTER... (as prio help list says) plans from the items it picks\n"
	"alone (the carry-over too); ranks stay the backlog's unless\n"
	"--rerank.\n"
	"add and rm put an item in or take it out by hand; add refuses an\n"
	"item that takes the sprint over its capacity, unless --force.\n"
	"show: the items, points done against committed, time gone, and\n"
	"bugs opened and closed during the sprint (the open sprint, or the\n"
	"one named). Committed: the points of every item planned or added\n"
	"and not taken out by hand, those sent back at the close too.\n"
	"close: records what is done and accepted (the velocity counts the\n"
	"accepted points; an item done by then and accepted later counts\n"
	"in this sprint once accepted); unfinished items leave the sprint.\n"
	"Changes need the sprint.plan right.\n"
	"\n"
	"An item's points in a sprint are its estimate when it came in, and\n"
	"stay so when the estimate changes later: the sprint counts what the\n"
	"team committed to, so velocity compares commitments with what was\n"
	"delivered, and a re-estimate shows in the next sprint, not in this\n"
	"one's burndown. To recount an item, take it out and add it again.\n"
	"\n"
	"show --format json (keys are kept; new ones may be added):\n"
	"  {\"sprint\", \"state\" (open|closed), \"start\", \"end\",\n"
	"   \"capacity\", \"committed\", \"done\", \"accepted\" (points),\n"
	"   \"day\", \"days\" (day \"day\" of \"days\" has begun; 0 before\n"
	"   the start), \"closed_on\" (null while open),\n"
	"   \"bugs\": {\"opened\", \"closed\"},\n"
	"   \"items\": [{\"id\", \"key\", \"title\", \"status\" (now; null\n"
	"   when deleted), \"points\" (null: no estimate), \"outcome\" (done,\n"
	"   accepted or returned at the close; null while open)}]}\n"
	"\n"
	"PRIO_TODAY=YYYY-MM-DD stands in for today's date (for tests).\n",
	.setup = SETUP_STORE,
	.subcommands = 1,
	.needs_args = 1,
};
