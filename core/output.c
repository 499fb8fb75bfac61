/*
 * output.c - ranked items on the way out: an aligned table for people, or
 * any format plugin's export for programs.
 */
#include "prio.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agile.h"
#include "visible.h"

static size_t term_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	if (!isatty(1))
		return 0;	/* a pipe or file: never cut */
	if (cols && atoi(cols) > 20)
		return (size_t)atoi(cols);
	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col;
	return 80;
}

static void pad(struct buf *b, size_t n)
{
	while (n--)
		buf_addc(b, ' ');
}

enum { C_RANK, C_ID, C_KEY, C_TITLE, C_SCORE, C_CLASS, NCOL };

static void cell(const struct table *t, int col, size_t row, char *buf,
		 const char **s, size_t *len)
{
	*s = col < 0 ? NULL : table_text(t, col, row, buf, len);
	if (!*s) {
		*s = "";
		*len = 0;
	}
}

/*
 * The terminal table reads rank, score and class from the ranking itself,
 * not from computed columns: showing the top 20 of a large backlog should
 * not cost arrays the size of the backlog.
 */
static void computed(const struct ranking *r, int c, size_t k, size_t row,
		     char *buf, const char **s, size_t *len)
{
	int n = 0;

	if (c == C_RANK)
		n = snprintf(buf, 32, "%zu", ranking_rank(r, k));
	else if (c == C_SCORE)
		n = snprintf(buf, 32, "%.2f", r->res.score[row]);
	if (c == C_CLASS && r->res.klass[row] >= 0) {
		*s = r->classes[r->res.klass[row]];
		*len = strlen(*s);
		return;
	}
	*s = buf;
	*len = (size_t)n;
}

/* Finished work (list --all): after the rest, with its status, no rank. */
static void finished_rows(struct buf *b, const struct table *t,
			  const struct ranking *r, size_t limit, size_t tw)
{
	int id = table_find(t, "id", 2), key = table_find(t, "key", 3);
	int title = table_find(t, "title", 5), st = table_find(t, "status", 6);
	size_t first = t->nrows - r->nfinished, len;
	size_t shown = limit && limit < r->nfinished ? limit : r->nfinished;
	char num[32];
	const char *s;

	buf_addf(b, "\nfinished (%zu):\n", r->nfinished);
	for (size_t k = 0; k < shown; k++) {
		size_t row = r->order[first + k];

		buf_adds(b, "  ");
		cell(t, id, row, num, &s, &len);
		buf_add(b, s, len);
		cell(t, key, row, num, &s, &len);
		if (len) {
			buf_addc(b, ' ');
			buf_addvis(b, s, len);
		}
		cell(t, title, row, num, &s, &len);
		buf_adds(b, "  ");
		buf_addvis(b, s, tw ? vis_fit(s, len, tw) : len);
		cell(t, st, row, num, &s, &len);
		buf_adds(b, ": ");
		buf_addvis(b, s, len);
		buf_addc(b, '\n');
	}
	if (shown < r->nfinished)
		buf_addf(b, "  ... %zu more finished\n", r->nfinished - shown);
}

