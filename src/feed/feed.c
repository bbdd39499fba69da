/* feed.c: feed.xml, RSS 2.0 with Apple's and Podcasting 2.0's tags,
 * streamed with xmlTextWriter into an atomic file: the episodes' order,
 * which are published, the channel, then the items rendered on every core
 * and spliced in order (feed_channel.c writes the channel's head,
 * feed_item.c one item). */
#include "feed/feed_write_int.h"

#include <stdlib.h>
#include <string.h>

#include "podkit/fsio.h"
#include "base/parallel_int.h"
#include "feed/feed_p20_int.h"

#define INDENT_DEFAULT "  "

/* Negative when a is listed before b: by date, then folder number, then
 * slug; reversed (newest first) for an episodic show. */
static int compare(const struct pk_episode *a, const struct pk_episode *b)
{
	int c;

	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if (a->folder_number != b->folder_number)
		return a->folder_number < b->folder_number ? -1 : 1;
	c = strcmp(a->slug ? a->slug : "", b->slug ? b->slug : "");
	return c;
}

/* qsort has no argument for the show: the episodes and the direction
 * travel in the elements themselves. */
struct order_key {
	const struct pk_episode *ep;
	size_t index;
	int sign; /* 1 oldest first, -1 newest first */
};

static int order_cmp(const void *pa, const void *pb)
{
	const struct order_key *a = pa, *b = pb;

	return a->sign * compare(a->ep, b->ep);
}

int pk_feed_order(const struct pk_show *show, size_t *order)
{
	struct order_key *keys;
	size_t i, n = show->nepisodes;

	keys = malloc((n + 1) * sizeof(*keys));
	if (!keys)
		return PK_ENOMEM;
	for (i = 0; i < n; i++) {
		keys[i].ep = &show->episodes[i];
		keys[i].index = i;
		keys[i].sign = show->serial ? 1 : -1;
	}
	qsort(keys, n, sizeof(*keys), order_cmp);
	for (i = 0; i < n; i++)
		order[i] = keys[i].index;
	free(keys);
	return 0;
}

/* The item an earlier feed had for episode i, put in as it is; or
 * NULL. */
const char *pk_feed_kept(const struct ctx *c, size_t i)
{
	return c->opts && c->opts->items ? c->opts->items[i].xml : NULL;
}

int pk_feed_published(const struct ctx *c, size_t i)
{
	const struct pk_episode *ep = &c->show->episodes[i];

	if (ep->scheduled || ep->unpublished)
		return 0;
	if (c->opts && c->opts->items && c->opts->items[i].skip)
		return 0;
	if (pk_feed_kept(c, i))
		return 1;
	return ep->media.url && ep->media.length > 0;
}

/* Items are rendered on every core, each by a fragment writer, and
 * spliced into the feed in order as they come: the window of slots keeps
 * memory flat however many episodes the show has. */
#define ITEM_WINDOW 256
/* How often the written part of the feed is sent on to the disk. */
#define WRITEBACK_BYTES (4u << 20)
/* The feed file's stdio buffer. */
#define FEED_IOBUF (256u << 10)

/* One slot of the window: the fragment writer is kept from item to item. */
struct item_slot {
	struct pk_xmlw x;
	int open;
	struct pk_diags diags;
	struct pk_error err;
	int r;
};

struct item_run {
	struct ctx *c;       /* the feed's */
	const char *indent;
	const size_t *idx;   /* the published episodes, in feed order */
	struct item_slot *slots;
	size_t unsynced;     /* bytes written since the last writeback */
};

static void make_item(void *arg, size_t i)
{
	static const char *const where[] = {"rss", "channel"};
	struct item_run *run = arg;
	struct item_slot *sl = &run->slots[i % ITEM_WINDOW];
	struct ctx c;

	pk_diags_init(&sl->diags);
	memset(&sl->err, 0, sizeof(sl->err));
	sl->r = 0;
	if (pk_feed_kept(run->c, run->idx[i]))
		return; /* spliced as it is */
	if (!sl->open) {
		if (pk_xmlw_open_fragment(&sl->x, where, 2, run->indent)) {
			sl->r = pk_error_set(&sl->err, PK_ENOMEM,
					     "out of memory");
			return;
		}
		sl->open = 1;
	}
	memset(&c, 0, sizeof(c));
	c.show = run->c->show;
	c.opts = run->c->opts;
	c.x = &sl->x;
	c.diags = &sl->diags;
	c.err = &sl->err;
	pk_feed_item(&c, run->idx[i]);
	sl->r = c.r;
}

/* Splices item i into the feed, its problems reported in order. Returns
 * nonzero to stop at the first item that failed, as a writer going item
 * by item would. */
static int use_item(void *arg, size_t i)
{
	struct item_run *run = arg;
	struct item_slot *sl = &run->slots[i % ITEM_WINDOW];
	struct ctx *c = run->c;
	const char *bytes;
	size_t len;

	pk_diags_move(c->diags, &sl->diags);
	if (sl->r) {
		c->r = sl->r;
		if (c->err)
			*c->err = sl->err;
		return 1;
	}
	if (pk_feed_kept(c, run->idx[i])) {
		bytes = pk_feed_kept(c, run->idx[i]);
		len = strlen(bytes);
		pk_xmlw_splice(c->x, bytes, len);
		run->unsynced += len;
		return c->x->failed;
	}
	bytes = pk_xmlw_fragment(&sl->x, &len);
	if (!bytes) {
		c->x->failed = 1;
		return 1;
	}
	if (c->opts && c->opts->rendered)
		c->opts->rendered(c->opts->rendered_arg, run->idx[i], bytes,
				  len);
	pk_xmlw_splice(c->x, bytes, len);
	pk_xmlw_fragment_reset(&sl->x);
	run->unsynced += len;
	if (run->unsynced >= WRITEBACK_BYTES && c->x->fp) {
		pk_fp_writeback(c->x->fp);
		run->unsynced = 0;
	}
	return c->x->failed;
}

