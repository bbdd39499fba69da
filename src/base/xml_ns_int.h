/* xml_ns_int.h: the XML namespace URIs of a podcast feed, exactly as they
 * must be written: the feed writes them and lint checks a feed against them.
 * Includes nothing. */
#ifndef PODKIT_XML_NS_INT_H
#define PODKIT_XML_NS_INT_H

#define PK_NS_ITUNES "http://www.itunes.com/dtds/podcast-1.0.dtd"
#define PK_NS_PODCAST "https://podcastindex.org/namespace/1.0"
#define PK_NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define PK_NS_ATOM "http://www.w3.org/2005/Atom"
#define PK_NS_PSC "http://podlove.org/simple-chapters"

#endif