static int render_table(struct table *t, struct ranking *r, size_t limit,
			char *err)
{
	static const char *const heads[NCOL] = {
		"RANK", "ID", "KEY", "TITLE", "SCORE", "CLASS"
	};
	int src[NCOL] = {
		-1, table_find(t, "id", 2), table_find(t, "key", 3),
		table_find(t, "title", 5), -1, -1
	};
	size_t nrows = t->nrows, nu = nrows - r->nscored - r->nfinished;
	size_t shown = limit && limit < r->nscored ? limit : r->nscored;
	size_t shown_u = limit && limit < nu ? limit : nu;
	size_t all_u = r->total - r->total_scored;
	size_t w[NCOL] = {0}, tw = term_width(), len;
	int show[NCOL] = { 1, src[C_ID] >= 0, 0, 1, 1, r->nclasses > 0 };
	struct buf b = {0};
	struct chart ch;	/* for its utf8: the mark of a cut title */
	char num[32];
	const char *s;

	int pinc = table_find(t, "pin", 3);

	chart_setup(&ch, 0);
	if (pinc >= 0 && !t->cols[pinc].cells && !t->cols[pinc].num)
		pinc = -1;	/* not loaded */
	for (int c = 0; c < NCOL; c++)
		w[c] = strlen(heads[c]);
	for (size_t k = 0; k < shown + shown_u; k++) {
		size_t row = k < shown ? r->order[k] : r->order[r->nscored + k - shown];

		for (int c = 0; c < NCOL; c++) {
			if (src[c] >= 0)
				cell(t, src[c], row, num, &s, &len);
			else if (k < shown)
				computed(r, c, k, row, num, &s, &len);
			else
				continue;
			if (c == C_KEY && len)
				show[C_KEY] = 1;
			if (vis_width(s, len) > w[c])
				w[c] = vis_width(s, len);
		}
	}
	if (tw) {	/* a terminal: cut titles, not rows */
		size_t other = 0;
		for (int c = 0; c < NCOL; c++)
			if (show[c] && c != C_TITLE)
				other += w[c] + 2;
		if (other + w[C_TITLE] > tw)
			w[C_TITLE] = tw > other + 10 ? tw - other : 10;
	}
	for (int c = 0; c < NCOL; c++) {
		if (!show[c])
			continue;
		buf_adds(&b, heads[c]);
		if (c != C_CLASS && !(c == C_SCORE && !show[C_CLASS]))
			pad(&b, w[c] - strlen(heads[c]) + 2);
	}
	buf_addc(&b, '\n');
	for (size_t k = 0; k < shown; k++) {
		size_t row = r->order[k];

		for (int c = 0; c < NCOL; c++) {
			int right = c == C_RANK || c == C_ID || c == C_SCORE;
			size_t cw;

			if (!show[c])
				continue;
			if (src[c] >= 0)
				cell(t, src[c], row, num, &s, &len);
			else
				computed(r, c, k, row, num, &s, &len);
			if (c == C_TITLE && vis_width(s, len) > w[c] && w[c] > 1) {
				/* Cut to fit the terminal, and say so. */
				len = vis_fit(s, len, w[c] - 1);
				cw = vis_width(s, len) + 1;
				buf_addvis(&b, s, len);
				buf_adds(&b, ch.utf8 ? "\xe2\x80\xa6" : "~");
				pad(&b, w[c] - cw + 2);
				continue;
			}
			len = vis_fit(s, len, w[c]);
			cw = vis_width(s, len);
			if (right)
				pad(&b, w[c] - cw);
			buf_addvis(&b, s, len);
			if (c == C_CLASS || (c == C_SCORE && !show[C_CLASS]))
				break;
			if (!right)
				pad(&b, w[c] - cw);
			buf_adds(&b, "  ");
		}
		/* A pin outranks the score: say why this one is here. */
		if (pinc >= 0 && !isnan(table_numbers(t, pinc)[row]))
			buf_adds(&b, "  (pinned)");
		buf_addc(&b, '\n');
	}
	if (r->total_scored > shown)
		buf_addf(&b, "... %zu more ranked\n", r->total_scored - shown);
	if (all_u) {
		buf_addf(&b, "\nunscored (%zu):\n", all_u);
		for (size_t k = 0; k < shown_u; k++) {
			size_t row = r->order[r->nscored + k];

			buf_adds(&b, "  ");
			cell(t, src[C_ID], row, num, &s, &len);
			buf_addvis(&b, s, len);
			cell(t, src[C_KEY], row, num, &s, &len);
			if (len) {
				buf_addc(&b, ' ');
				buf_addvis(&b, s, len);
			}
			cell(t, src[C_TITLE], row, num, &s, &len);
			buf_adds(&b, "  ");
			buf_addvis(&b, s, tw ? vis_fit(s, len, w[C_TITLE]) : len);
			buf_adds(&b, ": ");
			s = r->reasons.p + r->reason[row] - 1;
			buf_addvis(&b, s, strlen(s));
			buf_addc(&b, '\n');
		}
		if (shown_u < all_u)
			buf_addf(&b, "  ... %zu more unscored\n", all_u - shown_u);
	}
	if (r->nfinished)
		finished_rows(&b, t, r, limit, tw ? w[C_TITLE] : 0);
	fflush(stdout);
	len = b.len;
	{
		int rc = file_write_atomic("-", b.p, len, err);
		buf_release(&b);
		return rc;
	}
}

