/*
 * plugin.c - the loader. Each check has its own message, and the order of
 * the checks matters: nothing of a plugin runs before its file has been
 * found safe (a constructor runs inside dlopen), and no callback runs
 * before its descriptor has been found compatible.
 */
#include "plugin.h"

#include <stdio.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <prio/format.h>
#include <prio/method.h>
#include <prio/policy.h>

#include "util.h"

const char *plugin_kind_name(enum prio_kind kind)
{
	switch (kind) {
	case PRIO_KIND_METHOD: return "method";
	case PRIO_KIND_FORMAT: return "format";
	case PRIO_KIND_POLICY: return "policy";
	}
	return NULL;
}

/*
 * The size of a kind's operations as ABI 1.0 made them. Every field added
 * since took a reserved slot, so this is today's size too, and every
 * struct_size the headers ever wrote is at least this: checked once, at
 * load, the host may then call any field of the ops without asking again
 * (a field that took a reserved slot is still a plugin's only from the
 * minor that added it: see plugin.h).
 */
static size_t ops_size(enum prio_kind kind)
{
	switch (kind) {
	case PRIO_KIND_METHOD: return sizeof(struct prio_method_ops);
	case PRIO_KIND_FORMAT: return sizeof(struct prio_format_ops);
	case PRIO_KIND_POLICY: return sizeof(struct prio_policy_ops);
	}
	return 0;
}

/* The callback a kind cannot do without, or NULL when it has it. */
static const char *ops_missing(enum prio_kind kind, const void *ops)
{
	const struct prio_method_ops *m = ops;
	const struct prio_policy_ops *po = ops;

	if (kind == PRIO_KIND_METHOD && !m->score)
		return "score";
	if (kind == PRIO_KIND_POLICY && !po->check)
		return "check";
	return NULL;	/* a format may only import, or only export */
}

static struct plugin *add(struct plugins *ps, const char *path)
{
	struct plugin *p = xcalloc(1, sizeof(*p));

	GROW(ps->v, ps->n + 1, ps->cap);
	ps->v[ps->n++] = p;
	p->path = xstrdup(path);
	p->fd = -1;
	return p;
}

static struct plugin *loaded(const struct plugins *ps, const char *path)
{
	for (size_t i = 0; i < ps->n; i++)
		if (!strcmp(ps->v[i]->path, path))
			return ps->v[i];
	return NULL;
}

int plugin_named_after(const char *path, const char *name)
{
	const char *base = strrchr(path, '/');
	size_t len = strlen(name);

	base = base ? base + 1 : path;
	return !strncmp(base, name, len) && !strcmp(base + len, ".so");
}

static void unload(struct plugin *p);
static struct plugin *refuse(struct plugin *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static struct plugin *refuse(struct plugin *p, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	p->refused = buf_detach(&b);
	unload(p);
	p->desc = NULL;
	return p;
}

/*
 * Someone who can write the file or its directory could make us run their
 * code: refuse unless it is ours or root's and writable by its owner only.
 */
static const char *unsafe(const struct stat *st)
{
	if (st->st_uid != geteuid() && st->st_uid != 0)
		return "owned by another user";
	if (st->st_mode & S_IWOTH)
		return "world-writable";
	if (st->st_mode & S_IWGRP)
		return "group-writable";
	return NULL;
}

/*
 * The folders above: the same, except that a sticky one (/tmp) is fine,
 * since others may add names to it but not rename or remove ours.
 */
static const char *unsafe_above(const struct stat *st)
{
	if (S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX) &&
	    (st->st_uid == geteuid() || st->st_uid == 0))
		return NULL;
	return unsafe(st);
}

/*
 * Is every folder on the way to `path` safe? Whoever can write one of
 * them could swap what lies below for their own. The path is walked one
 * name at a time from "/", as the kernel does, and a symbolic link's
 * target is walked in turn, so the folders of every link on the way
 * are checked too (a link itself has no permissions of its own). The
 * folder that holds the file must be safe without the sticky exception.
 * Returns 0, or -1 with the reason in why.
 */
