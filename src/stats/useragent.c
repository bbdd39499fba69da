/* useragent.c: bots (a data file), malformed agents, Apple Watches and
 * listener apps, told apart from the User-Agent header. */
#include "podkit/useragent.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "podkit/fsio.h"

/* A rule of apps.txt: a lowercase substring and the name it gives. */
struct ua_name {
	char *needle;
	char *name;
};

struct ua_names {
	struct ua_name *v;
	size_t n, cap;
};

struct pk_ua_rules {
	char **pat; /* lowercase substrings */
	size_t n;
	struct ua_names apps, platforms; /* from apps.txt, in file order */
};

static char *lower_dup(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	size_t i;

	if (!d)
		return NULL;
	for (i = 0; i < n; i++)
		d[i] = (char)tolower((unsigned char)s[i]);
	d[n] = '\0';
	return d;
}

int pk_ua_rules_parse(const char *text, size_t len, struct pk_ua_rules **out)
{
	struct pk_ua_rules *r;
	const char *p = text, *end = text + len;
	size_t cap = 0;

	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return PK_ENOMEM;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *s = p;

		p = nl ? nl + 1 : end;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (s == e || *s == '#' || memchr(s, '\0', (size_t)(e - s)))
			continue;
		if (r->n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			char **v = realloc(r->pat, nc * sizeof(*v));

			if (!v)
				goto oom;
			r->pat = v;
			cap = nc;
		}
		r->pat[r->n] = lower_dup(s, (size_t)(e - s));
		if (!r->pat[r->n])
			goto oom;
		r->n++;
	}
	*out = r;
	return 0;
oom:
	pk_ua_rules_free(r);
	return PK_ENOMEM;
}

static int load_apps(struct pk_ua_rules *rules, const char *bots_path,
		     struct pk_error *err);

int pk_ua_rules_load(const char *path, struct pk_ua_rules **out,
		     struct pk_error *err)
{
	char *text = NULL;
	size_t len = 0;
	int r;

	*out = NULL;
	r = pk_read_file(path, 1 << 20, &text, &len, err);
	if (r != 0)
		return r;
	r = pk_ua_rules_parse(text, len, out);
	free(text);
	if (r != 0)
		return pk_error_set(err, r, "%s: out of memory", path);
	r = load_apps(*out, path, err);
	if (r != 0) {
		pk_ua_rules_free(*out);
		*out = NULL;
	}
	return r;
}

size_t pk_ua_rules_count(const struct pk_ua_rules *rules)
{
	return rules ? rules->n : 0;
}

static void names_free(struct ua_names *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		free(v->v[i].needle);
		free(v->v[i].name);
	}
	free(v->v);
}

void pk_ua_rules_free(struct pk_ua_rules *rules)
{
	size_t i;

	if (!rules)
		return;
	for (i = 0; i < rules->n; i++)
		free(rules->pat[i]);
	free(rules->pat);
	names_free(&rules->apps);
	names_free(&rules->platforms);
	free(rules);
}

static int names_add(struct ua_names *v, const char *needle, size_t nlen,
		     const char *name, size_t len)
{
	if (v->n == v->cap) {
		size_t nc = v->cap ? v->cap * 2 : 32;
		struct ua_name *g = realloc(v->v, nc * sizeof(*g));

		if (!g)
			return PK_ENOMEM;
		v->v = g;
		v->cap = nc;
	}
	v->v[v->n].needle = lower_dup(needle, nlen);
	v->v[v->n].name = strndup(name, len);
	if (!v->v[v->n].needle || !v->v[v->n].name) {
		free(v->v[v->n].needle);
		free(v->v[v->n].name);
		return PK_ENOMEM;
	}
	v->n++;
	return 0;
}

