/* test_language.c: the language tag check shared by the loader and lint. */
#include "harness.h"
#include "model/language_int.h"

int main(void)
{
	CHECK(pk_language_valid("en"));
	CHECK(pk_language_valid("en-us"));
	CHECK(pk_language_valid("pt-BR"));
	CHECK(pk_language_valid("zh-Hant-TW"));
	CHECK(pk_language_valid("en-x-pirate"));
	CHECK(!pk_language_valid(""));
	CHECK(!pk_language_valid("e"));
	CHECK(!pk_language_valid("english"));
	CHECK(!pk_language_valid("en_US"));
	CHECK(!pk_language_valid("en-"));
	CHECK(!pk_language_valid("en-toolongsubtag"));
	return harness_done();
}
