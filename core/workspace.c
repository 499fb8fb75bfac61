/*
 * workspace.c - finding the workspace, loading the configuration layers,
 * the plugins and the store, and configuring method and format instances.
 */
#include "prio.h"
#include "visible.h"

#include <prio/policy.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suggest.h"
#include "trust.h"

int fail(int status, const char *fmt, ...)
{
	struct buf msg = {0}, b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	/*
	 * Messages quote the data (titles, keys, lines of files): shown,
	 * but a message of several lines (the lines to paste into prio.ini
	 * after an unknown column) keeps its line breaks.
	 */
	buf_adds(&b, "prio: ");
	buf_addvis_lines(&b, msg.p, msg.len, "");
	buf_addc(&b, '\n');
	fputs(b.p, stderr);
	buf_release(&msg);
	buf_release(&b);
	return status;
}

int exit_status(int rc)
{
	return rc == PRIO_EDENIED ? EXIT_DENIED : rc == PRIO_EUSAGE ? EXIT_USAGE
								    : EXIT_DATA;
}

static int exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

char *prio_store_path(const char *ws)
{
	return xstrfmt("%s/backlog.db", ws);
}

char *prio_find_workspace(const char *start)
{
	char *dir = realpath(start, NULL);

	while (dir) {
		char *ini = xstrfmt("%s/prio.ini", dir);
		char *slash;
		int found = exists(ini);

		free(ini);
		if (found)
			return dir;
		slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			free(dir);
			return NULL;
		}
		*slash = '\0';
	}
	return NULL;
}

/*
 * PRIO_PLUGIN_PATH names folders of native code: relative to what? The
 * current folder changes with every cd, so a relative one is an error.
 */
static int plugin_path_check(char *err)
{
	const char *s = getenv("PRIO_PLUGIN_PATH");

	while (s && *s) {
		size_t len = strcspn(s, ":");

		if (len && *s != '/')
			return errf(err, PRIO_EINVAL, "PRIO_PLUGIN_PATH: '%.*s' "
				    "is not an absolute path", (int)len, s);
		s += len + (s[len] == ':');
	}
	return 0;
}

static int server_setup(struct prio *p, char *err);

int prio_setup(struct prio *p, int need_ws, char *err)
{
	const char *start = p->dir_opt ? p->dir_opt : getenv("PRIO_WORKSPACE");
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *user = NULL;
	size_t mine, mine_end, ws_end;	/* the personal layers' entries */
	int rc;

	p->prefix = prio_prefix();
	if (start && !exists(start))
		return errf(err, PRIO_EIO, "%s: %s", start, strerror(errno));
	p->ws = prio_find_workspace(start ? start : ".");
	if (need_ws && !p->ws)
		return errf(err, PRIO_EINVAL,
			    "not in a prio workspace (no prio.ini here or above "
			    "%s; prio init creates one)", start ? start : ".");
	if ((rc = config_load_string(&p->cfg, defaults_ini, "<built-in>", err)))
		return rc;
	if (exists("/etc/prio/prio.ini") &&
	    (rc = config_load_file(&p->cfg, "/etc/prio/prio.ini", err)))
		return rc;
	if (xdg && *xdg)
		user = xstrfmt("%s/prio/prio.ini", xdg);
	else if (home)
		user = xstrfmt("%s/.config/prio/prio.ini", home);
	mine = p->cfg.n;
	if (user && exists(user) && (rc = config_load_file(&p->cfg, user, err))) {
		free(user);
		return rc;
	}
	free(user);
	mine_end = p->cfg.n;
	if (p->ws) {
		char *ini = xstrfmt("%s/prio.ini", p->ws);
		rc = config_load_file(&p->cfg, ini, err);
		free(ini);
		if (rc)
			return rc;
	}
	ws_end = p->cfg.n;
	if (p->config_opt && (rc = config_load_file(&p->cfg, p->config_opt, err)))
		return rc;
	for (size_t i = 0; i < p->nsets; i++)
		if ((rc = config_set(&p->cfg, p->sets[i], err)))
			return rc;
	if ((rc = plugin_path_check(err)) ||
	    (rc = config_refuse_rights(&p->cfg, mine, mine_end, err)) ||
	    (rc = config_refuse_rights(&p->cfg, ws_end, p->cfg.n, err)) ||
	    (rc = config_check(&p->cfg, err)) ||
	    (rc = server_setup(p, err)))
		return rc;
	return schema_load(&p->schema, &p->cfg, err);
}

