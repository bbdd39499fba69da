: > show/099-bad/a.wav
