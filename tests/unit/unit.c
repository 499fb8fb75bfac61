/*
 * unit.c - the helpers of unit.h.
 */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

const char *unit_abs(const char *rel)
{
	static char buf[4][PATH_MAX];
	static unsigned next;
	char *p = buf[next++ & 3];

	if (rel[0] == '/')
		snprintf(p, PATH_MAX, "%s", rel);
	else if (!realpath(rel, p))
		cr_assert_fail("%s: %s (run the tests from the repository root "
			       "after make)", rel, strerror(errno));
	return p;
}

char *unit_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *dir;

	if (!base || base[0] != '/')
		base = "/tmp";
	dir = xstrfmt("%s/prio-unit-XXXXXX", base);
	cr_assert_not_null(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
	return dir;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

void unit_rmtree(const char *path)
{
	if (path)
		nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *unit_path(const char *dir, const char *name)
{
	return xstrfmt("%s/%s", dir, name);
}

char *unit_write(const char *dir, const char *name, const void *data,
		 size_t len)
{
	char *path = unit_path(dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	cr_assert_geq(fd, 0, "%s: %s", path, strerror(errno));
	cr_assert_eq(write(fd, data, len), (ssize_t)len, "%s: short write", path);
	close(fd);
	return path;
}

char *unit_write_str(const char *dir, const char *name, const char *text)
{
	return unit_write(dir, name, text, strlen(text));
}

void unit_copy(const char *from, const char *to)
{
	size_t len;
	char *data = unit_read(from, &len);
	int fd = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);

	cr_assert_geq(fd, 0, "%s: %s", to, strerror(errno));
	cr_assert_eq(write(fd, data, len), (ssize_t)len, "%s: short write", to);
	close(fd);
	/* The umask may have taken bits away; tests chmod as they need. */
	chmod(to, 0755);
	free(data);
}

char *unit_read(const char *path, size_t *len)
{
	char err[PRIO_ERR_MAX];
	size_t n;
	char *data = file_read(path, &n, err);

	cr_assert_not_null(data, "%s", err);
	if (len)
		*len = n;
	return data;
}

void unit_config(struct config *cfg, const char *text, const char *name)
{
	char err[PRIO_ERR_MAX] = "";
	int rc = config_load_string(cfg, text, name, err);

	cr_assert_eq(rc, 0, "config_load_string(%s): %s", name, err);
}

const struct plugin *unit_plugin(struct plugins *ps, const char *dir,
				 enum prio_kind kind, const char *name)
{
	char *d = xstrdup(unit_abs(dir));
	const struct plugin *p;

	plugins_load(ps, &d, 1, &host_services);
	free(d);
	p = plugins_find(ps, kind, name);
	if (!p) {
		const struct plugin *r = plugins_refused(ps, name);
		cr_assert_fail("plugin %s not loaded from %s: %s", name, dir,
			       r ? r->refused : "no such file");
	}
	return p;
}

const char *unit_cell(const struct table *t, int col, size_t row)
{
	static char out[8][256];
	static unsigned next;
	char buf[32], *o = out[next++ & 7];
	size_t len;
	const char *v;

	cr_assert(col >= 0 && (size_t)col < t->ncols, "no column %d", col);
	cr_assert_lt(row, t->nrows, "no row %zu", row);
	v = table_text(t, col, row, buf, &len);
	if (!v)
		return NULL;
	snprintf(o, sizeof(out[0]), "%.*s", (int)len, v);
	return o;
}

const char *unit_reason(const struct ranking *r, size_t item)
{
	return r->reason[item] ? r->reasons.p + r->reason[item] - 1 : NULL;
}
