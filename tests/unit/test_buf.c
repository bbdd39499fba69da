/* test_buf.c: the growable buffer, the diagnostics list, atomic writes. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "base/buf_int.h"
#include "podkit/diag.h"
#include "podkit/fsio.h"

static void test_buf(void)
{
	struct pk_buf b;
	char *s;
	int i;

	pk_buf_init(&b);
	CHECK_STR(pk_buf_str(&b), "");
	pk_buf_puts(&b, "a");
	pk_buf_printf(&b, "%d-%s", 42, "x");
	for (i = 0; i < 1000; i++)
		pk_buf_putc(&b, 'z');
	CHECK_INT(b.len, 1005);
	CHECK(pk_buf_ok(&b) == 0);
	s = pk_buf_detach(&b);
	CHECK(strncmp(s, "a42-xzz", 7) == 0);
	CHECK(b.data == NULL);
	free(s);
}

static void test_diags(void)
{
	struct pk_diags d;
	char line[256];

	pk_diags_init(&d);
	pk_diags_add(&d, PK_ERROR, "b.md", 3, "'%s' is wrong", "date");
	pk_diags_add(&d, PK_WARNING, "a.md", 9, "unknown key '%s'", "x");
	pk_diags_add(&d, PK_ERROR, "b.md", 1, "first");
	CHECK_INT(d.errors, 2);
	CHECK_INT(d.warnings, 1);
	pk_diags_sort(&d);
	pk_diag_format(&d.v[0], line, sizeof(line));
	CHECK_STR(line, "a.md:9: warning: unknown key 'x'");
	pk_diag_format(&d.v[2], line, sizeof(line));
	CHECK_STR(line, "b.md:3: 'date' is wrong");
	pk_diags_release(&d);
}

static void test_atomic(void)
{
	char dir[] = "/tmp/pk-test-XXXXXX";
	struct pk_error err = {0};
	char *path, *data = NULL;
	char hex[65];
	size_t len = 0;

	CHECK(mkdtemp(dir) != NULL);
	path = pk_path_join(dir, "out.txt");
	CHECK(pk_write_atomic(path, "old", 3, 0644, &err) == 0);
	CHECK(pk_write_atomic(path, "new!", 4, 0644, &err) == 0);
	CHECK(pk_read_file(path, 0, &data, &len, &err) == 0);
	CHECK_STR(data, "new!");
	CHECK_INT(len, 4);
	free(data);
	/* A failed write (the folder is gone) leaves nothing behind and
	 * names the file. */
	CHECK(pk_write_atomic("/nonexistent-dir/x", "a", 1, 0644, &err) ==
	      PK_EIO);
	CHECK(strstr(err.msg, "/nonexistent-dir/x") != NULL);
	CHECK(pk_sha256_file(path, hex, &err) == 0);
	{
		char hex2[65];

		pk_sha256_hex("new!", 4, hex2);
		CHECK_STR(hex, hex2);
		pk_sha256_hex("abc", 3, hex2); /* FIPS 180-2 vector */
		CHECK_STR(hex2, "ba7816bf8f01cfea414140de5dae2223"
				"b00361a396177a9cb410ff61f20015ad");
	}
	unlink(path);
	rmdir(dir);
	free(path);
}

int main(void)
{
	test_buf();
	test_diags();
	test_atomic();
	return harness_done();
}