static int path_safe(const char *path, struct buf *why)
{
	struct buf cur = {0}, rest = {0};
	struct stat st;
	const char *bad = NULL;
	int links = 0, rc = -1;

	buf_adds(&rest, path);
	buf_adds(&cur, "/");
	if (stat("/", &st) < 0 || (bad = unsafe_above(&st))) {
		buf_addf(why, "the folder / is %s", bad ? bad : "unreadable");
		goto out;
	}
	for (;;) {
		char *r = rest.p, *name, *slash;
		size_t keep;

		while (*r == '/')
			r++;
		if (!*r)
			break;
		slash = strchr(r, '/');
		name = xstrndup(r, slash ? (size_t)(slash - r) : strlen(r));
		memmove(rest.p, r + strlen(name), strlen(r + strlen(name)) + 1);
		rest.len = strlen(rest.p);
		if (!strcmp(name, ".")) {
			free(name);
			continue;
		}
		if (!strcmp(name, "..")) {
			char *up = strrchr(cur.p, '/');
			cur.len = up == cur.p ? 1 : (size_t)(up - cur.p);
			cur.p[cur.len] = '\0';
			free(name);
			continue;
		}
		keep = cur.len;
		if (cur.len > 1)
			buf_addc(&cur, '/');
		buf_adds(&cur, name);
		free(name);
		if (lstat(cur.p, &st) < 0) {
			buf_addf(why, "cannot stat %s: %s", cur.p, strerror(errno));
			goto out;
		}
		if (S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t n = readlink(cur.p, target, sizeof(target) - 1);

			if (n < 0 || ++links > 40) {
				buf_addf(why, "cannot follow the link %s: %s",
					 cur.p, n < 0 ? strerror(errno)
					 : "too many links");
				goto out;
			}
			target[n] = '\0';
			/* The target, then what was left after the link. */
			{
				char *left = xstrdup(rest.p);
				buf_reset(&rest);
				buf_addf(&rest, "%s/%s", target, left);
				free(left);
			}
			if (target[0] == '/')
				keep = 1;
			cur.len = keep;
			cur.p[keep] = '\0';
			continue;
		}
		if (!S_ISDIR(st.st_mode))
			break;	/* the file itself: checked once opened */
		bad = unsafe_above(&st);
		if (bad) {
			buf_addf(why, "the folder %s is %s", cur.p, bad);
			goto out;
		}
	}
	/* The folder that holds it: strictly (a sticky one takes new files). */
	{
		char *up = strrchr(cur.p, '/');
		cur.len = up == cur.p ? 1 : (size_t)(up - cur.p);
		cur.p[cur.len] = '\0';
	}
	if (stat(cur.p, &st) == 0 && (bad = unsafe(&st))) {
		buf_addf(why, "the folder %s is %s", cur.p, bad);
		goto out;
	}
	rc = 0;
out:
	buf_release(&cur);
	buf_release(&rest);
	return rc;
}

/*
 * dlopen knows a library by the name it was opened under, and ours is
 * /proc/self/fd/N: while one stays loaded (a refused plugin marked
 * nodelete, say), its fd number must not be reused for another, or
 * dlopen would hand the old one back. So a plugin's file stays open
 * until it is unloaded, and longer if it cannot be.
 */
