/*
 * cmd-compare.c - prio compare A B [C...]: how much methods agree: the
 * ranks side by side, Kendall's tau for each pair, the overlap of their
 * top N, and the items that move most. What an organisation reads before
 * it switches methods.
 */
#include "cmd.h"
#include "date.h"
#include "history.h"
#include "visible.h"

#include "agile.h"
#include "filter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Counts inversions of v[0..n) while merge-sorting it: O(n log n). */
static unsigned long long inversions(uint32_t *v, uint32_t *tmp, size_t n)
{
	unsigned long long inv;
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return 0;
	inv = inversions(v, tmp, mid) + inversions(v + mid, tmp, n - mid);
	while (i < mid && j < n) {
		if (v[i] <= v[j]) {
			tmp[k++] = v[i++];
		} else {
			inv += mid - i;
			tmp[k++] = v[j++];
		}
	}
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
	return inv;
}

/*
 * Kendall's tau between two rankings, over the items both rank. Ranks are
 * total orders (ties are broken), so tau = 1 - 4 * inversions / n(n-1).
 */
static double kendall(const uint32_t *ra, const uint32_t *rb, size_t nrows,
		      size_t *common)
{
	uint32_t *seq = xmalloc((nrows ? nrows : 1) * sizeof(*seq));
	uint32_t *tmp = xmalloc((nrows ? nrows : 1) * sizeof(*tmp));
	uint32_t *by_a = xcalloc(nrows + 1, sizeof(*by_a));
	size_t n = 0;
	double tau;

	/* Items in A's order, each as its rank in B. */
	for (size_t row = 0; row < nrows; row++)
		if (ra[row] && rb[row])
			by_a[ra[row] - 1] = (uint32_t)row + 1;
	for (size_t k = 0; k < nrows; k++)
		if (by_a[k])
			seq[n++] = rb[by_a[k] - 1];
	*common = n;
	tau = n < 2 ? NAN : 1.0 - 4.0 * (double)inversions(seq, tmp, n) /
				      ((double)n * (double)(n - 1));
	free(seq);
	free(tmp);
	free(by_a);
	return tau;
}

/* One side of compare --at: the backlog then or now, ranked. */
struct side {
	struct table t;
	struct prio_items v;
	struct instance m;
	struct ranking r;
	long long *ids;		/* by rank, the ranked items' ids */
	long long (*by_id)[2];	/* (id, rank) of each, by id: rank_of_id */
};

