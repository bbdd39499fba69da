rm -f show/099-bad/a.wav; ln -s "$ONE_WAV" show/099-bad/a.wav
