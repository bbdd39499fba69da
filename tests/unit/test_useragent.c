/* test_useragent.c: the user-agent classifier. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "podkit/useragent.h"

static struct pk_ua_rules *rules;

static void want(const char *ua, int kind, const char *app, int watch)
{
	struct pk_ua_class c;
	char what[300];
	int ok;

	pk_ua_classify(rules, ua, &c);
	ok = (int)c.kind == kind && strcmp(c.app, app) == 0 &&
	     c.watch == watch;
	snprintf(what, sizeof(what), "'%.120s' -> %d %s %d",
		 ua ? ua : "(null)", kind, app, watch);
	harness_result(ok, __FILE__, __LINE__, what);
	if (!ok)
		printf("#   got %d %s %d\n", (int)c.kind, c.app, c.watch);
}

int main(void)
{
	struct pk_error err = {0};
	char *path;
	char longua[2000];

	/* The shipped list, found the way the server finds it. */
	CHECK_INT(pk_ua_rules_load("data/bots.txt", &rules, &err), 0);
	CHECK(pk_ua_rules_count(rules) > 50);
	path = pk_ua_rules_find();
	CHECK(path != NULL);
	free(path);

	want(NULL, PK_UA_MALFORMED, "Malformed", 0);
	want("", PK_UA_MALFORMED, "Malformed", 0);
	want("-", PK_UA_MALFORMED, "Malformed", 0);
	want("1234567", PK_UA_MALFORMED, "Malformed", 0);
	want("Podcasts\x01/1.0", PK_UA_MALFORMED, "Malformed", 0);
	memset(longua, 'a', sizeof(longua) - 1);
	longua[sizeof(longua) - 1] = '\0';
	want(longua, PK_UA_MALFORMED, "Malformed", 0);

	want("curl/7.88.1", PK_UA_BOT, "Bot", 0);
	want("Wget/1.21.3", PK_UA_BOT, "Bot", 0);
	want("Mozilla/5.0 (compatible; Googlebot/2.1; "
	     "+http://www.google.com/bot.html)", PK_UA_BOT, "Bot", 0);
	want("python-requests/2.28.1", PK_UA_BOT, "Bot", 0);
	want("UptimeRobot/2.0", PK_UA_BOT, "Bot", 0);
	want("iTMS", PK_UA_BOT, "Bot", 0);

	want("AppleCoreMedia/1.0.0.20G75 (iPhone; U; CPU OS 16_6 like Mac "
	     "OS X; en_us)", PK_UA_LISTENER, "Apple Podcasts", 0);
	want("Podcasts/1630.1 CFNetwork/1408.0.4 Darwin/22.5.0",
	     PK_UA_LISTENER, "Apple Podcasts", 0);
	want("atc/1.0 watchOS/9.5 model/Watch6,1 hwp/t8301 build/20T562 "
	     "(6; dt:252)", PK_UA_LISTENER, "Apple Podcasts", 1);
	want("AppleCoreMedia/1.0.0.20T562 (Apple Watch; U; CPU OS 9_5 like "
	     "Mac OS X; en_us)", PK_UA_LISTENER, "Apple Podcasts", 1);
	want("Overcast/3.0 (+http://overcast.fm/; iOS podcast app)",
	     PK_UA_LISTENER, "Overcast", 0);
	want("Pocket Casts", PK_UA_LISTENER, "Pocket Casts", 0);
	want("Spotify/8.8.48 iOS/16.6 (iPhone15,2)", PK_UA_LISTENER,
	     "Spotify", 0);
	want("gPodder/3.11.1 (+https://gpodder.github.io/) Linux",
	     PK_UA_LISTENER, "gPodder", 0);
	want("AntennaPod/3.1.0", PK_UA_LISTENER, "AntennaPod", 0);
	want("Castro 2023.7/1259", PK_UA_LISTENER, "Castro", 0);
	want("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, "
	     "like Gecko) Chrome/120.0.0.0 Safari/537.36",
	     PK_UA_LISTENER, "Chrome", 0);
	want("Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 "
	     "Firefox/115.0", PK_UA_LISTENER, "Firefox", 0);
	want("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) "
	     "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 "
	     "Mobile/15E148 Safari/604.1", PK_UA_LISTENER, "Safari", 0);
	want("SomeNewApp/1.0", PK_UA_LISTENER, "Other", 0);

	pk_ua_rules_free(rules);
	rules = NULL;
	CHECK_INT(pk_ua_rules_parse("# c\n\n  Foo \nbar\n", 17, &rules), 0);
	CHECK_INT(pk_ua_rules_count(rules), 2);
	want("xxFOOxx/1", PK_UA_BOT, "Bot", 0);
	pk_ua_rules_free(rules);
	pk_ua_rules_free(NULL);
	return harness_done();
}
