/*
 * rank.c - runs a method over a set of items and puts them in order.
 *
 * Order: scored items by score, highest first; ties keep the order of the
 * set (by id for a workspace, by line for a file), which makes the result
 * the same on every run. Unscored items follow, in the set's order.
 *
 * The sort is a stable LSD radix sort on the score's bits, 11 bits a pass:
 * a million items sort in a few milliseconds, several times faster than
 * qsort with a comparator, and stability is what breaks the ties.
 *
 * ranked_workspace ranks a workspace's backlog for every command that
 * needs its order (rank, list, explain, sprint plan, pin), reading the
 * top N from the ranking cache (below) when it can.
 */
#include "prio.h"

#include "date.h"
#include "history.h"
#include "filter.h"

#include <math.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

/* Maps a double to an unsigned key that sorts the same way, descending. */
static inline uint64_t desc_key(double d)
{
	uint64_t u;

	if (d == 0)
		d = 0;	/* -0 is 0: the same key, so a tie keeps row order */
	memcpy(&u, &d, sizeof(u));
	u = (u >> 63) ? ~u : u | (1ull << 63);
	return ~u;
}

static void radix_sort(uint64_t *key, uint32_t *idx, size_t n)
{
	/*
	 * 11 bits a pass: the counts fit on the stack and in L1, six passes
	 * cover the key, and a pass whose digit is the same for every key
	 * (the high bits of similar scores) is skipped.
	 */
	enum { BITS = 11, BUCKETS = 1 << BITS };
	uint64_t *k2 = xmalloc((n ? n : 1) * sizeof(*k2));
	uint32_t *i2 = xmalloc((n ? n : 1) * sizeof(*i2));
	size_t count[BUCKETS];

	for (int shift = 0; shift < 64; shift += BITS) {
		size_t sum = 0;

		memset(count, 0, sizeof(count));
		for (size_t i = 0; i < n; i++)
			count[(key[i] >> shift) & (BUCKETS - 1)]++;
		if (n && count[(key[0] >> shift) & (BUCKETS - 1)] == n)
			continue;	/* every key has this digit: nothing to do */
		for (size_t d = 0; d < BUCKETS; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++) {
			size_t to = count[(key[i] >> shift) & (BUCKETS - 1)]++;
			k2[to] = key[i];
			i2[to] = idx[i];
		}
		memcpy(key, k2, n * sizeof(*key));
		memcpy(idx, i2, n * sizeof(*idx));
	}
	free(k2);
	free(i2);
}

/* The view's column called name, as a table column, or -1. */
static int view_column(const struct prio_items *v, const char *name)
{
	for (int h = 0; h < v->nvis; h++)
		if (!strcmp(v->t->cols[v->vis[h]].name, name))
			return v->vis[h];
	return -1;
}

void rank_columns_wanted(struct table *t)
{
	static const char *const own[] = { "position", "pin" };

	for (size_t i = 0; i < ARRAY_SIZE(own); i++) {
		int c = table_find(t, own[i], strlen(own[i]));
		if (c >= 0)
			t->cols[c].wanted = 1;
	}
}

/*
 * The order ties are broken in: the manual order (prio move) where items
 * have one, then the set's own order (ids, or lines). Returns the items'
 * indexes in that order.
 */
static uint32_t *tie_order(const struct prio_items *items)
{
	size_t n = items->count;
	uint32_t *idx = xmalloc((n ? n : 1) * sizeof(*idx));
	int col = view_column(items, "position");
	const double *pos;
	uint64_t *key;
	int any = 0;

	for (size_t i = 0; i < n; i++)
		idx[i] = (uint32_t)i;
	if (col < 0 || items->order)
		return idx;
	pos = table_numbers(items->t, col);
	for (size_t i = 0; i < n && !any; i++)
		any = !isnan(pos[i]);
	if (!any)
		return idx;
	key = xmalloc(n * sizeof(*key));
	for (size_t i = 0; i < n; i++)	/* ascending; no position last */
		key[i] = isnan(pos[i]) ? UINT64_MAX : desc_key(-pos[i]);
	radix_sort(key, idx, n);
	free(key);
	return idx;
}

/*
 * Pinned items keep their rank whatever the scores: take them out, then
 * put each back at its rank, lowest pin first. A pin needs a score: an
 * unscored item stays with the unscored.
 */
