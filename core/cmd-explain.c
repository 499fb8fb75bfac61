/*
 * cmd-explain.c - prio explain ID: why an item ranks where it does: the
 * method's inputs, its formula with the numbers put in, the score, the
 * class, the rank, and what it would take to pass the item above.
 */
#include "cmd.h"
#include "visible.h"

#include "agile.h"
#include "filter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The rank (1-based) of row in r, or 0 if unscored. */
static size_t rank_of(const struct ranking *r, size_t row)
{
	for (size_t k = 0; k < r->nscored; k++)
		if (r->order[k] == row)
			return k + 1;
	return 0;
}

/* A change of one input that would lift the item: field, from, to, rank. */
struct lift {
	int col;
	double was, to;
	size_t rank;
};

/*
 * What single change of one input would lift the item above the one ranked
 * just before it. The values tried are those the field has elsewhere in
 * the backlog (its de facto scale: Fibonacci points stay Fibonacci), the
 * nearest first, and the whole backlog is scored again for each, since a
 * method may normalise over the set. Fills lifts (one per input at most).
 */
static size_t what_it_takes(struct instance *m, struct prio_items *v,
			    struct table *t, size_t row, size_t rank,
			    const int *inputs, size_t ninputs,
			    struct lift *lifts)
{
	size_t found = 0;

	for (size_t f = 0; f < ninputs; f++) {
		int col = inputs[f];
		double *num = (double *)table_numbers(t, col);
		double was = num[row], *vals;
		size_t n = 0, best_rank = 0;
		double best = NAN;
		char err[PRIO_ERR_MAX];

		if (t->cols[col].type != PRIO_TYPE_NUMBER || isnan(was))
			continue;
		vals = xmalloc(t->nrows * sizeof(*vals));
		for (size_t i = 0; i < t->nrows; i++)
			if (!isnan(num[i]) && num[i] != was)
				vals[n++] = num[i];
		qsort(vals, n, sizeof(*vals), cmp_double);
		/* Distinct values, nearest to the current one first. */
		{
			size_t d = 0;
			for (size_t i = 0; i < n; i++)
				if (!d || vals[d - 1] != vals[i])
					vals[d++] = vals[i];
			n = d;
		}
		for (size_t tries = 0; n && tries < 40; tries++) {
			/* Pick the untried value closest to `was`. */
			size_t pick = 0;
			struct ranking r2;

			for (size_t i = 1; i < n; i++)
				if (fabs(vals[i] - was) < fabs(vals[pick] - was))
					pick = i;
			num[row] = vals[pick];
			if (rank_run(m, v, &r2, err) == 0) {
				size_t nr = rank_of(&r2, row);
				if (nr && nr < rank &&
				    (!best_rank || fabs(vals[pick] - was) <
						   fabs(best - was))) {
					best = vals[pick];
					best_rank = nr;
				}
			}
			ranking_release(&r2);
			vals[pick] = vals[--n];
			if (best_rank)
				break;	/* the nearest value that works */
		}
		num[row] = was;
		free(vals);
		if (best_rank)
			lifts[found++] = (struct lift){ col, was, best, best_rank };
	}
	return found;
}

/* Text of row's column c as a JSON value: a number, a string or null. */
static void json_cell(struct buf *b, struct table *t, int c, size_t row)
{
	char num[32];
	size_t len;
	const char *v;

	if (c < 0)
		v = NULL;
	else if (t->cols[c].type == PRIO_TYPE_NUMBER) {
		json_number(b, table_numbers(t, c)[row]);
		return;
	} else
		v = table_text(t, c, row, num, &len);
	if (v)
		buf_addjson(b, v, len);
	else
		buf_adds(b, "null");
}

/* What one explanation says, gathered before it is written. */
struct why {
	size_t row, rank;
	const char *method, *plugin;
	struct buf formula;	/* the plugin's explain(), as it wrote it */
	size_t above;		/* the row ranked just before (rank > 1) */
	struct lift *lifts;
	size_t nlifts;
};

