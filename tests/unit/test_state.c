/* test_state.c: the build state (keys, freshness, the file-hash cache, no
 * write when nothing changed) and the worker pool. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "podkit/fsio.h"
#include "base/parallel_int.h"
#include "build/state_int.h"

static char dir[] = "/tmp/pk-state-XXXXXX";

static void key_of(const char *a, const char *b, char hex[65])
{
	struct pk_key k;

	pk_key_init(&k);
	pk_key_str(&k, "a", a);
	pk_key_str(&k, "b", b);
	pk_key_final(&k, hex);
}

static void test_keys(void)
{
	char k1[65], k2[65], k3[65];

	key_of("x", "yz", k1);
	key_of("xy", "z", k2);
	key_of("x", "yz", k3);
	CHECK_INT(strlen(k1), 64);
	CHECK(strcmp(k1, k2) != 0);
	CHECK_STR(k1, k3);
}

static void test_state(void)
{
	struct pk_state *s = NULL;
	struct pk_error err = {0};
	const char *warn = NULL;
	char path[256], in[256], out[256], h1[65], h2[65];
	struct stat st1, st2;
	int written = -1;

	snprintf(path, sizeof(path), "%s/.podkit-state", dir);
	snprintf(in, sizeof(in), "%s/in.txt", dir);
	snprintf(out, sizeof(out), "%s/out.txt", dir);
	pk_write_atomic(in, "hello", 5, 0644, NULL);

	CHECK_INT(pk_state_load(path, &s, &warn, &err), 0);
	CHECK(warn == NULL);
	CHECK_STR(pk_state_why(s, "out.txt", "k1", NULL), "new output");
	CHECK_INT(pk_state_file_hash(s, in, h1, &err), 0);
	CHECK_STR(h1, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
	CHECK_INT(pk_state_set(s, "out.txt", "k1"), 0);
	CHECK_STR(pk_state_why(s, "out.txt", "k1", out),
		  "output file missing");
	pk_write_atomic(out, "o", 1, 0644, NULL);
	CHECK(pk_state_why(s, "out.txt", "k1", out) == NULL);
	CHECK_STR(pk_state_why(s, "out.txt", "k2", out),
		  "inputs or settings changed");
	CHECK_INT(pk_state_set_field(s, "out.txt", "length", "1234"), 0);
	CHECK_INT(pk_state_set_field(s, "nope", "length", "1"), PK_ENOENT);
	CHECK_INT(pk_state_save(s, path, &written, &err), 0);
	CHECK_INT(written, 1);
	pk_state_free(s);

	/* Reloaded: the same answers, and saving again writes nothing. */
	stat(path, &st1);
	CHECK_INT(pk_state_load(path, &s, &warn, &err), 0);
	CHECK(pk_state_why(s, "out.txt", "k1", out) == NULL);
	{
		char v[16];

		CHECK_INT(pk_state_field(s, "out.txt", "length", v, sizeof(v)),
			  0);
		CHECK_STR(v, "1234");
		CHECK_INT(pk_state_field(s, "out.txt", "x", v, sizeof(v)),
			  PK_ENOENT);
	}
	CHECK_INT(pk_state_file_hash(s, in, h2, &err), 0);
	CHECK_STR(h2, h1);
	CHECK_INT(pk_state_set_field(s, "out.txt", "length", "1234"), 0);
	CHECK_INT(pk_state_set(s, "out.txt", "k1"), 0);
	CHECK_INT(pk_state_save(s, path, &written, &err), 0);
	CHECK_INT(written, 0);
	stat(path, &st2);
	CHECK(st1.st_mtim.tv_nsec == st2.st_mtim.tv_nsec &&
	      st1.st_mtim.tv_sec == st2.st_mtim.tv_sec);

	/* A changed input (new size) is hashed again. */
	pk_write_atomic(in, "hello!", 6, 0644, NULL);
	CHECK_INT(pk_state_file_hash(s, in, h2, &err), 0);
	CHECK(strcmp(h1, h2) != 0);

	/* Dropping outputs no longer built. */
	{
		const char *keep[] = {"other"};

		pk_state_retain(s, keep, 1);
		CHECK_STR(pk_state_why(s, "out.txt", "k1", out),
			  "new output");
	}
	pk_state_free(s);

	/* A corrupt state is ignored with a warning, not an error. */
	pk_write_atomic(path, "{not json", 9, 0644, NULL);
	CHECK_INT(pk_state_load(path, &s, &warn, &err), 0);
	CHECK(warn != NULL);
	CHECK_STR(pk_state_why(s, "out.txt", "k1", out), "new output");
	pk_state_free(s);
	unlink(path);
	unlink(in);
	unlink(out);
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int seen[1000];
static pthread_t threads[1000];

static void job(void *arg, size_t i)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	seen[i]++;
	threads[i] = pthread_self();
	pthread_mutex_unlock(&lock);
	usleep(100);
}

static void test_parallel(void)
{
	size_t i, once = 0, other = 0;

	CHECK(pk_ncpus() >= 1);
	CHECK_INT(pk_parallel_for(1000, 4, job, NULL), 0);
	for (i = 0; i < 1000; i++) {
		once += seen[i] == 1;
		other += !pthread_equal(threads[i], threads[0]);
	}
	CHECK_INT(once, 1000);
	CHECK(other > 0); /* more than one thread did work */
	CHECK_INT(pk_parallel_for(0, 4, job, NULL), 0);
}

/* An output noted with its record is up to date only while it is what was
 * written: truncated, it is not; touched with the same bytes, it still is
 * (its hash is read); changed in place with the same size, it is not. */
static void test_noted_files(void)
{
	struct pk_state *s = NULL;
	struct pk_error err = {0};
	struct timespec t[2] = {{1000000000, 0}, {1000000000, 0}};
	char path[128], out[128];

	snprintf(path, sizeof(path), "%s/.podkit-state", dir);
	snprintf(out, sizeof(out), "%s/page.html", dir);
	CHECK_INT(pk_state_load(path, &s, NULL, &err), 0);
	pk_write_atomic(out, "<p>hello</p>", 12, 0644, NULL);
	CHECK_INT(pk_state_set(s, "page", "k"), 0);
	CHECK_INT(pk_state_note_file(s, "page", "page.html"), 0);
	CHECK(pk_state_why(s, "page", "k", NULL) == NULL);
	CHECK_INT(pk_state_file_changed(s, "page", "page.html"), 0);
	utimensat(AT_FDCWD, out, t, 0);
	CHECK(pk_state_why(s, "page", "k", NULL) == NULL);
	pk_write_atomic(out, "<p>HELLO</p>", 12, 0644, NULL);
	CHECK_STR(pk_state_why(s, "page", "k", NULL),
		  "output file changed since it was written");
	CHECK_INT(pk_state_file_changed(s, "page", "page.html"), 1);
	truncate(out, 0);
	CHECK_STR(pk_state_why(s, "page", "k", NULL),
		  "output file changed since it was written");
	unlink(out);
	CHECK_STR(pk_state_why(s, "page", "k", NULL), "output file missing");
	pk_state_free(s);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	test_keys();
	test_state();
	test_noted_files();
	test_parallel();
	rmdir(dir);
	return harness_done();
}
