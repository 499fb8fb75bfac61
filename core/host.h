/*
 * host.h - the services the core lends to plugins (struct prio_host), and
 * the core's side of the opaque handles that plugins pass back.
 */
#ifndef HOST_H
#define HOST_H

#include <sys/types.h>

#include <prio/format.h>
#include <prio/method.h>

#include "mapping.h"
#include "table.h"
#include "util.h"

struct config;
struct schema;

extern const struct prio_host host_services;

/* A method's result, with what the public struct cannot hold. */
struct ranking {
	struct prio_result res;	/* first: the host casts back to this */
	uint32_t *reason;	/* per item: offset + 1 into reasons, or 0 */
	struct buf reasons;	/* NUL-separated */
	char **classes;
	int nclasses, classes_cap;
	uint32_t *order;	/* scored items best first, then unscored */
	size_t nscored;
	/*
	 * Of the whole backlog: a ranking read back from the cache holds only
	 * its top rows, and says here how many there are in all.
	 */
	size_t total, total_scored;
	/*
	 * Finished work (rank_split) takes no rank: nfinished rows of it
	 * may follow the others in order (list --all, export), and
	 * left_out says that some was dropped from the table instead.
	 */
	size_t nfinished;
	int left_out;
	/*
	 * A filter hides rows without re-ranking (ranking_filter): the rank
	 * of the k-th scored item shown is rank_of[k]; NULL: k + 1.
	 */
	uint32_t *rank_of;
};

/*
 * Where an importer's rows go. Columns are first mapped or dropped as the
 * format's section says (`map`); then columns that name a field of the
 * schema are typed and validated on the way in, and other columns are
 * refused, unless `lenient` (prio rank --in), which keeps them as
 * untyped text.
 */
struct prio_sink {
	struct table *t;
	const struct schema *schema;
	const char *file;	/* for messages */
	const struct mapping *map;	/* the section's map. and ignore, or NULL */
	const char *section;	/* "format.csv", for hints, or NULL */
	int lenient;
	int *colmap;		/* input column -> table column, or -1: skip */
	size_t ncols;
	int have_columns;
	int failed;		/* the sink refused: its message is complete */
	struct table *rejects;	/* bad rows go here instead of failing, or NULL */
	size_t nrejects;
	size_t rows;		/* rows taken so far, for progress */
	int (*columns)(void *arg, char *err);	/* see import_opts */
	void *columns_arg;
	int keep_raw;		/* see import_opts */
	const char *raw;	/* the next row's bytes (sink_raw), or NULL */
	size_t raw_len;
	struct progress progress;
	char date[24];		/* a value after date_format, as ISO */
};

/*
 * Adds row `row` of t to the rejects table, with the line it came from
 * and why: the rows that `prio import --rejects FILE` writes to FILE.
 */
void import_reject(struct table *rejects, const struct table *t, size_t row,
		   unsigned long line, const char *why);

/*
 * Where an exporter's bytes go: a file descriptor, in large blocks; with
 * fd -1, into b alone, for the caller to show (a method's explanation).
 */
struct prio_out {
	int fd;
	const char *name;	/* for messages */
	struct buf b;
	int failed;		/* errno of the first failed write, or 0 */
	/*
	 * A file that will be fsync'd once whole: each flush starts the
	 * disk writing what it wrote (sync_file_range), so that the fsync
	 * waits for the last megabyte instead of all of them.
	 */
	int synced;
	off_t written;		/* bytes written so far, with synced */
};

int out_flush(struct prio_out *out);

#endif /* HOST_H */
