/* chapters_json.c: the Podcasting 2.0 JSON chapters file, with jansson. */
#include "chapters/chapters_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "podkit/fsio.h"

/* Whole seconds as integers ("startTime": 90), fractions as reals rounded
 * to milliseconds, so the file reads as written. */
static json_t *seconds(double s)
{
	double ms = round(s * 1000.0);

	if (fmod(ms, 1000.0) == 0.0)
		return json_integer((json_int_t)(ms / 1000.0));
	return json_real(ms / 1000.0);
}

/* Sets key to a string when s is given; 0 or -1 (out of memory). */
static int put_str(json_t *o, const char *key, const char *s)
{
	if (!s)
		return 0;
	return json_object_set_new(o, key, json_string(s));
}

char *pk_chapters_json(const struct pk_show *show,
		       const struct pk_episode *ep)
{
	json_t *doc = json_object(), *list = json_array();
	char *text = NULL;
	size_t i;
	int bad = 0;

	if (!doc || !list)
		goto out;
	bad |= json_object_set_new(doc, "version", json_string("1.2.0"));
	bad |= put_str(doc, "title", ep->title);
	bad |= put_str(doc, "podcastName", show->title);
	for (i = 0; i < ep->nchapters && !bad; i++) {
		const struct pk_chapter *c = &ep->chapters[i];
		json_t *o = json_object();

		if (!o) {
			bad = 1;
			break;
		}
		bad |= json_object_set_new(o, "startTime", seconds(c->start));
		bad |= put_str(o, "title", c->title);
		bad |= put_str(o, "url", c->url);
		bad |= put_str(o, "img", c->img);
		bad |= json_array_append_new(list, o);
	}
	bad |= json_object_set(doc, "chapters", list);
	if (bad)
		goto out;
	/* Invalid UTF-8 cannot reach here: jansson refuses it above. */
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
				       JSON_REAL_PRECISION(12));
	if (text) {
		/* A text file ends with a newline. */
		size_t n = strlen(text);
		char *t = realloc(text, n + 2);

		if (!t) {
			free(text);
			text = NULL;
			goto out;
		}
		t[n] = '\n';
		t[n + 1] = '\0';
		text = t;
	}
out:
	json_decref(list);
	json_decref(doc);
	return text;
}

int pk_chapters_write_json(const struct pk_show *show,
			   const struct pk_episode *ep, const char *path,
			   struct pk_error *err)
{
	char *text = pk_chapters_json(show, ep);
	int r;

	if (!text)
		return pk_error_set(err, PK_ENOMEM,
				    "%s: cannot render the chapters (out of "
				    "memory or text that is not UTF-8)",
				    path);
	r = pk_write_atomic(path, text, strlen(text), 0644, err);
	free(text);
	return r;
}
