/* transcript.c: SRT and WebVTT in, checked; WebVTT, SRT and Podcasting
 * 2.0 JSON out. */
#include "podkit/transcript.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/buf_int.h"
#include "base/utf8_int.h"
#include "podkit/fsio.h"

const struct pk_transcript_output pk_transcript_outputs[3] = {
	{PK_TRANSCRIPT_VTT, ".vtt", "text/vtt"},
	{PK_TRANSCRIPT_SRT, ".srt", "application/x-subrip"},
	{PK_TRANSCRIPT_JSON, ".json", "application/json"},
};

void pk_transcript_init(struct pk_transcript *t)
{
	t->v = NULL;
	t->n = 0;
}

void pk_transcript_release(struct pk_transcript *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].speaker);
		free(t->v[i].text);
	}
	free(t->v);
	pk_transcript_init(t);
}

/* The input split into lines (in a private copy), CR and BOM removed. */
struct lines {
	char *buf;
	char **v;
	size_t n;
};

static int split_lines(const char *data, struct lines *l)
{
	size_t cap = 64;
	char *p;

	l->n = 0;
	if (strncmp(data, "\xef\xbb\xbf", 3) == 0)
		data += 3;
	l->buf = strdup(data);
	l->v = malloc(cap * sizeof(*l->v));
	if (!l->buf || !l->v)
		return PK_ENOMEM;
	p = l->buf;
	while (*p) {
		char *eol = strchr(p, '\n');
		size_t len;

		if (l->n == cap) {
			char **nv = realloc(l->v, (cap *= 2) * sizeof(*nv));

			if (!nv)
				return PK_ENOMEM;
			l->v = nv;
		}
		l->v[l->n++] = p;
		if (eol)
			*eol = '\0';
		len = strlen(p);
		if (len && p[len - 1] == '\r')
			p[len - 1] = '\0';
		if (!eol)
			break;
		p = eol + 1;
	}
	return 0;
}

static int blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

/* A cue time: [HH:]MM:SS followed by '.' (WebVTT) or ',' (SRT) and three
 * digits. Returns the characters used, 0 when malformed. */
