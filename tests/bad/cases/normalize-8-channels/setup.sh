sine in.wav 1 -20 8
