/* stats_import.c: `podkit stats import`: a log read line by line through
 * zlib (plain or gzip alike), each line parsed by its format and handed
 * to the counting rules, committed in batches. */
#include "podkit/logimport.h"
#include "stats/logformat_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

/* Lines per transaction: big enough that commits cost little, small
 * enough that a kill loses little work. */
#define BATCH_LINES 50000
/* The longest line read; a longer one is malformed. */
#define LINE_MAX_BYTES 65536
/* Malformed lines reported one by one per file; the rest are counted. */
#define REPORT_MAX 20
/* zlib's input buffer. */
#define GZ_BUFFER (256 * 1024)

static const char *const names[] = {
    [PK_LOG_AUTO] = "auto",	[PK_LOG_CLOUDFRONT] = "cloudfront",
    [PK_LOG_S3] = "s3",		[PK_LOG_CLOUDFLARE] = "cloudflare",
    [PK_LOG_CADDY] = "caddy",	[PK_LOG_COMBINED] = "combined",
    [PK_LOG_PODKIT] = "podkit",
};

int pk_log_format_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

const char *pk_log_format_name(enum pk_log_format f)
{
	return (unsigned)f < sizeof(names) / sizeof(names[0]) ? names[f] : "?";
}

struct reader {
	const char *name;
	gzFile gz;
	char *buf;
	long line;
	int long_line; /* the line did not fit: skip to its end */
};

/* The next line, without its line break; NULL at the end or on a read
 * error (then *bad is set). */
static char *next_line(struct reader *r, int *bad)
{
	size_t n;

	*bad = 0;
	for (;;) {
		if (!gzgets(r->gz, r->buf, LINE_MAX_BYTES)) {
			int code;

			gzerror(r->gz, &code);
			if (code != Z_OK || !gzeof(r->gz))
				*bad = 1;
			return NULL;
		}
		n = strlen(r->buf);
		if (n && r->buf[n - 1] == '\n') {
			r->buf[--n] = '\0';
			if (n && r->buf[n - 1] == '\r')
				r->buf[--n] = '\0';
			if (r->long_line) {
				r->long_line = 0; /* the tail of a long line */
				continue;
			}
			r->line++;
			return r->buf;
		}
		if (n + 1 < LINE_MAX_BYTES) { /* the last line, unended */
			if (r->long_line) {
				r->long_line = 0;
				continue;
			}
			r->line++;
			return r->buf;
		}
		if (!r->long_line) {
			r->line++;
			r->long_line = 1;
			r->buf[0] = '\0';
			return r->buf; /* reported as malformed once */
		}
	}
}

static int blank(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

struct run {
	struct pk_stats *s;
	const struct pk_ua_rules *rules;
	struct pk_import_totals *t;
	struct pk_diags *diags;
	const char *name;
	long reported;
	int64_t malformed;
};

static void malformed(struct run *u, long line, const char *why)
{
	u->malformed++;
	u->t->malformed++;
	if (u->reported++ < REPORT_MAX)
		pk_diags_add(u->diags, PK_ERROR, u->name, (int)line,
			     "malformed line skipped: %s", why);
}

static int count(struct run *u, const struct log_req *rq, struct pk_error *err)
{
	struct pk_stats_hit h;
	int r;

	if (!pk_stats_is_media(u->s, rq->path))
		return 0;
	u->t->requests++;
	memset(&h, 0, sizeof(h));
	h.ip = rq->ip;
	h.ua = rq->ua;
	h.episode = rq->path;
	h.method = rq->method;
	h.status = rq->status;
	h.first = rq->first;
	h.last = rq->last;
	h.sent = rq->sent;
	h.size = rq->size;
	h.now = rq->t;
	r = pk_stats_record(u->s, u->rules, &h, err);
	if (r == PK_STATS_COUNTED)
		u->t->counted++;
	else if (r == PK_STATS_TOO_OLD)
		u->t->too_old++;
	return r < 0 ? r : 0;
}

int pk_stats_import(struct pk_stats *s, const struct pk_ua_rules *rules,
		    const char *path, enum pk_log_format format,
		    struct pk_import_totals *t, struct pk_diags *diags,
		    struct pk_error *err)
{
	struct reader rd;
	struct run u;
	struct log_cf cf;
	struct log_req rq;
	const char *why;
	char *line;
	long in_batch = 0;
	int bad = 0, r = 0, fd, in_tx = 0;

	memset(&rd, 0, sizeof(rd));
	memset(&cf, 0, sizeof(cf));
	memset(&u, 0, sizeof(u));
	rd.name = strcmp(path, "-") == 0 ? "(stdin)" : path;
	fd = strcmp(path, "-") == 0 ? dup(0) : -1;
	rd.gz = fd >= 0 ? gzdopen(fd, "rb") : gzopen(path, "rb");
	if (!rd.gz) {
		if (fd >= 0)
			close(fd);
		return pk_error_errno(err, PK_EIO, "%s", rd.name);
	}
	gzbuffer(rd.gz, GZ_BUFFER);
	rd.buf = malloc(LINE_MAX_BYTES);
	if (!rd.buf) {
		gzclose(rd.gz);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	u.s = s;
	u.rules = rules;
	u.t = t;
	u.diags = diags;
	u.name = rd.name;
	while ((line = next_line(&rd, &bad)) != NULL) {
		t->lines++;
		if (rd.long_line) {
			malformed(&u, rd.line, "longer than 64 kB");
			continue;
		}
		if (format == PK_LOG_CLOUDFRONT || format == PK_LOG_AUTO) {
			if (strncmp(line, "#Fields:", 8) == 0) {
				format = PK_LOG_CLOUDFRONT;
				if (pk_log_cf_fields(&cf, line) != 0)
					malformed(&u, rd.line,
						  "'#Fields:' lacks date, time,"
						  " c-ip, cs-method, "
						  "cs-uri-stem, sc-status, "
						  "cs(User-Agent) or "
						  "sc-bytes");
				continue;
			}
		}
		if (*line == '#' || blank(line))
			continue;
		if (format == PK_LOG_AUTO) {
			format = pk_log_detect(line);
			if (format == PK_LOG_AUTO) {
				malformed(&u, rd.line,
					  "not a line of any known log "
					  "format (see --format)");
				continue;
			}
		}
		if (pk_log_parse(format, &cf, line, &rq, &why) != 0) {
			malformed(&u, rd.line, why);
			continue;
		}
		if (!in_tx) {
			r = pk_stats_begin(s, err);
			if (r != 0)
				goto out;
			in_tx = 1;
		}
		r = count(&u, &rq, err);
		if (r != 0)
			goto out;
		if (++in_batch >= BATCH_LINES) {
			in_tx = 0;
			in_batch = 0;
			r = pk_stats_commit(s, err);
			if (r != 0)
				goto out;
		}
	}
	if (bad) {
		int code;
		const char *msg = gzerror(rd.gz, &code);

		pk_diags_add(diags, PK_ERROR, rd.name, (int)rd.line + 1,
			     "%s; the lines before it are counted",
			     code == Z_BUF_ERROR ? "truncated gzip stream"
			     : code == Z_ERRNO	 ? strerror(errno)
						 : msg);
		t->malformed++;
	}
	if (u.reported > REPORT_MAX)
		pk_diags_add(diags, PK_ERROR, rd.name, 0,
			     "%lld more malformed lines skipped",
			     (long long)(u.reported - REPORT_MAX));
out:
	if (in_tx) {
		if (r == 0)
			r = pk_stats_commit(s, err);
		else
			pk_stats_rollback(s);
	}
	t->format = format;
	free(rd.buf);
	gzclose(rd.gz);
	return r;
}