int pk_ua_rules_parse_apps(struct pk_ua_rules *rules, const char *text,
			   size_t len, const char *file, struct pk_error *err)
{
	const char *p = text, *end = text + len;
	int line = 0, r;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *s = p, *eq, *sp;
		struct ua_names *into;

		p = nl ? nl + 1 : end;
		line++;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (s == e || *s == '#')
			continue;
		sp = memchr(s, ' ', (size_t)(e - s));
		eq = sp ? memmem(sp, (size_t)(e - sp), " = ", 3) : NULL;
		if (sp && (size_t)(sp - s) == 3 && memcmp(s, "app", 3) == 0)
			into = &rules->apps;
		else if (sp && (size_t)(sp - s) == 8 &&
			 memcmp(s, "platform", 8) == 0)
			into = &rules->platforms;
		else
			into = NULL;
		if (!into || !eq || eq == sp || eq + 3 >= e ||
		    memchr(s, '\0', (size_t)(e - s)))
			return pk_error_set(err, PK_EINVAL,
					    "%s:%d: not 'app|platform "
					    "SUBSTRING = NAME'",
					    file, line);
		r = names_add(into, sp + 1, (size_t)(eq - sp - 1), eq + 3,
			      (size_t)(e - eq - 3));
		if (r != 0)
			return pk_error_set(err, r, "%s: out of memory", file);
	}
	return 0;
}

/* apps.txt beside the bot list, when there is one. */
static int load_apps(struct pk_ua_rules *rules, const char *bots_path,
		     struct pk_error *err)
{
	const char *slash = strrchr(bots_path, '/');
	char *path, *text = NULL;
	size_t len = 0;
	int r;

	if (slash) {
		path = malloc((size_t)(slash - bots_path) + 10);
		if (!path)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		sprintf(path, "%.*s/apps.txt", (int)(slash - bots_path),
			bots_path);
	} else {
		path = strdup("apps.txt");
		if (!path)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	if (!pk_is_file(path)) {
		free(path);
		return 0;
	}
	r = pk_read_file(path, 1 << 20, &text, &len, err);
	if (r == 0)
		r = pk_ua_rules_parse_apps(rules, text, len, path, err);
	free(text);
	free(path);
	return r;
}

/* An agent no real client sends: empty, a few bytes, control bytes, no
 * letters, or absurdly long. */
static int malformed(const char *ua, size_t n)
{
	size_t i, letters = 0;

	if (n < 4 || n > 1024)
		return 1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)ua[i];

		if (c < 0x20 || c == 0x7f)
			return 1;
		if (isalpha(c))
			letters++;
	}
	return letters < 2;
}

void pk_ua_classify(const struct pk_ua_rules *rules, const char *ua,
		    struct pk_ua_class *out)
{
	char low[1025];
	size_t n, i;

	out->kind = PK_UA_LISTENER;
	out->app = "Other";
	out->platform = "Unknown";
	out->watch = 0;
	n = ua ? strlen(ua) : 0;
	if (!ua || malformed(ua, n)) {
		out->kind = PK_UA_MALFORMED;
		out->app = "Malformed";
		out->platform = "Unknown";
		return;
	}
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)ua[i]);
	low[n] = '\0';
	if (rules)
		for (i = 0; i < rules->n; i++)
			if (strstr(low, rules->pat[i])) {
				out->kind = PK_UA_BOT;
				out->app = "Bot";
				return;
			}
	/* The Watch's own downloader ("atc/1.0 watchOS/...") and the media
	 * stack on watchOS: copies of what the paired phone fetched. */
	if (strncmp(low, "atc/", 4) == 0 || strstr(low, "watchos") ||
	    strstr(low, "apple watch"))
		out->watch = 1;
	if (!rules)
		return;
	for (i = 0; i < rules->apps.n; i++)
		if (strstr(low, rules->apps.v[i].needle)) {
			out->app = rules->apps.v[i].name;
			break;
		}
	for (i = 0; i < rules->platforms.n; i++)
		if (strstr(low, rules->platforms.v[i].needle)) {
			out->platform = rules->platforms.v[i].name;
			break;
		}
}

static char *try_path(const char *dir, const char *rel)
{
	char *p = pk_path_join(dir, rel);

	if (p && pk_is_file(p))
		return p;
	free(p);
	return NULL;
}

char *pk_ua_rules_find(void)
{
	const char *env = getenv("PODKIT_DATA_DIR");
	char exe[PATH_MAX], *slash, *p;
	ssize_t n;

	if (env && *env && (p = try_path(env, "bots.txt")))
		return p;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			/* build/podkit -> data/bots.txt; an installed
			 * PREFIX/bin/podkit -> PREFIX/share/podkit/. */
			if ((p = try_path(exe, "../data/bots.txt")) ||
			    (p = try_path(exe, "data/bots.txt")) ||
			    (p = try_path(exe, "../../data/bots.txt")) ||
			    (p = try_path(exe, "../share/podkit/bots.txt")))
				return p;
		}
	}
	return NULL;
}