static void apply_pins(const struct prio_items *items, struct ranking *r)
{
	int col = view_column(items, "pin");
	const double *pin;
	uint32_t *rest, *pinned;
	size_t np = 0, nr = 0;

	if (col < 0 || items->order || !r->nscored)
		return;
	pin = table_numbers(items->t, col);
	for (size_t k = 0; k < r->nscored; k++)
		np += pin[r->order[k]] >= 1;
	if (!np)
		return;
	rest = xmalloc(r->nscored * sizeof(*rest));
	pinned = xmalloc(np * sizeof(*pinned));
	np = 0;
	for (size_t k = 0; k < r->nscored; k++)
		if (pin[r->order[k]] >= 1)
			pinned[np++] = r->order[k];
		else
			rest[nr++] = r->order[k];
	/* Lowest pin first; equal pins keep their ranked order (stable). */
	for (size_t a = 1; a < np; a++)
		for (size_t b = a; b > 0 && pin[pinned[b - 1]] > pin[pinned[b]]; b--) {
			uint32_t t = pinned[b];
			pinned[b] = pinned[b - 1];
			pinned[b - 1] = t;
		}
	{
		size_t out = 0, ri = 0, pi = 0;
		while (out < r->nscored) {
			if (pi < np && (pin[pinned[pi]] <= (double)(out + 1) ||
					ri == nr))
				r->order[out++] = pinned[pi++];
			else
				r->order[out++] = rest[ri++];
		}
	}
	free(rest);
	free(pinned);
}

int rank_run(struct instance *m, struct prio_items *items, struct ranking *r,
	     char *err)
{
	const struct prio_method_ops *ops = m->plugin->desc->ops;
	size_t n = items->count, ns = 0, nu = 0;
	uint32_t *ties;
	uint64_t *key;
	int rc;

	memset(r, 0, sizeof(*r));
	r->res.count = n;
	r->res.score = xmalloc((n ? n : 1) * sizeof(double));
	r->res.klass = xmalloc((n ? n : 1) * sizeof(int));
	r->reason = xcalloc(n ? n : 1, sizeof(uint32_t));
	for (size_t i = 0; i < n; i++) {
		r->res.score[i] = NAN;
		r->res.klass[i] = -1;
	}
	err[0] = '\0';
	rc = ops->score(m->state, items, &r->res, err);
	if (rc < 0)
		return errprefix(err, rc, "[%s]", m->section);

	for (size_t i = 0; i < n; i++) {
		if (!isfinite(r->res.score[i]) && !r->reason[i])
			host_services.unscored(&r->res, i,
					       "the method gave no valid score");
		if (!r->reason[i])
			ns++;
	}
	r->order = xmalloc((n ? n : 1) * sizeof(uint32_t));
	key = xmalloc((ns ? ns : 1) * sizeof(uint64_t));
	ties = tie_order(items);
	for (size_t j = 0; j < n; j++) {
		size_t i = ties[j];

		if (r->reason[i]) {
			r->order[ns + nu++] = (uint32_t)view_row(items, i);
		} else {
			key[r->nscored] = desc_key(r->res.score[i]);
			r->order[r->nscored++] = (uint32_t)view_row(items, i);
		}
	}
	radix_sort(key, r->order, ns);
	free(key);
	free(ties);
	apply_pins(items, r);
	r->total = n;
	r->total_scored = ns;
	return 0;
}

void ranking_release(struct ranking *r)
{
	free(r->res.score);
	free(r->res.klass);
	free(r->reason);
	buf_release(&r->reasons);
	for (int i = 0; i < r->nclasses; i++)
		free(r->classes[i]);
	free(r->classes);
	free(r->order);
	free(r->rank_of);
	memset(r, 0, sizeof(*r));
}

void ranking_filter(struct ranking *r, struct table *t,
		    const unsigned char *keep, int rerank)
{
	size_t n = r->res.count, nu = n - r->nscored - r->nfinished, kept = 0;
	size_t ks = 0, ku = 0, kf = 0;
	uint32_t *rows = xmalloc((n ? n : 1) * sizeof(*rows));
	uint32_t *rank_of = rerank ? NULL : xmalloc((n ? n : 1) * sizeof(*rank_of));
	double *score = xmalloc((n ? n : 1) * sizeof(double));
	int *klass = xmalloc((n ? n : 1) * sizeof(int));
	uint32_t *reason = xmalloc((n ? n : 1) * sizeof(uint32_t));

	for (size_t k = 0; k < n; k++) {
		uint32_t row = r->order[k];

		if (!keep[row])
			continue;
		if (k < r->nscored) {
			if (rank_of)
				rank_of[ks] = (uint32_t)(k + 1);
			ks++;
		} else if (k < r->nscored + nu) {
			ku++;
		} else {
			kf++;
		}
		score[kept] = r->res.score[row];
		klass[kept] = r->res.klass[row];
		reason[kept] = r->reason[row];
		rows[kept++] = row;
	}
	/* The rows kept, in rank order, are the table now: order is 0..kept. */
	table_permute(t, rows, kept);
	for (size_t i = 0; i < kept; i++)
		r->order[i] = (uint32_t)i;
	free(r->res.score);
	free(r->res.klass);
	free(r->reason);
	free(r->rank_of);
	r->res.score = score;
	r->res.klass = klass;
	r->reason = reason;
	r->rank_of = rank_of;
	r->left_out |= kept < n;
	r->res.count = kept;
	r->nscored = ks;
	r->nfinished = kf;
	r->total = ks + ku;
	r->total_scored = ks;
	free(rows);
}

