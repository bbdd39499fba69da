/* logformat_int.h: one access log line parsed into a request, for each
 * format of logimport.h. The parsers write into the line (they cut
 * fields in place) and point the request's strings into it. A parser
 * returns 0, or -1 with *why set to a static reason when the line is not
 * of its format. */
#ifndef PODKIT_LOGFORMAT_INT_H
#define PODKIT_LOGFORMAT_INT_H

#include <stdint.h>

#include "podkit/logimport.h"

struct log_req {
	const char *ip, *ua, *method, *path;
	int status;
	int64_t t;	     /* seconds since the epoch, UTC */
	int64_t first, last; /* inclusive; first -1 when unknown */
	int64_t sent;	     /* body bytes sent; -1 when unknown */
	int64_t size;	     /* the whole file's size; 0 when unknown */
};

/* CloudFront's column of each field it needs, from its "#Fields:" line. */
enum cf_field {
	CF_DATE,
	CF_TIME,
	CF_IP,
	CF_METHOD,
	CF_URI,
	CF_STATUS,
	CF_UA,
	CF_BYTES,
	CF_RANGE_START,
	CF_RANGE_END,
	CF_CONTENT_LEN,
	CF_COUNT
};

struct log_cf {
	int col[CF_COUNT]; /* -1: absent */
	int have_fields;
};

/* Reads a "#Fields: a b c" header; -1 when a needed field is missing. */
int pk_log_cf_fields(struct log_cf *cf, char *line);

int pk_log_parse(enum pk_log_format f, struct log_cf *cf, char *line,
		 struct log_req *rq, const char **why);

/* The format of a line by its shape, PK_LOG_AUTO when none fits. */
enum pk_log_format pk_log_detect(const char *line);

#endif
