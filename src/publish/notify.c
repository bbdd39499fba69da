/* notify.c: tells hubs and directories that the feed changed: WebSub
 * publish pings, Podcast Index's pubnotify and podping. Not fatal. */
#include <stdlib.h>
#include <string.h>

#include "base/buf_int.h"
#include "publish/publish_target_int.h"

#define PODCASTINDEX_URL "https://api.podcastindex.org/api/1.0/hub/pubnotify"
#define PODPING_URL "https://podping.cloud/"

struct note {
	struct pk_xfer x;
	char *url;
	char *body;  /* WebSub form body */
	const char *token;
	char what[64];
};

static int setup(struct pk_xfer *x, CURL *h, struct curl_slist **hdrs)
{
	struct note *n = x->ctx;
	struct curl_slist *l;

	curl_easy_setopt(h, CURLOPT_URL, n->url);
	if (n->body) {
		/* WebSub: a form POST with hub.mode=publish and the topic. */
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, n->body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE,
				 (long)strlen(n->body));
	}
	if (n->token) {
		struct pk_buf b;

		pk_buf_init(&b);
		pk_buf_printf(&b, "Authorization: %s", n->token);
		l = pk_buf_ok(&b) == 0 ? curl_slist_append(*hdrs, b.data)
				       : NULL;
		memset(b.data, 0, b.len);
		pk_buf_release(&b);
		if (!l)
			return -1;
		*hdrs = l;
	}
	return 0;
}

static struct note *note_new(const char *what, const char *base,
			     const char *feed_enc, int websub)
{
	struct note *n = calloc(1, sizeof(*n));
	struct pk_buf b;

	if (!n)
		return NULL;
	snprintf(n->what, sizeof(n->what), "%s", what);
	n->x.ctx = n;
	n->x.setup = setup;
	pk_buf_init(&b);
	if (websub) {
		n->url = strdup(base);
		pk_buf_printf(&b, "hub.mode=publish&hub.url=%s", feed_enc);
		n->body = pk_buf_detach(&b);
	} else {
		pk_buf_printf(&b, "%s%surl=%s", base,
			      strchr(base, '?') ? "&" : "?", feed_enc);
		n->url = pk_buf_detach(&b);
	}
	n->x.label = n->url;
	if (!n->url || (websub && !n->body)) {
		free(n->url);
		free(n->body);
		free(n);
		return NULL;
	}
	return n;
}

void pk_publish_notify(struct pk_xfer_engine *eng,
		       const struct pk_publish_opts *o,
		       struct pk_publish_summary *sum)
{
	struct note *v[64];
	struct pk_xfer *xs[64];
	char *feed_enc;
	const char *env;
	size_t n = 0, i;
	char line[600];

	if (!o->feed_url || (!o->nhubs && !o->podcastindex && !o->podping))
		return;
	feed_enc = pk_url_encode(o->feed_url, 0);
	if (!feed_enc)
		return;
	for (i = 0; i < o->nhubs && n < 60; i++)
		if ((v[n] = note_new("WebSub hub", o->hubs[i], feed_enc, 1)))
			n++;
	if (o->podcastindex) {
		env = getenv("PODKIT_PODCASTINDEX_URL");
		if ((v[n] = note_new("Podcast Index",
				     env && *env ? env : PODCASTINDEX_URL,
				     feed_enc, 0)))
			n++;
	}
	if (o->podping) {
		const char *token = getenv("PODPING_TOKEN");

		env = getenv("PODKIT_PODPING_URL");
		if (!token || !*token) {
			sum->notify_failed++;
			if (o->log)
				o->log(o->ctx, "warning: podping not sent: set "
					       "PODPING_TOKEN");
		} else if ((v[n] = note_new("podping",
					    env && *env ? env : PODPING_URL,
					    feed_enc, 0))) {
			v[n]->token = token;
			n++;
		}
	}
	for (i = 0; i < n; i++)
		xs[i] = &v[i]->x;
	pk_xfer_run(eng, xs, n, NULL);
	for (i = 0; i < n; i++) {
		if (v[i]->x.ok) {
			sum->notified++;
			snprintf(line, sizeof(line), "notified %s %s",
				 v[i]->what, v[i]->body ? v[i]->url :
				 v[i]->what);
		} else {
			sum->notify_failed++;
			snprintf(line, sizeof(line),
				 "warning: %s not notified (%s): %s",
				 v[i]->what, v[i]->body ? v[i]->url : "",
				 v[i]->x.err);
		}
		if (o->log)
			o->log(o->ctx, line);
		pk_xfer_release(&v[i]->x);
		free(v[i]->url);
		free(v[i]->body);
		free(v[i]);
	}
	free(feed_enc);
}