/* Adds the colon-separated dirs of list, relative ones against base. */
static void add_dirs(char ***dirs, size_t *n, size_t *cap, const char *list,
		     const char *base)
{
	while (list && *list) {
		const char *colon = strchr(list, ':');
		size_t len = colon ? (size_t)(colon - list) : strlen(list);

		if (len) {
			char *d = xstrndup(list, len);
			GROW(*dirs, *n + 1, *cap);
			if (d[0] == '/' || !base) {
				(*dirs)[(*n)++] = d;
			} else {
				(*dirs)[(*n)++] = xstrfmt("%s/%s", base, d);
				free(d);
			}
		}
		list = colon ? colon + 1 : NULL;
	}
}

/*
 * s for a shell, quoted when it has to be; as $'...' with \xHH when it
 * holds control characters, which must not reach the terminal raw.
 */
static void shell_quote(struct buf *b, const char *s)
{
	int ctl = 0;

	for (const char *c = s; *c; c++)
		ctl |= (unsigned char)*c < 0x20 || *c == 0x7f;
	if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789/._-+,:@%=") == strlen(s)) {
		buf_adds(b, s);
		return;
	}
	buf_adds(b, ctl ? "$'" : "'");
	for (; *s; s++) {
		if (*s == '\'')
			buf_adds(b, ctl ? "\\'" : "'\\''");
		else if (ctl && *s == '\\')
			buf_adds(b, "\\\\");
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			buf_addf(b, "\\x%02x", (unsigned char)*s);
		else
			buf_addc(b, *s);
	}
	buf_addc(b, '\'');
}

/*
 * The workspace whose file says entry e (its prio.ini, or a -c file
 * inside it), to free; NULL when the entry is the user's own (built-in,
 * /etc, their file, --set, a -c file in no workspace).
 */
static char *entry_workspace(struct prio *p, const struct config_entry *e)
{
	char *ini = p->ws ? xstrfmt("%s/prio.ini", p->ws) : NULL;
	char *ws = NULL;

	if (e->line && ini && !strcmp(e->file, ini)) {
		ws = xstrdup(p->ws);
	} else if (e->line && p->config_opt && !strcmp(e->file, p->config_opt)) {
		char *real = realpath(e->file, NULL), *slash;

		if (real && (slash = strrchr(real, '/'))) {
			slash[slash == real] = '\0';	/* "/x.ini": "/" */
			ws = prio_find_workspace(real);
		}
		free(real);
	}
	free(ini);
	return ws;
}

/*
 * May [plugins] path `e` be used? Yes when it is the user's; from a
 * workspace's file, only once the user trusts that workspace (trust.h).
 * What is ignored is said on stderr here, not returned: the command
 * goes on without it, and the user needs to know why a plugin is
 * missing and how to trust it.
 */
static int path_trusted(struct prio *p, const struct config_entry *e)
{
	char *ws = entry_workspace(p, e);
	char err[PRIO_ERR_MAX], where[PRIO_ERR_MAX / 2];
	int rc;

	if (!ws)
		return 1;
	rc = trust_check(ws, err);
	if (rc < 0)
		vis_fprintf(stderr, "prio: %s\n", err);
	if (rc != 1) {
		struct buf q = {0};

		shell_quote(&q, ws);
		vis_fprintf(stderr, "prio: %s: [plugins] path ignored: the "
			    "workspace %s is not trusted to load plugins; to "
			    "trust it: prio trust %s\n",
			    config_where(e, where, sizeof(where)), q.p, q.p);
		buf_release(&q);
	}
	free(ws);
	return rc == 1;
}

/* The plugin path: the built-in folder, [plugins] path, PRIO_PLUGIN_PATH. */
static void plugin_dirs(struct prio *p)
{
	struct config_entry *e = config_find(&p->cfg, "plugins", "path");
	char cwd[PATH_MAX];
	size_t cap = 0;

	if (p->dirs)
		return;
	GROW(p->dirs, 1, cap);
	p->dirs[p->ndirs++] = xstrfmt("%s/lib/prio/plugins", p->prefix);
	/* Plugins from elsewhere are probed in a child first (plugin.h). */
	p->plugins.shipped = p->dirs[0];
	if (p->plugins.probe == PLUGINS_PROBE_NONE)
		p->plugins.probe = PLUGINS_PROBE_FOREIGN;
	if (e && path_trusted(p, e)) {
		/* Relative to the file that says it. */
		char *base = xstrdup(e->file), *slash = strrchr(base, '/');
		if (slash)
			*slash = '\0';
		add_dirs(&p->dirs, &p->ndirs, &cap, e->value,
			 e->line && slash ? base : getcwd(cwd, sizeof(cwd)));
		free(base);
	}
	add_dirs(&p->dirs, &p->ndirs, &cap, getenv("PRIO_PLUGIN_PATH"), NULL);
}

