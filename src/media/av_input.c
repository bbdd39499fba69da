/* av_input.c: opening media files with libavformat, local files only. */
#include "media/av_input_int.h"

#include <libavutil/dict.h>

int pk_av_open_input(AVFormatContext **ic, const char *path)
{
	AVDictionary *opts = NULL;
	int r;

	r = av_dict_set(&opts, "protocol_whitelist", "file", 0);
	if (r < 0)
		return r;
	r = avformat_open_input(ic, path, NULL, &opts);
	av_dict_free(&opts);
	return r;
}
