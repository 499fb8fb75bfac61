/*
 * rules.h - the rule tables the policy plugins share: each role allows
 * some actions and denies others, by name or by pattern ("item.edit.*",
 * "*"), deny winning. Included by each policy plugin (each is its own
 * .so, so these are static functions, not a library).
 */
#ifndef POLICY_RULES_H
#define POLICY_RULES_H

#include <stdio.h>
#include <string.h>

#include <prio/policy.h>

struct rule {
	const char *role;	/* "pm" */
	const char *title;	/* "the product manager", for messages */
	const char *allow;	/* comma- or space-separated patterns */
	const char *deny;
};

#define RULES_ACTION_NAME_(id, name, what) name,
#define RULES_ACTION_WHAT_(id, name, what) what,
static const char *const rules_actions[] __attribute__((unused)) = { PRIO_ACTIONS(RULES_ACTION_NAME_) NULL };
static const char *const rules_whats[] __attribute__((unused)) = { PRIO_ACTIONS(RULES_ACTION_WHAT_) NULL };

/* "item.edit.*" matches item.edit.value; "*" matches everything. */
static inline int rules_pattern(const char *pat, size_t len, const char *action)
{
	if (len && pat[len - 1] == '*')
		return !strncmp(pat, action, len - 1);
	return strlen(action) == len && !strncmp(pat, action, len);
}

/* Calls fn on each pattern of a list; stops at the first nonzero. */
static inline int rules_each(const char *list, int (*fn)(const char *, size_t, void *),
		      void *arg)
{
	while (list && *list) {
		size_t len = strcspn(list, ", \t\n");
		int rc;

		if (len && (rc = fn(list, len, arg)))
			return rc;
		list += len;
		list += strspn(list, ", \t\n");
	}
	return 0;
}

static inline int rules_match_one(const char *pat, size_t len, void *action)
{
	return rules_pattern(pat, len, action);
}

static inline int rules_allows(const struct rule *r, const char *action)
{
	return !rules_each(r->deny, rules_match_one, (void *)action) &&
	       rules_each(r->allow, rules_match_one, (void *)action);
}

/* Does the pattern name at least one action? (for checking ACL tables) */
static inline int rules_known(const char *pat, size_t len)
{
	for (const char *const *a = rules_actions; *a; a++)
		if (rules_pattern(pat, len, *a))
			return 1;
	return 0;
}

static inline const char *rules_what(const char *action)
{
	for (size_t i = 0; rules_actions[i]; i++)
		if (!strcmp(rules_actions[i], action))
			return rules_whats[i];
	return action;
}

/*
 * The decision, and when it is no, a reason that says who may: "only the
 * product manager may change business_value under the separate policy".
 */
static inline int rules_check(const struct rule *rules, size_t n,
		       const char *policy, const struct prio_request *req,
		       char *err)
{
	char what[256], who[256] = "";
	size_t owners = 0;

	for (size_t i = 0; i < req->nroles; i++)
		for (size_t k = 0; k < n; k++)
			if (!strcmp(rules[k].role, req->roles[i]) &&
			    rules_allows(&rules[k], req->action))
				return 0;
	if (req->field && !strncmp(req->action, "item.edit.", 10))
		snprintf(what, sizeof(what), "change %s", req->field);
	else
		snprintf(what, sizeof(what), "%s", rules_what(req->action));
	for (size_t k = 0; k < n; k++) {
		if (!rules_allows(&rules[k], req->action))
			continue;
		size_t len = strlen(who);
		snprintf(who + len, sizeof(who) - len, "%s%s",
			 owners++ ? " or " : "", rules[k].title);
	}
	if (owners)
		snprintf(err, PRIO_ERR_MAX, "only %s may %s under the %s policy",
			 who, what, policy);
	else
		snprintf(err, PRIO_ERR_MAX, "nobody may %s under the %s policy",
			 what, policy);
	return PRIO_EDENIED;
}

#endif /* POLICY_RULES_H */
