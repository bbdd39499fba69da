/* useragent.c: bots (a data file), malformed agents, Apple Watches and
 * listener apps, told apart from the User-Agent header. */
#include "podkit/useragent.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "podkit/fsio.h"

struct pk_ua_rules {
	char **pat; /* lowercase substrings */
	size_t n;
};

/* Known apps, first match wins: the more specific names come before the
 * platforms they run on (Overcast and Apple Podcasts both use Apple's
 * media stack; browsers all say "Mozilla"). */
static const struct {
	const char *needle; /* lowercase */
	const char *app;
} apps[] = {
	{"overcast", "Overcast"},
	{"pocket casts", "Pocket Casts"},
	{"pocketcasts", "Pocket Casts"},
	{"castro", "Castro"},
	{"spotify", "Spotify"},
	{"gpodder", "gPodder"},
	{"antennapod", "AntennaPod"},
	{"podcastaddict", "Podcast Addict"},
	{"podcast addict", "Podcast Addict"},
	{"castbox", "Castbox"},
	{"podverse", "Podverse"},
	{"fountain", "Fountain"},
	{"podcast guru", "Podcast Guru"},
	{"player fm", "Player FM"},
	{"playerfm", "Player FM"},
	{"stitcher", "Stitcher"},
	{"deezer", "Deezer"},
	{"iheartradio", "iHeartRadio"},
	{"amazonmusic", "Amazon Music"},
	{"amazon music", "Amazon Music"},
	{"audible", "Audible"},
	{"downcast", "Downcast"},
	{"podbean", "Podbean"},
	{"google-podcast", "Google Podcasts"},
	{"googlepodcasts", "Google Podcasts"},
	{"youtube", "YouTube Music"},
	{"vlc", "VLC"},
	{"kodi", "Kodi"},
	{"podcasts/", "Apple Podcasts"},
	{"itunes", "Apple Podcasts"},
	{"applecoremedia", "Apple Podcasts"},
	{"edg/", "Edge"},
	{"firefox/", "Firefox"},
	{"chromium/", "Chromium"},
	{"chrome/", "Chrome"},
	{"safari/", "Safari"},
	{"lavf/", "FFmpeg"},
	{"mozilla/", "Browser"},
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
	return 0;
}

size_t pk_ua_rules_count(const struct pk_ua_rules *rules)
{
	return rules ? rules->n : 0;
}

void pk_ua_rules_free(struct pk_ua_rules *rules)
{
	size_t i;

	if (!rules)
		return;
	for (i = 0; i < rules->n; i++)
		free(rules->pat[i]);
	free(rules->pat);
	free(rules);
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
	out->watch = 0;
	n = ua ? strlen(ua) : 0;
	if (!ua || malformed(ua, n)) {
		out->kind = PK_UA_MALFORMED;
		out->app = "Malformed";
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
	for (i = 0; i < sizeof(apps) / sizeof(apps[0]); i++)
		if (strstr(low, apps[i].needle)) {
			out->app = apps[i].app;
			break;
		}
	if (out->watch && strcmp(out->app, "Other") == 0)
		out->app = "Apple Podcasts";
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