void prio_load_plugins(struct prio *p)
{
	if (p->plugins_loaded)
		return;
	p->plugins_loaded = 1;
	plugin_dirs(p);
	plugins_load(&p->plugins, p->dirs, p->ndirs, &host_services);
}

const struct plugin *prio_find_plugin(struct prio *p, enum prio_kind kind,
				      const char *name)
{
	const struct plugin *pl = plugins_find(&p->plugins, kind, name);

	/* Found in a file not named after it, another file may win yet. */
	if (p->plugins_loaded || (pl && plugin_named_after(pl->path, name)))
		return pl;
	/* NAME.so first, which is where a plugin called NAME usually is. */
	plugin_dirs(p);
	pl = plugins_load_named(&p->plugins, p->dirs, p->ndirs, name,
				&host_services);
	if (pl && pl->desc && pl->desc->kind == kind &&
	    !strcmp(pl->desc->name, name))
		return pl;
	prio_load_plugins(p);
	return plugins_find(&p->plugins, kind, name);
}

const char *prio_store_url(const struct prio *p)
{
	const char *url = config_get(&p->cfg, "store", "url");

	return url && *url ? url : NULL;
}

int prio_open_store(struct prio *p, char *err)
{
	const char *url = prio_store_url(p);
	char *path;
	int rc;

	if (p->store)
		return 0;
	if (url)
		return store_open(&p->store, url,
				  config_get(&p->cfg, "store", "schema"), 0, err);
	path = prio_store_path(p->ws);
	rc = store_open(&p->store, path, NULL, 0, err);
	free(path);
	return rc;
}

/* Who acts on a server store: what the server says (p->identify). */
static int server_identify(struct prio *p, char *err)
{
	int rc;

	if (p->user)
		return 0;
	if ((rc = prio_open_store(p, err)) ||
	    (rc = store_who(p->store, &p->user, &p->store_roles, err)))
		return rc;
	return 0;
}

/*
 * A workspace on a server ([store] url). The person is who the server
 * authenticated: naming someone else (--as, PRIO_USER) is a usage
 * error there, not a switch. And connecting hands the server the
 * user's credentials (a password from PGPASSWORD or ~/.pgpass, a
 * client certificate), so a URL that a workspace's own file names
 * counts only once the user trusts that workspace, as a plugin folder
 * does; prio init --store trusts the workspace it makes.
 */
static int server_setup(struct prio *p, char *err)
{
	const struct config_entry *e = config_find(&p->cfg, "store", "url");
	const char *as = p->as_opt ? p->as_opt : getenv("PRIO_USER");
	char *ws;
	int rc;

	if (!e || !*e->value)
		return 0;
	if (!store_is_server(e->value)) {
		char where[PRIO_ERR_MAX / 2];
		return errf(err, PRIO_EINVAL, "%s: [store] url: not a server "
			    "(postgresql://...): %s", config_where(e, where,
			    sizeof(where)), e->value);
	}
	if (as && *as)
		return errf(err, PRIO_EUSAGE, "%s: the backlog is shared on a "
			    "server, which says who you are; %s cannot name "
			    "someone else there", p->as_opt ? "--as" :
			    "PRIO_USER", p->as_opt ? "--as" : "PRIO_USER");
	if ((ws = entry_workspace(p, e))) {
		rc = trust_check(ws, err);
		if (rc == 0) {
			struct buf q = {0};

			shell_quote(&q, ws);
			rc = errf(err, PRIO_EINVAL, "the workspace %s names a "
				  "server store (%s), and connecting sends your "
				  "credentials there: trust it first: prio trust "
				  "%s", q.p, e->value, q.p);
			buf_release(&q);
		}
		free(ws);
		if (rc < 0)
			return rc;
	}
	p->identify = server_identify;
	return 0;
}

