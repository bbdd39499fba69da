# 002-again sorts before 002-good2 but is dated later: it is the one left out.
mkdir -p show/002-again
printf -- '---\ntitle: Again\nnumber: 98\ndate: 2025-12-09T06:00:00Z\naudio: a.wav\n---\nx\n' > show/002-again/episode.md
cp "$ONE_WAV" show/002-again/a.wav
