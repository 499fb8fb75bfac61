/*
 * util.c - allocation, buffers, error messages, files and numbers.
 */
#include "util.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <limits.h>
#include <malloc.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <nettle/sha2.h>

static void oom(size_t n)
{
	fprintf(stderr, "prio: out of memory (%zu bytes)\n", n);
	exit(1);
}

/*
 * Large blocks (a column of a million cells, the text of a big file) go
 * on huge pages, where the kernel leaves that to the program
 * (transparent_hugepage=madvise, Debian's default). Touching 400 MB in
 * 4 KiB pages costs a hundred thousand page faults, which on a virtual
 * machine took a quarter of `prio rank --in` on a million rows; in 2 MiB
 * pages it is a few hundred. So a block from HUGE_FROM up:
 *   - starts on a huge page's boundary and fills whole huge pages (malloc
 *     would start it anywhere, leaving its ends in small pages);
 *   - is a mapping of its own (mem_setup), advised whole, to its page
 *     edges: advising part of it would split the mapping, after which
 *     realloc could no longer grow it with mremap and would copy it.
 * Only pages not yet touched change; an advice the kernel refuses changes
 * nothing, so its result is ignored.
 */
#define HUGE_FROM (4u << 20)
#define HUGE_PAGE (2u << 20)

static void *huge(void *p, size_t n)
{
	uintptr_t page = 4096, from = (uintptr_t)p & ~(page - 1);
	uintptr_t to = ((uintptr_t)p + n + page - 1) & ~(page - 1);

	if (n >= HUGE_FROM && to > from)
		(void)madvise((void *)from, to - from, MADV_HUGEPAGE);
	return p;
}

void *xmalloc(size_t n)
{
	void *p = n >= HUGE_FROM ? aligned_alloc(HUGE_PAGE, (n + HUGE_PAGE - 1)
					       & ~(size_t)(HUGE_PAGE - 1))
				 : malloc(n ? n : 1);
	if (!p)
		oom(n);
	return huge(p, n);
}

void *xcalloc(size_t n, size_t size)
{
	void *p;

	if (size && n >= HUGE_FROM / size && n <= SIZE_MAX / size)
		return memset(xmalloc(n * size), 0, n * size);	/* aligned */
	p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	size_t old = p ? malloc_usable_size(p) : 0;

	if (n >= HUGE_FROM && old < HUGE_FROM) {
		/*
		 * Growing past the line: realloc would copy the old contents
		 * into the new block before it could be advised, faulting
		 * those pages in small; advise first, then copy.
		 */
		void *q = xmalloc(n);
		if (old)
			memcpy(q, p, old);
		free(p);
		return q;
	}
	p = realloc(p, n ? n : 1);
	if (!p)
		oom(n);
	return huge(p, n);
}

