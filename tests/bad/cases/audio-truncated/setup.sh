# A 2 s recording cut off after 3000 bytes: the header still says 2 s.
sine full.wav 2 -20 1
head -c 3000 full.wav > show/099-bad/a.wav
