sine in.wav 1 -20 2 384000
