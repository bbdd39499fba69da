/* lint_p20_attrs.c: the value checks the Podcasting 2.0 tags share: an
 * attribute that must be a URL, a number in a range, true or false, one
 * of a list; a node value's length; decimals and ISO 8601 times (see
 * lint_p20_int.h). */
#include "lint/lint_p20_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/url_int.h"

int lint_p20_one_of(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

int lint_p20_decimal(const char *s, double *out)
{
	char *end;

	if (!s || !*s || (!isdigit((unsigned char)*s) && *s != '.'))
		return 0;
	*out = strtod(s, &end);
	return *end == '\0';
}

int lint_p20_iso8601(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd";
	size_t i;

	for (i = 0; pat[i]; i++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i])
				  : s[i] != pat[i])
			return 0;
	s += i;
	if (*s == ':' && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2]))
		s += 3;
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++)
			;
	if (*s == 'Z')
		return s[1] == '\0';
	if (*s != '+' && *s != '-')
		return 0;
	s++;
	for (i = 0; s[i]; i++)
		if (!isdigit((unsigned char)s[i]) && !(i == 2 && s[i] == ':'))
			return 0;
	return i == 4 || (i == 5 && s[2] == ':');
}

void lint_p20_url_attr(struct lint *l, xmlNodePtr n, const char *attr)
{
	char *v = lint_attr(n, attr);

	if (v && !pk_url_is_http_with_host(v))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:%s> %s '%s' is not an http(s) URL",
			    lint_p20_name(n), attr, v);
	free(v);
}

void lint_p20_number_attr(struct lint *l, xmlNodePtr n, const char *attr,
			  double min, double max)
{
	char *v = lint_attr(n, attr);
	double d;

	if (v && (!lint_p20_decimal(v, &d) || d < min || d > max))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:%s> %s '%s' is not a number from %g to "
			    "%g",
			    lint_p20_name(n), attr, v, min, max);
	free(v);
}

void lint_p20_bool_attr(struct lint *l, xmlNodePtr n, const char *attr)
{
	char *v = lint_attr(n, attr);

	if (v && strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:%s> %s '%s' is not true or false",
			    lint_p20_name(n), attr, v);
	free(v);
}

void lint_p20_enum_attr(struct lint *l, xmlNodePtr n, const char *attr,
			const char *const *values, const char *shown)
{
	char *v = lint_attr(n, attr);

	if (v && !lint_p20_one_of(values, v))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:%s> %s '%s' is not one of %s",
			    lint_p20_name(n), attr, v, shown);
	free(v);
}

void lint_p20_text_value(struct lint *l, xmlNodePtr n, int required)
{
	char *v = lint_text(n);

	if (v && required && !*v)
		lint_report(l, lint_p20_rule(n), n, "<podcast:%s> has no text",
			    lint_p20_name(n));
	else if (v && chars(v) > LINT_P20_TEXT_MAX)
		lint_report(l, R_P20_TEXT_LENGTH, n,
			    "<podcast:%s> text is longer than %d characters "
			    "(apps may cut it)",
			    lint_p20_name(n), LINT_P20_TEXT_MAX);
	free(v);
}
