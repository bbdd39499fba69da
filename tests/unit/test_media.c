/* test_media.c: probing real audio files generated here with sox and
 * ffmpeg: durations, MIME types, and the errors for what is not audio. */
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "podkit/fsio.h"
#include "media/media_int.h"

static char dir[] = "/tmp/pk-media-XXXXXX";

/* Runs prefix + path through the shell. */
static int sh(const char *prefix, const char *path)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "%s %s", prefix, path);
	return system(cmd);
}

static void test_formats(void)
{
	struct pk_media_info mi;
	struct pk_error err = {0};
	char *wav = pk_path_join(dir, "s.wav");
	char *mp3 = pk_path_join(dir, "s.mp3");
	char *m4a = pk_path_join(dir, "s.m4a");
	char *ogg = pk_path_join(dir, "s.opus");

	snprintf(err.msg, sizeof(err.msg), "sox -q -n -r 44100 -c 2 -b 16 %s "
		 "synth 10 sine 440 gain -n -20", wav);
	CHECK(system(err.msg) == 0);
	CHECK(pk_media_probe(wav, &mi, &err) == 0);
	CHECK_NEAR(mi.duration, 10.0, 0.0001);
	CHECK_STR(mi.mime, "audio/wav");
	CHECK_INT(mi.channels, 2);
	CHECK_INT(mi.sample_rate, 44100);
	CHECK_INT(mi.length, pk_file_size(wav, NULL));
	CHECK_STR(mi.codec, "pcm_s16le");

	snprintf(err.msg, sizeof(err.msg), "ffmpeg -loglevel error -y -i %s "
		 "-c:a libmp3lame -b:a 64k -ac 1 %s", wav, mp3);
	CHECK(system(err.msg) == 0);
	CHECK(pk_media_probe(mp3, &mi, &err) == 0);
	/* The Info tag's delay and padding are not counted: exactly 10 s
	 * (the header alone says 10.03). */
	CHECK_NEAR(mi.duration, 10.0, 0.001);
	CHECK_STR(mi.mime, "audio/mpeg");
	CHECK_STR(mi.ext, "mp3");
	CHECK_INT(mi.channels, 1);

	snprintf(err.msg, sizeof(err.msg), "ffmpeg -loglevel error -y -i %s "
		 "-c:a aac -b:a 64k %s", wav, m4a);
	CHECK(system(err.msg) == 0);
	CHECK(pk_media_probe(m4a, &mi, &err) == 0);
	CHECK_NEAR(mi.duration, 10.0, 0.03);
	CHECK_STR(mi.mime, "audio/x-m4a");
	CHECK_STR(mi.codec, "aac");

	snprintf(err.msg, sizeof(err.msg), "ffmpeg -loglevel error -y -i %s "
		 "-c:a libopus -b:a 32k %s", wav, ogg);
	CHECK(system(err.msg) == 0);
	CHECK(pk_media_probe(ogg, &mi, &err) == 0);
	CHECK_NEAR(mi.duration, 10.0, 0.03);
	CHECK_STR(mi.mime, "audio/opus");
	CHECK_INT(mi.sample_rate, 48000);

	unlink(wav);
	unlink(mp3);
	unlink(m4a);
	unlink(ogg);
	free(wav);
	free(mp3);
	free(m4a);
	free(ogg);
}

static void test_errors(void)
{
	struct pk_media_info mi;
	struct pk_error err = {0};
	char *empty = pk_path_join(dir, "empty.mp3");
	char *text = pk_path_join(dir, "notes.mp3");
	char *png = pk_path_join(dir, "image.png");

	CHECK(pk_write_atomic(empty, "", 0, 0644, &err) == 0);
	CHECK_INT(pk_media_probe(empty, &mi, &err), PK_EMEDIA);
	CHECK(strstr(err.msg, "empty.mp3: the file is empty") != NULL);

	CHECK(pk_write_atomic(text, "hello, this is not audio\n", 25, 0644,
			      &err) == 0);
	CHECK_INT(pk_media_probe(text, &mi, &err), PK_EMEDIA);
	CHECK(strstr(err.msg, "notes.mp3") != NULL);

	CHECK(sh("ffmpeg -loglevel error -y -f lavfi -i color=c=red:s=16x16 "
		 "-frames:v 1", png) == 0);
	CHECK_INT(pk_media_probe(png, &mi, &err), PK_EMEDIA);
	CHECK(strstr(err.msg, "no audio stream") != NULL);

	CHECK_INT(pk_media_probe("/nonexistent/x.mp3", &mi, &err), PK_ENOENT);

	unlink(empty);
	unlink(text);
	unlink(png);
	free(empty);
	free(text);
	free(png);
}

static void test_names(void)
{
	CHECK_STR(pk_media_mime_for_name("https://cdn/x/ep1.mp3?src=rss"),
		  "audio/mpeg");
	CHECK_STR(pk_media_mime_for_name("a.M4A"), "audio/x-m4a");
	CHECK_STR(pk_media_mime_for_name("a.opus"), "audio/opus");
	CHECK(pk_media_mime_for_name("https://x/file") == NULL);
	CHECK(pk_media_mime_for_name("https://x.y/file") == NULL);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	test_formats();
	test_errors();
	test_names();
	rmdir(dir);
	return harness_done();
}
