test -s out/normalized.mp3
