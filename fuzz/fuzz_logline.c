/* fuzz_logline.c: the access log line parsers of podkit stats import.
 * The first byte picks the format (AUTO detects it); the rest is one
 * line. A parsed request must have an address, a method and a path, and
 * a placed range must not end before it starts. */
#include "fuzz_common.h"
#include "stats/logformat_int.h"

static char fields[] =
    "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) "
    "cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query "
    "cs(Cookie) x-edge-result-type x-edge-request-id x-host-header "
    "cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol "
    "ssl-cipher x-edge-response-result-type cs-protocol-version "
    "fle-status fle-encrypted-fields c-port time-to-first-byte "
    "x-edge-detailed-result-type sc-content-type sc-content-len "
    "sc-range-start sc-range-end";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct log_cf cf;
	enum pk_log_format f;
	struct log_req rq;
	const char *why;
	char *line;

	if (size < 1)
		return 0;
	if (!cf.have_fields) {
		char *copy = fuzz_cstr((const uint8_t *)fields, strlen(fields));

		if (pk_log_cf_fields(&cf, copy) != 0)
			abort();
		free(copy);
	}
	f = (enum pk_log_format)(data[0] % (PK_LOG_PODKIT + 1));
	line = fuzz_cstr(data + 1, size - 1);
	if (f == PK_LOG_AUTO)
		f = pk_log_detect(line);
	if (f != PK_LOG_AUTO && pk_log_parse(f, &cf, line, &rq, &why) == 0 &&
	    (!rq.ip || !rq.method || !rq.path ||
	     (rq.first >= 0 && rq.last < rq.first && rq.sent != 0)))
		abort();
	free(line);
	return 0;
}
