/* av_input_int.h: opening a media file with
 * libavformat as a local file only. */
#ifndef PODKIT_AV_INPUT_H
#define PODKIT_AV_INPUT_H

#include <libavformat/avformat.h>

/* avformat_open_input for a local path, with the protocols a file may
 * reach limited to "file": a crafted file (an HLS playlist named .mp3, say)
 * cannot make ffmpeg fetch URLs. Returns what avformat_open_input returns
 * (0, or a negative AVERROR); *ic as it leaves it. */
int pk_av_open_input(AVFormatContext **ic, const char *path);

#endif
