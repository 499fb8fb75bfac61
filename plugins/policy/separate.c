/*
 * separate.c - a product manager and a product owner, each with their own
 * job. The PM owns the why: vision, roadmap, business value and the other
 * strategic inputs, the choice of method, and the role setup itself (so
 * that the PO cannot switch to `combined` and take the PM's rights). The
 * PO owns the what: stories and acceptance criteria, the order of the
 * backlog, sprints, accepting work. Developers change estimates and
 * status and finish work; stakeholders propose.
 */
#include "rules.h"

static const struct rule rules[] = {
	{ "pm", "the product manager",
	  "vision.edit, roadmap.edit, item.edit.value, method.choose, "
	  "item.create, import, config.edit", NULL },
	{ "po", "the product owner",
	  "item.create, item.edit.story, item.edit.estimate, item.edit.status, "
	  "item.finish, item.delete, item.accept, backlog.order, sprint.plan, "
	  "import", NULL },
	{ "developer", "a developer",
	  "item.edit.estimate, item.edit.status, item.finish", NULL },
	{ "stakeholder", "a stakeholder", "item.propose", NULL },
};

static const char *const roles[] = { "pm", "po", "developer", "stakeholder",
				     NULL };

static int check(void *state, const struct prio_request *req, char *err)
{
	(void)state;
	return rules_check(rules, sizeof(rules) / sizeof(rules[0]), "separate",
			   req, err);
}

static const char *const *list_roles(void *state)
{
	(void)state;
	return roles;
}

static const struct prio_policy_ops ops = {
	.struct_size = sizeof(struct prio_policy_ops),
	.check = check,
	.roles = list_roles,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_POLICY, "separate", "1.0",
		   "a product manager and a product owner, each with a job",
		   NULL, NULL, &ops);