static size_t parse_time(const char *s, char sep, double *out)
{
	long part[3];
	int n = 0, k;
	const char *p = s;

	for (;;) {
		long v = 0;
		int digits = 0;

		while (isdigit((unsigned char)*p) && digits < 6) {
			v = v * 10 + (*p++ - '0');
			digits++;
		}
		if (digits < 2 || n == 3)
			return 0;
		part[n++] = v;
		if (*p != ':')
			break;
		p++;
	}
	if (n < 2 || *p != sep)
		return 0;
	p++;
	for (k = 0; k < 3; k++)
		if (!isdigit((unsigned char)p[k]))
			return 0;
	if (part[n - 1] > 59 || (n == 3 && part[1] > 59))
		return 0;
	*out = (n == 3 ? part[0] * 3600.0 + part[1] * 60 + part[2]
		       : part[0] * 60.0 + part[1]) +
	       ((p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0')) /
		       1000.0;
	return (size_t)(p + 3 - s);
}

/* "START --> END[ settings]". Returns 0 or -1. */
static int parse_timing(const char *s, char sep, double *start, double *end)
{
	size_t n;

	while (*s == ' ')
		s++;
	if (!(n = parse_time(s, sep, start)))
		return -1;
	s += n;
	while (*s == ' ' || *s == '\t')
		s++;
	if (strncmp(s, "-->", 3) != 0)
		return -1;
	s += 3;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!(n = parse_time(s, sep, end)))
		return -1;
	s += n;
	return (*s == '\0' || *s == ' ' || *s == '\t') ? 0 : -1;
}

/* Text without markup: tags dropped, the common entities decoded. */
static void plain_text(struct pk_buf *b, const char *s)
{
	static const struct {
		const char *ent;
		const char *ch;
	} ents[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
		    {"&nbsp;", " "}, {"&quot;", "\""}, {"&apos;", "'"}};
	size_t i;

	while (*s) {
		if (*s == '<') {
			const char *e = strchr(s, '>');

			if (e) {
				s = e + 1;
				continue;
			}
		}
		if (*s == '&') {
			for (i = 0; i < sizeof(ents) / sizeof(ents[0]); i++)
				if (strncmp(s, ents[i].ent,
					    strlen(ents[i].ent)) == 0)
					break;
			if (i < sizeof(ents) / sizeof(ents[0])) {
				pk_buf_puts(b, ents[i].ch);
				s += strlen(ents[i].ent);
				continue;
			}
		}
		pk_buf_putc(b, *s++);
	}
}

/* A "Name:" prefix that names a speaker: one of the known names, or
 * (with none known) one to three capitalised words. Returns the length of
 * the name, 0 when the line has no speaker prefix. */
static size_t speaker_prefix(const char *s, const char *const *names,
			     size_t nnames)
{
	const char *colon = strchr(s, ':');
	size_t len, i;
	int words = 1;
	const char *p;

	if (!colon || colon == s || colon[1] != ' ')
		return 0;
	len = (size_t)(colon - s);
	if (nnames) {
		for (i = 0; i < nnames; i++)
			if (names[i] && strlen(names[i]) == len &&
			    strncmp(names[i], s, len) == 0)
				return len;
		return 0;
	}
	if (len > 40 || !isupper((unsigned char)s[0]))
		return 0;
	for (p = s; p < colon; p++) {
		if (*p == ' ') {
			if (++words > 3 || !isupper((unsigned char)p[1]))
				return 0;
		} else if (!isalpha((unsigned char)*p) && *p != '.' &&
			   *p != '-' && *p != '\'' &&
			   !((unsigned char)*p & 0x80)) {
			return 0;
		}
	}
	return len;
}

static int add_cue(struct pk_transcript *t, size_t *cap, double start,
		   double end, int line, char *speaker, char *text)
{
	if (t->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct pk_cue *v = realloc(t->v, ncap * sizeof(*v));

		if (!v)
			return PK_ENOMEM;
		t->v = v;
		*cap = ncap;
	}
	t->v[t->n].start = start;
	t->v[t->n].end = end;
	t->v[t->n].line = line;
	t->v[t->n].speaker = speaker;
	t->v[t->n].text = text;
	t->n++;
	return 0;
}

/* Builds one cue from its text lines [from, to). */
static int make_cue(struct pk_transcript *t, size_t *cap, struct lines *l,
		    size_t from, size_t to, double start, double end,
		    int line, const char *const *names, size_t nnames)
{
	struct pk_buf b;
	char *speaker = NULL, *text;
	const char *first = l->v[from];
	size_t i, n;

	pk_buf_init(&b);
	/* WebVTT voice span: <v Name> or <v.class Name>. */
	if (strncmp(first, "<v", 2) == 0 &&
	    (first[2] == ' ' || first[2] == '.')) {
		const char *sp = strchr(first, ' ');
		const char *gt = strchr(first, '>');

		if (sp && gt && sp < gt) {
			while (*sp == ' ')
				sp++;
			speaker = strndup(sp, (size_t)(gt - sp));
			if (!speaker)
				return PK_ENOMEM;
			first = gt + 1;
		}
	} else if ((n = speaker_prefix(first, names, nnames))) {
		speaker = strndup(first, n);
		if (!speaker)
			return PK_ENOMEM;
		first += n + 2;
	}
	for (i = from; i < to; i++) {
		if (i > from)
			pk_buf_putc(&b, '\n');
		plain_text(&b, i == from ? first : l->v[i]);
	}
	text = pk_buf_detach(&b);
	if (!text || add_cue(t, cap, start, end, line, speaker, text) < 0) {
		free(text);
		free(speaker);
		return PK_ENOMEM;
	}
	return 0;
}

size_t pk_transcript_parse(const char *data, const char *file,
			   enum pk_transcript_format fmt,
			   const char *const *speakers, size_t nspeakers,
			   struct pk_transcript *t, struct pk_diags *d)
{
	struct lines l = {0};
	size_t errors0 = d->errors, i = 0, cap = 0;
	unsigned char bad;
	long line;
	char sep;
	int vtt;

	line = pk_utf8_bad_line(data, strlen(data), &bad);
	if (line) {
		pk_diags_add(d, PK_ERROR, file, (int)line, "not valid UTF-8 "
			     "(byte 0x%02x); save the file as UTF-8", bad);
		return d->errors - errors0;
	}
	if (split_lines(data, &l) < 0) {
		pk_diags_add(d, PK_ERROR, file, 0, "out of memory");
		goto out;
	}
	if (fmt == PK_TRANSCRIPT_AUTO) {
		const char *dot = strrchr(file, '.');

		vtt = (dot && strcmp(dot, ".vtt") == 0) ||
		      (l.n && strncmp(l.v[0], "WEBVTT", 6) == 0);
	} else {
		vtt = fmt == PK_TRANSCRIPT_VTT;
	}
	sep = vtt ? '.' : ',';
	if (vtt) {
		if (!l.n || strncmp(l.v[0], "WEBVTT", 6) != 0 ||
		    (l.v[0][6] && l.v[0][6] != ' ' && l.v[0][6] != '\t')) {
			pk_diags_add(d, PK_ERROR, file, 1,
				     "a WebVTT file must start with "
				     "'WEBVTT'");
			goto out;
		}
		while (i < l.n && !blank(l.v[i]))
			i++;
	}
	while (i < l.n) {
		size_t timing, j;
		double start, end;

		if (blank(l.v[i])) {
			i++;
			continue;
		}
		if (vtt && (strncmp(l.v[i], "NOTE", 4) == 0 ||
			    strncmp(l.v[i], "STYLE", 5) == 0 ||
			    strncmp(l.v[i], "REGION", 6) == 0) &&
		    !strstr(l.v[i], "-->")) {
			while (i < l.n && !blank(l.v[i]))
				i++;
			continue;
		}
		timing = i;
		if (!strstr(l.v[i], "-->")) {
			/* An identifier (WebVTT) or the cue number (SRT). */
			if (!vtt) {
				const char *p = l.v[i];

				while (isdigit((unsigned char)*p))
					p++;
				if (p == l.v[i] || !blank(p))
					pk_diags_add(d, PK_ERROR, file,
						     (int)i + 1,
						     "expected a cue number, "
						     "got '%.40s'",
						     l.v[i]);
			}
			timing = i + 1;
		}
		if (timing >= l.n || !strstr(l.v[timing], "-->")) {
			pk_diags_add(d, PK_ERROR, file,
				     (int)(timing < l.n ? timing : i) + 1,
				     "expected a cue timing 'START --> END'");
			while (i < l.n && !blank(l.v[i]))
				i++;
			continue;
		}
		for (j = timing + 1; j < l.n && !blank(l.v[j]); j++)
			;
		if (parse_timing(l.v[timing], sep, &start, &end) < 0) {
			pk_diags_add(d, PK_ERROR, file, (int)timing + 1,
				     "'%.60s' is not a cue timing (%s)",
				     l.v[timing],
				     vtt ? "HH:MM:SS.mmm --> HH:MM:SS.mmm"
					 : "HH:MM:SS,mmm --> HH:MM:SS,mmm");
		} else if (j == timing + 1) {
			pk_diags_add(d, PK_ERROR, file, (int)timing + 1,
				     "cue has no text");
		} else if (make_cue(t, &cap, &l, timing + 1, j, start, end,
				    (int)timing + 1, speakers,
				    nspeakers) < 0) {
			pk_diags_add(d, PK_ERROR, file, 0, "out of memory");
			goto out;
		}
		i = j;
	}
	if (t->n == 0 && d->errors == errors0)
		pk_diags_add(d, PK_ERROR, file, 0, "the transcript has no cues");
out:
	free(l.buf);
	free(l.v);
	return d->errors - errors0;
}

size_t pk_transcript_load(const char *path, const char *const *speakers,
			  size_t nspeakers, struct pk_transcript *t,
			  struct pk_diags *d)
{
	struct pk_error err = {0};
	char *data = NULL;
	size_t n;

	if (pk_read_file(path, 64u << 20, &data, NULL, &err) < 0) {
		pk_diags_add(d, PK_ERROR, NULL, 0, "%s", err.msg);
		return 1;
	}
	n = pk_transcript_parse(data, path, PK_TRANSCRIPT_AUTO, speakers,
				nspeakers, t, d);
	free(data);
	return n;
}

static void fmt_time(char *buf, size_t size, double s, char sep)
{
	long long ms = llround(s * 1000.0);

	if (ms < 0)
		ms = 0;
	snprintf(buf, size, "%02lld:%02lld:%02lld%c%03lld", ms / 3600000,
		 ms / 60000 % 60, ms / 1000 % 60, sep, ms % 1000);
}

size_t pk_transcript_validate(const struct pk_transcript *t,
			      double duration, const char *file,
			      struct pk_diags *d)
{
	size_t i, errors = 0;
	char a[32], b[32];

	for (i = 0; i < t->n; i++) {
		const struct pk_cue *c = &t->v[i];

		if (c->end <= c->start) {
			fmt_time(a, sizeof(a), c->start, '.');
			fmt_time(b, sizeof(b), c->end, '.');
			pk_diags_add(d, PK_ERROR, file, c->line,
				     "cue ends at %s, not after its start %s",
				     b, a);
			errors++;
		}
		if (i > 0 && c->start < t->v[i - 1].start) {
			fmt_time(a, sizeof(a), c->start, '.');
			fmt_time(b, sizeof(b), t->v[i - 1].start, '.');
			pk_diags_add(d, PK_ERROR, file, c->line,
				     "cue starts at %s, before the cue "
				     "before it (%s)",
				     a, b);
			errors++;
		}
		if (duration > 0 && c->end > duration + 0.5) {
			fmt_time(a, sizeof(a), c->end, '.');
			fmt_time(b, sizeof(b), duration, '.');
			pk_diags_add(d, PK_ERROR, file, c->line,
				     "cue ends at %s, after the end of the "
				     "audio (%s)",
				     a, b);
			errors++;
		}
	}
	return errors;
}

/* Text for WebVTT: '&', '<' and '>' escaped. */
static void vtt_escape(struct pk_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			pk_buf_puts(b, "&amp;");
		else if (*s == '<')
			pk_buf_puts(b, "&lt;");
		else if (*s == '>')
			pk_buf_puts(b, "&gt;");
		else
			pk_buf_putc(b, *s);
	}
}