void prio_release(struct prio *p)
{
	if (p->policy && p->policy_state) {
		const struct prio_policy_ops *ops = p->policy->desc->ops;
		if (ops->release)
			ops->release(p->policy_state);
	}
	for (size_t i = 0; i < p->nroles; i++)
		free(p->roles[i]);
	free(p->roles);
	free(p->store_roles);
	/* A refusal inside a change's transaction is logged once it is undone. */
	if (p->store)
		store_rollback(p->store);
	if (p->policy_end)
		p->policy_end(p);
	free(p->roles_text);
	free(p->user);
	store_close(p->store);
	plugins_release(&p->plugins);
	for (size_t i = 0; i < p->ndirs; i++)
		free(p->dirs[i]);
	free(p->dirs);
	schema_release(&p->schema);
	config_release(&p->cfg);
	free(p->ws);
	free(p->prefix);
	memset(p, 0, sizeof(*p));
}

/*
 * The instance name closest to a mistyped one: the KIND.NAME sections,
 * then the plugins of that kind (all loaded by then: the name was looked
 * for among them).
 */
static const char *instance_suggest(const struct prio *p, enum prio_kind kind,
				    const char *name)
{
	const char *prefix = kind == PRIO_KIND_METHOD ? "method." : "format.";
	const char **names = xcalloc(p->cfg.n + p->plugins.n + 1,
				     sizeof(*names));
	const char *near;
	size_t n = 0;

	for (size_t i = 0; i < p->cfg.n; i++)
		if (!strncmp(p->cfg.v[i].section, prefix, 7))
			names[n++] = p->cfg.v[i].section + 7;
	for (size_t i = 0; i < p->plugins.n; i++) {
		const struct plugin *pl = p->plugins.v[i];

		if (pl->desc && !pl->refused && pl->desc->kind == kind)
			names[n++] = pl->desc->name;
	}
	near = suggest(name, strlen(name), names, n);
	free(names);
	return near;
}

/* A configured section's plugin, or a plugin of that name unconfigured. */
static int instance_find(struct prio *p, enum prio_kind kind,
			 const char *name, struct instance *in, char *err)
{
	const char *kname = plugin_kind_name(kind);
	char *section = xstrfmt("%s.%s", kname, name);
	struct config_entry *e = config_find(&p->cfg, section, "plugin");
	const char *plugin = e ? e->value : name;
	const struct plugin *pl, *refused;
	const char *near;
	char where[PRIO_ERR_MAX / 2];

	memset(in, 0, sizeof(*in));
	in->section = section;
	in->sec.cfg = &p->cfg;
	in->sec.name = section;
	pl = prio_find_plugin(p, kind, plugin);
	if (pl) {
		in->plugin = pl;
		return 0;
	}
	if (e)
		config_where(e, where, sizeof(where));
	else
		/* A section without plugin = is plugin NAME's: say so. */
		for (size_t i = 0; i < p->cfg.n && !e; i++)
			if (!strcmp(p->cfg.v[i].section, section)) {
				config_where(&p->cfg.v[i], where,
					     sizeof(where));
				errf(err, PRIO_EINVAL, "%s: [%s] has no 'plugin "
				     "=' key, and no %s plugin is named '%s'",
				     where, section, kname, name);
				free(section);
				in->section = NULL;
				return PRIO_EINVAL;
			}
	refused = plugins_refused(&p->plugins, plugin);
	if (refused && e)
		errf(err, PRIO_EINVAL, "%s: %s '%s': plugin %s was refused: %s",
		     where, kname, name, refused->path, refused->refused);
	else if (refused)
		errf(err, PRIO_EINVAL, "%s '%s': plugin %s was refused: %s",
		     kname, name, refused->path, refused->refused);
	else if (e)
		errf(err, PRIO_EINVAL, "%s: [%s] no %s plugin '%s' (prio "
		     "plugins lists them)", where, section, kname, plugin);
	else if ((near = instance_suggest(p, kind, name)))
		errf(err, PRIO_EINVAL, "unknown %s '%s'; did you mean '%s'?",
		     kname, name, near);
	else
		errf(err, PRIO_EINVAL, "unknown %s '%s' (no [%s] section and "
		     "no plugin of that name; prio plugins lists them)", kname,
		     name, section);
	free(section);
	in->section = NULL;
	return PRIO_EINVAL;
}

int method_open(struct prio *p, const char *name, struct prio_items *items,
		struct instance *m, char *err)
{
	const struct prio_method_ops *ops;
	int rc;

