# A 1 MB title on line 2.
{ printf -- '---\ntitle: '; head -c 1048576 /dev/zero | tr '\0' x
  printf '\nnumber: 99\ndate: 2025-12-09T06:00:00Z\naudio: a.wav\n---\nNotes.\n'
} > show/099-bad/episode.md
