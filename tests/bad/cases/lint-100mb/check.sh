# Refused quickly, in bounded memory. Under valgrind (tests/memcheck.sh sets
# PODKIT_TEST_SLOWDOWN) the time bound scales and the peak memory measured
# is valgrind's, so it is not checked.
s=$(date +%s%N)
/usr/bin/time -f %M -o mem $PODKIT lint big.xml >/dev/null 2>&1
test $(( ($(date +%s%N) - s) / 1000000 )) -lt \
	$(( 3000 * ${PODKIT_TEST_SLOWDOWN:-1} )) &&
{ [ "${PODKIT_TEST_SLOWDOWN:-1}" -gt 1 ] || test "$(tail -1 mem)" -lt 100000; }