void mem_setup(void)
{
	/*
	 * Every block from HUGE_FROM up is a mapping of its own (see huge):
	 * glibc otherwise raises this line as blocks are freed, and large
	 * blocks would come from the heap.
	 */
	(void)mallopt(M_MMAP_THRESHOLD, HUGE_FROM);
	/* Which also fixes the heap's trim line, at 128 KiB: freeing and
	 * allocating SQLite's pages across it would move the heap's end
	 * up and down thousands of times. */
	(void)mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrfmt(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

void buf_grow(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		while (cap < b->len + extra + 1)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
}

void buf_add(struct buf *b, const void *data, size_t len)
{
	buf_grow(b, len);
	if (len)
		memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void buf_release(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

char *buf_detach(struct buf *b)
{
	char *p = b->p ? b->p : xstrdup("");
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

int errf(char *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, PRIO_ERR_MAX, fmt, ap);
	va_end(ap);
	return code;
}

int errprefix(char *err, int code, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	buf_addf(&b, ": %.*s", PRIO_ERR_MAX - 1, err);
	snprintf(err, PRIO_ERR_MAX, "%s", b.p);
	buf_release(&b);
	return code;
}

/*
 * What file_read takes at most: far more than any backlog (a million
 * items is a few hundred MiB), far less than an endless input, /dev/zero
 * named x.csv, would take of the machine's memory before failing.
 */
#define FILE_READ_MAX ((size_t)256 << 20)

char *file_read(const char *path, size_t *len, char *err)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	struct buf b = {0};
	struct stat st;

	if (fd < 0) {
		errf(err, PRIO_EIO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		errf(err, PRIO_EIO, "%s: is a directory", path);
		close(fd);
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size <= FILE_READ_MAX)
		buf_grow(&b, (size_t)st.st_size);
	for (;;) {
		ssize_t n;

		buf_grow(&b, 1 << 16);
		n = read(fd, b.p + b.len, b.cap - b.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			errf(err, PRIO_EIO, "%s: %s", path, strerror(errno));
			buf_release(&b);
			if (fd)
				close(fd);
			return NULL;
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
		if (b.len > FILE_READ_MAX) {
			errf(err, PRIO_EINVAL, "%s: more than 256 MiB: not "
			     "read (an endless device?)", path);
			buf_release(&b);
			if (fd)
				close(fd);
			return NULL;
		}
	}
	if (fd)
		close(fd);
	b.p[b.len] = '\0';
	*len = b.len;
	return b.p;
}

/* What SIGBUS says: the file a mapping lost its pages from. */
static char bus_msg[PRIO_ERR_MAX];
static size_t bus_len;

static void on_bus(int sig)
{
	(void)sig;
	if (write(2, bus_msg, bus_len) < 0)
		_exit(1);
	_exit(1);
}

char *file_map(const char *path, size_t *len)
{
	long page = sysconf(_SC_PAGESIZE);
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_NONBLOCK |
					    O_NOCTTY | O_CLOEXEC) : -1;
	struct sigaction sa;
	struct stat st;
	char *data;
	int n;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < (1 << 20) ||
	    (unsigned long long)st.st_size > FILE_READ_MAX ||
	    page <= 0 || st.st_size % page == 0) {
		close(fd);
		return NULL;
	}
	data = mmap(NULL, (size_t)st.st_size, PROT_READ,
		    MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (data == MAP_FAILED)
		return NULL;
	n = snprintf(bus_msg, sizeof(bus_msg), "prio: %s: the file changed "
		     "(it shrank) while prio read it; nothing was written\n",
		     path);
	bus_len = n < 0 ? 0 : (size_t)n < sizeof(bus_msg) ? (size_t)n
							 : sizeof(bus_msg) - 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_bus;
	sigaction(SIGBUS, &sa, NULL);
	*len = (size_t)st.st_size;
	return data;
}

void file_unmap(char *data, size_t len)
{
	munmap(data, len);
}

char *file_read_regular(const char *path, size_t max, size_t *len, char *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat st;
	char *text;
	size_t got = 0, size;

	if (fd < 0) {
		errf(err, PRIO_EIO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		errf(err, PRIO_EINVAL, "%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if ((unsigned long long)st.st_size > max) {
		errf(err, PRIO_EINVAL, "%s: too large (%lld bytes; at most %zu)",
		     path, (long long)st.st_size, max);
		close(fd);
		return NULL;
	}
	/* One byte more than fstat said: a file that grew says so. */
	size = (size_t)st.st_size;
	text = xmalloc(size + 2);
	for (;;) {
		ssize_t n = read(fd, text + got, size + 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			errf(err, PRIO_EIO, "%s: %s", path, strerror(errno));
			break;
		}
		if (n == 0) {
			close(fd);
			text[got] = '\0';
			*len = got;
			return text;
		}
		got += (size_t)n;
		if (got > size) {
			errf(err, PRIO_EIO, "%s: changed while read", path);
			break;
		}
	}
	close(fd);
	free(text);
	return NULL;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* "/proc/self/fd/N": the name through which linkat names an O_TMPFILE. */
static void fd_path(int fd, char buf[32])
{
	snprintf(buf, 32, "/proc/self/fd/%d", fd);
}

int afile_open(struct afile *f, const char *path, char *err)
{
	char *dir, *slash, proc[32];
	struct stat st;
	mode_t mode, um;
	int exists;

	f->path = path;
	f->tmp = NULL;
	f->fd = 1;
	f->special = 0;
	f->unnamed = 0;
	if (!strcmp(path, "-"))
		return 0;
	/*
	 * A device or a pipe (-o /dev/null, a FIFO) is written to as it is:
	 * renaming a file over it would replace it.
	 */
	exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			return errf(err, PRIO_EIO, "%s: is a directory", path);
		f->fd = open(path, O_WRONLY | O_CLOEXEC);
		if (f->fd < 0)
			return errf(err, PRIO_EIO, "%s: %s", path,
				    strerror(errno));
		f->special = 1;
		return 0;
	}
	/* A file written again keeps its permissions; a new one is like
	 * any other the user makes. */
	if (exists) {
		mode = st.st_mode & 07777;
	} else {
		um = umask(0);
		umask(um);
		mode = 0666 & ~um;
	}
	/*
	 * The bytes go to a file with no name (O_TMPFILE), named only once
	 * whole (afile_commit): a command killed while writing leaves nothing
	 * behind. linkat names it through /proc/self/fd; where the file
	 * system has no O_TMPFILE, or /proc is missing, a named temporary
	 * file does, and a kill leaves that.
	 */
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	f->fd = open(slash ? dir : ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	free(dir);
	if (f->fd >= 0) {
		fd_path(f->fd, proc);
		if (access(proc, F_OK) == 0) {
			f->unnamed = 1;
			fchmod(f->fd, mode);
			return 0;
		}
		close(f->fd);
	}
	f->tmp = xstrfmt("%s.tmp.XXXXXX", path);
	f->fd = mkstemp(f->tmp);
	if (f->fd < 0) {
		errf(err, PRIO_EIO, "%s: %s", path, strerror(errno));
		free(f->tmp);
		f->tmp = NULL;
		return PRIO_EIO;
	}
	fchmod(f->fd, mode);	/* mkstemp makes it 0600 */
	return 0;
}

/*
 * Names the unnamed file at f->path. linkat never replaces a name (Linux
 * has no flag for it), so a new file is linked at its name directly, and
 * an existing one is replaced the only atomic way there is: link at a
 * temporary name, rename that over it. That name lives between two
 * system calls, not for the whole write.
 */
static int link_unnamed(struct afile *f, char *err)
{
	char proc[32];
	unsigned n = 0;
	int e;

	fd_path(f->fd, proc);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, f->path, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	if (errno != EEXIST)
		return errf(err, PRIO_EIO, "%s: %s", f->path, strerror(errno));
	for (;;) {
		f->tmp = xstrfmt("%s.tmp.%ld.%u", f->path, (long)getpid(), n);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, f->tmp, AT_SYMLINK_FOLLOW)
		    == 0)
			break;
		e = errno;
		free(f->tmp);
		f->tmp = NULL;
		if (e != EEXIST || ++n > 100)
			return errf(err, PRIO_EIO, "%s: %s", f->path,
				    strerror(e));
	}
	if (rename(f->tmp, f->path) < 0) {
		errf(err, PRIO_EIO, "%s: %s", f->path, strerror(errno));
		unlink(f->tmp);
		free(f->tmp);
		f->tmp = NULL;
		return PRIO_EIO;
	}
	free(f->tmp);
	f->tmp = NULL;
	return 0;
}

int afile_commit(struct afile *f, char *err)
{
	int rc;

	if (f->special) {
		f->special = 0;
		if (close(f->fd) < 0)
			return errf(err, PRIO_EIO, "%s: %s", f->path,
				    strerror(errno));
		return 0;
	}
	if (f->unnamed) {
		if (fsync(f->fd) < 0)
			rc = errf(err, PRIO_EIO, "%s: %s", f->path,
				  strerror(errno));
		else
			rc = link_unnamed(f, err);
		if (close(f->fd) < 0 && !rc)
			rc = errf(err, PRIO_EIO, "%s: %s", f->path,
				  strerror(errno));
		f->unnamed = 0;
		f->fd = -1;
		return rc;
	}
	if (!f->tmp)
		return 0;
	if (fsync(f->fd) < 0 || close(f->fd) < 0) {
		errf(err, PRIO_EIO, "%s: %s", f->path, strerror(errno));
		f->fd = -1;
		afile_abort(f);
		return PRIO_EIO;
	}
	f->fd = -1;
	if (rename(f->tmp, f->path) < 0) {
		errf(err, PRIO_EIO, "%s: %s", f->path, strerror(errno));
		afile_abort(f);
		return PRIO_EIO;
	}
	free(f->tmp);
	f->tmp = NULL;
	return 0;
}

void afile_abort(struct afile *f)
{
	if (f->special || f->unnamed) {
		/* An unnamed file goes with its last descriptor. */
		f->special = f->unnamed = 0;
		close(f->fd);
		return;
	}
	if (!f->tmp)
		return;
	if (f->fd >= 0)
		close(f->fd);
	unlink(f->tmp);
	free(f->tmp);
	f->tmp = NULL;
}

int file_write_atomic(const char *path, const void *data, size_t len,
		      char *err)
{
	struct afile f;

	if (afile_open(&f, path, err))
		return PRIO_EIO;
	if (write_all(f.fd, data, len) < 0) {
		errf(err, PRIO_EIO, "%s: %s", strcmp(path, "-") ? path :
		     "standard output", strerror(errno));
		afile_abort(&f);
		return PRIO_EIO;
	}
	return afile_commit(&f, err);
}

size_t utf8_valid_prefix(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c, lo = 0x80, hi = 0xbf;
		size_t more;

		/*
		 * Nearly every value is ASCII: skip eight bytes at a time while
		 * none of them has its high bit set (memcpy: s may be unaligned).
		 */
		while (len - i >= 8) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
		}
		if (i == len)
			break;
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		/*
		 * The lead byte says how many continuation bytes follow and
		 * narrows the range of the first of them: that range is what
		 * rules out overlong forms (E0, F0), surrogates (ED) and code
		 * points past U+10FFFF (F4). C0, C1 and F5..FF never start
		 * anything.
		 */
		if (c >= 0xc2 && c <= 0xdf)
			more = 1;
		else if (c >= 0xe0 && c <= 0xef) {
			more = 2;
			if (c == 0xe0)
				lo = 0xa0;
			else if (c == 0xed)
				hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			more = 3;
			if (c == 0xf0)
				lo = 0x90;
			else if (c == 0xf4)
				hi = 0x8f;
		} else
			return i;
		if (len - i <= more || s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (size_t k = 2; k <= more; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
		i += more + 1;
	}
	return len;
}

int name_valid(const char *s, size_t len)
{
	if (!len || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (size_t i = 1; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

void blank_trim(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t'))
		++*s, --*len;
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		--*len;
}

int id_parse(const char *s, size_t len, long long *id)
{
	long long v = 0;
	double num;
	size_t i;

	blank_trim(&s, &len);
	for (i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > ID_MAX / 10)
			return -1;	/* and no overflow on the way */
		v = v * 10 + (s[i] - '0');
	}
	if (i == len && len)
		return v >= 1 && v <= ID_MAX ? (*id = v, 1) : -1;
	return num_parse(s, len, &num) == 0 ? -1 : 0;
}

int id_refuse(char *err, const char *s, size_t len)
{
	blank_trim(&s, &len);
	return errf(err, PRIO_EINVAL, "'%.*s' is not an item id: ids are "
		    "positive whole numbers (up to %lld)",
		    len > 40 ? 40 : (int)len, s, ID_MAX);
}

int num_parse(const char *s, size_t len, double *out)
{
	const char *end = s + len;
	int neg = 0;
	unsigned long long v = 0;
	const char *p, *digits;
	char tmp[64], *stop;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (s == end)
		return -1;
	p = s;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	digits = p;
	while (p < end && *p >= '0' && *p <= '9' && p - digits < 18)
		v = v * 10 + (unsigned long long)(*p++ - '0');
	if (p == end && p > digits) {
		*out = neg ? -(double)v : (double)v;
		return 0;
	}
	/* Fractions, exponents and long numbers: let strtod do it right. */
	if ((size_t)(end - s) >= sizeof(tmp))
		return -1;
	for (p = s; p < end; p++)
		if (!((*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		      *p == '+' || *p == 'e' || *p == 'E'))
			return -1;	/* no "inf", "nan", hex */
	memcpy(tmp, s, (size_t)(end - s));
	tmp[end - s] = '\0';
	errno = 0;
	*out = strtod(tmp, &stop);
	if (*stop || stop == tmp || errno == ERANGE || !isfinite(*out))
		return -1;
	return 0;
}

/* Copies n bytes of s as snprintf would: cut to size, NUL-terminated. */
static int put(char *buf, size_t size, const char *s, int n)
{
	if (size) {
		size_t k = (size_t)n < size - 1 ? (size_t)n : size - 1;
		memcpy(buf, s, k);
		buf[k] = '\0';
	}
	return n;
}

/* u's decimal digits, at least `width` of them, at s; returns how many. */
static int put_digits(char *s, unsigned long long u, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u || n < width);
	for (int i = 0; i < n; i++)
		s[i] = tmp[n - 1 - i];
	return n;
}

/*
 * a (1e-4 <= a < 1e15) to `prec` significant digits in *d, with a's
 * decimal exponent in *x, as printf's %.PRECg rounds them; and in *rt
 * whether those digits read back as a. Worked in long double (64-bit
 * mantissa), whose 10^k are exact up to 10^27: a * 10^k is then off by
 * under 2^-7 at 17 digits, and a result that close to a rounding
 * boundary, where it could go either way, is refused (returns 0) for
 * printf to decide.
 */
static int digits_g(double a, int prec, unsigned long long *d, int *x,
		    int *rt)
{
#if LDBL_MANT_DIG >= 64
	static const long double p10[28] = {
		1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L,
		1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L,
		1e19L, 1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L,
	};
	long double p, r, diff, half;
	uint64_t bits, ulp;
	long long n;
	double h;
	int k, e;

	/*
	 * No libm here, and nothing that sets the x87 rounding mode
	 * (floorl, a cast to an integer: a tenth of rank --in 1M's CPU):
	 * the exponent from a's bits, the rounding by llrintl.
	 */
	memcpy(&bits, &a, sizeof(bits));
	if (!(bits & 0xfffffffffffffull))
		return 0;	/* a power of two: its ulp below is half */
	e = (int)(bits >> 52 & 0x7ff) - 1023;	/* a is 1.f * 2^e */
	*x = (e * 78913) >> 18;	/* about e * log10(2), rounded down */
	if (*x < -5 || *x > 15)
		return 0;
	if (*x >= 0 ? a < p10[*x] : a * p10[-*x] < 1)
		--*x;
	else if (*x + 1 >= 0 ? a >= p10[*x + 1] : a * p10[-*x - 1] >= 1)
		++*x;
	k = prec - 1 - *x;
	if (*x < -4 || *x > 14 || k < 0 || k > 27)
		return 0;
	p = (long double)a * p10[k];
	n = __builtin_llrintl(p);
	r = (long double)n;
	diff = fabsl(p - r);
	if (diff > 0.49L)
		return 0;	/* too near halfway to say which way */
	if (r >= p10[prec] || r < p10[prec - 1])
		return 0;	/* rounds up to the next power of ten */
	*d = (unsigned long long)n;
	/* Reads back as a: nearer to a than half of a's ulp, scaled. */
	ulp = (uint64_t)(1023 + e - 53) << 52;
	memcpy(&h, &ulp, sizeof(h));
	half = p10[k] * h;
	if (fabsl(diff - half) < 0.01L)
		return 0;
	*rt = diff < half;
	return 1;
#else
	(void)a; (void)prec; (void)d; (void)x; (void)rt;
	return 0;
#endif
}

/* Digits d (prec of them, decimal exponent x) as %g writes them. */
static int put_g(char *s, unsigned long long d, int prec, int x)
{
	char dig[24];
	int n = 0, nd = put_digits(dig, d, prec);

	while (nd > 1 && dig[nd - 1] == '0' && nd > x + 1)
		nd--;	/* %g drops trailing zeros of the fraction */
	if (x < 0) {
		s[n++] = '0';
		s[n++] = '.';
		for (int i = -1; i > x; i--)
			s[n++] = '0';
		memcpy(s + n, dig, (size_t)nd);
		return n + nd;
	}
	memcpy(s + n, dig, (size_t)(x + 1));
	n += x + 1;
	if (nd > x + 1) {
		s[n++] = '.';
		memcpy(s + n, dig + x + 1, (size_t)(nd - x - 1));
		n += nd - x - 1;
	}
	return n;
}

int num_format(double v, char *buf, size_t size)
{
	double a = fabs(v), back;
	char s[48];
	int n = 0;

	/*
	 * Integers, and numbers of up to six decimals (2.5, 0.375, 4.35),
	 * without printf: an export formats every number cell. Both give
	 * what %.15g below would (at most 15 significant digits, and the
	 * double is the nearest to them, so they are its 15-digit rounding).
	 */
	if (a < 1e15 && v == (double)(long long)v) {
		if (v < 0)
			s[n++] = '-';
		n += put_digits(s + n, (unsigned long long)a, 1);
		return put(buf, size, s, n);
	}
	/*
	 * One try at six decimals stands for all six: a number of k < 6
	 * decimals m / 10^k is a * 10^6 within 0.25 (a < 1e9), so it
	 * rounds to m * 10^(6-k), which reads back as a just the same; the
	 * zeros past its k decimals are cut below.
	 */
	if (a >= 1e-4 && a < 1e9) {
		double m = nearbyint(a * 1e6);
		unsigned long long u = (unsigned long long)m;

		if (m / 1e6 == a) {
			if (v < 0)
				s[n++] = '-';
			n += put_digits(s + n, u / 1000000, 1);
			s[n++] = '.';
			n += put_digits(s + n, u % 1000000, 6);
			while (s[n - 1] == '0')
				n--;
			return put(buf, size, s, n);
		}
	}
	/*
	 * What printf and strtod below would say, without them, where
	 * sure: the fewest of 15, 16 and 17 digits that read back.
	 */
	if (a >= 1e-4 && a < 1e15) {
		unsigned long long d = 0;
		int x = 0, rt, prec = 15;

		for (;;) {
			rt = 0;
			if (!digits_g(a, prec, &d, &x, &rt)) {
				rt = 0;	/* not sure: printf decides */
				break;
			}
			if (rt || prec == 17)
				break;
			prec++;
		}
		if (rt) {
			if (v < 0)
				s[n++] = '-';
			n += put_g(s + n, d, prec, x);
			return put(buf, size, s, n);
		}
	}
	/*
	 * The fewest digits that read back as v. A computed value (8/13)
	 * mostly needs 16 or 17, so 16 is tried first, and 15 only when 16
	 * reads back: no more printing than 15-then-17 took.
	 */
	n = snprintf(s, sizeof(s), "%.16g", v);
	back = strtod(s, NULL);
	if (back != v) {
		n = snprintf(s, sizeof(s), "%.17g", v);
	} else {
		char s15[32];
		int n15 = snprintf(s15, sizeof(s15), "%.15g", v);

		if (strtod(s15, NULL) == v) {
			memcpy(s, s15, (size_t)n15 + 1);
			n = n15;
		}
	}
	return put(buf, size, s, n);
}

void time_now(char buf[21])
{
	time_t t = time(NULL);
	const char *today = getenv("PRIO_TODAY");
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* PRIO_TODAY=YYYY-MM-DD moves the date (not the time of day), so
	 * that what tests record is deterministic. */
	if (today && strlen(today) == 10 && today[4] == '-' && today[7] == '-')
		memcpy(buf, today, 10);
}

void sha256_hex(const void *data, size_t len, char hex[65])
{
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_init(&c);
	sha256_update(&c, len, data);
	sha256_digest(&c, sizeof(d), d);
	for (size_t i = 0; i < sizeof(d); i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

static void add_utf8(struct buf *b, unsigned long c)
{
	if (c < 0x80) {
		buf_addc(b, (char)c);
	} else if (c < 0x800) {
		buf_addc(b, (char)(0xc0 | c >> 6));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		buf_addc(b, (char)(0xe0 | c >> 12));
		buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	} else {
		buf_addc(b, (char)(0xf0 | c >> 18));
		buf_addc(b, (char)(0x80 | ((c >> 12) & 0x3f)));
		buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	}
}

/* Four hex digits at s (stopping at a NUL, never past it). */
static int hex4(const char *s, unsigned long *c)
{
	*c = 0;
	for (int i = 0; i < 4; i++) {
		int d = s[i];

		if (!isxdigit((unsigned char)d))
			return -1;	/* a NUL too: nothing past it is read */
		*c = *c << 4 | (unsigned long)(isdigit((unsigned char)d) ?
					       d - '0' : (d | 0x20) - 'a' + 10);
	}
	return 0;
}

const char *json_read_string(const char *s, struct buf *b)
{
	if (*s++ != '"')
		return NULL;
	while (*s && *s != '"') {
		unsigned long c, lo;

		if (*s != '\\') {
			buf_addc(b, *s++);
			continue;
		}
		switch (*++s) {
		case '"': case '\\': case '/':
			buf_addc(b, *s++);
			continue;
		case 'b': buf_addc(b, '\b'); s++; continue;
		case 'f': buf_addc(b, '\f'); s++; continue;
		case 'n': buf_addc(b, '\n'); s++; continue;
		case 'r': buf_addc(b, '\r'); s++; continue;
		case 't': buf_addc(b, '\t'); s++; continue;
		case 'u':
			if (hex4(s + 1, &c))
				return NULL;
			s += 5;
			if (c >= 0xd800 && c < 0xdc00 && s[0] == '\\' &&
			    s[1] == 'u' && !hex4(s + 2, &lo) && lo >= 0xdc00 &&
			    lo < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				s += 6;
			}
			add_utf8(b, c);
			continue;
		default:
			return NULL;
		}
	}
	return *s == '"' ? s + 1 : NULL;
}

void buf_addjson(struct buf *b, const char *s, size_t len)
{
	buf_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			buf_addf(b, "\\%c", c);
		else if (c == '\n')
			buf_adds(b, "\\n");
		else if (c == '\t')
			buf_adds(b, "\\t");
		else if (c < 0x20)
			buf_addf(b, "\\u%04x", c);
		else
			buf_addc(b, (char)c);
	}
	buf_addc(b, '"');
}

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(struct progress *pr, const char *what)
{
	const char *delay = getenv("PRIO_PROGRESS_DELAY");
	char *end;

	pr->what = what;
	pr->start = seconds();
	pr->delay = 0.5;
	if (delay && *delay) {
		double d = strtod(delay, &end);
		if (!*end && d >= 0 && d < 1e6)
			pr->delay = d;
	}
	pr->on = isatty(2);
	pr->shown = 0;
}

void progress_tick(struct progress *pr, size_t done, size_t total)
{
	double el;

	if (!pr->on || done % 16384)
		return;
	el = seconds() - pr->start;
	if (el < pr->delay)
		return;		/* quick jobs stay quiet */
	if (total)
		fprintf(stderr, "\r%s: %zu/%zu rows, %.0f rows/s ", pr->what,
			done, total, (double)done / el);
	else
		fprintf(stderr, "\r%s: %zu rows, %.0f rows/s ", pr->what, done,
			(double)done / el);
	pr->shown = 1;
}

void progress_end(struct progress *pr)
{
	if (pr->shown)
		fputs("\r\033[K", stderr);
	pr->shown = 0;
}

char *prio_prefix(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return xstrdup("/usr/local");
	exe[n] = '\0';
	for (int i = 0; i < 2 && (slash = strrchr(exe, '/')); i++)
		*slash = '\0';
	return xstrdup(exe[0] ? exe : "/");
}

void *module_symbol(const char *module, const char *symbol, char *err)
{
	char *prefix = prio_prefix();
	char *path = xstrfmt("%s/lib/prio/%s.so", prefix, module);
	/* Loaded once, kept: a module's data lives as long as prio. */
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL), *sym = NULL;

	if (!h)
		errf(err, PRIO_EIO, "%s", dlerror());
	else if (!(sym = dlsym(h, symbol)))
		errf(err, PRIO_EINTERNAL, "%s: no %s", path, symbol);
	free(path);
	free(prefix);
	return sym;
}
