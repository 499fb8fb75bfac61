/*
 * trust.c - the user's list of trusted workspaces (see trust.h).
 */
#include "trust.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* The list is small: a megabyte is thousands of workspaces. */
#define TRUST_MAX (1 << 20)

static char *config_dir(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg && *xdg)
		return xstrfmt("%s/prio", xdg);
	if (home && *home)
		return xstrfmt("%s/.config/prio", home);
	return NULL;
}

char *trust_file(void)
{
	char *dir = config_dir(), *file;

	if (!dir)
		return NULL;
	file = xstrfmt("%s/trusted", dir);
	free(dir);
	return file;
}

void trust_free(char **dirs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
}

/* Whoever can write the list (or its folder) can trust for the user. */
static int check_owner(const char *path, const char *what, char *err)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return 0;	/* missing: read or written next says why */
	if (st.st_uid != geteuid() && st.st_uid != 0)
		return errf(err, PRIO_EINVAL, "%s: %s is owned by another "
			    "user: not used", path, what);
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return errf(err, PRIO_EINVAL, "%s: %s is writable by others: "
			    "not used (chmod go-w it)", path, what);
	return 0;
}

int trust_read(char ***dirs, size_t *n, char *err)
{
	char *file = trust_file(), *dir, *text, *line, *next;
	size_t len, cap = 0;
	struct stat st;
	int rc, lineno = 0;

	*dirs = NULL;
	*n = 0;
	if (!file || stat(file, &st) < 0) {
		rc = !file || errno == ENOENT ? 0 :
		     errf(err, PRIO_EIO, "%s: %s", file, strerror(errno));
		free(file);
		return rc;
	}
	/*
	 * The list where it really is: a link to it is checked, folder and
	 * file, at its target, whose folder others must not be able to
	 * write (they could swap the file between the check and the read).
	 */
	{
		char *real = realpath(file, NULL);

		if (!real) {
			rc = errf(err, PRIO_EIO, "%s: %s", file, strerror(errno));
			free(file);
			return rc;
		}
		free(file);
		file = real;
	}
	dir = xstrndup(file, (size_t)(strrchr(file, '/') - file));
	rc = check_owner(dir, "the folder", err);
	free(dir);
	if (rc || (rc = check_owner(file, "the list of trusted workspaces",
				    err))) {
		free(file);
		return rc;
	}
	if (!(text = file_read_regular(file, TRUST_MAX, &len, err))) {
		free(file);
		return PRIO_EIO;
	}
	for (line = text; line && *line; line = next) {
		size_t l;

		next = strchr(line, '\n');
		l = next ? (size_t)(next - line) : strlen(line);
		next = next ? next + 1 : NULL;
		lineno++;
		if (!l)
			continue;
		if (line[0] != '/' || memchr(line, '\0', l)) {
			errf(err, PRIO_EINVAL, "%s:%d: not an absolute path",
			     file, lineno);
			trust_free(*dirs, *n);
			*dirs = NULL;
			*n = 0;
			free(text);
			free(file);
			return PRIO_EINVAL;
		}
		GROW(*dirs, *n + 1, cap);
		(*dirs)[(*n)++] = xstrndup(line, l);
	}
	free(text);
	free(file);
	return 0;
}

int trust_check(const char *real, char *err)
{
	char **dirs;
	size_t n;
	int rc = trust_read(&dirs, &n, err), found = 0;

	if (rc)
		return rc;
	for (size_t i = 0; i < n && !found; i++)
		found = !strcmp(dirs[i], real);
	trust_free(dirs, n);
	return found;
}

/* Writes the list back whole (an afile: the old one or the new one). */
static int write_list(char **dirs, size_t n, char *err)
{
	char *file = trust_file(), *dir;
	struct buf b = {0};
	int rc;

	if (!file)
		return errf(err, PRIO_EINVAL, "neither XDG_CONFIG_HOME nor HOME "
			    "is set: nowhere to keep the list");
	/*
	 * The folders it lives in are the user's own, like ~/.config: made
	 * private when prio makes them. If the parent cannot be made, making
	 * the folder says why.
	 */
	dir = xstrndup(file, (size_t)(strrchr(file, '/') - file));
	{
		char *parent = xstrndup(dir, (size_t)(strrchr(dir, '/') - dir));
		if (*parent)
			mkdir(parent, 0700);
		free(parent);
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		rc = errf(err, PRIO_EIO, "%s: %s", dir, strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s\n", dirs[i]);
	rc = file_write_atomic(file, b.p ? b.p : "", b.len, err);
	/* Private whatever the umask: a group-writable list is not used. */
	if (!rc && chmod(file, 0600) < 0)
		rc = errf(err, PRIO_EIO, "%s: %s", file, strerror(errno));
out:
	buf_release(&b);
	free(dir);
	free(file);
	return rc;
}

int trust_add(const char *real, char *err)
{
	char **dirs;
	size_t n;
	int rc;

	if (real[0] != '/' || strchr(real, '\n'))
		return errf(err, PRIO_EINVAL, "%s: cannot be kept on the list "
			    "(a new line in its name)", real);
	if ((rc = trust_read(&dirs, &n, err)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(dirs[i], real)) {
			trust_free(dirs, n);
			return 1;
		}
	dirs = xrealloc(dirs, (n + 1) * sizeof(*dirs));
	dirs[n++] = xstrdup(real);
	rc = write_list(dirs, n, err);
	trust_free(dirs, n);
	return rc;
}

int trust_remove(const char *dir, char *err)
{
	char **dirs;
	size_t n, kept = 0;
	int rc;

	if ((rc = trust_read(&dirs, &n, err)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(dirs[i], dir))
			free(dirs[i]);
		else
			dirs[kept++] = dirs[i];
	}
	rc = kept == n ? 1 : write_list(dirs, kept, err);
	trust_free(dirs, kept);
	return rc;
}
