# Notes nested 40,000 deep: block quotes, then emphasis, then lists.
mkdir -p show/099-bad
cp "$ONE_WAV" show/099-bad/a.wav
{ printf -- '---\ntitle: Deep\nnumber: 99\ndate: 2025-12-09T06:00:00Z\naudio: a.wav\n---\n'
  python3 -c "print('>' * 40000 + ' quoted'); print(); print('*' * 20000 + 'stressed' + '*' * 20000); print(); print('- ' * 20000 + 'listed')"
} > show/099-bad/episode.md
