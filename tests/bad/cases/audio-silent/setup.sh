sox -q -n -r 44100 -c 1 -b 16 show/099-bad/a.wav trim 0 2