/*
 * The results go into the table as columns, so output and exporters read
 * them like any field. Scores and classes are indexed by item, and the
 * items of a ranking are the table's rows in order (an identity view).
 */
int ranking_columns(struct ranking *r, struct table *t)
{
	int rank = table_add_column(t, "rank", PRIO_TYPE_NUMBER, NULL);
	int score = table_add_column(t, "score", PRIO_TYPE_NUMBER, NULL);
	int klass = table_add_column(t, "class", PRIO_TYPE_TEXT, NULL);
	int why = table_add_column(t, "unscored", PRIO_TYPE_TEXT, NULL);

	t->cols[rank].num_only = t->cols[score].num_only = 1;
	for (size_t i = 0; i < t->nrows; i++) {
		table_set_num(t, rank, i, NAN);
		table_set_num(t, score, i, r->res.score[i]);
		if (r->res.klass[i] >= 0) {
			const char *c = r->classes[r->res.klass[i]];
			table_set(t, klass, i, c, strlen(c));
		}
		if (r->reason[i]) {
			const char *w = r->reasons.p + r->reason[i] - 1;
			table_set(t, why, i, w, strlen(w));
		}
	}
	for (size_t k = 0; k < r->nscored; k++)
		table_set_num(t, rank, r->order[k], (double)ranking_rank(r, k));
	return rank;
}

/* The workspace's ranking: what rank, list, explain, sprint and pin read. */

static int shown_in_table(const char *name)
{
	return !strcmp(name, "id") || !strcmp(name, "key") ||
	       !strcmp(name, "title") || !strcmp(name, "pin");
}

/* Reads what the output shows of the first `limit` ranked and unscored. */
static int fill_top(struct prio *p, struct table *t, struct ranking *r,
		    size_t limit, int all_fields, char *err)
{
	size_t nu = t->nrows - r->nscored - r->nfinished, n = 0;
	uint32_t *rows = xmalloc(2 * limit * sizeof(*rows));
	int rc;

	for (size_t k = 0; k < limit && k < r->nscored; k++)
		rows[n++] = r->order[k];
	for (size_t k = 0; k < limit && k < nu; k++)
		rows[n++] = r->order[r->nscored + k];
	for (size_t i = 0; i < t->ncols; i++)
		if (all_fields || shown_in_table(t->cols[i].name))
			t->cols[i].wanted = 1;
	rc = store_fill(p->store, t, rows, n, err);
	free(rows);
	return rc;
}

/*
 * A filter over a ranking. Rows of t that pass, by the terms (t has the
 * columns they read), or else by id: a ranking read back from the cache
 * has ids alone, so the filter's columns come in a table of their own,
 * read in id order, which is much less than ranking again.
 */
static int filter_ranking(struct prio *p, struct table *t, struct ranking *r,
			  const struct output_opts *out, int by_id, char *err)
{
	struct filter *f = out->filter;
	unsigned char *keep = xcalloc(t->nrows ? t->nrows : 1, 1);
	int rc = 0;

	if (!by_id) {
		if (!(rc = filter_prepare(f, p->store, t, err)))
			for (size_t i = 0; i < t->nrows; i++)
				keep[i] = (unsigned char)filter_match(f, t, i);
	} else {
		struct table ft;
		long long *ids = NULL;
		size_t n = 0;
		const double *tid = table_numbers(t, table_find(t, "id", 2));

		table_for_schema(&ft, &p->schema);
		filter_want(f, &ft);
		if (!(rc = store_load(p->store, &ft, 0, err)) &&
		    !(rc = filter_prepare(f, p->store, &ft, err))) {
			const double *fid = table_numbers(&ft,
							  table_find(&ft, "id", 2));

			ids = xmalloc((ft.nrows ? ft.nrows : 1) * sizeof(*ids));
			for (size_t i = 0; i < ft.nrows; i++)
				if (filter_match(f, &ft, i))
					ids[n++] = (long long)fid[i];
			/* ft is in id order: a binary search per row of t. */
			for (size_t i = 0; i < t->nrows; i++) {
				long long id = (long long)tid[i];
				size_t lo = 0, hi = n;

				while (lo < hi) {
					size_t mid = (lo + hi) / 2;

					if (ids[mid] < id)
						lo = mid + 1;
					else
						hi = mid;
				}
				keep[i] = lo < n && ids[lo] == id;
			}
		}
		free(ids);
		table_release(&ft);
	}
	if (!rc)
		ranking_filter(r, t, keep, out->rerank);
	free(keep);
	return rc;
}