	if (!name)
		name = config_get(&p->cfg, "rank", "method");
	if (!name || !*name)
		return errf(err, PRIO_EINVAL,
			    "no method: set [rank] method or use --method");
	if ((rc = instance_find(p, PRIO_KIND_METHOD, name, m, err)))
		return rc;
	ops = m->plugin->desc->ops;
	err[0] = '\0';
	if (ops->configure &&
	    (rc = ops->configure(&m->sec, items, &m->state, err)) < 0) {
		if (!m->sec.located)
			errprefix(err, rc, "[%s]", m->section);
		instance_close(m);
		return rc;
	}
	if ((rc = config_unused(&p->cfg, m->section, "plugin", err))) {
		instance_close(m);
		return rc;
	}
	return 0;
}

int format_open(struct prio *p, const char *name, struct instance *f,
		char *err)
{
	const struct prio_format_ops *ops;
	int rc;

	if ((rc = instance_find(p, PRIO_KIND_FORMAT, name, f, err)))
		return rc;
	ops = f->plugin->desc->ops;
	err[0] = '\0';
	/*
	 * The core's own keys (mapping.h) first, marked as read: they are
	 * every format's, never a plugin's to refuse.
	 */
	if ((rc = mapping_read(&f->map, &f->sec, err))) {
		instance_close(f);
		return rc;
	}
	if (ops->configure && (rc = ops->configure(&f->sec, &f->state, err)) < 0) {
		if (!f->sec.located)
			errprefix(err, rc, "[%s]", f->section);
		instance_close(f);
		return rc;
	}
	if ((rc = config_unused(&p->cfg, f->section, "plugin", err))) {
		instance_close(f);
		return rc;
	}
	return 0;
}

int format_copies_rows(struct prio *p, const char *name)
{
	struct instance f;
	const struct prio_format_ops *ops;
	char err[PRIO_ERR_MAX];
	int yes;

	if (instance_find(p, PRIO_KIND_FORMAT, name, &f, err))
		return 0;	/* the import will say why */
	ops = f.plugin->desc->ops;
	/* flags took a reserved slot: before 1.2 it is not a plugin's. */
	yes = f.plugin->desc->abi_minor >= 2 &&
	      (ops->flags & PRIO_FORMAT_COPIES_ROWS);
	instance_close(&f);
	return yes;
}

/* Does the format plugin claim file name ending ext? */
static int claims(const struct plugin *pl, const char *ext)
{
	const struct prio_format_ops *ops = pl->desc->ops;

	for (const char *const *x = ops->extensions; x && *x; x++)
		if (!strcasecmp(*x, ext))
			return 1;
	return 0;
}

const char *format_guess(struct prio *p, const char *path)
{
	const char *dot = strrchr(path, '.');
	const struct plugin *pl;
	char ext[32];
	size_t n = 0;

	if (!dot || strchr(dot, '/'))
		return NULL;
	/* The format named after the ending first (x.csv: csv), which
	 * opens one plugin, not all of them. */
	while (dot[1 + n] && n + 1 < sizeof(ext)) {
		ext[n] = (char)tolower((unsigned char)dot[1 + n]);
		n++;
	}
	ext[n] = '\0';
	if (!dot[1 + n] && (pl = prio_find_plugin(p, PRIO_KIND_FORMAT, ext)) &&
	    claims(pl, ext))
		return pl->desc->name;
	prio_load_plugins(p);
	for (size_t i = 0; i < p->plugins.n; i++) {
		pl = p->plugins.v[i];
		if (pl->desc && pl->desc->kind == PRIO_KIND_FORMAT &&
		    claims(pl, dot + 1))
			return pl->desc->name;
	}
	return NULL;
}

void instance_close(struct instance *in)
{
	if (in->plugin && in->state) {
		const struct prio_plugin *d = in->plugin->desc;
		if (d->kind == PRIO_KIND_METHOD) {
			const struct prio_method_ops *ops = d->ops;
			if (ops->release)
				ops->release(in->state);
		} else if (d->kind == PRIO_KIND_FORMAT) {
			const struct prio_format_ops *ops = d->ops;
			if (ops->release)
				ops->release(in->state);
		}
	}
	mapping_release(&in->map);
	free(in->section);
	memset(in, 0, sizeof(*in));
}

void table_for_schema(struct table *t, const struct schema *s)
{
	table_init(t);
	for (size_t i = 0; i < s->n; i++)
		table_add_column(t, s->v[i].name, s->v[i].type, &s->v[i]);
}