/* Runs the export into fd; the caller owns fd. */
static int export_to(struct instance *f, struct prio_items *v, int fd,
		     const char *name, int synced, char *err)
{
	const struct prio_format_ops *ops = f->plugin->desc->ops;
	struct prio_out out = { .fd = fd, .name = name, .synced = synced };
	struct progress pr;
	int rc, *vis, nvis;

	if (!ops->export)
		return errf(err, PRIO_EINVAL, "format '%s' cannot export",
			    f->plugin->desc->name);
	err[0] = '\0';
	/* Fields the section's columns stand for are left out, for now. */
	vis = v->vis;
	nvis = v->nvis;
	if (f->map.n) {
		int *kept = xmalloc(((size_t)nvis + 1) * sizeof(int));

		v->nvis = mapping_visible(&f->map, v, kept);
		v->vis = kept;
	}
	v->columns = mapping_columns(&f->map, v);	/* for column_name() */
	progress_start(&pr, "exporting");
	pr.on &= !isatty(fd);	/* not over the rows on the same terminal */
	v->progress = pr.on ? &pr : NULL;	/* else text() pays nothing */
	v->progress_at = 0;
	rc = ops->export(f->state, v, &out, err);
	v->progress = NULL;
	progress_end(&pr);
	free(v->columns);
	v->columns = NULL;
	if (v->vis != vis) {
		free(v->vis);
		v->vis = vis;
		v->nvis = nvis;
	}
	if (rc == 0 && v->later_rc)	/* describe() could not answer */
		rc = errf(err, v->later_rc, "%s", v->later_err);
	if (rc == 0)
		rc = out_flush(&out);
	if (rc < 0 && out.failed)
		errf(err, PRIO_EIO, "%s: %s", name, strerror(out.failed));
	else if (rc < 0)
		errprefix(err, rc, "format %s", f->plugin->desc->name);
	buf_release(&out.b);
	return rc;
}

/* What describe() tells exporters about the ranking. */
static void describe(struct prio *p, struct prio_items *v,
		     const struct instance *m, const struct ranking *r)
{
	struct buf conf = {0};
	char now[21], num[32];

	time_now(now);
	view_describe(v, "generated", now);
	snprintf(num, sizeof(num), "%zu", r->total);
	view_describe(v, "total", num);
	snprintf(num, sizeof(num), "%zu", r->total_scored);
	view_describe(v, "total.ranked", num);
	view_describe(v, "method", m->sec.name + strlen("method."));
	view_describe(v, "method.plugin", m->plugin->desc->name);
	for (size_t i = 0; i < p->cfg.n; i++) {
		const struct config_entry *e = &p->cfg.v[i];
		if (!strcmp(e->section, m->section) && config_effective(&p->cfg, i))
			buf_addf(&conf, "%s = %s\n", e->key, e->value);
	}
	view_describe(v, "method.config", conf.p ? conf.p : "");
	buf_release(&conf);
}

/*
 * The rows as the file had them serve this export (host->raw) when the
 * same format section read them and the set ends with the file's
 * columns, in the file's order.
 */
static int raw_at(const struct prio_items *v, const char *section)
{
	const struct table *t = v->t;
	int from = v->nvis - (int)t->raw_cols;

	if (!t->raw || !t->raw_section || strcmp(t->raw_section, section) ||
	    from < 0)
		return 0;
	for (int h = from; h < v->nvis; h++)
		if (v->vis[h] != h - from)
			return 0;
	return from + 1;
}