/*
 * Ranks the workspace's open items (finished work takes no rank; with
 * out->all it follows them). For the top N of a large backlog, rank on the
 * method's inputs alone and read the other fields of those N afterwards;
 * and keep that ranking in the store's cache, so that the next look at the
 * top N, until something changes, reads N items instead of all of them.
 */
static long long log_last(struct prio *p);
static int ranking_patch(struct prio *p, struct instance *m, const char *sig,
			 long long gen, long long log_id);

int ranked_workspace(struct prio *p, struct instance *m, struct prio_items *v,
		     struct table *t, struct ranking *r,
		     const struct output_opts *out, char *err)
{
	int table = !strcmp(out->format, "table");
	int filtered = out->filter && out->filter->active;
	/* The past is read from the log, never from the cache. */
	int top = out->limit && out->limit <= 1000 && !out->all && !out->at;
	int rc = 0;
	int status = table_find(t, "status", 6);
	size_t nopen, finished;
	long long gen = 0, log_id = 0;
	char *sig = NULL;

	for (size_t i = 0; i < t->ncols && !top; i++)
		if (!table || shown_in_table(t->cols[i].name))
			t->cols[i].wanted = 1;
	if (top) {
		sig = ranking_signature(p, m);
		if ((gen = store_generation(p->store, err)) < 0) {
			rc = (int)gen;
			goto out;
		}
		/* Read before the items: a change between counts twice. */
		log_id = log_last(p);
		/* Filtered: the whole cached order, to walk for the rows
		 * that pass. */
		/* The entry of this generation, or an older one with what
		 * changed since played into it. */
		if (ranking_load(p->store, sig, gen, filtered ? (size_t)-1 :
				 out->limit, t, r) ||
		    (ranking_patch(p, m, sig, gen, log_id) > 0 &&
		     ranking_load(p->store, sig, gen, filtered ? (size_t)-1 :
				  out->limit, t, r))) {
			if (filtered &&
			    (rc = filter_ranking(p, t, r, out, 1, err)))
				goto out;
			goto fill;
		}
	}
	if (status >= 0)
		t->cols[status].wanted = 1;
	if (filtered)
		filter_want(out->filter, t);
	if ((rc = store_load(p->store, t, 0, err)) ||
	    (out->at && (rc = history_at(p, t, out->at, err))) ||
	    (rc = rank_split(p, t, out->all, &nopen, &finished, err)))
		goto out;
	v->count = nopen;
	if ((rc = rank_run(m, v, r, err)))
		goto out;
	if (out->all)
		ranking_add_finished(r, nopen, finished);
	else
		r->left_out = finished > 0;
	if (top)
		ranking_save(p->store, sig, gen, log_id, t, r);
	/* A filter hides rows after the ranking: ranks stay the backlog's. */
	if (filtered && (rc = filter_ranking(p, t, r, out, 0, err)))
		goto out;
	if (!top)
		goto out;
fill:
	rc = fill_top(p, t, r, out->limit, !table, err);
out:
	free(sig);
	return rc;
}

int current_rank(struct prio *p, long long id, double *rank, char *err)
{
	struct output_opts none = { .format = "table", .all = 1 };
	struct instance m = {0};
	struct ranking r = {0};
	struct prio_items v = {0};
	struct table t;
	int rc;

	table_for_schema(&t, &p->schema);
	view_all(&v, &t);
	if (!(rc = method_open(p, NULL, &v, &m, err)) &&
	    !(rc = ranked_workspace(p, &m, &v, &t, &r, &none, err))) {
		const double *ids = table_numbers(&t, table_find(&t, "id", 2));
		*rank = -1;	/* unscored, unless found among the ranked */
		for (size_t k = 0; k < r.nscored; k++)
			if (ids[r.order[k]] == (double)id)
				*rank = (double)(k + 1);
		for (size_t k = t.nrows - r.nfinished; k < t.nrows; k++)
			if (ids[r.order[k]] == (double)id)
				*rank = -2;
	}
	ranking_release(&r);
	instance_close(&m);
	view_release(&v);
	table_release(&t);
	return rc;
}

