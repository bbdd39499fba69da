/* fuzz_useragent.c: the user-agent classifier of the download statistics,
 * with the shipped bot list (data/bots.txt), and the bot list parser. */
#include "fuzz_common.h"
#include "podkit/useragent.h"

static struct pk_ua_rules *rules;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pk_ua_class c;
	struct pk_ua_rules *own = NULL;
	char *ua;

	if (!rules) {
		char *path = pk_ua_rules_find();

		if (!path || pk_ua_rules_load(path, &rules, NULL) != 0)
			abort();
		free(path);
	}
	ua = fuzz_cstr(data, size);
	pk_ua_classify(rules, ua, &c);
	if (!c.app)
		abort();
	/* The same bytes as a bot list must parse or be refused cleanly. */
	if (pk_ua_rules_parse(ua, size, &own) == 0) {
		pk_ua_classify(own, "AppleCoreMedia/1.0", &c);
		pk_ua_rules_free(own);
	}
	free(ua);
	return 0;
}
