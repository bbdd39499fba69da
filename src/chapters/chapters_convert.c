/* chapters_convert.c: chapters from and to Audacity labels, plain lines
 * and chapters JSON, and the checks on a chapter list. */
#include "podkit/chapter_formats.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/buf_int.h"
#include "base/utf8_int.h"
#include "podkit/fsio.h"

/* No episode is 115 days long: a larger time is a typo, and the bound keeps
 * every time exact as an integer. */
#define MAX_SECONDS 1e7

void pk_chapter_list_init(struct pk_chapter_list *l)
{
	l->v = NULL;
	l->n = 0;
	l->last_end = -1;
}

void pk_chapter_list_release(struct pk_chapter_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].title);
		free(l->v[i].url);
		free(l->v[i].img);
	}
	free(l->v);
	pk_chapter_list_init(l);
}

enum pk_chapter_format pk_chapter_format_by_name(const char *name)
{
	if (!name)
		return PK_CHAPTERS_AUTO;
	if (strcmp(name, "json") == 0)
		return PK_CHAPTERS_JSON;
	if (strcmp(name, "audacity") == 0 || strcmp(name, "labels") == 0)
		return PK_CHAPTERS_AUDACITY;
	if (strcmp(name, "text") == 0 || strcmp(name, "txt") == 0)
		return PK_CHAPTERS_TEXT;
	return PK_CHAPTERS_AUTO;
}

enum pk_chapter_format pk_chapter_format_guess(const char *path,
					       const char *data)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	const char *p = data;

	if (dot && strcmp(dot, ".json") == 0)
		return PK_CHAPTERS_JSON;
	if (!p)
		return PK_CHAPTERS_TEXT;
	while (*p && isspace((unsigned char)*p))
		p++;
	if (*p == '{')
		return PK_CHAPTERS_JSON;
	/* Audacity writes "0.000000\t90.000000\tTitle". */
	while (*p && *p != '\n') {
		if (*p == '\t')
			return PK_CHAPTERS_AUDACITY;
		p++;
	}
	return PK_CHAPTERS_TEXT;
}

int pk_chapter_time_parse(const char *s, double *seconds)
{
	double part[3], frac = 0;
	int n = 0;
	const char *p = s;

	for (;;) {
		long v = 0;
		int digits = 0;

		if (n == 3)
			return PK_EINVAL;
		while (isdigit((unsigned char)*p) && digits < 9) {
			v = v * 10 + (*p++ - '0');
			digits++;
		}
		if (!digits)
			return PK_EINVAL;
		part[n++] = (double)v;
		if (*p != ':')
			break;
		p++;
	}
	if (*p == '.' || *p == ',') {
		double scale = 0.1;

		p++;
		if (!isdigit((unsigned char)*p))
			return PK_EINVAL;
		while (isdigit((unsigned char)*p)) {
			frac += (*p++ - '0') * scale;
			scale /= 10;
		}
	}
	if (*p)
		return PK_EINVAL;
	if (n >= 2 && part[n - 1] >= 60)
		return PK_EINVAL;
	if (n == 3 && part[1] >= 60)
		return PK_EINVAL;
	frac += n == 1 ? part[0]
		: n == 2 ? part[0] * 60 + part[1]
			 : part[0] * 3600 + part[1] * 60 + part[2];
	if (frac > MAX_SECONDS)
		return PK_EINVAL;
	*seconds = frac;
	return 0;
}

char *pk_chapter_time_format(double seconds, char *buf, size_t size)
{
	long long ms = llround(seconds * 1000.0);

	if (ms < 0)
		ms = 0;
	if (ms % 1000)
		snprintf(buf, size, "%02lld:%02lld:%02lld.%03lld",
			 ms / 3600000, ms / 60000 % 60, ms / 1000 % 60,
			 ms % 1000);
	else
		snprintf(buf, size, "%02lld:%02lld:%02lld", ms / 3600000,
			 ms / 60000 % 60, ms / 1000 % 60);
	return buf;
}

