# A good earlier result in place; the bad input must not replace it.
sine good.wav 1 -20 1
$PODKIT normalize -q good.wav out/normalized.mp3
sine in.wav 1 -20 1
printf '\x00\xe1\xf5\x05' | dd of=in.wav bs=1 seek=40 conv=notrunc status=none