/*
 * Finished work. The statuses come from [rank] finished; a name that is
 * no status is an error where someone wrote it, and ignored in the
 * built-in list (which names rejected, a status a workflow may lack).
 */
static int finished_statuses(struct prio *p, struct buf *names, size_t *n,
			     char *err)
{
	const struct config_entry *e = config_find(&p->cfg, "rank", "finished");
	const struct field *status = schema_find(&p->schema, "status", 6);
	const char *s = e ? e->value : "";
	char where[PRIO_ERR_MAX / 2];

	*n = 0;
	while (*s) {
		size_t len = strcspn(s, ", \t"), k = 0;

		while (status && k < status->nvalues &&
		       (strlen(status->values[k]) != len ||
			memcmp(status->values[k], s, len)))
			k++;
		if (len && status && k == status->nvalues &&
		    strcmp(e->file, "<built-in>"))
			return errf(err, PRIO_EINVAL, "%s: [rank] finished: "
				    "'%.*s' is not a status",
				    config_where(e, where, sizeof(where)),
				    (int)len, s);
		if (len && (!status || k < status->nvalues)) {
			buf_add(names, s, len);
			buf_addc(names, '\0');
			++*n;
		}
		s += len;
		s += strspn(s, ", \t");
	}
	return 0;
}

int rank_split(struct prio *p, struct table *t, int keep, size_t *nopen,
	       size_t *finished, char *err)
{
	int col = table_find(t, "status", 6);
	struct buf names = {0};
	uint32_t *order;
	size_t n, nf = 0, no = 0;
	int rc;

	*nopen = t->nrows;
	*finished = 0;
	if (col < 0 || (rc = finished_statuses(p, &names, &n, err)) || !n) {
		buf_release(&names);
		return col < 0 ? 0 : rc;
	}
	/* Open rows from the front, finished ones from the back (reversed
	 * after): one pass, one array. */
	order = xmalloc((t->nrows ? t->nrows : 1) * sizeof(*order));
	for (size_t i = 0; i < t->nrows; i++) {
		char num[32];
		size_t len, at = 0, k;
		const char *v = table_text(t, col, i, num, &len);

		for (k = 0; v && k < n; k++) {
			size_t l = strlen(names.p + at);
			if (l == len && !memcmp(names.p + at, v, len))
				break;
			at += l + 1;
		}
		if (v && k < n)
			order[t->nrows - ++nf] = (uint32_t)i;
		else
			order[no++] = (uint32_t)i;
	}
	for (size_t a = no, b = t->nrows; nf && a < --b; a++) {
		uint32_t x = order[a];
		order[a] = order[b];
		order[b] = x;
	}
	if (nf)
		table_permute(t, order, keep ? t->nrows : no);
	free(order);
	buf_release(&names);
	*nopen = no;
	*finished = nf;
	return 0;
}

void ranking_add_finished(struct ranking *r, size_t nopen, size_t n)
{
	size_t all = nopen + n;

	r->res.score = xrealloc(r->res.score, (all ? all : 1) * sizeof(double));
	r->res.klass = xrealloc(r->res.klass, (all ? all : 1) * sizeof(int));
	r->reason = xrealloc(r->reason, (all ? all : 1) * sizeof(uint32_t));
	r->order = xrealloc(r->order, (all ? all : 1) * sizeof(uint32_t));
	for (size_t i = nopen; i < all; i++) {
		r->res.score[i] = NAN;
		r->res.klass[i] = -1;
		r->reason[i] = 0;
		r->order[i] = (uint32_t)i;
	}
	r->res.count = all;
	r->nfinished = n;
}

/*
 * The ranking cache. A ranking depends on the items (the store's
 * generation), the method's settings, the plugin's file and the schema;
 * the signature names all but the first, and the cache entry carries the
 * generation. `prio list --limit 20` on a large backlog then reads one row
 * and twenty items instead of the whole backlog.
 */
#define CACHE_MAGIC 0x7072696f72616e32ull	/* "priorank2" */