static int format_json(const struct pk_transcript *t, char **out)
{
	json_t *root = json_object(), *seg = json_array();
	size_t i;
	int r = 0;

	if (!root || !seg)
		r = -1;
	r |= json_object_set_new(root, "version", json_string("1.0.0"));
	for (i = 0; r == 0 && i < t->n; i++) {
		json_t *s = json_object();
		char *body = strdup(t->v[i].text), *p;

		if (!s || !body) {
			json_decref(s);
			free(body);
			r = -1;
			break;
		}
		for (p = body; *p; p++)
			if (*p == '\n')
				*p = ' ';
		if (t->v[i].speaker)
			r |= json_object_set_new(
				s, "speaker", json_string(t->v[i].speaker));
		r |= json_object_set_new(s, "startTime",
					 json_real(t->v[i].start));
		r |= json_object_set_new(s, "endTime",
					 json_real(t->v[i].end));
		r |= json_object_set_new(s, "body", json_string(body));
		free(body);
		r |= json_array_append_new(seg, s);
	}
	if (r == 0)
		r = json_object_set(root, "segments", seg);
	*out = r ? NULL : json_dumps(root, JSON_INDENT(2) |
						   JSON_PRESERVE_ORDER |
						   JSON_REAL_PRECISION(6));
	json_decref(seg);
	json_decref(root);
	return *out ? 0 : PK_ENOMEM;
}