static void why_text(struct buf *b, struct table *t, struct ranking *r,
		     const struct why *w, const int *inputs, size_t ninputs)
{
	size_t row = w->row, len, klen = 0;
	char num[32], a[32], c[32];
	const double *ids = table_numbers(t, table_find(t, "id", 2));
	const char *key = table_text(t, table_find(t, "key", 3), row, num,
				     &klen);
	const char *title;
	int pinc = table_find(t, "pin", 3);

	buf_addvisf(b, "#%.0f%s%.*s", ids[row], key ? " " : "",
		    (int)klen, key ? key : "");
	title = table_text(t, table_find(t, "title", 5), row, num, &len);
	buf_addvisf(b, "  %.*s\n", title ? (int)len : 0, title ? title : "");
	buf_addvisf(b, "method: %s (plugin %s)\n\ninputs:\n", w->method,
		    w->plugin);
	for (size_t i = 0; i < ninputs; i++) {
		const char *val = table_text(t, inputs[i], row, num, &len);
		buf_addvisf(b, "  %-20s %.*s\n", t->cols[inputs[i]].name,
			    val ? (int)len : 7, val ? val : "missing");
	}
	/* The plugin's text may quote the data: shown. */
	if (w->formula.len) {
		buf_addc(b, '\n');
		buf_addvis_lines(b, w->formula.p, w->formula.len, "");
	}
	if (r->reason[row]) {
		buf_addvisf(b, "\nunscored: %s\n",
			    r->reasons.p + r->reason[row] - 1);
		return;
	}
	buf_addvisf(b, "\nscore: %.4g\n", r->res.score[row]);
	if (r->res.klass[row] >= 0)
		buf_addvisf(b, "class: %s\n", r->classes[r->res.klass[row]]);
	buf_addvisf(b, "rank:  %zu of %zu ranked", w->rank, r->nscored);
	if (!isnan(table_numbers(t, pinc)[row]))
		buf_addvisf(b, " (pinned at %.0f)", table_numbers(t, pinc)[row]);
	buf_addc(b, '\n');
	if (w->rank <= 1)
		return;
	title = table_text(t, table_find(t, "title", 5), w->above, num, &len);
	buf_addvisf(b, "\nto pass #%zu (#%.0f %.*s, score %.4g):\n",
		    w->rank - 1, ids[w->above], title ? (int)len : 0,
		    title ? title : "", r->res.score[w->above]);
	for (size_t i = 0; i < w->nlifts; i++) {
		num_format(w->lifts[i].was, a, sizeof(a));
		num_format(w->lifts[i].to, c, sizeof(c));
		buf_addvisf(b, "  %s %s -> %s would move it to #%zu\n",
			    t->cols[w->lifts[i].col].name, a, c,
			    w->lifts[i].rank);
	}
	if (!w->nlifts)
		buf_adds(b, "  no single change of one input, to a value it has "
			 "elsewhere in the backlog, would do it\n");
}