char *ranking_signature(struct prio *p, const struct instance *m)
{
	const char *fin = config_get(&p->cfg, "rank", "finished");
	struct buf b = {0};
	struct stat st;
	char err[PRIO_ERR_MAX], text[11];
	long day;

	buf_addf(&b, "rank:%s\nfinished:%s\n", m->section, fin ? fin : "");
	if (stat(m->plugin->path, &st) == 0)
		buf_addf(&b, "%s:%lld:%lld.%09ld\n", m->plugin->path,
			 (long long)st.st_size, (long long)st.st_mtim.tv_sec,
			 st.st_mtim.tv_nsec);
	for (size_t i = 0; i < p->cfg.n; i++) {
		const struct config_entry *e = &p->cfg.v[i];
		if (!strcmp(e->section, m->section) && config_effective(&p->cfg, i))
			buf_addf(&b, "%s=%s\n", e->key, e->value);
	}
	for (size_t i = 0; i < p->schema.n; i++)
		buf_addf(&b, "%s:%d\n", p->schema.v[i].name, p->schema.v[i].type);
	/* A method may read the date (lua's reference_date = today). */
	if (date_today(&day, err) == 0) {
		date_format(day, text);
		buf_addf(&b, "today:%s\n", text);
	}
	return buf_detach(&b);
}

/*
 * An entry: this head, then per item in rank order (scored, then
 * unscored) its id, score, class and reason, then the class names and
 * the reasons' text. log_id is the log's last entry when the items were
 * read (store.h), and ordered says whether pins or manual positions had
 * a part in the order: without them, a change to a few items can be
 * played into the entry (ranking_patch).
 */
struct cache_head {
	uint64_t magic, n, nscored, nclasses, classes_len, reasons_len;
	int64_t log_id;
	uint64_t ordered;
};

void ranking_save(struct store *s, const char *sig, long long generation,
		  long long log_id, struct table *t, const struct ranking *r)
{
	struct cache_head h = { CACHE_MAGIC, r->res.count, r->nscored,
				(uint64_t)r->nclasses, 0, r->reasons.len,
				log_id, 0 };
	const double *ids = table_numbers(t, table_find(t, "id", 2));
	int pc = table_find(t, "pin", 3), oc = table_find(t, "position", 8);
	struct buf b = {0};
	size_t n = r->res.count;

	for (size_t k = 0; k < n && !h.ordered; k++) {
		size_t row = r->order[k];
		h.ordered = (pc >= 0 && !isnan(table_numbers(t, pc)[row])) ||
			    (oc >= 0 && !isnan(table_numbers(t, oc)[row]));
	}

	for (int c = 0; c < r->nclasses; c++)
		h.classes_len += strlen(r->classes[c]) + 1;
	buf_add(&b, &h, sizeof(h));
	for (size_t k = 0; k < n; k++)
		buf_add(&b, &ids[r->order[k]], sizeof(double));
	for (size_t k = 0; k < n; k++)
		buf_add(&b, &r->res.score[r->order[k]], sizeof(double));
	for (size_t k = 0; k < n; k++)
		buf_add(&b, &r->res.klass[r->order[k]], sizeof(int32_t));
	for (size_t k = 0; k < n; k++)
		buf_add(&b, &r->reason[r->order[k]], sizeof(uint32_t));
	for (int c = 0; c < r->nclasses; c++)
		buf_add(&b, r->classes[c], strlen(r->classes[c]) + 1);
	buf_add(&b, r->reasons.p ? r->reasons.p : "", r->reasons.len);
	store_cache_put(s, sig, generation, b.p, b.len);
	buf_release(&b);
}

