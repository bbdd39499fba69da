mkdir -p show/002-zz-again
printf -- '---\ntitle: Again\nnumber: 98\ndate: 2025-12-09T06:00:00Z\naudio: a.wav\n---\nx\n' > show/002-zz-again/episode.md
cp "$ONE_WAV" show/002-zz-again/a.wav
