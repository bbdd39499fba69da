// tag_taglib.cc: the TagLib shim, podkit's only C++: tags in and out of
// MP3 (ID3v2) and M4A files behind the C interface of tag.h.
//
// Every entry point catches every exception and turns it into a
// pk_error; nothing C++ crosses into C.

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include <strings.h>
#include <unistd.h>

#include <taglib/attachedpictureframe.h>
#include <taglib/chapterframe.h>
#include <taglib/commentsframe.h>
#include <taglib/id3v2tag.h>
#include <taglib/mp4coverart.h>
#include <taglib/mp4file.h>
#include <taglib/mp4tag.h>
#include <taglib/mpegfile.h>
#include <taglib/podcastframe.h>
#include <taglib/tableofcontentsframe.h>
#include <taglib/tdebuglistener.h>
#include <taglib/textidentificationframe.h>
#include <taglib/urllinkframe.h>

extern "C" {
#include "podkit/fsio.h"
#include "podkit/mp4_chapters.h"
#include "podkit/tag.h"
}

using namespace TagLib;

namespace {

// TagLib reports oddities on stderr through its debug listener; the
// library must not print, so they go nowhere.
class Quiet : public DebugListener {
public:
	void printMessage(const String &) override {}
};
Quiet quiet;

// Installs the listener once, whichever thread tags first (a function
// static's initialisation is thread-safe).
void quiet_taglib()
{
	static const bool done = (setDebugListener(&quiet), true);
	(void)done;
}

enum Kind { KIND_UNKNOWN, KIND_MP3, KIND_MP4 };

// Tells the container from the first bytes, not from the name.
Kind sniff(const char *path)
{
	unsigned char b[12] = {0};
	FILE *fp = std::fopen(path, "rb");
	size_t n;

	if (!fp)
		return KIND_UNKNOWN;
	n = std::fread(b, 1, sizeof(b), fp);
	std::fclose(fp);
	if (n >= 8 && std::memcmp(b + 4, "ftyp", 4) == 0)
		return KIND_MP4;
	if (n >= 3 && std::memcmp(b, "ID3", 3) == 0)
		return KIND_MP3;
	if (n >= 2 && b[0] == 0xff && (b[1] & 0xe0) == 0xe0)
		return KIND_MP3;
	return KIND_UNKNOWN;
}

String u8(const char *s)
{
	return String(s ? s : "", String::UTF8);
}

// A malloc'd copy of a TagLib string (NULL when empty).
char *dup(const String &s)
{
	if (s.isEmpty())
		return nullptr;
	std::string c = s.to8Bit(true);
	char *p = static_cast<char *>(std::malloc(c.size() + 1));
	if (!p)
		throw std::bad_alloc();
	std::memcpy(p, c.c_str(), c.size() + 1);
	return p;
}

void set_str(char **field, const String &s)
{
	std::free(*field);
	*field = nullptr;
	*field = dup(s);
}

bool ieq_prefix(const String &s, const char *prefix)
{
	std::string a = s.upper().to8Bit(true);
	std::string p = String(prefix).upper().to8Bit(true);
	return a.compare(0, p.size(), p) == 0;
}

// ---- MP3 ----------------------------------------------------------------

const char *const managed_frames[] = {
	"TIT2", "TPE1", "TALB", "TRCK", "TPOS", "TDRL", "TDRC", "TYER",
	"TDAT", "TIME", "TCON", "PCST", "TCAT", "TDES", "TGID", "WFED",
	"TCOP", "APIC", "CHAP", "CTOC", "RVA2", "RVAD",
};

// Drops what podkit rewrites, and the loudness tags that would make a
// player re-adjust audio that is already normalised.
void strip_mp3(ID3v2::Tag *tag)
{
	for (const char *id : managed_frames)
		tag->removeFrames(id);
	ID3v2::FrameList txxx = tag->frameList("TXXX");
	for (auto *f : txxx) {
		auto *u = dynamic_cast<ID3v2::UserTextIdentificationFrame *>(f);
		if (u && (ieq_prefix(u->description(), "replaygain_") ||
			  ieq_prefix(u->description(), "mp3gain_")))
			tag->removeFrame(f);
	}
	ID3v2::FrameList comm = tag->frameList("COMM");
	for (auto *f : comm) {
		auto *c = dynamic_cast<ID3v2::CommentsFrame *>(f);
		if (c && (c->description().isEmpty() ||
			  c->description() == "iTunNORM"))
			tag->removeFrame(f);
	}
}

void add_text(ID3v2::Tag *tag, const char *id, const String &value,
	      String::Type enc)
{
	if (value.isEmpty())
		return;
	auto *f = new ID3v2::TextIdentificationFrame(ByteVector(id), enc);
	f->setText(value);
	tag->addFrame(f);
}

unsigned to_ms(double s)
{
	return s <= 0 ? 0u : static_cast<unsigned>(s * 1000.0 + 0.5);
}

void write_mp3(const char *path, const struct pk_tags *t, bool v24)
{
	MPEG::File f(path);
	if (!f.isValid())
		throw std::runtime_error("not an MP3 file TagLib can read");
	ID3v2::Tag *tag = f.ID3v2Tag(true);
	// 2.3 has no UTF-8; TagLib would convert anyway, say it here.
	String::Type enc = v24 ? String::UTF8 : String::UTF16;

	strip_mp3(tag);
	add_text(tag, "TIT2", u8(t->title), enc);
	add_text(tag, "TPE1", u8(t->artist), enc);
	add_text(tag, "TALB", u8(t->album), enc);
	if (t->track > 0)
		add_text(tag, "TRCK", String::number(t->track), enc);
	if (t->disc > 0)
		add_text(tag, "TPOS", String::number(t->disc), enc);
	if (t->date && *t->date) {
		// TDRC becomes TYER/TDAT/TIME when TagLib saves 2.3; TDRL
		// (release time) exists only in 2.4.
		add_text(tag, "TDRC", u8(t->date), enc);
		if (v24)
			add_text(tag, "TDRL", u8(t->date), enc);
	}
	add_text(tag, "TCON", u8(t->genre), enc);
	if (t->podcast)
		tag->addFrame(new ID3v2::PodcastFrame());
	add_text(tag, "TCAT", u8(t->category), enc);
	add_text(tag, "TDES", u8(t->description), enc);
	add_text(tag, "TGID", u8(t->guid), enc);
	// Apple's WFED is a text frame (encoding byte + URL), and TagLib
	// parses it as one.
	add_text(tag, "WFED", u8(t->feed_url), String::Latin1);
	add_text(tag, "TCOP", u8(t->copyright), enc);
	if (t->summary && *t->summary) {
		auto *c = new ID3v2::CommentsFrame(enc);
		c->setLanguage("eng");
		c->setDescription("");
		c->setText(u8(t->summary));
		tag->addFrame(c);
	}
	if (t->cover && t->cover_len) {
		auto *p = new ID3v2::AttachedPictureFrame();
		p->setTextEncoding(enc);
		p->setMimeType(t->cover_mime ? t->cover_mime : "image/jpeg");
		p->setType(ID3v2::AttachedPictureFrame::FrontCover);
		p->setDescription("");
		p->setPicture(ByteVector(reinterpret_cast<const char *>(
						 t->cover),
					 static_cast<unsigned>(t->cover_len)));
		tag->addFrame(p);
	}
	if (t->nchapters) {
		ByteVectorList ids;
		for (size_t i = 0; i < t->nchapters; i++) {
			const struct pk_tag_chapter *c = &t->chapters[i];
			std::string sid = "chp" + std::to_string(i);
			ByteVector id(sid.c_str());
			auto *ch = new ID3v2::ChapterFrame(
				id, to_ms(c->start), to_ms(c->end),
				0xffffffffu, 0xffffffffu);
			auto *tit = new ID3v2::TextIdentificationFrame(
				"TIT2", enc);
			tit->setText(u8(c->title));
			ch->addEmbeddedFrame(tit);
			if (c->url && *c->url) {
				auto *w = new ID3v2::UserUrlLinkFrame(enc);
				w->setDescription("chapter url");
				w->setUrl(u8(c->url));
				ch->addEmbeddedFrame(w);
			}
			tag->addFrame(ch);
			ids.append(id);
		}
		auto *toc = new ID3v2::TableOfContentsFrame("toc", ids);
		toc->setIsTopLevel(true);
		toc->setIsOrdered(true);
		tag->addFrame(toc);
	}
	if (!f.save(MPEG::File::ID3v2, File::StripOthers,
		    v24 ? ID3v2::v4 : ID3v2::v3))
		throw std::runtime_error("TagLib could not save the tags");
}

String first_text(ID3v2::Tag *tag, const char *id)
{
	const ID3v2::FrameList &l = tag->frameList(id);
	return l.isEmpty() ? String() : l.front()->toString();
}

void read_mp3(const char *path, struct pk_tags *t)
{
	MPEG::File f(path);
	if (!f.isValid())
		throw std::runtime_error("not an MP3 file TagLib can read");
	if (f.audioProperties())
		t->duration =
			f.audioProperties()->lengthInMilliseconds() / 1000.0;
	if (!f.hasID3v2Tag())
		return;
	ID3v2::Tag *tag = f.ID3v2Tag();
	set_str(&t->title, first_text(tag, "TIT2"));
	set_str(&t->artist, first_text(tag, "TPE1"));
	set_str(&t->album, first_text(tag, "TALB"));
	t->track = first_text(tag, "TRCK").toInt();
	t->disc = first_text(tag, "TPOS").toInt();
	String date = first_text(tag, "TDRL");
	if (date.isEmpty())
		date = first_text(tag, "TDRC");
	set_str(&t->date, date);
	set_str(&t->genre, first_text(tag, "TCON"));
	t->podcast = !tag->frameList("PCST").isEmpty();
	set_str(&t->category, first_text(tag, "TCAT"));
	set_str(&t->description, first_text(tag, "TDES"));
	set_str(&t->guid, first_text(tag, "TGID"));
	set_str(&t->feed_url, first_text(tag, "WFED"));
	set_str(&t->copyright, first_text(tag, "TCOP"));
	for (auto *fr : tag->frameList("COMM")) {
		auto *c = dynamic_cast<ID3v2::CommentsFrame *>(fr);
		if (c && c->description().isEmpty()) {
			set_str(&t->summary, c->text());
			break;
		}
	}
	ID3v2::AttachedPictureFrame *pic = nullptr;
	for (auto *fr : tag->frameList("APIC")) {
		auto *p = dynamic_cast<ID3v2::AttachedPictureFrame *>(fr);
		if (p && (!pic || p->type() ==
			  ID3v2::AttachedPictureFrame::FrontCover))
			pic = p;
	}
	if (pic) {
		ByteVector d = pic->picture();
		t->cover = static_cast<unsigned char *>(std::malloc(
			d.size() ? d.size() : 1));
		if (!t->cover)
			throw std::bad_alloc();
		std::memcpy(t->cover, d.data(), d.size());
		t->cover_len = d.size();
		set_str(&t->cover_mime, pic->mimeType());
	}

	// Chapters in the order of the top-level CTOC when there is one,
	// else in the order of their start times.
	std::vector<ID3v2::ChapterFrame *> chaps;
	for (auto *fr : tag->frameList("CHAP"))
		if (auto *c = dynamic_cast<ID3v2::ChapterFrame *>(fr))
			chaps.push_back(c);
	std::vector<ID3v2::ChapterFrame *> order;
	for (auto *fr : tag->frameList("CTOC")) {
		auto *toc = dynamic_cast<ID3v2::TableOfContentsFrame *>(fr);
		if (!toc || !toc->isTopLevel())
			continue;
		for (const auto &id : toc->childElements())
			for (auto *c : chaps)
				if (c->elementID() == id)
					order.push_back(c);
		break;
	}
	if (order.size() != chaps.size()) {
		order = chaps;
		std::stable_sort(order.begin(), order.end(),
				 [](ID3v2::ChapterFrame *a,
				    ID3v2::ChapterFrame *b) {
					 return a->startTime() < b->startTime();
				 });
	}
	if (order.empty())
		return;
	std::vector<struct pk_tag_chapter> v(order.size());
	std::vector<std::string> titles(order.size()), urls(order.size());
	for (size_t i = 0; i < order.size(); i++) {
		ID3v2::ChapterFrame *c = order[i];
		v[i].start = c->startTime() / 1000.0;
		v[i].end = c->endTime() / 1000.0;
		const ID3v2::FrameList &tl = c->embeddedFrameList("TIT2");
		if (!tl.isEmpty())
			titles[i] = tl.front()->toString().to8Bit(true);
		const ID3v2::FrameList &wl = c->embeddedFrameList("WXXX");
		if (!wl.isEmpty()) {
			auto *w = dynamic_cast<ID3v2::UserUrlLinkFrame *>(
				wl.front());
			if (w)
				urls[i] = w->url().to8Bit(true);
		}
		v[i].title = const_cast<char *>(titles[i].c_str());
		v[i].url = urls[i].empty() ? nullptr
					   : const_cast<char *>(urls[i].c_str());
	}
	if (pk_tags_set_chapters(t, v.data(), v.size()) < 0)
		throw std::bad_alloc();
}

// ---- MP4 ----------------------------------------------------------------

void mp4_str(MP4::Tag *tag, const char *key, const char *value)
{
	if (value && *value)
		tag->setItem(key, StringList(u8(value)));
	else
		tag->removeItem(key);
}

void write_mp4(const char *path, const struct pk_tags *t)
{
	MP4::File f(path);
	if (!f.isValid())
		throw std::runtime_error("not an MP4 file TagLib can read");
	MP4::Tag *tag = f.tag();
	if (!tag)
		throw std::runtime_error("TagLib found no MP4 tag");

	// Loudness leftovers from iTunes and ReplayGain tools.
	std::vector<String> stale;
	for (const auto &kv : tag->itemMap())
		if (ieq_prefix(kv.first, "----:com.apple.iTunes:iTunNORM") ||
		    ieq_prefix(kv.first,
			       "----:com.apple.iTunes:replaygain_"))
			stale.push_back(kv.first);
	for (const auto &k : stale)
		tag->removeItem(k);

	mp4_str(tag, "\251nam", t->title);
	mp4_str(tag, "\251ART", t->artist);
	mp4_str(tag, "\251alb", t->album);
	mp4_str(tag, "tvsh", t->album);
	if (t->track > 0)
		tag->setItem("trkn", MP4::Item(t->track, 0));
	else
		tag->removeItem("trkn");
	if (t->disc > 0)
		tag->setItem("disk", MP4::Item(t->disc, 0));
	else
		tag->removeItem("disk");
	mp4_str(tag, "\251day", t->date);
	mp4_str(tag, "\251gen", t->genre);
	if (t->podcast)
		tag->setItem("pcst", MP4::Item(true));
	else
		tag->removeItem("pcst");
	mp4_str(tag, "catg", t->category);
	mp4_str(tag, "ldes", t->description);
	mp4_str(tag, "desc", t->summary);
	mp4_str(tag, "egid", t->guid);
	mp4_str(tag, "purl", t->feed_url);
	mp4_str(tag, "cprt", t->copyright);
	if (t->cover && t->cover_len) {
		bool png = t->cover_mime &&
			   std::strcmp(t->cover_mime, "image/png") == 0;
		MP4::CoverArtList l;
		l.append(MP4::CoverArt(
			png ? MP4::CoverArt::PNG : MP4::CoverArt::JPEG,
			ByteVector(reinterpret_cast<const char *>(t->cover),
				   static_cast<unsigned>(t->cover_len))));
		tag->setItem("covr", l);
	} else {
		tag->removeItem("covr");
	}
	if (!f.save())
		throw std::runtime_error("TagLib could not save the tags");
}

String mp4_get(MP4::Tag *tag, const char *key)
{
	if (!tag->contains(key))
		return String();
	StringList l = tag->item(key).toStringList();
	return l.isEmpty() ? String() : l.front();
}

void read_mp4(const char *path, struct pk_tags *t)
{
	{
		MP4::File f(path);
		if (!f.isValid())
			throw std::runtime_error(
				"not an MP4 file TagLib can read");
		MP4::Tag *tag = f.tag();
		if (tag) {
			set_str(&t->title, mp4_get(tag, "\251nam"));
			set_str(&t->artist, mp4_get(tag, "\251ART"));
			set_str(&t->album, mp4_get(tag, "\251alb"));
			if (tag->contains("trkn"))
				t->track = tag->item("trkn").toIntPair().first;
			if (tag->contains("disk"))
				t->disc = tag->item("disk").toIntPair().first;
			set_str(&t->date, mp4_get(tag, "\251day"));
			set_str(&t->genre, mp4_get(tag, "\251gen"));
			t->podcast = tag->contains("pcst") &&
				     tag->item("pcst").toBool();
			set_str(&t->category, mp4_get(tag, "catg"));
			set_str(&t->description, mp4_get(tag, "ldes"));
			set_str(&t->summary, mp4_get(tag, "desc"));
			set_str(&t->guid, mp4_get(tag, "egid"));
			set_str(&t->feed_url, mp4_get(tag, "purl"));
			set_str(&t->copyright, mp4_get(tag, "cprt"));
			if (tag->contains("covr")) {
				MP4::CoverArtList l =
					tag->item("covr").toCoverArtList();
				if (!l.isEmpty()) {
					ByteVector d = l.front().data();
					t->cover = static_cast<unsigned char *>(
						std::malloc(d.size() ? d.size()
								     : 1));
					if (!t->cover)
						throw std::bad_alloc();
					std::memcpy(t->cover, d.data(),
						    d.size());
					t->cover_len = d.size();
					set_str(&t->cover_mime,
						l.front().format() ==
								MP4::CoverArt::PNG
							? "image/png"
							: "image/jpeg");
				}
			}
		}
	}
	struct pk_tag_chapter *ch = nullptr;
	size_t n = 0;
	struct pk_error e = {};
	if (pk_mp4_read_chapters(path, &ch, &n, &t->duration, &e) < 0)
		throw std::runtime_error(e.msg);
	pk_tag_chapters_free(t->chapters, t->nchapters);
	t->chapters = ch;
	t->nchapters = n;
}

// "podkit-tag" temporaries live beside the target so rename is atomic.
// The name keeps the extension, which muxers and TagLib look at.
std::string temp_beside(const char *path)
{
	const char *dot = std::strrchr(path, '.');
	const char *slash = std::strrchr(path, '/');

	if (!dot || (slash && dot < slash))
		return std::string(path) + ".podkit-tmp";
	return std::string(path, dot) + ".podkit-tmp" + dot;
}

const char *mp4_muxer(const char *path)
{
	const char *dot = std::strrchr(path, '.');
	if (dot && (strcasecmp(dot, ".m4a") == 0 ||
		    strcasecmp(dot, ".m4b") == 0))
		return "ipod";
	return "mp4";
}

} // namespace