/*
 * An output never goes over the workspace's own files (its store, the
 * store's journals, its prio.ini) nor over any SQLite database: each is
 * known by the file itself (device and inode, so that a link or another
 * path to it is caught too), and a journal that is not there yet by its
 * name in the workspace's folder.
 */
int output_safe(struct prio *p, const char *file, char *err)
{
	static const char *const own[] = {
		"backlog.db", "backlog.db-wal", "backlog.db-shm",
		"backlog.db-journal", "prio.ini",
	};
	char *dir = xstrdup(file), *slash = strrchr(dir, '/'), *real;
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	struct stat st, o;
	int rc = 0;

	if (stat(file, &st) == 0) {
		char head[16];
		int fd;

		for (size_t i = 0; i < ARRAY_SIZE(own) && p->ws && !rc; i++) {
			char *path = xstrfmt("%s/%s", p->ws, own[i]);
			if (stat(path, &o) == 0 && o.st_dev == st.st_dev &&
			    o.st_ino == st.st_ino)
				rc = errf(err, PRIO_EINVAL, "%s: is the "
					  "workspace's %s; prio never writes "
					  "over it", file, own[i]);
			free(path);
		}
		if (!rc && S_ISREG(st.st_mode) &&
		    (fd = open(file, O_RDONLY | O_CLOEXEC)) >= 0) {
			if (read(fd, head, sizeof(head)) == sizeof(head) &&
			    !memcmp(head, "SQLite format 3", 16))
				rc = errf(err, PRIO_EINVAL, "%s: an SQLite "
					  "database; prio never writes over "
					  "one", file);
			close(fd);
		}
	}
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	/*
	 * By name: a journal not there yet, and any workspace's files, not
	 * only this one's (a folder with a prio.ini is a workspace). A link
	 * is known by its target's name.
	 */
	if (!rc && (real = realpath(file, NULL))) {
		char *cut = strrchr(real, '/');

		*cut = '\0';
		base = cut + 1;
	} else {
		real = rc ? NULL : realpath(slash ? dir : ".", NULL);
	}
	for (size_t i = 0; real && i < ARRAY_SIZE(own) && !rc; i++) {
		char *ini = xstrfmt("%s/prio.ini", *real ? real : "/");

		if (!strcmp(base, own[i]) && stat(ini, &o) == 0) {
			if (p->ws && !strcmp(real, p->ws))
				rc = errf(err, PRIO_EINVAL, "%s: is the "
					  "workspace's %s; prio never writes "
					  "over it", file, own[i]);
			else
				rc = errf(err, PRIO_EINVAL, "%s: is the "
					  "workspace %s's %s; prio never "
					  "writes over it", file, real, own[i]);
		}
		free(ini);
	}
	free(real);
	free(dir);
	return rc;
}

int write_view(struct prio *p, const char *format, const char *file,
	       struct prio_items *v, char *err)
{
	struct instance f;
	struct afile out;
	int rc;

	if (file && strcmp(file, "-") && (rc = output_safe(p, file, err)))
		return rc;
	if ((rc = format_open(p, format, &f, err)))
		return rc;
	v->raw_at = raw_at(v, f.section);
	for (int h = 0; h < v->nvis && !v->raw_at && v->t->raw_only; h++)
		if (v->t->cols[v->vis[h]].unread) {
			/* Its values are in rows this export cannot copy. */
			rc = errf(err, PRIO_EINTERNAL, "field %s was read for "
				  "[%s], not for [%s]", v->t->cols[v->vis[h]].name,
				  v->t->raw_section ? v->t->raw_section : "?",
				  f.section);
			instance_close(&f);
			return rc;
		}
	if (!file)
		file = "-";
	fflush(stdout);
	if (!(rc = afile_open(&out, file, err))) {
		rc = export_to(&f, v, out.fd, strcmp(file, "-") ? file :
			       "standard output", out.unnamed || out.tmp, err);
		if (rc)
			afile_abort(&out);
		else
			rc = afile_commit(&out, err);
	}
	instance_close(&f);
	return rc;
}