/* Orders (id, rank) pairs, or finds an id among them, by the id. */
static int by_first(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static int side_rank(struct prio *p, const char *method, const char *at,
		     struct side *s, char *err)
{
	const double *ids;
	size_t nfin;
	int rc;

	table_for_schema(&s->t, &p->schema);
	view_all(&s->v, &s->t);
	if ((rc = method_open(p, method, &s->v, &s->m, err)))
		return rc;
	for (size_t c = 0; c < s->t.ncols; c++)
		s->t.cols[c].wanted = 1;
	if ((rc = store_load(p->store, &s->t, 0, err)) ||
	    (at && (rc = history_at(p, &s->t, at, err))) ||
	    (rc = rank_split(p, &s->t, 0, &s->v.count, &nfin, err)) ||
	    (rc = rank_run(&s->m, &s->v, &s->r, err)))
		return rc;
	ids = table_numbers(&s->t, table_find(&s->t, "id", 2));
	s->ids = xcalloc(s->r.nscored + 1, sizeof(*s->ids));
	s->by_id = xmalloc((s->r.nscored + 1) * sizeof(*s->by_id));
	for (size_t k = 0; k < s->r.nscored; k++) {
		s->ids[k] = s->by_id[k][0] = (long long)ids[s->r.order[k]];
		s->by_id[k][1] = (long long)k + 1;
	}
	qsort(s->by_id, s->r.nscored, sizeof(*s->by_id), by_first);
	return 0;
}

static void side_release(struct side *s)
{
	ranking_release(&s->r);
	instance_close(&s->m);
	view_release(&s->v);
	table_release(&s->t);
	free(s->ids);
	free(s->by_id);
}

/* The rank (from 1) of item id on a side, or 0: not ranked there. */
static size_t rank_of_id(const struct side *s, long long id)
{
	const long long (*hit)[2] = bsearch(&id, s->by_id, s->r.nscored,
					    sizeof(*s->by_id), by_first);

	return hit ? (size_t)(*hit)[1] : 0;
}

/* A ranked item's title on a side. */
static void add_title(struct buf *b, struct side *s, size_t k)
{
	char num[32];
	size_t len;
	const char *v = table_text(&s->t, table_find(&s->t, "title", 5),
				   s->r.order[k], num, &len);

	buf_addvisf(b, "%.*s", v ? (int)len : 0, v ? v : "");
}

/*
 * compare --at WHEN [METHOD]: the ranking as it stood then beside
 * today's, by one method (the [rank] method): what sprint planning
 * decided on, and what has moved since.
 */
static int compare_at(struct prio *p, const char *method, const char *at,
		      const char *when, size_t top, char *err)
{
	struct side then = {0}, now = {0};
	struct buf b = {0};
	uint32_t *ra = NULL, *rb = NULL;
	size_t common, overlap = 0, nt, nn, gone = 0;
	char tau[32] = "n/a";
	double t;
	int rc;

	if ((rc = side_rank(p, method, at, &then, err)) ||
	    (rc = side_rank(p, method, NULL, &now, err)))
		goto out;
	/* Each of today's rows: its rank then (0: none) and now. */
	ra = xcalloc(now.t.nrows + 1, sizeof(*ra));
	rb = xcalloc(now.t.nrows + 1, sizeof(*rb));
	for (size_t k = 0; k < now.r.nscored; k++) {
		rb[now.r.order[k]] = (uint32_t)(k + 1);
		ra[now.r.order[k]] = (uint32_t)rank_of_id(&then, now.ids[k]);
	}
	t = kendall(ra, rb, now.t.nrows, &common);
	if (!isnan(t))
		snprintf(tau, sizeof(tau), "%.3f", t);
	nt = top < then.r.nscored ? top : then.r.nscored;
	nn = top < now.r.nscored ? top : now.r.nscored;
	for (size_t k = 0; k < nn; k++) {
		size_t was = rank_of_id(&then, now.ids[k]);
		overlap += was && was <= nt;
	}
	buf_addvisf(&b, "Since %s, by [%s]: %zu ranked then, %zu now\n\n",
		    when, now.m.section, then.r.nscored, now.r.nscored);
	buf_addf(&b, "  %-6s %6s %6s  TITLE\n", "ID", "THEN", "NOW");
	for (size_t k = 0; k < nn; k++) {
		size_t was = rank_of_id(&then, now.ids[k]);
		char w[32];

		snprintf(w, sizeof(w), was ? "%zu" : "new", was);
		buf_addf(&b, "  %-6lld %6s %6zu  ", now.ids[k], w, k + 1);
		add_title(&b, &now, k);
		buf_addc(&b, '\n');
	}
	buf_addf(&b, "\nAgreement: tau %s over the %zu items both rank, top "
		 "%zu overlap %zu/%zu\n", tau, common, top, overlap,
		 nn > nt ? nn : nt);
	for (size_t k = 0; k < nt; k++) {
		if (rank_of_id(&now, then.ids[k]))
			continue;
		if (!gone++)
			buf_addf(&b, "\nOut of the ranking since (then in the "
				 "top %zu):\n", top);
		buf_addf(&b, "  %-6lld %6zu  ", then.ids[k], k + 1);
		add_title(&b, &then, k);
		buf_addc(&b, '\n');
	}
	fputs(b.p, stdout);
out:
	free(ra);
	free(rb);
	buf_release(&b);
	side_release(&then);
	side_release(&now);
	return rc;
}

/*
 * Is a word among the methods a filter term? Terms have a ':', start
 * with + or / (a -LABEL never gets here: filter_args_take), or are ids;
 * a key is key:KEY here, since a bare word names a method.
 */
static int is_term(const char *arg)
{
	return strchr(arg, ':') || arg[0] == '+' || arg[0] == '/' ||
	       strspn(arg, "0123456789") == strlen(arg);
}

/* A row's id (or key) as the table shows it. */
static const char *id_text(struct table *t, size_t row, char buf[64])
{
	char num[32];
	size_t len;
	const char *key = table_text(t, table_find(t, "key", 3), row, num,
				     &len);

	if (key)
		snprintf(buf, 64, "%.*s", (int)len, key);
	else
		snprintf(buf, 64, "#%.0f",
			 table_numbers(t, table_find(t, "id", 2))[row]);
	return buf;
}

static void json_text(struct buf *b, struct table *t, int col, size_t row)
{
	char num[32];
	size_t len;
	const char *v = table_text(t, col, row, num, &len);

	if (v)
		buf_addjson(b, v, len);
	else
		buf_adds(b, "null");
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "top", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "rerank", no_argument, NULL, 'R' },
		{ "at", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	size_t top = 10, nm = 0, shown, nfin, nterms;
	char err[PRIO_ERR_MAX], num[32], idtext[64], then[21];
	const char *when = NULL;
	char **terms = xcalloc((size_t)argc + 1, sizeof(*terms));
	const char **names = xcalloc((size_t)argc + 1, sizeof(*names));
	struct instance *m = NULL;
	struct ranking *r = NULL;
	/* Per method, of each row: its rank shown (the whole backlog's, or
	 * among the items picked with --rerank), and its place among the
	 * items picked (tau and the overlap are about those); 0: unscored,
	 * or not picked. */
	uint32_t **rank = NULL, **pos = NULL, **picked = NULL;
	size_t *npicked = NULL;
	struct prio_items v = {0};
	struct filter f = {0};
	struct buf b = {0};
	struct table t;
	int o, rc = 0, titlec, json = 0, rerank = 0;
	unsigned char *keep = NULL;
	const double *ids;

	table_init(&t);
	nterms = filter_args_take(&argc, argv, terms);
	while ((o = cmd_getopt(&cmd_compare, argc, argv, "hf:", longopts)) != -1) {
		if (o == 'n') {
			if (parse_limit(optarg, &top) || !top) {
				rc = cmd_usage(&cmd_compare, EXIT_USAGE);
				goto out;
			}
		} else if (o == 'R') {
			rerank = 1;
		} else if (o == 'A') {
			if (date_at(optarg, then, err)) {
				rc = fail(EXIT_USAGE, "compare: %s", err);
				goto out;
			}
			when = optarg;
		} else if (o == 'f' && (json = json_format(optarg)) < 0) {
			rc = fail(EXIT_USAGE, "compare: --format %s: expected "
				  "text or json", optarg);
			goto out;
		} else if (o != 'f') {
			rc = o == 'h' ? EXIT_OK : EXIT_USAGE;
			goto out;
		}
	}
	for (; optind < argc; optind++)
		if (is_term(argv[optind]))
			terms[nterms++] = argv[optind];
		else
			names[nm++] = argv[optind];
	if (when) {
		if (nm > 1 || nterms || json || rerank) {
			rc = fail(EXIT_USAGE, "compare --at: one method (or "
				  "none: the [rank] method), no filter, text");
			goto out;
		}
		if ((rc = compare_at(p, nm ? names[0] : NULL, then, when,
				     top, err)))
			goto failed;
		rc = EXIT_OK;
		goto out;
	}
	if (nm < 2) {
		fail(EXIT_USAGE, "compare: name two methods or more");
		rc = cmd_usage(&cmd_compare, EXIT_USAGE);
		goto out;
	}
	if (nterms && (rc = filter_parse(&f, &p->schema, terms, nterms, err))) {
		rc = fail(EXIT_USAGE, "%s", err);
		goto out;
	}
	table_release(&t);
	table_for_schema(&t, &p->schema);
	view_all(&v, &t);
	m = xcalloc(nm, sizeof(*m));
	r = xcalloc(nm, sizeof(*r));
	rank = xcalloc(nm, sizeof(*rank));
	pos = xcalloc(nm, sizeof(*pos));
	picked = xcalloc(nm, sizeof(*picked));
	npicked = xcalloc(nm, sizeof(*npicked));
	/* Every method names its inputs first; then one load serves all. */
	for (size_t i = 0; i < nm && !rc; i++)
		rc = method_open(p, names[i], &v, &m[i], err);
	for (size_t c = 0; c < t.ncols; c++) {
		const char *n = t.cols[c].name;
		if (!strcmp(n, "key") || !strcmp(n, "title"))
			t.cols[c].wanted = 1;
	}
	t.cols[table_find(&t, "status", 6)].wanted = 1;
	filter_want(&f, &t);
	if (rc || (rc = store_load(p->store, &t, 0, err)) ||
	    (rc = rank_split(p, &t, 0, &v.count, &nfin, err)) ||
	    (rc = filter_prepare(&f, p->store, &t, err)))
		goto failed;
	keep = xmalloc(t.nrows + 1);
	for (size_t row = 0; row < t.nrows; row++)
		keep[row] = (unsigned char)filter_match(&f, &t, row);
	for (size_t i = 0; i < nm; i++) {
		if ((rc = rank_run(&m[i], &v, &r[i], err)))
			goto failed;
		rank[i] = xcalloc(t.nrows + 1, sizeof(uint32_t));
		pos[i] = xcalloc(t.nrows + 1, sizeof(uint32_t));
		picked[i] = xmalloc((t.nrows + 1) * sizeof(uint32_t));
		for (size_t k = 0; k < r[i].nscored; k++) {
			uint32_t row = r[i].order[k];

			if (!keep[row])
				continue;
			picked[i][npicked[i]++] = row;
			pos[i][row] = (uint32_t)npicked[i];
			rank[i][row] = rerank ? pos[i][row] : (uint32_t)(k + 1);
		}
	}
	titlec = table_find(&t, "title", 5);
	ids = table_numbers(&t, table_find(&t, "id", 2));

	/* The top N of the first method, with every method's rank. */
	shown = top < npicked[0] ? top : npicked[0];
	if (json) {
		buf_adds(&b, "{\"methods\": [");
		for (size_t i = 0; i < nm; i++) {
			buf_adds(&b, i ? ", " : "");
			buf_addjson(&b, names[i], strlen(names[i]));
		}
		buf_addf(&b, "], \"top\": %zu, \"items\": [", top);
	} else {
		buf_addvisf(&b, "Top %zu by %s:\n\n  %-8s", shown, names[0],
			    "ID");
		for (size_t i = 0; i < nm; i++)
			buf_addvisf(&b, " %10.10s", names[i]);
		buf_adds(&b, "  TITLE\n");
	}
	for (size_t k = 0; k < shown; k++) {
		size_t row = picked[0][k], len;
		const char *title;

		if (json) {
			buf_addf(&b, "%s\n    {\"id\": %.0f, \"key\": ",
				 k ? "," : "", ids[row]);
			json_text(&b, &t, table_find(&t, "key", 3), row);
			buf_adds(&b, ", \"title\": ");
			json_text(&b, &t, titlec, row);
			buf_adds(&b, ", \"ranks\": [");
			for (size_t i = 0; i < nm; i++) {
				buf_adds(&b, i ? ", " : "");
				json_number(&b, rank[i][row] ? rank[i][row] :
					    NAN);
			}
			buf_adds(&b, "]}");
			continue;
		}
		buf_addvisf(&b, "  %-8s", id_text(&t, row, idtext));
		for (size_t i = 0; i < nm; i++) {
			if (rank[i][row])
				buf_addvisf(&b, " %10u", rank[i][row]);
			else
				buf_addvisf(&b, " %10s", "unscored");
		}
		title = table_text(&t, titlec, row, num, &len);
		buf_addvisf(&b, "  %.*s\n", title ? (int)len : 0,
			    title ? title : "");
	}

	if (json)
		buf_adds(&b, "], \"pairs\": [");
	else
		buf_adds(&b, "\nAgreement (Kendall's tau: 1 same order, 0 "
			 "unrelated, -1 reversed; top-N overlap):\n\n");
	for (size_t i = 0, np = 0; i < nm; i++)
		for (size_t j = i + 1; j < nm; j++, np++) {
			size_t common, overlap = 0, ni, nj, n;
			double tau = kendall(pos[i], pos[j], t.nrows, &common);

			ni = top < npicked[i] ? top : npicked[i];
			nj = top < npicked[j] ? top : npicked[j];
			for (size_t a = 0; a < ni; a++)
				overlap += pos[j][picked[i][a]] &&
					   pos[j][picked[i][a]] <= nj;
			n = ni > nj ? ni : nj;
			if (json) {
				buf_adds(&b, np ? ",\n    {\"methods\": [" :
					 "\n    {\"methods\": [");
				buf_addjson(&b, names[i], strlen(names[i]));
				buf_adds(&b, ", ");
				buf_addjson(&b, names[j], strlen(names[j]));
				buf_adds(&b, "], \"tau\": ");
				json_number(&b, tau);
				buf_addf(&b, ", \"common\": %zu, \"overlap\": "
					 "%zu, \"of\": %zu}", common, overlap,
					 n);
				continue;
			}
			buf_addvisf(&b, "  %s ~ %s: tau %s over %zu items, top %zu "
				 "overlap %zu/%zu\n", names[i],
				 names[j], isnan(tau) ? "n/a" :
				 (snprintf(num, sizeof(num), "%.3f", tau), num),
				 common, top, overlap, n);
		}

	/* Who moves most between the first method and each other one. */
	if (json)
		buf_adds(&b, "], \"moves\": [");
	for (size_t j = 1; j < nm; j++) {
		size_t best[5] = {0}, nb = 0;
		long d[5] = {0};

		for (size_t row = 0; row < t.nrows; row++) {
			long dr;
			size_t at;

			if (!rank[0][row] || !rank[j][row])
				continue;
			dr = (long)rank[j][row] - (long)rank[0][row];
			for (at = nb; at > 0 && labs(dr) > labs(d[at - 1]); at--)
				if (at < 5) {
					best[at] = best[at - 1];
					d[at] = d[at - 1];
				}
			if (at < 5) {
				best[at] = row;
				d[at] = dr;
				if (nb < 5)
					nb++;
			}
		}
		if (json) {
			buf_adds(&b, j > 1 ? ",\n    {\"from\": " :
				 "\n    {\"from\": ");
			buf_addjson(&b, names[0], strlen(names[0]));
			buf_adds(&b, ", \"to\": ");
			buf_addjson(&b, names[j], strlen(names[j]));
			buf_adds(&b, ", \"items\": [");
			for (size_t k = 0; k < nb && d[k]; k++) {
				buf_addf(&b, "%s{\"id\": %.0f, \"title\": ",
					 k ? ", " : "", ids[best[k]]);
				json_text(&b, &t, titlec, best[k]);
				buf_addf(&b, ", \"from\": %u, \"to\": %u, "
					 "\"change\": %ld}", rank[0][best[k]],
					 rank[j][best[k]], d[k]);
			}
			buf_adds(&b, "]}");
			continue;
		}
		buf_addvisf(&b, "\nMoves most from %s to %s:\n", names[0],
			 names[j]);
		for (size_t k = 0; k < nb && d[k]; k++) {
			size_t len;
			const char *title = table_text(&t, titlec, best[k], num,
						       &len);
			buf_addvisf(&b, "  #%.0f %.*s: %u -> %u (%+ld)\n",
				 ids[best[k]], title ? (int)len : 0,
				 title ? title : "", rank[0][best[k]],
				 rank[j][best[k]], d[k]);
		}
		if (!nb || !d[0])
			buf_adds(&b, "  nothing moves\n");
	}
	if (json)
		buf_adds(&b, "]}\n");
	fputs(b.p, stdout);
	rc = EXIT_OK;
	goto out;
failed:
	rc = fail(exit_status(rc), "%s", err);
out:
	for (size_t i = 0; i < nm && r; i++) {
		ranking_release(&r[i]);
		instance_close(&m[i]);
		free(rank[i]);
		free(pos[i]);
		free(picked[i]);
	}
	free(m);
	free(r);
	free(rank);
	free(pos);
	free(picked);
	free(npicked);
	free(keep);
	free(names);
	free(terms);
	filter_release(&f);
	buf_release(&b);
	view_release(&v);
	table_release(&t);
	return rc;
}

const struct cmd cmd_compare = {
	"compare", run,
	"prio compare METHOD METHOD... [FILTER...] [--top N] [--rerank]\n"
	"       [--format text|json]\n"
	"       prio compare --at WHEN [METHOD] [--top N]",
	"compare how methods rank the backlog",
	"Shows the top N (default 10) by the first method with each method's\n"
	"rank, Kendall's tau and the top-N overlap for each pair of methods,\n"
	"and the items whose rank moves most from the first method to each\n"
	"other one.\n"
	"FILTER... (as prio help list says; a bare word is a method, so a key\n"
	"is key:KEY here) compares the methods on the items it picks: ranks\n"
	"stay the whole backlog's, unless --rerank ranks them among\n"
	"themselves; tau and the overlap are over the items picked.\n"
	"\n"
	"With --at WHEN: the backlog as it stood then (read back from the\n"
	"log) beside today's, by one method (default: the [rank] method):\n"
	"today's top N with the rank each had then, the agreement of the\n"
	"two orders, and what has left the top N since. WHEN is a day\n"
	"(2026-11-02, yesterday, -2w: the end of it) or a local date and\n"
	"time (2026-11-02T14:30:00).\n"
	"\n"
	"--format json (keys are kept; new ones may be added):\n"
	"  {\"methods\": [names], \"top\",\n"
	"   \"items\": [{\"id\", \"key\", \"title\", \"ranks\": [one per\n"
	"   method, null when unscored]}] (the top by the first method),\n"
	"   \"pairs\": [{\"methods\": [a, b], \"tau\" (null under two\n"
	"   items), \"common\" (items both rank), \"overlap\", \"of\"}],\n"
	"   \"moves\": [{\"from\", \"to\" (methods), \"items\": [{\"id\",\n"
	"   \"title\", \"from\", \"to\" (ranks), \"change\"}]}]}\n",
	.setup = SETUP_STORE,
	.needs_args = 1,
};