extern "C" int pk_tags_write(const char *path, const struct pk_tags *t,
			     const struct pk_tag_opts *opts,
			     struct pk_error *err)
{
	std::string tmp;
	int r = 0;

	try {
		quiet_taglib();
		Kind k = sniff(path);
		if (k == KIND_UNKNOWN) {
			if (access(path, R_OK) != 0)
				return pk_error_errno(err, PK_EIO,
						      "%s: cannot read", path);
			return pk_error_set(err, PK_EMEDIA,
					    "%s: not an MP3 or M4A file",
					    path);
		}
		tmp = temp_beside(path);
		if (k == KIND_MP4)
			r = pk_mp4_remux_chapters(path, tmp.c_str(),
						  mp4_muxer(path), t->chapters,
						  t->nchapters, err);
		else
			r = pk_copy_file(path, tmp.c_str(), err);
		if (r < 0)
			goto fail;
		if (k == KIND_MP4)
			write_mp4(tmp.c_str(), t);
		else
			write_mp3(tmp.c_str(), t, opts && opts->id3v24);
		if (std::rename(tmp.c_str(), path) != 0) {
			r = pk_error_errno(err, PK_EIO, "%s: cannot replace",
					   path);
			goto fail;
		}
		return 0;
	} catch (const std::bad_alloc &) {
		r = pk_error_set(err, PK_ENOMEM, "%s: out of memory", path);
	} catch (const std::exception &e) {
		r = pk_error_set(err, PK_EMEDIA, "%s: %s", path, e.what());
	} catch (...) {
		r = pk_error_set(err, PK_EINTERNAL,
				 "%s: unexpected failure in TagLib", path);
	}
fail:
	if (!tmp.empty())
		std::remove(tmp.c_str());
	return r;
}

extern "C" int pk_tags_read(const char *path, struct pk_tags *t,
			    struct pk_error *err)
{
	try {
		quiet_taglib();
		pk_tags_release(t);
		pk_tags_init(t);
		switch (sniff(path)) {
		case KIND_MP3:
			read_mp3(path, t);
			return 0;
		case KIND_MP4:
			read_mp4(path, t);
			return 0;
		default:
			if (access(path, R_OK) != 0)
				return pk_error_errno(err, PK_EIO,
						      "%s: cannot read", path);
			return pk_error_set(err, PK_EMEDIA,
					    "%s: not an MP3 or M4A file",
					    path);
		}
	} catch (const std::bad_alloc &) {
		return pk_error_set(err, PK_ENOMEM, "%s: out of memory", path);
	} catch (const std::exception &e) {
		return pk_error_set(err, PK_EMEDIA, "%s: %s", path, e.what());
	} catch (...) {
		return pk_error_set(err, PK_EINTERNAL,
				    "%s: unexpected failure in TagLib", path);
	}
}