static void why_json(struct buf *b, struct table *t, struct ranking *r,
		     const struct why *w, const int *inputs, size_t ninputs)
{
	size_t row = w->row;
	int scored = !r->reason[row];

	buf_adds(b, "{\"id\": ");
	json_cell(b, t, table_find(t, "id", 2), row);
	buf_adds(b, ", \"key\": ");
	json_cell(b, t, table_find(t, "key", 3), row);
	buf_adds(b, ", \"title\": ");
	json_cell(b, t, table_find(t, "title", 5), row);
	buf_adds(b, ", \"method\": ");
	buf_addjson(b, w->method, strlen(w->method));
	buf_adds(b, ", \"plugin\": ");
	buf_addjson(b, w->plugin, strlen(w->plugin));
	buf_adds(b, ", \"inputs\": {");
	for (size_t i = 0; i < ninputs; i++) {
		const char *n = t->cols[inputs[i]].name;

		buf_adds(b, i ? ", " : "");
		buf_addjson(b, n, strlen(n));
		buf_adds(b, ": ");
		json_cell(b, t, inputs[i], row);
	}
	buf_adds(b, "}, \"formula\": ");
	if (w->formula.len)
		buf_addjson(b, w->formula.p, w->formula.len);
	else
		buf_adds(b, "null");
	buf_adds(b, ", \"score\": ");
	json_number(b, scored ? r->res.score[row] : NAN);
	buf_adds(b, ", \"class\": ");
	if (scored && r->res.klass[row] >= 0)
		buf_addjson(b, r->classes[r->res.klass[row]],
			    strlen(r->classes[r->res.klass[row]]));
	else
		buf_adds(b, "null");
	buf_adds(b, ", \"rank\": ");
	json_number(b, scored ? (double)w->rank : NAN);
	buf_addf(b, ", \"ranked\": %zu, \"pin\": ", r->nscored);
	json_cell(b, t, table_find(t, "pin", 3), row);
	buf_adds(b, ", \"unscored\": ");
	if (!scored)
		buf_addjson(b, r->reasons.p + r->reason[row] - 1,
			    strlen(r->reasons.p + r->reason[row] - 1));
	else
		buf_adds(b, "null");
	buf_adds(b, ", \"to_pass\": ");
	if (!scored || w->rank <= 1) {
		buf_adds(b, "null}");
		return;
	}
	buf_addf(b, "{\"rank\": %zu, \"id\": ", w->rank - 1);
	json_cell(b, t, table_find(t, "id", 2), w->above);
	buf_adds(b, ", \"title\": ");
	json_cell(b, t, table_find(t, "title", 5), w->above);
	buf_adds(b, ", \"score\": ");
	json_number(b, r->res.score[w->above]);
	buf_adds(b, ", \"changes\": [");
	for (size_t i = 0; i < w->nlifts; i++) {
		const char *n = t->cols[w->lifts[i].col].name;

		buf_adds(b, i ? ", {\"field\": " : "{\"field\": ");
		buf_addjson(b, n, strlen(n));
		buf_adds(b, ", \"from\": ");
		json_number(b, w->lifts[i].was);
		buf_adds(b, ", \"to\": ");
		json_number(b, w->lifts[i].to);
		buf_addf(b, ", \"rank\": %zu}", w->lifts[i].rank);
	}
	buf_adds(b, "]}}");
}

/* Explains row of the ranking r into b. */
static int explain_one(struct instance *m, struct prio_items *v,
		       struct table *t, struct ranking *r, size_t row,
		       const int *inputs, size_t ninputs, int json,
		       struct buf *b, char *err)
{
	const struct prio_method_ops *ops = m->plugin->desc->ops;
	struct prio_out out = { .fd = -1, .name = "standard output" };
	struct why w = { .row = row, .rank = rank_of(r, row),
			 .method = m->section + strlen("method."),
			 .plugin = m->plugin->desc->name };
	int rc = 0;

	if (ops->explain && !r->reason[row]) {
		err[0] = '\0';
		rc = ops->explain(m->state, v, &r->res, row, &out, err);
		w.formula = out.b;
		if (rc)
			goto out;
	}
	if (!r->reason[row] && w.rank > 1) {
		w.above = r->order[w.rank - 2];
		w.lifts = xmalloc((ninputs ? ninputs : 1) * sizeof(*w.lifts));
		w.nlifts = what_it_takes(m, v, t, row, w.rank, inputs, ninputs,
					 w.lifts);
	}
	if (json)
		why_json(b, t, r, &w, inputs, ninputs);
	else
		why_text(b, t, r, &w, inputs, ninputs);
out:
	buf_release(&w.formula);
	free(w.lifts);
	return rc;
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct output_opts all = { .format = "table" };
	const char *method = NULL;
	char err[PRIO_ERR_MAX];
	char **terms = xcalloc((size_t)argc + 1, sizeof(*terms));
	size_t nterms = filter_args_take(&argc, argv, terms);
	struct instance m = {0};
	struct ranking r = {0};
	struct prio_items v = {0};
	struct filter f = {0};
	struct buf b = {0};
	struct table t;
	int o, rc, *inputs = NULL, one = 0, json = 0;
	size_t ninputs = 0, n = 0;
	uint32_t *rows = NULL;
	long long id = 0;
	const double *ids;

