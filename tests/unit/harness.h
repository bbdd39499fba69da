/* harness.h: the unit tests' harness: each check prints "ok" or "not ok"
 * with got/expected; main returns harness_done(). Header-only. */
#ifndef PODKIT_HARNESS_H
#define PODKIT_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed;

static void harness_result(int ok, const char *file, int line,
			   const char *what)
{
	if (ok) {
		harness_passed++;
		printf("ok - %s\n", what);
	} else {
		harness_failed++;
		printf("not ok - %s:%d: %s\n", file, line, what);
	}
}

#define CHECK(cond) harness_result(!!(cond), __FILE__, __LINE__, #cond)

#define CHECK_INT(got, want)                                                  \
	do {                                                                  \
		long long g_ = (long long)(got), w_ = (long long)(want);      \
		harness_result(g_ == w_, __FILE__, __LINE__, #got);          \
		if (g_ != w_)                                                 \
			printf("#   got %lld, expected %lld\n", g_, w_);      \
	} while (0)

#define CHECK_STR(got, want)                                                  \
	do {                                                                  \
		const char *g_ = (got), *w_ = (want);                         \
		int ok_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_;        \
		harness_result(ok_, __FILE__, __LINE__, #got);               \
		if (!ok_)                                                     \
			printf("#   got '%s', expected '%s'\n",              \
			       g_ ? g_ : "(null)", w_ ? w_ : "(null)");       \
	} while (0)

#define CHECK_NEAR(got, want, tol)                                            \
	do {                                                                  \
		double g_ = (got), w_ = (want);                               \
		int ok_ = fabs(g_ - w_) <= (tol);                             \
		harness_result(ok_, __FILE__, __LINE__, #got);               \
		if (!ok_)                                                     \
			printf("#   got %.6f, expected %.6f +- %g\n", g_, w_, \
			       (double)(tol));                                \
	} while (0)

static int harness_done(void)
{
	return harness_failed ? 1 : 0;
}

#endif