static int push(struct pk_chapter_list *l, size_t *cap, double start,
		const char *title, size_t tlen, int line)
{
	struct pk_chapter *c;

	if (l->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct pk_chapter *v = realloc(l->v, ncap * sizeof(*v));

		if (!v)
			return PK_ENOMEM;
		l->v = v;
		*cap = ncap;
	}
	c = &l->v[l->n];
	memset(c, 0, sizeof(*c));
	c->title = strndup(title, tlen);
	if (!c->title)
		return PK_ENOMEM;
	c->start = start;
	c->line = line;
	l->n++;
	return 0;
}

/* Plain lines and Audacity labels, one chapter a line; '#' comments and
 * blank lines are skipped. */
static int parse_lines(const char *data, const char *file, int audacity,
		       struct pk_chapter_list *l, struct pk_error *err)
{
	const char *p = data;
	size_t cap = 0;
	int line = 0, r;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char tok[64], tok2[64];
		const char *q = p, *title;
		size_t tl, k;
		double start, end;

		line++;
		while (len && (p[len - 1] == '\r' || p[len - 1] == ' ' ||
			       p[len - 1] == '\t'))
			len--;
		while ((size_t)(q - p) < len && (*q == ' ' || *q == '\t'))
			q++;
		if ((size_t)(q - p) == len || *q == '#')
			goto next;
		/* The time: up to the first blank. */
		for (k = 0; (size_t)(q - p) < len && *q != ' ' && *q != '\t';
		     q++)
			if (k < sizeof(tok) - 1)
				tok[k++] = *q;
		tok[k] = '\0';
		if (audacity) {
			/* Audacity: start TAB end TAB label, in seconds. */
			char *e1, *e2;

			start = strtod(tok, &e1);
			if (*e1 || !*tok || !(start >= 0 && start <= MAX_SECONDS))
				return pk_error_set(err, PK_EINVAL,
						    "%s:%d: '%s' is not a "
						    "time in seconds",
						    file, line, tok);
			if ((size_t)(q - p) >= len || *q != '\t')
				return pk_error_set(err, PK_EINVAL,
						    "%s:%d: expected "
						    "'start<TAB>end<TAB>label'",
						    file, line);
			q++;
			for (k = 0; (size_t)(q - p) < len && *q != '\t'; q++)
				if (k < sizeof(tok2) - 1)
					tok2[k++] = *q;
			tok2[k] = '\0';
			end = strtod(tok2, &e2);
			if (*e2 || !*tok2 || !(end >= start && end <= MAX_SECONDS))
				return pk_error_set(err, PK_EINVAL,
						    "%s:%d: '%s' is not an "
						    "end time after the start",
						    file, line, tok2);
			if ((size_t)(q - p) < len)
				q++;
			l->last_end = end;
		} else {
			if (pk_chapter_time_parse(tok, &start) < 0)
				return pk_error_set(err, PK_EINVAL,
						    "%s:%d: '%s' is not a "
						    "time (HH:MM:SS)",
						    file, line, tok);
			while ((size_t)(q - p) < len &&
			       (*q == ' ' || *q == '\t'))
				q++;
			/* "00:01:30 - Title" is common too. */
			if ((size_t)(q - p) + 1 < len && *q == '-' &&
			    q[1] == ' ') {
				q += 2;
				while ((size_t)(q - p) < len && *q == ' ')
					q++;
			}
		}
		title = q;
		tl = len - (size_t)(q - p);
		if (tl == 0)
			return pk_error_set(err, PK_EINVAL,
					    "%s:%d: chapter has no title",
					    file, line);
		r = push(l, &cap, start, title, tl, line);
		if (r < 0)
			return pk_error_set(err, r, "out of memory");
next:
		if (!eol)
			break;
		p = eol + 1;
	}
	return 0;
}

static int parse_json(const char *data, const char *file,
		      struct pk_chapter_list *l, struct pk_error *err)
{
	json_error_t je;
	json_t *root, *arr, *c;
	size_t i, cap = 0;
	int r = 0;

