/*
 * util.h - small things every part of the core uses: allocation that
 * cannot fail silently, a growable byte buffer, error messages into a
 * caller's buffer, and whole-file reads and atomic writes.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stdarg.h>
#include <stddef.h>

#include <prio/plugin.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Out of memory is not something a command can recover from: these print
 * and exit(1). An open transaction is rolled back by SQLite, so the
 * backlog is unchanged.
 */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Call first in main: how large blocks are allocated (see util.c). */
void mem_setup(void);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xstrfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows *v (of *cap elements of size `size`) to hold at least `need`. */
#define GROW(v, need, cap)						\
	do {								\
		if ((size_t)(need) > (cap)) {				\
			size_t c_ = (cap) ? (cap) * 2 : 16;		\
			while (c_ < (size_t)(need))			\
				c_ *= 2;				\
			(v) = xrealloc((v), c_ * sizeof(*(v)));		\
			(cap) = c_;					\
		}							\
	} while (0)

/*
 * A growable byte buffer, always NUL-terminated once anything has been
 * added. Zero-initialise it (struct buf b = {0}); buf_release frees it.
 */
struct buf {
	char *p;
	size_t len, cap;
};

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void buf_reset(struct buf *b);
void buf_release(struct buf *b);
/* Hands the string over to the caller, who frees it; b is empty after. */
char *buf_detach(struct buf *b);

/* Writes a message into err (PRIO_ERR_MAX bytes) and returns `code`. */
int errf(char *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prefixes the message already in err: "PREFIX: old message". */
int errprefix(char *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Reads all of `path` ("-" for standard input) into a buffer of *len bytes
 * plus a NUL. Returns NULL with err filled on failure, and on more than
 * 256 MiB (an endless device or pipe must not take all memory).
 */
char *file_read(const char *path, size_t *len, char *err);
/*
 * A large regular file mapped (read-only, private, paged in at once)
 * instead of read: the page cache's pages serve, where file_read fills
 * fresh memory with a copy (a million-row file: 90 ms against 13). A
 * NUL follows the *len bytes, as with file_read. Returns NULL for a file
 * to read with file_read instead (not regular, small, a whole number of
 * pages, which no NUL would follow, or any error, which file_read will
 * then say). A file that shrinks while mapped would kill the process
 * with SIGBUS: it exits with status 1 saying that the file changed.
 * file_unmap gives the pages back.
 */
char *file_map(const char *path, size_t *len);
void file_unmap(char *data, size_t len);

/*
 * Reads a small regular file whole, for configuration: at most `max`
 * bytes. A device, a FIFO or a socket is refused without reading from
 * it (opened with O_NONBLOCK, so a FIFO without a writer cannot hang the
 * open), and so is a file that is, or grows while read, over max bytes.
 */
char *file_read_regular(const char *path, size_t max, size_t *len, char *err);

/*
 * A file written whole or not at all: the bytes go to a temporary file in
 * the same directory, unnamed (O_TMPFILE) where the file system allows,
 * given `path` by afile_commit, so `path` is either the old file or the
 * whole new one, and a killed command leaves no temporary file. A file
 * written again keeps its permissions. "-" is standard output; a path
 * that is a device or a pipe is written in place.
 */
struct afile {
	const char *path;
	char *tmp;		/* a named temporary file, or NULL */
	int fd;
	int special;		/* a device or a pipe, written in place */
	int unnamed;		/* fd is an O_TMPFILE, named at commit */
};

int afile_open(struct afile *f, const char *path, char *err);
int afile_commit(struct afile *f, char *err);
void afile_abort(struct afile *f);

/* Writes len bytes to path through an afile. */
int file_write_atomic(const char *path, const void *data, size_t len,
		      char *err);

/*
 * The length of the longest prefix of s (len bytes) that is valid UTF-8:
 * len when all of it is. Valid means well-formed as Unicode defines it
 * (its table 3-7): no stray continuation bytes, no sequence cut short,
 * no overlong form (C0 80 for NUL, E0 80 80, ...), no UTF-16 surrogate
 * (U+D800..U+DFFF) and nothing above U+10FFFF. ASCII runs are checked
 * eight bytes at a time, so text that is mostly ASCII costs little more
 * than reading it.
 */
size_t utf8_valid_prefix(const char *s, size_t len);

/* Is `s` (len bytes) a valid name: [a-z][a-z0-9_]* ? */
int name_valid(const char *s, size_t len);

/*
 * Parses a number: an optional sign, digits, an optional fraction and
 * exponent; surrounding blanks allowed. Integers take a fast path without
 * strtod. Returns 0, or -1 when the text is not a finite number.
 */
/* Moves *s and *len past the blanks (spaces, tabs) at both ends. */
void blank_trim(const char **s, size_t *len);
int num_parse(const char *s, size_t len, double *out);

/*
 * Item ids are whole numbers from 1 to ID_MAX, 2^53 - 1: the largest a
 * table's number column (a double) holds exactly. id_parse returns 1
 * with *id set for an id (blanks around it allowed), 0 for text that is
 * no number at all (a key, say), and -1 for a number that is not an id
 * (1.5, 0, -3, 99999999999999999999): where a command takes an id or a
 * key, a number is always meant as an id. id_refuse says why one is not.
 */
#define ID_MAX 9007199254740991LL
int id_parse(const char *s, size_t len, long long *id);
int id_refuse(char *err, const char *s, size_t len);
/* Formats a number the way prio prints it: integers without ".0",
 * others with the fewest digits (15, 16 or 17 significant) that read
 * back as the same double: 8/13 is 0.6153846153846154, 3.8 is 3.8.
 * Returns the length. */
int num_format(double v, char *buf, size_t size);

/* Appends s (len bytes) as a JSON string, quoted and escaped. */
void buf_addjson(struct buf *b, const char *s, size_t len);
/*
 * The JSON string at s (at its opening quote), unescaped, appended to b:
 * returns the byte after its closing quote, or NULL when it is malformed
 * (never reading past a NUL).
 */
const char *json_read_string(const char *s, struct buf *b);

/* The SHA-256 of len bytes, as 64 hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char hex[65]);

/*
 * Progress on stderr for long jobs, only when stderr is a terminal:
 * "writing: 120000/1000000 rows, 850000 rows/s", rewritten in place.
 * Jobs shorter than half a second stay quiet; PRIO_PROGRESS_DELAY=S
 * changes that wait (the tests use 0, as git's GIT_PROGRESS_DELAY).
 */
struct progress {
	const char *what;
	double start;
	double delay;
	int on;
	int shown;
};

void progress_start(struct progress *pr, const char *what);
void progress_tick(struct progress *pr, size_t done, size_t total);
void progress_end(struct progress *pr);

/* The current time as "YYYY-MM-DDTHH:MM:SSZ" (UTC) in buf[21]; the date
 * is PRIO_TODAY's when that is set (see date.h). */
void time_now(char buf[21]);

/* The install tree: where bin/prio lives, up one (to free). */
char *prio_prefix(void);

/*
 * A symbol of a module of prio's own (lib/prio/MODULE.so, next to the
 * plugins): code that needs a large library, loaded only by the command
 * that needs it. NULL, with err set, when it cannot be loaded.
 */
void *module_symbol(const char *module, const char *symbol, char *err);

#endif /* UTIL_H */