static void unload(struct plugin *p)
{
	char name[32];
	void *h;

	if (p->handle) {
		dlclose(p->handle);
		p->handle = NULL;
		/* (Only then: dlopen would open a FIFO without O_NONBLOCK.) */
		snprintf(name, sizeof(name), "/proc/self/fd/%d", p->fd);
		if ((h = dlopen(name, RTLD_NOW | RTLD_NOLOAD))) {
			dlclose(h);
			return;
		}
	}
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

/* dlerror() names /proc/self/fd/N: say the plugin's path instead. */
static const char *load_error(const struct plugin *p, struct buf *b)
{
	const char *e = dlerror(), *colon;
	char name[32];
	size_t len;

	if (!e)
		return "unknown error";
	len = (size_t)snprintf(name, sizeof(name), "/proc/self/fd/%d", p->fd);
	if (!strncmp(e, name, len) && (colon = e + len, *colon == ':')) {
		buf_addf(b, "%s%s", p->path, colon);
		return b->p;
	}
	return e;
}

/*
 * In a probe's child (see probe), where loading has got to: 'L' before
 * dlopen (constructors run there), 'I' before init. -1 elsewhere.
 */
static int stage_fd = -1;

static void stage(char c)
{
	if (stage_fd >= 0 && write(stage_fd, &c, 1) != 1)
		_exit(1);
}

static struct plugin *load_one(struct plugins *ps, const char *path,
			       const struct prio_host *host)
{
	struct plugin *p = add(ps, path), *loser = NULL;
	const struct prio_plugin *d;
	struct stat st;
	const char *why;
	char err[PRIO_ERR_MAX], name[32];
	unsigned char magic[4];
	struct buf b = {0};

	if (lstat(path, &st) < 0)
		return refuse(p, "cannot stat it: %s", strerror(errno));
	if (S_ISLNK(st.st_mode) && stat(path, &st) < 0)
		return refuse(p, "broken link: %s", strerror(errno));
	if (path_safe(path, &b) < 0) {
		refuse(p, "%s", b.p);
		buf_release(&b);
		return p;
	}
	/*
	 * What is checked is what is loaded: the open file, not its name,
	 * which could be pointed elsewhere in between. O_NONBLOCK: a FIFO
	 * called x.so must not hang the open.
	 */
	p->fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (p->fd < 0)
		return refuse(p, "cannot open it: %s", strerror(errno));
	if (fstat(p->fd, &st) < 0)
		return refuse(p, "cannot stat it: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return refuse(p, "not a regular file");
	if ((why = unsafe(&st)))
		return refuse(p, "the file is %s", why);
	/* The ELF magic first: dlopen's own error is obscure. */
	if (pread(p->fd, magic, 4, 0) != 4 || memcmp(magic, "\177ELF", 4))
		return refuse(p, "not a shared object");
	snprintf(name, sizeof(name), "/proc/self/fd/%d", p->fd);
	stage('L');
	p->handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
	if (!p->handle) {
		refuse(p, "cannot load it: %s", load_error(p, &b));
		buf_release(&b);
		return p;
	}
	d = dlsym(p->handle, "prio_plugin");
	if (!d)
		return refuse(p, "no prio_plugin descriptor: not a prio plugin");
	if (d->abi_major != PRIO_ABI_MAJOR) {
		return refuse(p, "built for plugin ABI %u.%u; this prio has %d.%d",
			      d->abi_major, d->abi_minor, PRIO_ABI_MAJOR,
			      PRIO_ABI_MINOR);
	}
	if (d->abi_minor > PRIO_ABI_MINOR) {
		return refuse(p, "built for a newer plugin ABI %u.%u; this prio "
			      "has %d.%d", d->abi_major, d->abi_minor,
			      PRIO_ABI_MAJOR, PRIO_ABI_MINOR);
	}
	if (d->struct_size < offsetof(struct prio_plugin, reserved))
		return refuse(p, "descriptor too small: corrupt or not built "
				 "with PRIO_PLUGIN_DEFINE");
	if (!plugin_kind_name(d->kind)) {
		return refuse(p, "unknown plugin kind %d", (int)d->kind);
	}
	if (!d->name || !name_valid(d->name, strlen(d->name)))
		return refuse(p, "invalid plugin name");
	if (!d->ops)
		return refuse(p, "no operations for its kind");
	/* struct_size comes first in the ops of every kind. */
	if (*(const size_t *)d->ops < ops_size(d->kind))
		return refuse(p, "operations too small (%zu bytes, a %s's are "
			      "%zu): corrupt or not built with the prio "
			      "headers", *(const size_t *)d->ops,
			      plugin_kind_name(d->kind), ops_size(d->kind));
	if ((why = ops_missing(d->kind, d->ops)))
		return refuse(p, "no %s operation: a %s cannot do without it",
			      why, plugin_kind_name(d->kind));
	for (size_t i = 0; i + 1 < ps->n && !loser; i++) {
		struct plugin *o = ps->v[i];

		if (!o->desc || strcmp(o->desc->name, d->name))
			continue;
		/*
		 * The file named after it wins, wherever it is on the path:
		 * that is where a command looks first (plugins_load_named),
		 * so that all of them loaded agree with one loaded alone.
		 * (The same file twice, through a link, is one plugin.)
		 */
		if (!plugin_named_after(o->path, d->name) &&
		    plugin_named_after(path, d->name) && o->handle != p->handle)
			loser = o;
		else
			return refuse(p, "duplicate name '%s': already provided "
				      "by %s", d->name, o->path);
	}
	p->desc = d;
	err[0] = '\0';
	stage('I');
	if (d->init && d->init(host, err) < 0)
		return refuse(p, "init failed: %s", err[0] ? err : "no reason given");
	if (loser) {	/* only now: a newcomer that fails leaves it be */
		if (loser->desc->fini)
			loser->desc->fini();
		refuse(loser, "duplicate name '%s': %s is named after it",
		       d->name, path);
	}
	return p;
}

/*
 * A plugin with a bug can crash in its constructor or its init, and it
 * would take prio down with it, `prio plugins` too, which is where one
 * looks for what is wrong. So a plugin can first be loaded in a child
 * process, which reports through a pipe how far it got and what it
 * found: a plugin the child saw crash (or exit, or hang) is refused
 * with that, and one it refused is refused with its reason, without
 * ever being opened here. Only a plugin the child loaded is loaded
 * again, in this process. A signal handler could not do this: after
 * a SIGSEGV in someone else's code, nothing in this process is sure.
 */
#define PROBE_SECONDS 5

static struct plugin *probe(struct plugins *ps, const char *path,
			    const struct prio_host *host)
{
	int fds[2], status, timed_out = 0;
	struct buf got = {0};
	struct plugin *p;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0 || (pid = fork()) < 0)
		return refuse(add(ps, path), "cannot probe it: %s",
			      strerror(errno));
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

		/* Its output is the parent's, once it loads it there. */
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		close(fds[0]);
		stage_fd = fds[1];
		p = load_one(ps, path, host);
		stage(p->refused ? 'R' : 'K');
		if (p->refused && write(fds[1], p->refused,
					strlen(p->refused)) < 0)
			_exit(1);
		_exit(0);	/* no atexit, no stdio flush: the parent's */
	}
	close(fds[1]);
	for (;;) {
		struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
		char chunk[512];
		ssize_t n;
		int r = poll(&pfd, 1, PROBE_SECONDS * 1000);

		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0) {
			kill(pid, SIGKILL);
			timed_out = 1;
			break;
		}
		n = read(fds[0], chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(&got, chunk, (size_t)n);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	{
		/* The last stage the child reached, and what came after. */
		const char *end = got.p ? got.p + got.len : NULL;
		const char *r = got.p ? memchr(got.p, 'R', got.len) : NULL;
		const char *k = got.p ? memchr(got.p, 'K', got.len) : NULL;
		char last = got.len ? (r ? 'R' : k ? 'K' : got.p[got.len - 1]) : 0;
		const char *where = last == 'I' ? " in init" : last == 'L' ?
				    " while loading, in a constructor" : "";

		if (timed_out)
			p = refuse(add(ps, path), "did not finish %s in %d s",
				   last == 'I' ? "init" : "loading",
				   PROBE_SECONDS);
		else if (WIFSIGNALED(status))
			p = refuse(add(ps, path), "crashed%s (SIG%s)", where,
				   sigabbrev_np(WTERMSIG(status)) ?
				   sigabbrev_np(WTERMSIG(status)) : "?");
		else if (last == 'R')
			p = refuse(add(ps, path), "%.*s", (int)(end - r - 1),
				   r + 1);
		else if (last != 'K')
			p = refuse(add(ps, path), "exited%s (status %d)", where,
				   WEXITSTATUS(status));
		else
			p = load_one(ps, path, host);
	}
	buf_release(&got);
	return p;
}

/* Loads path, first in a child if the plugins are set to (plugin.h). */
static struct plugin *load(struct plugins *ps, const char *path,
			   const struct prio_host *host)
{
	size_t len = ps->shipped ? strlen(ps->shipped) : 0;
	int shipped = len && !strncmp(path, ps->shipped, len) &&
		      path[len] == '/' && !strchr(path + len + 1, '/');

	if (ps->probe == PLUGINS_PROBE_ALL ||
	    (ps->probe == PLUGINS_PROBE_FOREIGN && !shipped))
		return probe(ps, path, host);
	return load_one(ps, path, host);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_dir(struct plugins *ps, const char *dir,
		     const struct prio_host *host)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;
	char **names = NULL;
	size_t n = 0, cap = 0;
	const char *why;

	if (!d) {
		if (errno != ENOENT)
			refuse(add(ps, dir), "cannot read the directory: %s",
			       strerror(errno));
		return;
	}
	if (fstat(dirfd(d), &st) == 0 && (why = unsafe(&st))) {
		refuse(add(ps, dir), "the directory is %s", why);
		closedir(d);
		return;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len > 3 && !strcmp(de->d_name + len - 3, ".so")) {
			GROW(names, n + 1, cap);
			names[n++] = xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		char *path = xstrfmt("%s/%s", dir, names[i]);
		if (!loaded(ps, path))
			load(ps, path, host);
		free(path);
		free(names[i]);
	}
	free(names);
}

void plugins_load(struct plugins *ps, char *const *dirs, size_t ndirs,
		  const struct prio_host *host)
{
	for (size_t i = 0; i < ndirs; i++) {
		if (dirs[i][0] != '/') {
			refuse(add(ps, dirs[i]), "not an absolute path");
			continue;
		}
		load_dir(ps, dirs[i], host);
	}
}

const struct plugin *plugins_load_named(struct plugins *ps, char *const *dirs,
					size_t ndirs, const char *name,
					const struct prio_host *host)
{
	if (!name_valid(name, strlen(name)))
		return NULL;	/* "../x" would be a file off the path */
	for (size_t i = 0; i < ndirs; i++) {
		struct stat st;
		char *path;
		const struct plugin *p;

		if (dirs[i][0] != '/')
			return NULL;
		if (stat(dirs[i], &st) < 0) {
			if (errno == ENOENT)
				continue;
			return NULL;
		}
		if (unsafe(&st))
			return NULL;
		path = xstrfmt("%s/%s.so", dirs[i], name);
		p = loaded(ps, path);
		if (!p && lstat(path, &st) == 0)
			p = load(ps, path, host);
		free(path);
		if (p)
			return p;
	}
	return NULL;
}

void plugins_release(struct plugins *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		struct plugin *p = ps->v[i];
		if (p->handle && p->desc && p->desc->fini)
			p->desc->fini();
		unload(p);
		if (p->fd >= 0)
			close(p->fd);	/* the end: no other plugin comes */
		free(p->path);
		free(p->refused);
		free(p);
	}
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

const struct plugin *plugins_find(const struct plugins *ps,
				  enum prio_kind kind, const char *name)
{
	for (size_t i = 0; i < ps->n; i++) {
		const struct plugin *p = ps->v[i];
		if (p->desc && p->desc->kind == kind &&
		    !strcmp(p->desc->name, name))
			return p;
	}
	return NULL;
}

const struct plugin *plugins_refused(const struct plugins *ps,
				     const char *name)
{
	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i]->refused && plugin_named_after(ps->v[i]->path, name))
			return ps->v[i];
	return NULL;
}