int output_ranked(struct prio *p, struct table *t, struct ranking *r,
		  const struct instance *m, const struct output_opts *o,
		  char *err)
{
	size_t n = t->nrows, nc = 0;
	struct agile_later later;
	struct prio_items v;
	int *cols, rc, rank_col;

	if (o->limit && o->limit < n)
		n = o->limit;
	if (!strcmp(o->format, "table"))
		return render_table(t, r, o->limit, err);
	rank_col = ranking_columns(r, t);
	/* rank, score, class, unscored first, then the item's own fields. */
	cols = xmalloc(t->ncols * sizeof(int));
	for (int c = rank_col; c < rank_col + 4; c++)
		cols[nc++] = c;
	for (int c = 0; c < rank_col; c++)
		if (t->cols[c].wanted || !t->cols[c].field)
			cols[nc++] = c;
	/* The ranking is done with: the rows go in its order, without
	 * what an exporter does not read (input lines are for an import's
	 * messages). */
	table_drop_parsed(t);
	free(t->line);
	t->line = NULL;
	table_permute(t, r->order, n);
	view_some(&v, t, cols, (int)nc, NULL, n);
	describe(p, &v, m, r);
	free(cols);
	/*
	 * The sprint, velocity and forecast, for reports that chart them
	 * (prio/plugin.h), read when a plugin first asks. Only a workspace
	 * has them; the table serves when it holds every item (not just a
	 * cached top N).
	 */
	if (p->store) {
		later.p = p;
		later.t = t->nrows == r->total + r->nfinished && !r->left_out ?
			  t : NULL;
		v.later = agile_later;
		v.later_arg = &later;
	}
	rc = write_view(p, o->format, o->file, &v, err);
	view_release(&v);
	return rc;
}

/*
 * rank --in: once the file's columns are known, before its rows, the
 * method is configured, which says what it reads. When the rows go out
 * as they came (the same format, one that copies rows: host->raw), the
 * values that only they hold need not be kept apart as well.
 */
struct rank_in {
	struct prio *p;
	const char *method;
	struct table *t;
	struct prio_items *v;
	struct instance *m;
	int done;
};

static int rank_in_columns(void *arg, char *err)
{
	struct rank_in *ri = arg;
	struct table *t = ri->t;
	int rc;

	if (ri->done++)
		return 0;
	for (size_t i = 0; i < t->ncols; i++)
		t->cols[i].wanted = 0;
	view_all(ri->v, t);
	rc = method_open(ri->p, ri->method, ri->v, ri->m, err);
	rank_columns_wanted(t);
	for (size_t i = 0; i < t->ncols; i++) {
		t->cols[i].unread = t->raw_section && !t->cols[i].wanted;
		t->cols[i].wanted = 1;	/* all go out */
	}
	return rc;
}

int output_rank(struct prio *p, const char *method, const char *in,
		const char *from, const struct output_opts *o, char *err)
{
	struct instance m = {0};
	struct ranking r = {0};
	struct prio_items v = {0};
	struct table t;
	int rc;

	table_init(&t);
	if (in) {
		struct rank_in ri = { p, method, &t, &v, &m, 0 };
		struct import_opts io = { .lenient = 1,
					  .columns = rank_in_columns,
					  .arg = &ri };

		if (!from)
			from = format_guess(p, in);
		io.keep_raw = from && !strcmp(o->format, from) &&
			      format_copies_rows(p, from);
		if (!(rc = import_read(p, in, from, &t, &io, err))) {
			v.count = t.nrows;
			rc = rank_run(&m, &v, &r, err);
		}
	} else {
		table_for_schema(&t, &p->schema);
		view_all(&v, &t);
		if (!(rc = method_open(p, method, &v, &m, err)) &&
		    !(rc = prio_open_store(p, err)))
			rc = ranked_workspace(p, &m, &v, &t, &r, o, err);
	}
	if (!rc)
		rc = output_ranked(p, &t, &r, &m, o, err);
	ranking_release(&r);
	instance_close(&m);
	view_release(&v);
	table_release(&t);
	return rc;
}
