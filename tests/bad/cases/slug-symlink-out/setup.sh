# An episode folder that is a link to a folder outside the show.
mkdir -p elsewhere/099-bad
printf -- '---\ntitle: Outside\nnumber: 99\ndate: 2025-12-09T06:00:00Z\naudio: a.wav\n---\nx\n' > elsewhere/099-bad/episode.md
cp "$ONE_WAV" elsewhere/099-bad/a.wav
ln -s ../elsewhere/099-bad show/099-outside
