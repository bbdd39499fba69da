/* serve_count.c: each GET the server answers handed to the download
 * statistics, with the bytes that make a download probed once per file. */
#include "serve/serve_int.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes that make a download of this file, probed once per version. */
int64_t pk_srv_need_for(struct pk_server *s, const char *path,
			const struct file_id *id)
{
	int64_t need = -1;
	unsigned i;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < CACHE_SLOTS; i++)
		if (s->need[i].need > 0 && pk_srv_same_id(&s->need[i].id, id)) {
			need = s->need[i].need;
			break;
		}
	pthread_mutex_unlock(&s->lock);
	if (need > 0)
		return need;
	need = pk_stats_need(path, (int64_t)id->size);
	pthread_mutex_lock(&s->lock);
	i = s->need_next++ % CACHE_SLOTS;
	s->need[i].id = *id;
	s->need[i].need = need;
	pthread_mutex_unlock(&s->lock);
	return need;
}

void pk_srv_client_ip(struct MHD_Connection *c, char *buf, size_t size)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;

	snprintf(buf, size, "-");
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ci->client_addr)
		return;
	sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET,
			  &((const struct sockaddr_in *)(const void *)sa)
				   ->sin_addr,
			  buf, (socklen_t)size);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)(const void *)sa)
				   ->sin6_addr,
			  buf, (socklen_t)size);
}

void pk_srv_count(struct pk_server *s, struct MHD_Connection *c,
		  struct request *rq, const char *rel,
		  const struct file_id *id, int64_t first, int64_t last)
{
	struct pk_stats_hit hit;
	struct pk_error err = {0};
	char ip[INET6_ADDRSTRLEN + 1];

	if (!s->opts.stats)
		return;
	/* The rules are the statistics module's (pk_stats_record), the same
	 * for an imported log; the server only says what it answered. */
	memset(&hit, 0, sizeof(hit));
	pk_srv_client_ip(c, ip, sizeof(ip));
	hit.ip = ip;
	hit.ua = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
					     "User-Agent");
	hit.episode = rel;
	hit.method = rq->method;
	hit.sent = -1;
	hit.status = (int)rq->status;
	hit.first = first;
	hit.last = last;
	hit.size = (int64_t)id->size;
	/* The bit rate probe only when ranges will be added up. */
	if (strcmp(rq->method, "GET") == 0 && hit.status == 206 &&
	    last - first + 1 > 2) {
		char *path = malloc(s->rootlen + strlen(rel) + 2);

		if (path) {
			sprintf(path, "%s/%s", s->root, rel);
			hit.need = pk_srv_need_for(s, path, id);
			free(path);
		}
	}
	if (pk_stats_record(s->opts.stats, s->opts.bots, &hit, &err) < 0 &&
	    s->opts.on_error)
		s->opts.on_error(s->opts.arg, err.msg);
}