	root = json_loads(data, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return pk_error_set(err, PK_EINVAL, "%s:%d: %s", file,
				    je.line, je.text);
	arr = json_object_get(root, "chapters");
	if (!json_is_object(root) || !json_is_array(arr)) {
		r = pk_error_set(err, PK_EINVAL,
				 "%s: 'chapters' array is missing", file);
		goto out;
	}
	json_array_foreach(arr, i, c) {
		json_t *st = json_object_get(c, "startTime");
		json_t *ti = json_object_get(c, "title");
		json_t *u = json_object_get(c, "url");
		json_t *im = json_object_get(c, "img");
		const char *ts = json_string_value(ti);

		if (!json_is_number(st) || !(json_number_value(st) >= 0 &&
						 json_number_value(st) <= MAX_SECONDS)) {
			r = pk_error_set(err, PK_EINVAL,
					 "%s: chapter %zu: 'startTime' is "
					 "not a number of seconds",
					 file, i + 1);
			goto out;
		}
		if (!ts || !*ts) {
			r = pk_error_set(err, PK_EINVAL,
					 "%s: chapter %zu: 'title' is missing",
					 file, i + 1);
			goto out;
		}
		if (push(l, &cap, json_number_value(st), ts, strlen(ts),
			 0) < 0 ||
		    (json_is_string(u) &&
		     !(l->v[l->n - 1].url = strdup(json_string_value(u)))) ||
		    (json_is_string(im) &&
		     !(l->v[l->n - 1].img = strdup(json_string_value(im))))) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		if (json_is_number(json_object_get(c, "endTime")))
			l->last_end = json_number_value(
				json_object_get(c, "endTime"));
		else
			l->last_end = -1;
	}
out:
	json_decref(root);
	return r;
}

int pk_chapters_parse(const char *data, const char *file,
		      enum pk_chapter_format fmt, struct pk_chapter_list *l,
		      struct pk_error *err)
{
	unsigned char bad;
	long line;
	int r;

	line = pk_utf8_bad_line(data, strlen(data), &bad);
	if (line)
		return pk_error_set(err, PK_EINVAL, "%s:%ld: not valid UTF-8 "
				    "(byte 0x%02x); save the file as UTF-8",
				    file, line, bad);
	if (fmt == PK_CHAPTERS_AUTO)
		fmt = pk_chapter_format_guess(file, data);
	if (fmt == PK_CHAPTERS_JSON)
		r = parse_json(data, file, l, err);
	else
		r = parse_lines(data, file, fmt == PK_CHAPTERS_AUDACITY, l,
				err);
	if (r < 0)
		pk_chapter_list_release(l);
	return r;
}

int pk_chapters_load(const char *path, enum pk_chapter_format fmt,
		     struct pk_chapter_list *l, struct pk_error *err)
{
	char *data = NULL;
	int r;

