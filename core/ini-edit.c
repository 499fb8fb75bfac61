/*
 * ini-edit.c - changing one key of an INI text in place, keeping every
 * other line (comments, order, blank lines) as it was: for commands that
 * rewrite prio.ini, such as prio roles switch.
 */
#include "prio.h"

#include <string.h>

/* The line's [section] name, or NULL when it is not a section line. */
static int section_line(const char *l, size_t len, const char **name,
			size_t *nlen)
{
	while (len && (*l == ' ' || *l == '\t'))
		l++, len--;
	while (len && (l[len - 1] == ' ' || l[len - 1] == '\t' ||
		       l[len - 1] == '\r'))
		len--;
	if (len < 2 || l[0] != '[' || l[len - 1] != ']')
		return 0;
	*name = l + 1;
	*nlen = len - 2;
	return 1;
}

static int key_line(const char *l, size_t len, const char *key)
{
	const char *eq = memchr(l, '=', len);
	size_t klen = strlen(key);

	if (!eq || *l == ';' || *l == '#' || *l == ' ' || *l == '\t')
		return 0;
	while (eq > l && (eq[-1] == ' ' || eq[-1] == '\t'))
		eq--;
	return (size_t)(eq - l) == klen && !memcmp(l, key, klen);
}

static void add_setting(struct buf *b, const char *key, const char *value)
{
	size_t len = strlen(value);
	int quote = len && (value[0] == ' ' || value[len - 1] == ' ' ||
			    strstr(value, " ;") || strstr(value, "\t;"));

	buf_addf(b, quote ? "%s = \"%s\"\n" : "%s = %s\n", key, value);
}

char *ini_set(const char *text, const char *section, const char *key,
	      const char *value)
{
	struct buf out = {0};
	const char *p = text, *insert_at = NULL;
	int in = 0, done = 0, seen = 0;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *name;
		size_t nlen;

		if (section_line(p, len, &name, &nlen)) {
			if (in && !done)
				insert_at = NULL;	/* leaving: add at the end */
			in = nlen == strlen(section) && !memcmp(name, section, nlen);
			seen |= in;
		} else if (in && !done && key_line(p, len, key)) {
			if (value)
				add_setting(&out, key, value);
			done = 1;
			p += len + (nl != NULL);
			continue;
		}
		if (in && !done && len && p[0] != ';' && p[0] != '#')
			insert_at = p + len + (nl != NULL);
		buf_add(&out, p, len);
		if (nl)
			buf_addc(&out, '\n');
		p += len + (nl != NULL);
		/* Right after the section's last setting: put the new key there. */
		if (!done && insert_at == p && value) {
			const char *q = p;
			int more = 0;
			while (*q && !more) {
				const char *n2 = strchr(q, '\n');
				size_t l2 = n2 ? (size_t)(n2 - q) : strlen(q);
				if (section_line(q, l2, &name, &nlen))
					break;
				if (l2 && q[0] != ';' && q[0] != '#')
					more = 1;
				q += l2 + (n2 != NULL);
			}
			if (!more) {
				add_setting(&out, key, value);
				done = 1;
			}
		}
	}
	if (!done && value) {
		if (out.len && out.p[out.len - 1] != '\n')
			buf_addc(&out, '\n');
		if (!seen)
			buf_addf(&out, "%s[%s]\n", out.len ? "\n" : "", section);
		add_setting(&out, key, value);
	}
	return buf_detach(&out);
}