int ranking_load(struct store *s, const char *sig, long long generation,
		 size_t limit, struct table *t, struct ranking *r)
{
	struct cache_head h;
	size_t len, ns, nu, sel, k = 0;
	const char *p, *classes;
	void *data;
	int idc = table_find(t, "id", 2);

	if (!store_cache_get(s, sig, generation, &data, &len))
		return 0;
	memcpy(&h, data, len >= sizeof(h) ? sizeof(h) : 0);
	if (len < sizeof(h) || h.magic != CACHE_MAGIC || h.nscored > h.n ||
	    len != sizeof(h) + h.n * 24 + h.classes_len + h.reasons_len) {
		free(data);
		return 0;	/* not ours, or damaged: compute afresh */
	}
	p = (const char *)data + sizeof(h);
	ns = h.nscored < limit ? h.nscored : limit;
	nu = h.n - h.nscored < limit ? h.n - h.nscored : limit;
	sel = ns + nu;
	memset(r, 0, sizeof(*r));
	r->res.count = sel;
	r->res.score = xmalloc((sel ? sel : 1) * sizeof(double));
	r->res.klass = xmalloc((sel ? sel : 1) * sizeof(int));
	r->reason = xcalloc(sel ? sel : 1, sizeof(uint32_t));
	r->order = xmalloc((sel ? sel : 1) * sizeof(uint32_t));
	table_add_rows(t, sel);
	for (size_t i = 0; i < h.n && k < sel; i++) {
		int32_t klass;
		double id;

		if (i >= ns && i < h.nscored)
			continue;	/* past the limit of the scored */
		memcpy(&id, p + i * 8, 8);
		table_set_num(t, idc, k, id);
		memcpy(&r->res.score[k], p + h.n * 8 + i * 8, 8);
		memcpy(&klass, p + h.n * 16 + i * 4, 4);
		r->res.klass[k] = klass;
		memcpy(&r->reason[k], p + h.n * 20 + i * 4, 4);
		r->order[k] = (uint32_t)k;
		k++;
	}
	classes = p + h.n * 24;
	for (uint64_t c = 0; c < h.nclasses; c++) {
		host_services.class_id(&r->res, classes);
		classes += strlen(classes) + 1;
	}
	buf_add(&r->reasons, classes, h.reasons_len);
	r->nscored = ns;
	r->total = h.n;
	r->total_scored = h.nscored;
	free(data);
	return 1;
}

/* --- a change played into the cached ranking ------------------------------ */

static int last_entry(void *arg, const struct log_entry *e, const char *at)
{
	(void)at;
	*(long long *)arg = e->id;
	return 0;
}

/* The log's last entry now (0: none, or unreadable). */
static long long log_last(struct prio *p)
{
	char err[PRIO_ERR_MAX];
	long long id = 0;

	if (store_log_select(p->store, "id = (SELECT max(id) FROM log) AND "
			     "?1 = 0", 0, last_entry, &id, err))
		return 0;
	return id;
}

/* The items the log's entries since an entry touched. */
struct touched {
	long long *ids;
	size_t n, cap;
	int whole;		/* something else changed: rank it all */
};

