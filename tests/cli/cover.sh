#!/bin/bash
# cover.sh: `podkit cover`: Apple's cover art rules checked with a message
# that says how to fix each problem; the 1400 px copy written.
. "$(dirname "$0")/../lib.sh"
cd "$T" || exit 1

ff() { ffmpeg -loglevel error -f lavfi -i "color=c=0x3366cc:s=$1" -frames:v 1 "${@:2}"; }
ff 3000x3000 good.jpg
ff 1400x1400 -pix_fmt rgb24 good.png
ff 1600x1400 rect.jpg
ff 1000x1000 small.jpg
ff 3200x3200 big.jpg
ff 1400x1400 -pix_fmt gray grey.png
ff 1400x1400 -pix_fmt rgba alpha.png
ff 1400x1400 -c:v libwebp cover.webp 2>/dev/null || ff 1400x1400 cover.bmp
# A CMYK JPEG, which ffmpeg cannot write: Debian's Pillow can.
/usr/bin/python3 -c "
from PIL import Image
Image.new('CMYK', (1400, 1400), (0, 200, 0, 0)).save('cmyk.jpg')"
echo 'not an image' > text.jpg

check_exit "3000 px JPEG passes" 0 $PODKIT cover good.jpg
check_grep "says what it found" '^good.jpg: JPEG 3000x3000 .*: ok$' "$T/stdout"
check_exit "1400 px RGB PNG passes" 0 $PODKIT cover good.png
fails() { # fails NAME FILE PATTERN
	check_exit "$1 refused" 1 $PODKIT cover "$2"
	check_grep "$1: message" "$3" "$T/stderr"
}
fails "not square" rect.jpg '^podkit: rect.jpg: the image is 1600x1400 px and cover art must be square: crop it to 1400x1400 px$'
fails "too small" small.jpg '^podkit: small.jpg: the image is 1000x1000 px, smaller than the 1400 px Apple Podcasts requires: export it again at 3000x3000 px$'
fails "too big" big.jpg '^podkit: big.jpg: the image is 3200x3200 px, larger than the 3000 px .*scale it down to 3000x3000 px$'
fails "CMYK JPEG" cmyk.jpg '^podkit: cmyk.jpg: the image is a CMYK JPEG and Apple Podcasts needs RGB: convert it to RGB'
fails "greyscale" grey.png '^podkit: grey.png: the image is greyscale .* convert it to RGB'
fails "alpha channel" alpha.png '^podkit: alpha.png: the image has an alpha channel .*flatten it'
other=$(ls cover.webp cover.bmp 2>/dev/null | head -1)
fails "not JPEG or PNG" "$other" "^podkit: $other: the image is '[a-z]+'; Apple Podcasts takes JPEG or PNG"
fails "not an image" text.jpg '^podkit: text.jpg: '
fails "missing" nope.jpg '^podkit: nope.jpg: cannot read: No such file or directory$'

check "full and 1400 px copies" $PODKIT cover -q --full out-full.jpg --small out-1400.jpg good.jpg
check "full copy is the original" cmp good.jpg out-full.jpg
check_eq "small copy is 1400 px JPEG" \
	"$(ffprobe -v error -show_entries stream=codec_name,width,height -of csv=p=0 out-1400.jpg)" \
	"mjpeg,1400,1400"
check "small copy passes the check" $PODKIT cover -q out-1400.jpg
check_eq "small copy keeps the colour" \
	"$(ffmpeg -v error -i out-1400.jpg -vf scale=1:1 -f rawvideo -pix_fmt rgb24 - | od -An -tu1 | awk '{print ($1>40&&$1<62) && ($2>92&&$2<112) && ($3>194&&$3<214)}')" 1
echo keep > kept.jpg
check_exit "no copy of a bad cover" 1 $PODKIT cover --small kept.jpg rect.jpg
check_eq "old copy untouched" "$(cat kept.jpg)" keep
