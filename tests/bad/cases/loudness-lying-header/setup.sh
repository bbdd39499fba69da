# A 1 s WAV whose data chunk claims 100 MB.
sine in.wav 1 -20 1
printf '\x00\xe1\xf5\x05' | dd of=in.wav bs=1 seek=40 conv=notrunc status=none
