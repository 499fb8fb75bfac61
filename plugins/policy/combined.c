/*
 * combined.c - one product role: whoever holds `product` does everything
 * a product manager and a product owner do. Developers change estimates
 * and status, and finish work (done), but accepting it is the product
 * role's; stakeholders propose items.
 */
#include "rules.h"

static const struct rule rules[] = {
	{ "product", "the product role", "*", NULL },
	{ "developer", "a developer",
	  "item.edit.estimate, item.edit.status, item.finish", NULL },
	{ "stakeholder", "a stakeholder", "item.propose", NULL },
};

static const char *const roles[] = { "product", "developer", "stakeholder",
				     NULL };

static int check(void *state, const struct prio_request *req, char *err)
{
	(void)state;
	return rules_check(rules, sizeof(rules) / sizeof(rules[0]), "combined",
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

PRIO_PLUGIN_DEFINE(PRIO_KIND_POLICY, "combined", "1.0",
		   "one product role does what the PM and the PO do",
		   NULL, NULL, &ops);
