/* taxonomy.c: the Podcasting 2.0 person taxonomy, groups and roles, for
 * the show's checks of hosts and guests. */
#include "base/taxonomy_int.h"

#include <stddef.h>
#include <strings.h>

struct group {
	const char *name;
	const char *const *roles;
};

static const char *const creative[] = {"director",
				       "assistant director",
				       "executive producer",
				       "senior producer",
				       "producer",
				       "associate producer",
				       "development producer",
				       "creative director",
				       NULL};
static const char *const cast[] = {"host",	"co-host",     "guest host",
				   "guest",	"voice actor", "narrator",
				   "announcer", "reporter",    NULL};
static const char *const writing[] = {"author",
				      "editorial director",
				      "co-writer",
				      "writer",
				      "songwriter",
				      "guest writer",
				      "story editor",
				      "managing editor",
				      "script editor",
				      "script coordinator",
				      "researcher",
				      "editor",
				      "fact checker",
				      "translator",
				      "transcriber",
				      "logger",
				      NULL};
static const char *const audio[] = {"studio coordinator",
				    "technical director",
				    "technical manager",
				    "audio engineer",
				    "remote recording engineer",
				    "post production engineer",
				    NULL};
static const char *const audio_post[] = {
    "audio editor", "sound designer",	"foley artist",	     "composer",
    "theme music",  "music production", "music contributor", NULL};
static const char *const admin[] = {
    "production coordinator", "booking coordinator",
    "production assistant",   "content manager",
    "marketing manager",      "sales representative",
    "sales manager",	      NULL};
static const char *const visuals[] = {"graphic designer", "cover art designer",
				      NULL};
static const char *const community[] = {"social media manager", NULL};
static const char *const misc[] = {"consultant", "intern", NULL};
static const char *const video[] = {"camera operator", "lighting designer",
				    "camera grip", "assistant camera", NULL};
static const char *const video_post[] = {"editor", "assistant editor", NULL};

static const struct group groups[] = {
    {"creative direction", creative},
    {"cast", cast},
    {"writing", writing},
    {"audio production", audio},
    {"audio post-production", audio_post},
    {"administration", admin},
    {"visuals", visuals},
    {"community", community},
    {"misc.", misc},
    {"video production", video},
    {"video post-production", video_post},
};

#define NGROUPS (sizeof(groups) / sizeof(groups[0]))

static int in(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcasecmp(*list, s) == 0)
			return 1;
	return 0;
}

static const struct group *find(const char *name)
{
	size_t i;

	for (i = 0; i < NGROUPS; i++)
		if (strcasecmp(groups[i].name, name) == 0)
			return &groups[i];
	return NULL;
}

int pk_taxonomy_has_group(const char *name)
{
	return find(name) != NULL;
}

int pk_taxonomy_has_role(const char *role)
{
	size_t i;

	for (i = 0; i < NGROUPS; i++)
		if (in(groups[i].roles, role))
			return 1;
	return 0;
}

int pk_taxonomy_role_in(const char *group, const char *role)
{
	const struct group *g = find(group);

	return g && in(g->roles, role);
}

const char *const pk_podcast_mediums[] = {
    "podcast",	  "music",	"video",     "film",	   "audiobook",
    "newsletter", "blog",	"publisher", "course",	   "podcastL",
    "musicL",	  "videoL",	"filmL",     "audiobookL", "newsletterL",
    "blogL",	  "publisherL", "courseL",   "mixed",	   NULL};
