sine show/099-bad/a.wav 1 -20 1 8000
