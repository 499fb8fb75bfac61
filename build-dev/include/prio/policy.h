/*
 * prio/policy.h - role policies: who may do what.
 *
 * The core names every action that changes something (the list below) and
 * asks the policy before each one, with the roles of the person acting
 * (from --as, PRIO_USER or the login name, mapped to roles in [users]).
 * Reading and exporting are open to everyone. The policy answers yes, or
 * no with a reason meant for that person ("only the product manager may
 * change business_value under the separate policy"); the core refuses the
 * command with exit status 3 and records the refusal in the audit log.
 *
 * This guards a team's workflow, not a security boundary: anyone who can
 * write the workspace's files can change them without prio.
 *
 * A policy plugin is configured from [roles] (its `policy =` names it) and
 * may read other sections through host->section (the acl policy reads
 * every [role.NAME]).
 */
#ifndef PRIO_POLICY_H
#define PRIO_POLICY_H

#include <prio/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The actions, as X(IDENTIFIER, "name", "what it allows"). Names are
 * stable: policies, ACL tables and the audit log use them.
 */
#define PRIO_ACTIONS(X)							\
	X(ITEM_CREATE, "item.create", "create items")			\
	X(ITEM_PROPOSE, "item.propose",					\
	  "propose items (they are created as proposed)")		\
	X(ITEM_EDIT_STORY, "item.edit.story",				\
	  "change title, type, key, labels, parent and other story fields") \
	X(ITEM_EDIT_VALUE, "item.edit.value",				\
	  "change business value and the other strategic inputs")	\
	X(ITEM_EDIT_ESTIMATE, "item.edit.estimate", "change estimates")	\
	X(ITEM_EDIT_STATUS, "item.edit.status", "change an item's status") \
	X(ITEM_DELETE, "item.delete", "delete items")			\
	X(ITEM_ACCEPT, "item.accept", "accept or reject finished work")	\
	X(BACKLOG_ORDER, "backlog.order", "move and pin items")		\
	X(METHOD_CHOOSE, "method.choose",				\
	  "choose the prioritisation method")				\
	X(ROADMAP_EDIT, "roadmap.edit", "edit the roadmap")		\
	X(VISION_EDIT, "vision.edit", "edit the product vision")	\
	X(SPRINT_PLAN, "sprint.plan", "plan sprints")			\
	X(IMPORT, "import", "import backlogs")				\
	X(CONFIG_EDIT, "config.edit",					\
	  "change the configuration: policy, users, roles")

#define PRIO_ACTION_ENUM_(id, name, what) PRIO_ACTION_##id,
enum prio_action {
	PRIO_ACTIONS(PRIO_ACTION_ENUM_)
	PRIO_ACTION_COUNT
};
#undef PRIO_ACTION_ENUM_

/* One request: may someone holding these roles do this? */
struct prio_request {
	const char *const *roles;	/* the person's roles */
	size_t nroles;
	const char *user;
	const char *action;		/* "item.edit.value" */
	const char *field;		/* for item.edit.*: the field, else NULL */
};

struct prio_policy_ops {
	size_t struct_size;	/* sizeof(struct prio_policy_ops) */

	/* Reads [roles] (and whatever else it needs) into *state. */
	int (*configure)(const struct prio_section *sec, void **state,
			 char *err);

	/*
	 * 0 if allowed; PRIO_EDENIED with the reason in err if not. The
	 * reason is shown as is ("prio: REASON"), so make it a sentence
	 * that says who may.
	 */
	int (*check)(void *state, const struct prio_request *req, char *err);

	/* The roles this policy knows, NULL-terminated, for `prio roles`. */
	const char *const *(*roles)(void *state);

	void (*release)(void *state);

	void *reserved[8];
};

#ifdef __cplusplus
}
#endif

#endif /* PRIO_POLICY_H */