int pk_transcript_format(const struct pk_transcript *t,
			 enum pk_transcript_format fmt, char **out,
			 struct pk_error *err)
{
	struct pk_buf b;
	char a[32], e[32];
	size_t i;

	*out = NULL;
	if (fmt == PK_TRANSCRIPT_JSON) {
		if (format_json(t, out) < 0)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		return 0;
	}
	if (fmt != PK_TRANSCRIPT_VTT && fmt != PK_TRANSCRIPT_SRT)
		return pk_error_set(err, PK_EINVAL, "no output format given");
	pk_buf_init(&b);
	if (fmt == PK_TRANSCRIPT_VTT)
		pk_buf_puts(&b, "WEBVTT\n\n");
	for (i = 0; i < t->n; i++) {
		const struct pk_cue *c = &t->v[i];
		char sep = fmt == PK_TRANSCRIPT_VTT ? '.' : ',';

		fmt_time(a, sizeof(a), c->start, sep);
		fmt_time(e, sizeof(e), c->end, sep);
		pk_buf_printf(&b, "%zu\n%s --> %s\n", i + 1, a, e);
		if (fmt == PK_TRANSCRIPT_VTT) {
			if (c->speaker) {
				pk_buf_puts(&b, "<v ");
				vtt_escape(&b, c->speaker);
				pk_buf_putc(&b, '>');
			}
			vtt_escape(&b, c->text);
		} else {
			if (c->speaker)
				pk_buf_printf(&b, "%s: ", c->speaker);
			pk_buf_puts(&b, c->text);
		}
		pk_buf_puts(&b, "\n\n");
	}
	if (pk_buf_ok(&b) < 0 || !(*out = pk_buf_detach(&b))) {
		pk_buf_release(&b);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	return 0;
}

int pk_transcript_write_all(const struct pk_transcript *t,
			    const char *outdir, const char *slug,
			    struct pk_error *err)
{
	char *dir = pk_path_join(outdir, "transcripts");
	char *path = NULL, *text = NULL;
	size_t i;
	int r = 0;

	if (!dir)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	r = pk_mkdir_p(dir, err);
	for (i = 0; r == 0 && i < 3; i++) {
		size_t n = strlen(dir) + strlen(slug) + 16;

		path = malloc(n);
		if (!path) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			break;
		}
		snprintf(path, n, "%s/%s%s", dir, slug,
			 pk_transcript_outputs[i].ext);
		r = pk_transcript_format(t, pk_transcript_outputs[i].format,
					 &text, err);
		if (r == 0)
			r = pk_write_atomic(path, text, strlen(text), 0644,
					    err);
		free(text);
		text = NULL;
		free(path);
		path = NULL;
	}
	free(dir);
	return r;
}