static void items(struct ctx *c, const size_t *order, const char *indent)
{
	size_t n = c->show->nepisodes, m = 0, k;
	struct item_run run;
	size_t *idx;

	memset(&run, 0, sizeof(run));
	idx = malloc((n ? n : 1) * sizeof(*idx));
	run.slots = calloc(ITEM_WINDOW, sizeof(*run.slots));
	if (!idx || !run.slots) {
		free(idx);
		free(run.slots);
		c->r = pk_error_set(c->err, PK_ENOMEM, "out of memory");
		return;
	}
	for (k = 0; k < n; k++)
		if (pk_feed_published(c, order[k]))
			idx[m++] = order[k];
	run.c = c;
	run.indent = indent;
	run.idx = idx;
	/* A short feed is not worth the threads; the bytes are the same. */
	if (pk_parallel_ordered(m, m < 32 ? 1 : c->opts ? c->opts->jobs : 0,
				ITEM_WINDOW, make_item,
				use_item, &run) < 0 &&
	    !c->r)
		c->r = pk_error_set(c->err, PK_ENOMEM, "out of memory");
	/* Slots made but not used (after a failure) are released too. */
	for (k = 0; k < ITEM_WINDOW; k++) {
		pk_diags_release(&run.slots[k].diags);
		if (run.slots[k].open)
			pk_xmlw_release(&run.slots[k].x);
	}
	free(run.slots);
	free(idx);
}
static void report_unpublishable(struct ctx *c)
{
	const struct pk_show *show = c->show;
	size_t i;

	for (i = 0; i < show->nepisodes; i++) {
		const struct pk_episode *ep = &show->episodes[i];

		if (ep->scheduled || pk_feed_published(c, i) ||
		    (c->opts && c->opts->items && c->opts->items[i].skip))
			continue;
		pk_diags_add(c->diags, PK_ERROR, ep->file, 0,
			     "'%s' has no audio for the enclosure; left out "
			     "of the feed",
			     ep->slug);
	}
}

int pk_feed_write_fp(const struct pk_show *show,
		     const struct pk_feed_opts *opts, FILE *fp,
		     struct pk_diags *diags, struct pk_error *err)
{
	struct pk_xmlw feed_writer;
	struct ctx c;
	size_t *order = NULL;
	const char *indent;
	int r;

	if (!show->feed_url)
		return pk_error_set(err, PK_EINVAL,
				    "%s: 'feed_url' is needed to write a feed",
				    show->file ? show->file : "show.yaml");
	memset(&c, 0, sizeof(c));
	c.show = show;
	c.opts = opts;
	c.diags = diags;
	c.err = err;
	c.x = &feed_writer;
	order = malloc((show->nepisodes + 1) * sizeof(*order));
	if (!order)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if (pk_feed_order(show, order) != 0) {
		free(order);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	report_unpublishable(&c);

	indent = opts && opts->indent ? opts->indent : INDENT_DEFAULT;
	r = pk_xmlw_open_fp(c.x, fp, indent);
	if (r) {
		free(order);
		return pk_error_set(err, r, "cannot start the XML writer");
	}
	pk_xmlw_start(c.x, "rss");
	pk_xmlw_attr(c.x, "version", "2.0");
	pk_xmlw_attr(c.x, "xmlns:itunes", PK_NS_ITUNES);
	pk_xmlw_attr(c.x, "xmlns:podcast", PK_NS_PODCAST);
	pk_xmlw_attr(c.x, "xmlns:content", PK_NS_CONTENT);
	pk_xmlw_attr(c.x, "xmlns:atom", PK_NS_ATOM);
	pk_xmlw_attr(c.x, "xmlns:psc", PK_NS_PSC);
	pk_xmlw_start(c.x, "channel");
	pk_feed_channel_head(&c);
	pk_feed_trailers(&c, order);
	pk_feed_p20_live_items(c.x, show);
	items(&c, order, indent);
	free(order);
	if (c.r) {
		pk_xmlw_release(c.x);
		return c.r;
	}
	r = pk_xmlw_finish(c.x);
	if (r)
		return pk_error_set(err, r, "cannot write the feed");
	return 0;
}

int pk_feed_write(const struct pk_show *show, const struct pk_feed_opts *opts,
		  const char *path, struct pk_diags *diags,
		  struct pk_error *err)
{
	struct pk_atomic a;
	char *iobuf;
	int r;

	r = pk_atomic_open(&a, path, 0644, err);
	if (r)
		return r;
	/* Fewer, larger writes: a feed of thousands of items is megabytes.
	 * (glibc ignores the size asked for without a buffer given.) */
	iobuf = malloc(FEED_IOBUF);
	if (iobuf)
		setvbuf(a.fp, iobuf, _IOFBF, FEED_IOBUF);
	r = pk_feed_write_fp(show, opts, a.fp, diags, err);
	if (r) {
		/* Name the file the message is about. */
		if (err && !strstr(err->msg, path)) {
			char msg[PK_ERROR_MAX];

			snprintf(msg, sizeof(msg), "%s", err->msg);
			pk_error_set(err, r, "%s: %s", path, msg);
		}
		pk_atomic_abort(&a);
	} else {
		r = pk_atomic_commit(&a, err);
	}
	free(iobuf); /* the stream is closed either way */
	return r;
}
