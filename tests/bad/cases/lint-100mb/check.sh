# Refused quickly, in bounded memory.
s=$(date +%s%N)
/usr/bin/time -f %M -o mem $PODKIT lint big.xml >/dev/null 2>&1
test $(( ($(date +%s%N) - s) / 1000000 )) -lt 3000
test "$(tail -1 mem)" -lt 100000
