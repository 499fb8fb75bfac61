/*
 * cmd-explain.c - prio explain ID: why an item ranks where it does: the
 * method's inputs, its formula with the numbers put in, the score, the
 * class, the rank, and what it would take to pass the item above.
 */
#include "cmd.h"
#include "visible.h"

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

/*
 * What single change of one input would lift the item above the one ranked
 * just before it. The values tried are those the field has elsewhere in
 * the backlog (its de facto scale: Fibonacci points stay Fibonacci), the
 * nearest first, and the whole backlog is scored again for each, since a
 * method may normalise over the set.
 */
static void what_it_takes(struct instance *m, struct prio_items *v,
			  struct table *t, size_t row, size_t rank,
			  const int *inputs, size_t ninputs, struct buf *b)
{
	size_t found = 0;

	for (size_t f = 0; f < ninputs; f++) {
		int col = inputs[f];
		double *num = (double *)table_numbers(t, col);
		double was = num[row], *vals;
		size_t n = 0, best_rank = 0;
		double best = NAN;
		char err[PRIO_ERR_MAX], a[32], c[32];

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
		if (best_rank) {
			num_format(was, a, sizeof(a));
			num_format(best, c, sizeof(c));
			buf_addvisf(b, "  %s %s -> %s would move it to #%zu\n",
				 t->cols[col].name, a, c, best_rank);
			found++;
		}
	}
	if (!found)
		buf_adds(b, "  no single change of one input, to a value it has "
			 "elsewhere in the backlog, would do it\n");
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct output_opts all = { .format = "table" };
	const char *method = NULL;
	char err[PRIO_ERR_MAX], num[32];
	struct instance m = {0};
	struct ranking r = {0};
	struct prio_items v = {0};
	struct buf b = {0};
	struct table t;
	int o, rc, *inputs = NULL;
	size_t ninputs = 0, row, rank;
	long long id;
	const double *ids;

	while ((o = cmd_getopt(&cmd_explain, argc, argv, "hm:", longopts)) != -1) {
		if (o == 'm')
			method = optarg;
		else
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (argc - optind != 1)
		return cmd_usage(&cmd_explain, EXIT_USAGE);
	table_init(&t);
	if ((rc = prio_setup(p, 1, err)) || (rc = prio_open_store(p, err)))
		goto failed;
	if ((rc = find_item(p, argv[optind], &id)))
		goto out;
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
	if ((rc = ranked_workspace(p, &m, &v, &t, &r, &all, err)))
		goto failed;
	ids = table_numbers(&t, table_find(&t, "id", 2));
	for (row = 0; row < t.nrows && ids[row] != (double)id; row++)
		;
	{
		uint32_t one = (uint32_t)row;
		for (size_t c = 0; c < t.ncols; c++)
			t.cols[c].wanted = 1;
		if (row == t.nrows) {	/* not among the open items */
			rc = fail(EXIT_DATA, "item %lld is finished ([rank] "
				  "finished): it takes no rank", id);
			goto out;
		}
		if ((rc = store_fill(p->store, &t, &one, 1, err)))
			goto failed;
	}
	rank = rank_of(&r, row);
	{
		size_t len;
		const char *key = table_text(&t, table_find(&t, "key", 3), row,
					     num, &len);
		const char *title = table_text(&t, table_find(&t, "title", 5),
					       row, num, &len);
		size_t klen = 0;
		if (key)
			table_text(&t, table_find(&t, "key", 3), row, num, &klen);
		buf_addvisf(&b, "#%lld%s%.*s  %.*s\n", id, key ? " " : "",
			 (int)klen, key ? key : "", title ? (int)len : 0,
			 title ? title : "");
	}
	buf_addvisf(&b, "method: %s (plugin %s)\n\ninputs:\n",
		 m.section + strlen("method."), m.plugin->desc->name);
	for (size_t i = 0; i < ninputs; i++) {
		size_t len;
		const char *val = table_text(&t, inputs[i], row, num, &len);
		buf_addvisf(&b, "  %-20s %.*s\n", t.cols[inputs[i]].name,
			 val ? (int)len : 7, val ? val : "missing");
	}
	{
		const struct prio_method_ops *ops = m.plugin->desc->ops;
		struct prio_out out = { .fd = -1, .name = "standard output" };

		if (ops->explain && !r.reason[row]) {
			buf_addc(&b, '\n');
			err[0] = '\0';
			rc = ops->explain(m.state, &v, &r.res, row, &out, err);
			/* The plugin's text may quote the data: shown. */
			if (!rc && out.b.len)
				buf_addvis_lines(&b, out.b.p, out.b.len, "");
			buf_release(&out.b);
			if (rc)
				goto failed;
		}
	}
	if (r.reason[row]) {
		buf_addvisf(&b, "\nunscored: %s\n", r.reasons.p + r.reason[row] - 1);
		goto print;
	}
	buf_addvisf(&b, "\nscore: %.4g\n", r.res.score[row]);
	if (r.res.klass[row] >= 0)
		buf_addvisf(&b, "class: %s\n", r.classes[r.res.klass[row]]);
	buf_addvisf(&b, "rank:  %zu of %zu ranked", rank, r.nscored);
	{
		int pinc = table_find(&t, "pin", 3);
		const double *pins = table_numbers(&t, pinc);
		if (!isnan(pins[row]))
			buf_addvisf(&b, " (pinned at %.0f)", pins[row]);
	}
	buf_addc(&b, '\n');
	if (rank > 1) {
		size_t above = r.order[rank - 2], len;
		const char *title = table_text(&t, table_find(&t, "title", 5),
					       above, num, &len);
		buf_addvisf(&b, "\nto pass #%zu (#%.0f %.*s, score %.4g):\n",
			 rank - 1, ids[above], title ? (int)len : 0,
			 title ? title : "", r.res.score[above]);
		what_it_takes(&m, &v, &t, row, rank, inputs, ninputs, &b);
	}
print:
	fputs(b.p, stdout);
	rc = EXIT_OK;
	goto out;
failed:
	rc = fail(exit_status(rc), "%s", err);
out:
	free(inputs);
	buf_release(&b);
	ranking_release(&r);
	instance_close(&m);
	view_release(&v);
	table_release(&t);
	return rc;
}

const struct cmd cmd_explain = {
	"explain", run, "prio explain ID [--method NAME]",
	"show why an item ranks where it does, and what would move it up",
	"Shows the method's inputs for the item, the formula with its numbers\n"
	"(where the method can tell), the score, the class and the rank, and\n"
	"for each input the nearest value, among those the backlog already\n"
	"uses, that would lift the item above the one ranked just before it.\n",
};