static int touched_one(void *arg, const struct log_entry *e, const char *at)
{
	struct touched *c = arg;

	(void)at;
	if (e->reason)
		return 0;	/* a refusal changed nothing */
	/* Plans and the vision move no score; any other change not of
	 * one item (an import, the roadmap), or of the manual order
	 * (a move renumbers others), asks for the whole. */
	if (e->item <= 0) {
		c->whole |= strcmp(e->action, "sprint.plan") &&
			    strcmp(e->action, "vision.edit");
		return 0;
	}
	if (!strcmp(e->action, "backlog.order") || c->n >= 1000) {
		c->whole = 1;
		return 0;
	}
	GROW(c->ids, c->n + 1, c->cap);
	c->ids[c->n++] = e->item;
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Does x (score sx, id ix) come before y in a ranking without ties
 * broken by position: the higher score, then the lower id? */
static int before(double sx, double ix, double sy, double iy)
{
	return sx > sy || (sx == sy && ix < iy);
}

/*
 * The ranking of generation gen, from an older entry and the log since
 * it: the items touched are taken out, scored again alone and put back
 * at their place. Only for a method whose scores are each item's own
 * (method.h, independent), without pins, manual positions or classes,
 * and for a few items: `prio list` after a `prio set` on a large backlog
 * reads a handful of items, not all of them. 1: the entry of gen is
 * written; 0: rank it all.
 */
static int ranking_patch(struct prio *p, struct instance *m, const char *sig,
			 long long gen, long long log_id)
{
	const struct prio_method_ops *ops = m->plugin->desc->ops;
	struct touched c = {0};
	struct cache_head h, nh;
	struct ranking rs = {0};
	struct prio_items vs = {0};
	struct table ts;
	struct buf b = {0};
	char err[PRIO_ERR_MAX];
	const char *q;
	void *data = NULL;
	size_t len, nopen, nfin, ns = 0, nu = 0, k;
	double *id = NULL, *score = NULL;
	uint32_t *reason = NULL;
	int ok = 0, idc;

	table_init(&ts);
	if (!ops->independent || !ops->independent(m->state) || !log_id ||
	    !store_cache_get(p->store, sig, -1, &data, &len))
		goto out;
	memcpy(&h, data, len >= sizeof(h) ? sizeof(h) : 0);
	if (len < sizeof(h) || h.magic != CACHE_MAGIC || h.nscored > h.n ||
	    len != sizeof(h) + h.n * 24 + h.classes_len + h.reasons_len ||
	    h.ordered || h.nclasses || h.log_id <= 0 || h.log_id > log_id ||
	    store_log_select(p->store, "id > ?1", h.log_id, touched_one, &c,
			     err) || c.whole)
		goto out;
	qsort(c.ids, c.n, sizeof(*c.ids), cmp_id);
	/* The touched items as they are now (a removed one is not). */
	table_for_schema(&ts, &p->schema);
	view_all(&vs, &ts);
	for (size_t i = 0; i < ts.ncols; i++)
		ts.cols[i].wanted = 1;
	for (size_t i = 0; i < c.n; i++)
		if ((!i || c.ids[i] != c.ids[i - 1]) &&
		    store_load(p->store, &ts, c.ids[i], err))
			goto out;
	{
		int pc = table_find(&ts, "pin", 3);
		int oc = table_find(&ts, "position", 8);

		for (size_t r = 0; r < ts.nrows; r++)
			if (!isnan(table_numbers(&ts, pc)[r]) ||
			    !isnan(table_numbers(&ts, oc)[r]))
				goto out;	/* ordered by hand now */
	}
	if (rank_split(p, &ts, 0, &nopen, &nfin, err))
		goto out;
	vs.count = nopen;
	if (rank_run(m, &vs, &rs, err) || rs.nclasses)
		goto out;
	/* Merge: the entry's items less the touched, and the touched open
	 * ones, each part in rank order. */
	idc = table_find(&ts, "id", 2);
	q = (const char *)data + sizeof(h);
	id = xmalloc((h.n + rs.res.count + 1) * sizeof(*id));
	score = xmalloc((h.n + rs.res.count + 1) * sizeof(*score));
	reason = xmalloc((h.n + rs.res.count + 1) * sizeof(*reason));
	for (int scored = 1; scored >= 0; scored--) {
		size_t from = scored ? 0 : h.nscored, to = scored ? h.nscored : h.n;
		size_t nf = scored ? rs.nscored : rs.res.count - rs.nscored;
		size_t fi = 0, f0 = scored ? 0 : rs.nscored;

		k = from;
		while (k < to || fi < nf) {
			double ci = 0, cs = 0, ni = 0, nsco = 0;
			uint32_t cr = 0;
			int take_new;

			if (k < to) {
				memcpy(&ci, q + k * 8, 8);
				memcpy(&cs, q + h.n * 8 + k * 8, 8);
				memcpy(&cr, q + h.n * 20 + k * 4, 4);
				if (bsearch(&(long long){ (long long)ci }, c.ids,
					    c.n, sizeof(*c.ids), cmp_id)) {
					k++;	/* touched: its new self comes */
					continue;
				}
			}
			if (fi < nf) {
				size_t row = rs.order[f0 + fi];
				ni = table_numbers(&ts, idc)[row];
				nsco = rs.res.score[row];
			}
			/* Unscored items are in id order. */
			take_new = fi < nf && (k >= to || (scored ?
				   before(nsco, ni, cs, ci) : ni < ci));
			if (take_new) {
				size_t row = rs.order[f0 + fi++];
				id[ns + nu] = ni;
				score[ns + nu] = scored ? nsco : NAN;
				reason[ns + nu] = rs.reason[row] ? rs.reason[row] +
					(uint32_t)h.reasons_len : 0;
			} else {
				id[ns + nu] = ci;
				score[ns + nu] = cs;
				reason[ns + nu] = cr;
				k++;
			}
			if (scored)
				ns++;
			else
				nu++;
		}
	}
	nh = h;
	nh.n = ns + nu;
	nh.nscored = ns;
	nh.reasons_len = h.reasons_len + rs.reasons.len;
	nh.log_id = log_id;
	buf_add(&b, &nh, sizeof(nh));
	buf_add(&b, id, nh.n * sizeof(double));
	buf_add(&b, score, nh.n * sizeof(double));
	for (size_t i = 0; i < nh.n; i++) {
		int32_t none = -1;
		buf_add(&b, &none, 4);
	}
	buf_add(&b, reason, nh.n * sizeof(uint32_t));
	buf_add(&b, q + h.n * 24, h.reasons_len);	/* no classes */
	buf_add(&b, rs.reasons.p ? rs.reasons.p : "", rs.reasons.len);
	store_cache_put(p->store, sig, gen, b.p, b.len);
	ok = 1;
out:
	free(id);
	free(score);
	free(reason);
	free(c.ids);
	free(data);
	buf_release(&b);
	ranking_release(&rs);
	view_release(&vs);
	table_release(&ts);
	return ok;
}
