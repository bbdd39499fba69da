/* lint_rules.c: the table of lint's rules: each one's name, severity by
 * consequence and source. The checks name a rule (lint_report); they
 * never choose a severity themselves. */
#include <stddef.h>

#include "lint/lint_int.h"
#include "podkit/lint.h"

/* Where a rule comes from. */
#define APPLE "Apple Podcasts requirements"
#define APPLE_REC "Apple Podcasts (recommended)"
#define APPS "what podcast apps do"
#define PC_MUST "Podcasting 2.0: MUST"
#define PC_SHOULD "Podcasting 2.0: SHOULD"
#define RSS "RSS 2.0"
#define XML "XML 1.0"
#define SAFETY "podkit (safe parsing)"

#define E PK_LINT_ERROR
#define W PK_LINT_WARNING
#define N PK_LINT_NOTE

static const struct pk_lint_rule rules[R_COUNT] = {
    /* Errors: what a big app refuses, drops or cannot play, or a MUST. */
    [R_XML_WELL_FORMED] = {"xml-well-formed", E, XML,
			   "the feed is well-formed XML"},
    [R_XML_ENTITY] = {"xml-entity", E, SAFETY, "the feed declares no entities"},
    [R_XML_ERROR] = {"xml-error", E, XML,
		     "no XML error (such as an undeclared namespace prefix)"},
    [R_RSS_ROOT] = {"rss-root", E, RSS,
		    "the root is <rss> with exactly one <channel>"},
    [R_NAMESPACE_ITUNES] = {"namespace-itunes", E, APPLE,
			    "the itunes prefix is bound to Apple's URI, or "
			    "Apple sees none of its tags"},
    [R_CHANNEL_TITLE] = {"channel-title", E, APPLE,
			 "the channel has a <title>"},
    [R_CHANNEL_DESCRIPTION] = {"channel-description", E, APPLE,
			       "the channel has a <description>"},
    [R_CHANNEL_DESCRIPTION_SIZE] = {"channel-description-size", E, APPLE,
				    "the show's <description> is at most "
				    "4000 bytes"},
    [R_CHANNEL_IMAGE] = {"channel-image", E, APPLE,
			 "the channel has an <itunes:image> with an http(s) "
			 "URL of a JPEG or PNG"},
    [R_CHANNEL_LANGUAGE] = {"channel-language", E, APPLE,
			    "the channel has a <language> code (en, en-us)"},
    [R_CATEGORY] = {"category", E, APPLE,
		    "one or more <itunes:category> from Apple's current "
		    "list, subcategories one level deep"},
    [R_EXPLICIT] = {"explicit", E, APPLE,
		    "the channel has <itunes:explicit>; every "
		    "<itunes:explicit> is true or false"},
    [R_ITUNES_TYPE] = {"itunes-type", E, APPLE,
		       "<itunes:type> is episodic or serial"},
    [R_NEW_FEED_URL] = {"new-feed-url", E, APPLE,
			"<itunes:new-feed-url> is an http(s) URL (apps move "
			"subscribers to it)"},
    [R_ITEM_TITLE] = {"item-title", E, APPLE,
		      "every <item> has a <title> that is not empty"},
    [R_ENCLOSURE] = {"enclosure", E, APPLE,
		     "every <item> has an <enclosure> with an http(s) url"},
    [R_ENCLOSURE_LENGTH] = {"enclosure-length", E, RSS,
			    "every <enclosure> has a length in bytes above 0"},
    [R_ENCLOSURE_TYPE] = {"enclosure-type", E, APPLE,
			  "every <enclosure> has a type apps play: audio, "
			  "video (or Apple's PDF)"},
    [R_ENCLOSURE_DUPLICATE] = {"enclosure-duplicate", E, APPLE,
			       "no two items share an enclosure url (Apple "
			       "ignores the second)"},
    [R_GUID_DUPLICATE] = {"guid-duplicate", E, APPS,
			  "no two items share a <guid> (apps keep one)"},
    [R_PUBDATE_FORMAT] = {"pubdate-format", E, RSS,
			  "<pubDate> is an RFC 2822 date"},
    [R_DURATION] = {"duration", E, APPLE,
		    "<itunes:duration> is seconds, MM:SS or HH:MM:SS"},
    [R_EPISODE_TYPE] = {"episode-type", E, APPLE,
			"<itunes:episodeType> is full, trailer or bonus"},
    [R_ITUNES_NUMBER] = {"itunes-number", E, APPLE,
			 "<itunes:episode> and <itunes:season> are whole "
			 "numbers above 0"},
    [R_PODCAST_GUID] = {"podcast-guid", E, PC_MUST,
			"one <podcast:guid>, a version 5 UUID"},
    [R_PERSON_NAME] = {"person-name", E, PC_MUST,
		       "every <podcast:person> has a name"},
    [R_CHAPTERS_URL] = {"chapters-url", E, PC_MUST,
			"<podcast:chapters> url is an http(s) URL"},
    [R_TRANSCRIPT_URL] = {"transcript-url", E, PC_MUST,
			  "<podcast:transcript> url is an http(s) URL"},
    [R_LOCKED] = {"locked", E, PC_MUST, "<podcast:locked> is yes or no"},
    [R_PODCAST_NUMBER] = {"podcast-number", E, PC_MUST,
			  "<podcast:season> is a whole number, "
			  "<podcast:episode> a number"},
    [R_PODCAST_URL] = {"podcast-url", E, PC_MUST,
		       "<podcast:funding> and <podcast:trailer> urls are "
		       "http(s) URLs"},
    [R_TRAILER_PUBDATE] = {"trailer-pubdate", E, PC_MUST,
			   "<podcast:trailer> pubdate is an RFC 2822 date"},

    [R_P20_ALTERNATE] = {"alternate-enclosure", E, PC_MUST,
			 "<podcast:alternateEnclosure> has a type and a "
			 "<podcast:source>; source, integrity well formed"},
    [R_P20_SOUNDBITE] = {"soundbite", E, PC_MUST,
			 "<podcast:soundbite> has a startTime and a "
			 "duration in seconds"},
    [R_P20_LOCATION] = {"location", E, PC_MUST,
			"<podcast:location> has a name; geo and osm well "
			"formed"},
    [R_P20_SOCIAL] = {"social-interact", E, PC_MUST,
		      "<podcast:socialInteract> has a known protocol and a "
		      "uri"},
    [R_P20_PODROLL] = {"podroll", E, PC_MUST,
		       "<podcast:podroll> holds <podcast:remoteItem>s, each "
		       "with a feedGuid"},
    [R_P20_PUBLISHER] = {"publisher", E, PC_MUST,
			 "<podcast:publisher> holds one remoteItem with "
			 "medium publisher"},
    [R_P20_UPDATE_FREQUENCY] = {"update-frequency", E, PC_MUST,
				"<podcast:updateFrequency> has text; rrule "
				"and dtstart well formed"},
    [R_P20_VALUE] = {"value", E, PC_MUST,
		     "<podcast:value> has a type, a method and recipients "
		     "whose splits add up"},
    [R_P20_RECIPIENT] = {"value-recipient", E, PC_MUST,
			 "<podcast:valueRecipient> has a type, an address "
			 "of that type and a whole-number split"},
    [R_P20_TIME_SPLIT] = {"value-time-split", E, PC_MUST,
			  "<podcast:valueTimeSplit> has a start, a duration "
			  "and either recipients or one remoteItem"},
    [R_P20_IMAGE] = {"podcast-image", E, PC_MUST,
		     "<podcast:image> has an http(s) href"},
    [R_P20_BLOCK] = {"podcast-block", E, PC_MUST,
		     "<podcast:block> is yes or no, once per service"},
    [R_P20_CHAT] = {"chat", E, PC_MUST,
		    "<podcast:chat> has a server and a known protocol"},
    [R_P20_LIVE_ITEM] = {"live-item", E, PC_MUST,
			 "<podcast:liveItem> has a status, a start, a "
			 "title, a guid and an enclosure"},
    [R_P20_CONTENT_LINK] = {"content-link", E, PC_MUST,
			    "<podcast:contentLink> has an href and text"},

    /* Warnings: a SHOULD, an old value apps map, a type that works. */
    [R_P20_TEXT_LENGTH] = {"podcast-text-length", W, PC_SHOULD,
			   "a Podcasting 2.0 tag's text within its length"},
    [R_P20_SOUNDBITE_LENGTH] = {"soundbite-length", W, PC_SHOULD,
				"<podcast:soundbite> lasts 15 to 120 s"},
    [R_P20_LIVE_END] = {"live-item-end", W, PC_SHOULD,
			"<podcast:liveItem> gives its end time"},
    [R_XML_WARNING] = {"xml-warning", W, XML, "no XML warning"},
    [R_RSS_VERSION] = {"rss-version", W, RSS, "<rss version=\"2.0\">"},
    [R_NAMESPACE_URI] = {"namespace-uri", W, APPS,
			 "the podcast, content, atom and psc prefixes are "
			 "bound to their URIs (apps ignore tags under "
			 "another)"},
    [R_NAMESPACE_PODCAST_OLD] = {"namespace-podcast-old", W, PC_SHOULD,
				 "the podcast prefix uses the current URI, "
				 "not the old GitHub one"},
    [R_EXPLICIT_OLD_VALUE] = {"explicit-old-value", W, APPLE,
			      "<itunes:explicit> is true or false, not the "
			      "old yes, no, clean or explicit"},
    [R_CHANNEL_LINK] = {"channel-link", W, APPLE_REC,
			"the channel has a <link> to the show's site"},
    [R_CHANNEL_AUTHOR] = {"channel-author", W, APPLE_REC,
			  "the channel has an <itunes:author>"},
    [R_CHANNEL_OWNER] = {"channel-owner", W, APPLE_REC,
			 "the channel has an <itunes:owner> with an "
			 "<itunes:email>"},
    [R_CHANNEL_ITEMS] = {"channel-items", W, APPLE,
			 "the feed has at least one <item> (Apple lists no "
			 "show without one)"},
    [R_ATOM_SELF] = {"atom-self", W, RSS,
		     "the channel has an <atom:link rel=\"self\"> with the "
		     "feed's http(s) URL (RSS Advisory Board)"},
    [R_ENCLOSURE_TYPE_APPLE] = {"enclosure-type-apple", W, APPLE,
				"the enclosure type is one Apple Podcasts "
				"plays (audio/mpeg, audio/x-m4a, video/mp4, "
				"...)"},
    [R_ENCLOSURE_MULTIPLE] = {"enclosure-multiple", W, APPS,
			      "one <enclosure> per <item> (apps play the "
			      "first)"},
    [R_GUID] = {"guid", W, APPLE_REC,
		"every <item> has a <guid> that is not empty (apps "
		"otherwise key it on its enclosure url)"},
    [R_PUBDATE] = {"pubdate", W, APPLE_REC, "every <item> has a <pubDate>"},
    [R_DURATION_DECIMALS] = {"duration-decimals", W, APPLE,
			     "<itunes:duration> is whole seconds"},
    [R_ITEM_DESCRIPTION_SIZE] = {"item-description-size", W, APPLE,
				 "an episode's <description> is at most "
				 "4000 bytes (Apple shows no more)"},
    [R_ITEM_IMAGE] = {"item-image", W, APPLE,
		      "an episode's <itunes:image> is an http(s) URL of a "
		      "JPEG or PNG (apps otherwise show the show's)"},
    [R_PODCAST_GUID_URL] = {"podcast-guid-url", W, PC_SHOULD,
			    "<podcast:guid> is the UUIDv5 of the feed URL"},
    [R_PERSON_TAXONOMY] = {"person-taxonomy", W, PC_SHOULD,
			   "<podcast:person> roles and groups come from the "
			   "podcast taxonomy"},
    [R_CHAPTERS_TYPE] = {"chapters-type", W, PC_SHOULD,
			 "<podcast:chapters> type is "
			 "application/json+chapters"},
    [R_TRANSCRIPT_TYPE] = {"transcript-type", W, PC_SHOULD,
			   "<podcast:transcript> type is text/vtt, "
			   "application/x-subrip, application/json, "
			   "text/html or text/plain"},
    [R_LOCKED_OWNER] = {"locked-owner", W, PC_SHOULD,
			"<podcast:locked> names its owner"},
    [R_MEDIUM] = {"medium", W, PC_SHOULD,
		  "<podcast:medium> is one of the namespace's media"},

    /* Notes (shown with -v): style. */
    [R_DURATION_CLOCK] = {"duration-clock", N, APPLE_REC,
			  "<itunes:duration> in seconds rather than "
			  "HH:MM:SS"},
    [R_PERSON_GROUP] = {"person-group", N, PC_SHOULD,
			"a <podcast:person> role outside 'cast' names its "
			"group"},
};

const struct pk_lint_rule *pk_lint_rules(size_t *n)
{
	if (n)
		*n = R_COUNT;
	return rules;
}

const struct pk_lint_rule *lint_rule(enum lint_rule r)
{
	return &rules[r];
}

const char *pk_lint_severity_name(enum pk_lint_severity sev)
{
	switch (sev) {
	case PK_LINT_ERROR:
		return "error";
	case PK_LINT_WARNING:
		return "warning";
	case PK_LINT_NOTE:
		return "note";
	}
	return "?";
}