	table_init(&t);
	while ((o = cmd_getopt(&cmd_explain, argc, argv, "hm:f:", longopts)) != -1) {
		if (o == 'm') {
			method = optarg;
		} else if (o == 'f' && (json = json_format(optarg)) < 0) {
			rc = fail(EXIT_USAGE, "explain: --format %s: expected "
				  "text or json", optarg);
			goto out;
		} else if (o != 'f') {
			rc = o == 'h' ? EXIT_OK : EXIT_USAGE;
			goto out;
		}
	}
	while (optind < argc)
		terms[nterms++] = argv[optind++];
	if (!nterms) {
		rc = cmd_usage(&cmd_explain, EXIT_USAGE);
		goto out;
	}
	/* One id or key: that item, and its errors; else a filter. */
	if ((one = filter_one_ref(p, terms, nterms))) {
		if ((rc = find_item(p, terms[0], &id)))
			goto out;
	} else if ((rc = filter_parse(&f, &p->schema, terms, nterms, err))) {
		rc = fail(EXIT_USAGE, "%s", err);
		goto out;
	}
	table_release(&t);
	table_for_schema(&t, &p->schema);
	view_all(&v, &t);
	if ((rc = method_open(p, method, &v, &m, err)))
		goto failed;
	/* The method's inputs: what its configure asked for. */
	inputs = xmalloc(t.ncols * sizeof(int));
	for (size_t c = 0; c < t.ncols; c++)
		if (t.cols[c].wanted)
			inputs[ninputs++] = (int)c;
	if (!one)
		filter_want(&f, &t);
	if ((rc = ranked_workspace(p, &m, &v, &t, &r, &all, err)) ||
	    (!one && (rc = filter_prepare(&f, p->store, &t, err))))
		goto failed;
	/* The items explained, in rank order (the unscored after). */
	ids = table_numbers(&t, table_find(&t, "id", 2));
	rows = xmalloc((t.nrows ? t.nrows : 1) * sizeof(*rows));
	for (size_t k = 0; k < t.nrows; k++)
		if (one ? ids[r.order[k]] == (double)id :
			  filter_match(&f, &t, r.order[k]))
			rows[n++] = r.order[k];
	if (!n && one) {	/* not among the open items */
		rc = fail(EXIT_DATA, "item %lld is finished ([rank] "
			  "finished): it takes no rank", id);
		goto out;
	}
	if (!n) {
		rc = fail(EXIT_DATA, "no open item matches (finished work "
			  "takes no rank)");
		goto out;
	}
	for (size_t c = 0; c < t.ncols; c++)
		t.cols[c].wanted = 1;
	if ((rc = store_fill(p->store, &t, rows, n, err)))
		goto failed;
	if (json && !one)
		buf_adds(&b, "[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(&b, json ? ",\n" : "\n");
		if ((rc = explain_one(&m, &v, &t, &r, rows[i], inputs, ninputs,
				      json, &b, err)))
			goto failed;
	}
	buf_adds(&b, json ? (one ? "\n" : "]\n") : "");
	fputs(b.p, stdout);
	rc = EXIT_OK;
	goto out;
failed:
	rc = fail(exit_status(rc), "%s", err);
out:
	free(rows);
	free(terms);
	free(inputs);
	buf_release(&b);
	filter_release(&f);
	ranking_release(&r);
	instance_close(&m);
	view_release(&v);
	table_release(&t);
	return rc;
}

const struct cmd cmd_explain = {
	"explain", run, "prio explain ID|FILTER... [--method NAME] [--format text|json]",
	"show why an item ranks where it does, and what would move it up",
	"Shows the method's inputs for the item, the formula with its numbers\n"
	"(where the method can tell), the score, the class and the rank, and\n"
	"for each input the nearest value, among those the backlog already\n"
	"uses, that would lift the item above the one ranked just before it.\n"
	"FILTER... (as prio help list says) explains each open item it picks,\n"
	"in rank order; ranks are always the whole backlog's.\n"
	"\n"
	"--format json (keys are kept; new ones may be added): for one ID,\n"
	"one object; for a filter, an array of them, in rank order:\n"
	"  {\"id\", \"key\", \"title\", \"method\", \"plugin\",\n"
	"   \"inputs\": {FIELD: value (null: missing)}, \"formula\" (the\n"
	"   method's text, or null), \"score\", \"class\", \"rank\" (null\n"
	"   when unscored), \"ranked\" (how many are), \"pin\",\n"
	"   \"unscored\" (the reason, or null), \"to_pass\": null at rank 1\n"
	"   or unscored, else {\"rank\", \"id\", \"title\", \"score\" (the\n"
	"   item above), \"changes\": [{\"field\", \"from\", \"to\",\n"
	"   \"rank\" (where that change alone would move it)}]}}\n",
	.setup = SETUP_STORE,
	.needs_args = 1,
};
