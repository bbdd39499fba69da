/* live_feed_int.h: the live feed's episodes, private to src/publish.
 *
 * Before a publish replaces the live feed.xml, it compares the episodes
 * (item guids) of the feed it is about to upload with the live one's: a
 * feed that drops a guid the live feed has is refused unless the caller
 * allows that removal (podkit publish --allow-removal GUID|all), since
 * podcast apps then take the episode out of their subscribers' libraries.
 * The live feed's episodes come from the record of the last publish to
 * that target (OUTDIR/.podkit-publish/live-HASH.json: the feed's SHA-256
 * and its items) when the remote feed.xml is still that one, else from
 * the remote feed.xml itself (the target's fetch). Items without a guid
 * are not compared.
 */
#ifndef PODKIT_LIVE_FEED_INT_H
#define PODKIT_LIVE_FEED_INT_H

#include "publish/publish_target_int.h"

/* Refuses (PK_EINVAL, err naming each episode that would vanish, and one
 * log line per episode) when feed (the local feed.xml about to go up)
 * drops an item guid of the feed live on t, which remote lists. Returns 0
 * when nothing would vanish, or every such guid is allowed; PK_ENET or
 * PK_EIO when the live feed cannot be read. */
int pk_live_feed_check(struct pk_target *t, const struct pk_pub_file *feed,
		       struct pk_remote_state *remote, struct pk_error *err);

/* After feed went live on t: records its SHA-256 and items, so the next
 * publish need not fetch it. Failures only cost a fetch: not reported. */
void pk_live_feed_record(struct pk_target *t, const struct pk_pub_file *feed);

#endif
