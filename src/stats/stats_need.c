/* stats_need.c: how many bytes of an audio file make a download: its ID3
 * header plus one minute at its bit rate. */
#include "podkit/stats.h"
#include "media/av_input_int.h"

#include <stdio.h>

#include <libavformat/avformat.h>

/* The size of an ID3v2 tag at the head of the file (its header, syncsafe
 * size and footer), or 0 when there is none. */
static int64_t id3_size(const char *path)
{
	unsigned char h[10];
	FILE *fp = fopen(path, "rb");
	int64_t n = 0;

	if (!fp)
		return 0;
	if (fread(h, 1, sizeof(h), fp) == sizeof(h) && h[0] == 'I' &&
	    h[1] == 'D' && h[2] == '3' && !((h[6] | h[7] | h[8] | h[9]) & 0x80))
		n = 10 + ((int64_t)h[6] << 21 | (int64_t)h[7] << 14 |
			  (int64_t)h[8] << 7 | (int64_t)h[9]) +
		    ((h[5] & 0x10) ? 10 : 0);
	fclose(fp);
	return n;
}

/* The audio's bit rate in bits per second, 0 when unknown. */
static int64_t bit_rate(const char *path)
{
	AVFormatContext *fmt = NULL;
	int64_t rate = 0;
	unsigned i;

	if (pk_av_open_input(&fmt, path) < 0)
		return 0;
	if (avformat_find_stream_info(fmt, NULL) >= 0) {
		for (i = 0; i < fmt->nb_streams; i++) {
			AVCodecParameters *p = fmt->streams[i]->codecpar;

			if (p->codec_type == AVMEDIA_TYPE_AUDIO &&
			    p->bit_rate > 0) {
				rate = p->bit_rate;
				break;
			}
		}
		if (!rate && fmt->bit_rate > 0)
			rate = fmt->bit_rate;
	}
	avformat_close_input(&fmt);
	return rate;
}

int64_t pk_stats_need(const char *path, int64_t size)
{
	int64_t rate = bit_rate(path), need;

	need = rate > 0 ? id3_size(path) + 60 * rate / 8 : 1000000;
	return need > size ? size : need;
}
