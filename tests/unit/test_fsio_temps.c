/* test_fsio_temps.c: podkit's temporaries by name, the sweep of the ones a
 * killed run left, and pk_utf8_bad_line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/utf8_int.h"
#include "harness.h"
#include "podkit/fsio.h"

static void touch(const char *dir, const char *name)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	if (fp)
		fclose(fp);
}

static int exists(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

int main(void)
{
	char root[] = "/tmp/pk-temps-XXXXXX", sub[600], deep[700];
	struct pk_error err = {0};
	unsigned char byte = 0;
	size_t n = 99;

	CHECK(pk_is_temp_name("feed.xml.tmp.AbC123"));
	CHECK(pk_is_temp_name("001-a-ff02f71ce3d8f1b3.mp3.tmp-00xWjA"));
	CHECK(pk_is_temp_name("001-a-ff02.podkit-tmp.mp3"));
	CHECK(!pk_is_temp_name("feed.xml"));
	CHECK(!pk_is_temp_name("notes.tmp"));
	CHECK(!pk_is_temp_name(".tmp.abcdef"));
	CHECK(!pk_is_temp_name("a.tmp.abcdefg"));

	if (!mkdtemp(root))
		return 1;
	snprintf(sub, sizeof(sub), "%s/audio", root);
	snprintf(deep, sizeof(deep), "%s/audio/keep", root);
	mkdir(sub, 0755);
	mkdir(deep, 0755);
	touch(root, "feed.xml");
	touch(root, "feed.xml.tmp.Qw3rty");
	touch(sub, "001-a.mp3");
	touch(sub, "001-a.mp3.tmp-abcdef");
	touch(sub, "001-a.podkit-tmp.mp3");
	touch(deep, "x.tmp.abcdef");
	CHECK_INT(pk_remove_stale_temps(root, &n, &err), 0);
	CHECK_INT(n, 3);
	CHECK(exists(root, "feed.xml"));
	CHECK(!exists(root, "feed.xml.tmp.Qw3rty"));
	CHECK(exists(sub, "001-a.mp3"));
	CHECK(!exists(sub, "001-a.mp3.tmp-abcdef"));
	CHECK(!exists(sub, "001-a.podkit-tmp.mp3"));
	/* Only the folders podkit writes, nothing deeper. */
	CHECK(exists(deep, "x.tmp.abcdef"));
	CHECK_INT(pk_remove_stale_temps("/nonexistent/pk", NULL, &err), 0);

	CHECK_INT(pk_utf8_bad_line("plain\ntext\n", 11, &byte), 0);
	CHECK_INT(pk_utf8_bad_line("caf\xc3\xa9\n", 6, &byte), 0);
	CHECK_INT(pk_utf8_bad_line("one\ntwo \xe9\n", 9, &byte), 2);
	CHECK_INT(byte, 0xe9);
	CHECK_INT(pk_utf8_bad_line("a\nb\nc\xc0\xaf", 7, &byte), 3);
	CHECK_INT(pk_utf8_bad_line("\xed\xa0\x80", 3, &byte), 1);
	CHECK_INT(pk_utf8_bad_line("nul\0here", 8, &byte), 1);
	CHECK_INT(pk_utf8_bad_line("cut \xe2\x82", 6, &byte), 1);

	{
		char cmd[100];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
		CHECK_INT(system(cmd), 0);
	}
	return harness_done();
}
