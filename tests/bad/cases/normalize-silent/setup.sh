sox -q -n -r 44100 -c 1 -b 16 in.wav trim 0 2
