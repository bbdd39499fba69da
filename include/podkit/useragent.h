/* useragent.h: classifies the User-Agent of a download for the statistics:
 * a bot, a malformed agent, an Apple Watch, or a listener's app.
 *
 * The bots are a list in a data file (data/bots.txt: one case-insensitive
 * substring per line, '#' comments), so it can be updated without a
 * rebuild. The apps and platforms are a second data file beside it
 * (apps.txt: "app|platform SUBSTRING = NAME", first match wins), loaded
 * with the bot list; their names are what `podkit stats` reports.
 */
#ifndef PODKIT_USERAGENT_H
#define PODKIT_USERAGENT_H

#include <stddef.h>

#include "podkit/error.h"

enum pk_ua_kind {
	PK_UA_LISTENER = 0, /* counts */
	PK_UA_BOT,	    /* on the bot list: never counted */
	PK_UA_MALFORMED	    /* empty, too short, control bytes, no letters */
};

struct pk_ua_class {
	enum pk_ua_kind kind;
	const char *app; /* "Apple Podcasts", "Overcast", ..., "Other" when
			    unknown; "Bot" / "Malformed". Static or borrowed
			    from the rules */
	const char *platform; /* "iOS", "Android", ..., "Unknown" */
	int watch;	 /* 1: an Apple Watch (its downloads duplicate the
			    phone's) */
};

/* The bot list; opaque. */
struct pk_ua_rules;

/* Loads a bot list from path, and apps.txt from the same folder when it
 * is there. Returns 0 and sets *out (freed with pk_ua_rules_free), or
 * PK_EIO / PK_EINVAL / PK_ENOMEM with err naming the file (and line). */
int pk_ua_rules_load(const char *path, struct pk_ua_rules **out,
		     struct pk_error *err);

/* Builds a bot list from text in the data file's format (for tests and
 * the fuzzer). Returns 0 or PK_ENOMEM. */
int pk_ua_rules_parse(const char *text, size_t len, struct pk_ua_rules **out);

/* Adds app and platform rules from text in apps.txt's format; file names
 * it in messages. Returns 0, PK_EINVAL ("file:line: ...") or PK_ENOMEM. */
int pk_ua_rules_parse_apps(struct pk_ua_rules *rules, const char *text,
			   size_t len, const char *file, struct pk_error *err);

/* The number of patterns in the list. */
size_t pk_ua_rules_count(const struct pk_ua_rules *rules);

void pk_ua_rules_free(struct pk_ua_rules *rules);

/* Classifies ua (NULL is malformed). rules may be NULL (no bot list). */
void pk_ua_classify(const struct pk_ua_rules *rules, const char *ua,
		    struct pk_ua_class *out);

/* Finds the bot list: $PODKIT_DATA_DIR/bots.txt, then data/bots.txt beside
 * or above the running binary (the build tree), then
 * PREFIX/share/podkit/bots.txt. Returns a malloc'd path the caller frees,
 * or NULL when there is none. */
char *pk_ua_rules_find(void);

#endif