	r = pk_read_file(path, 16u << 20, &data, NULL, err);
	if (r < 0)
		return r;
	r = pk_chapters_parse(data, path, fmt, l, err);
	free(data);
	return r;
}

static int format_json(const struct pk_chapter *v, size_t n, char **out)
{
	json_t *root = json_object(), *arr = json_array();
	size_t i;
	int r = 0;

	if (!root || !arr)
		r = -1;
	r |= json_object_set_new(root, "version", json_string("1.2.0"));
	for (i = 0; r == 0 && i < n; i++) {
		json_t *c = json_object();

		if (!c) {
			r = -1;
			break;
		}
		/* Whole seconds as integers, as most chapter files have. */
		if (v[i].start == floor(v[i].start))
			r |= json_object_set_new(
				c, "startTime",
				json_integer((json_int_t)v[i].start));
		else
			r |= json_object_set_new(c, "startTime",
						 json_real(v[i].start));
		r |= json_object_set_new(c, "title",
					 json_string(v[i].title ? v[i].title
								: ""));
		if (v[i].img)
			r |= json_object_set_new(c, "img",
						 json_string(v[i].img));
		if (v[i].url)
			r |= json_object_set_new(c, "url",
						 json_string(v[i].url));
		r |= json_array_append_new(arr, c);
	}
	if (r == 0) {
		r = json_object_set(root, "chapters", arr);
		*out = r ? NULL : json_dumps(root, JSON_INDENT(2) |
							   JSON_PRESERVE_ORDER);
	}
	json_decref(arr);
	json_decref(root);
	if (r || !*out)
		return PK_ENOMEM;
	/* json_dumps leaves no newline at the end of the file. */
	{
		size_t len = strlen(*out);
		char *p = realloc(*out, len + 2);

		if (!p) {
			free(*out);
			*out = NULL;
			return PK_ENOMEM;
		}
		p[len] = '\n';
		p[len + 1] = '\0';
		*out = p;
	}
	return 0;
}

int pk_chapters_format(const struct pk_chapter *v, size_t n,
		       enum pk_chapter_format fmt, double duration,
		       char **out, struct pk_error *err)
{
	struct pk_buf b;
	char t[32];
	size_t i;

	*out = NULL;
	if (fmt == PK_CHAPTERS_JSON) {
		if (format_json(v, n, out) < 0)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		return 0;
	}
	if (fmt != PK_CHAPTERS_TEXT && fmt != PK_CHAPTERS_AUDACITY)
		return pk_error_set(err, PK_EINVAL, "no output format given");
	pk_buf_init(&b);
	for (i = 0; i < n; i++) {
		const char *title = v[i].title ? v[i].title : "";

		if (fmt == PK_CHAPTERS_TEXT) {
			pk_buf_printf(&b, "%s %s\n",
				      pk_chapter_time_format(v[i].start, t,
							     sizeof(t)),
				      title);
		} else {
			double end = i + 1 < n ? v[i + 1].start
			     : duration > v[i].start ? duration
						     : v[i].start;

			pk_buf_printf(&b, "%.6f\t%.6f\t%s\n", v[i].start, end,
				      title);
		}
	}
	if (pk_buf_ok(&b) < 0 || !(*out = pk_buf_detach(&b))) {
		pk_buf_release(&b);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	return 0;
}

size_t pk_chapters_validate(const struct pk_chapter *v, size_t n,
			    double duration, double last_end,
			    const char *file, struct pk_diags *d)
{
	size_t i, errors = 0;
	char t1[32], t2[32];

#define ERR(line, ...) \
	(errors++, pk_diags_add(d, PK_ERROR, file, line, __VA_ARGS__))
	for (i = 0; i < n; i++) {
		if (!v[i].title || !*v[i].title)
			ERR(v[i].line, "chapter %zu has no title", i + 1);
		if (v[i].start < 0)
			ERR(v[i].line, "chapter '%s' starts before 0",
			    v[i].title ? v[i].title : "");
		if (i > 0 && v[i].start <= v[i - 1].start)
			ERR(v[i].line,
			    "chapter '%s' starts at %s, not after the one "
			    "before it (%s)",
			    v[i].title ? v[i].title : "",
			    pk_chapter_time_format(v[i].start, t1, sizeof(t1)),
			    pk_chapter_time_format(v[i - 1].start, t2,
						   sizeof(t2)));
		if (duration > 0 && v[i].start >= duration)
			ERR(v[i].line,
			    "chapter '%s' starts at %s, after the end of the "
			    "audio (%s)",
			    v[i].title ? v[i].title : "",
			    pk_chapter_time_format(v[i].start, t1, sizeof(t1)),
			    pk_chapter_time_format(duration, t2, sizeof(t2)));
	}
	if (n && v[0].start > 0)
		pk_diags_add(d, PK_WARNING, file, v[0].line,
			     "the first chapter starts at %s, not at 0",
			     pk_chapter_time_format(v[0].start, t1,
						    sizeof(t1)));
	if (n && duration > 0 && last_end >= 0 &&
	    fabs(last_end - duration) > 0.5)
		ERR(v[n - 1].line,
		    "the last chapter ends at %s, not at the end of the "
		    "audio (%s)",
		    pk_chapter_time_format(last_end, t1, sizeof(t1)),
		    pk_chapter_time_format(duration, t2, sizeof(t2)));
#undef ERR
	return errors;
}
