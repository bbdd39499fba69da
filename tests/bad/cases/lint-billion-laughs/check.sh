# Refused without expanding: fast, in bounded memory.
/usr/bin/time -f %M -o mem $PODKIT lint feed.xml >/dev/null 2>&1
test "$(tail -1 mem)" -lt 200000
