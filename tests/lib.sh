# lib.sh: sourced by the shell tests in tests/cli/: checks that print
# "ok - ..." or "not ok - ..." lines, which tests/run.sh counts.
#
# A test file runs in its own scratch folder $T (removed at exit) with
# $PODKIT pointing at the binary under test and $ROOT at the repository.

ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
PODKIT=${PODKIT:-$BUILD/podkit}
T=$(mktemp -d "${TMPDIR:-/tmp}/podkit-test.XXXXXX")
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1767225600} # 2026-01-01
export NO_COLOR=1
_cleanup_hooks=""
_cleanup() {
	for h in $_cleanup_hooks; do "$h" || true; done
	rm -rf "$T"
}
trap _cleanup EXIT
# Registers a function to run at exit (to stop servers a test started).
at_exit() { _cleanup_hooks="$1 $_cleanup_hooks"; }

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; }

# check DESC CMD...: passes when CMD exits 0.
check() {
	local desc=$1; shift
	if "$@" >"$T/.out" 2>&1; then ok "$desc"; else
		not_ok "$desc"; sed 's/^/#   /' "$T/.out" | head -20; fi
}

# check_fails DESC CMD...: passes when CMD exits non-zero.
check_fails() {
	local desc=$1; shift
	if "$@" >"$T/.out" 2>&1; then
		not_ok "$desc (exited 0)"; sed 's/^/#   /' "$T/.out" | head -20
	else ok "$desc"; fi
}

# check_exit DESC CODE CMD...: passes when CMD exits with CODE; its
# stdout is kept in $T/stdout and stderr in $T/stderr.
check_exit() {
	local desc=$1 want=$2 got; shift 2
	"$@" >"$T/stdout" 2>"$T/stderr"; got=$?
	if [ "$got" = "$want" ]; then ok "$desc"; else
		not_ok "$desc (exit $got, expected $want)"
		sed 's/^/#   /' "$T/stderr" | head -20
	fi
}

# check_eq DESC GOT WANT
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1"; echo "#   got '$2', expected '$3'"; fi
}

# check_grep DESC PATTERN FILE: FILE has a line matching PATTERN (grep -E).
check_grep() {
	if grep -qE -- "$2" "$3"; then ok "$1"; else
		not_ok "$1"; echo "#   no line matching '$2' in $3:"
		sed 's/^/#   /' "$3" | head -20
	fi
}

# check_no_grep DESC PATTERN FILE: no line of FILE matches.
check_no_grep() {
	if ! grep -qE -- "$2" "$3"; then ok "$1"; else
		not_ok "$1"; grep -nE -- "$2" "$3" | head -5 | sed 's/^/#   /'
	fi
}

# check_diff DESC EXPECTED ACTUAL: the files are the same (diff -u shown).
check_diff() {
	if diff -u "$2" "$3" >"$T/.diff" 2>&1; then ok "$1"; else
		not_ok "$1"; sed 's/^/#   /' "$T/.diff" | head -40; fi
}

# A free TCP port on 127.0.0.1.
free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_port PORT [SECONDS]: waits until something listens on 127.0.0.1:PORT.
# PODKIT_TEST_SLOWDOWN (a whole number; tests/memcheck.sh sets it) scales
# the wait for a podkit that runs under valgrind.
wait_port() {
	local i=0 limit=$(( ${2:-10} * 10 * ${PODKIT_TEST_SLOWDOWN:-1} ))
	while [ $i -lt $limit ]; do
		if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

# wait_grep PATTERN FILE [SECONDS]: waits until FILE has a line matching
# PATTERN (grep -E), for what a server writes just after it listens or
# answers; fails when it never comes.
wait_grep() {
	local i=0 limit=$(( ${3:-5} * 10 * ${PODKIT_TEST_SLOWDOWN:-1} ))
	while [ $i -lt $limit ]; do
		grep -qE -- "$1" "$2" 2>/dev/null && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

# sine FILE SECONDS DBFS [CHANNELS] [RATE]: a 1 kHz sine whose peak is DBFS
# in every channel (in stereo, -23 dBFS reads -23 LUFS by BS.1770).
sine() {
	sox -q -n -r "${5:-44100}" -c "${4:-2}" -b 16 "$1" \
		synth "$2" sine 1000 gain -n "$3"
}

# segs_ebur AUDIO START:END...: "I LRA" (LUFS, LU) of those stretches of
# AUDIO cut out and joined (ffmpeg atrim + concat, read by ffmpeg's
# ebur128 filter). ffmpeg 5 prints a summary for a first, empty graph
# too: the last one counts.
segs_ebur() {
	local f=$1 graph="" labels="" n=0 s; shift
	for s in "$@"; do
		graph="$graph[0:a]atrim=start=${s%:*}:end=${s#*:},asetpts=PTS-STARTPTS[s$n];"
		labels="$labels[s$n]"; n=$((n + 1))
	done
	ffmpeg -nostdin -hide_banner -nostats -i "$f" -filter_complex \
		"${graph}${labels}concat=n=$n:v=0:a=1,ebur128[o]" -map '[o]' \
		-f null - 2>&1 |
		awk '/Integrated loudness:/{s=1; next} s && /I:/{i=$2; s=0}
		     /Loudness range:/{r=1; next} r && /LRA:/{l=$2; r=0}
		     END{print i, l}'
}
# segs_lufs AUDIO START:END...: the integrated loudness alone.
segs_lufs() {
	local r
	r=$(segs_ebur "$@")
	echo "${r% *}"
}

# speaker_spread AUDIO VTT: each speaker's loudness over their cues in
# VTT (WebVTT <v Name> cues), by segs_lufs, one "NAME LUFS" line each,
# then "spread LU" (loudest minus quietest).
speaker_spread() {
	local audio=$1 vtt=$2 name l lo="" hi=""
	/usr/bin/python3 - "$vtt" >"$T/.cues" <<'PY'
import re, sys
def sec(t):
    p = t.split(":")
    return sum(float(x) * 60 ** i for i, x in enumerate(reversed(p)))
cues = {}
text = open(sys.argv[1], encoding="utf-8").read()
for m in re.finditer(r"([\d:.]+) --> ([\d:.]+)[^\n]*\n<v ([^>]+)>", text):
    cues.setdefault(m.group(3), []).append("%.3f:%.3f" % (sec(m.group(1)), sec(m.group(2))))
for name, segs in cues.items():
    print(name.replace(" ", "_"), " ".join(segs))
PY
	while read -r name segs; do
		# shellcheck disable=SC2086
		l=$(segs_lufs "$audio" $segs)
		echo "$name $l"
		[ -n "$l" ] || continue
		lo=$(awk -v a="$l" -v b="$lo" 'BEGIN{print (b == "" || a < b) ? a : b}')
		hi=$(awk -v a="$l" -v b="$hi" 'BEGIN{print (b == "" || a > b) ? a : b}')
	done <"$T/.cues"
	awk -v a="$hi" -v b="$lo" 'BEGIN{if (a != "") printf "spread %.2f\n", a - b}'
}

# near NAME GOT WANT TOL, at_most NAME GOT MAX, at_least NAME GOT MIN:
# figures compared as the meters print them (0.1 LU, 0.01 dB), so a
# difference of exactly TOL passes however the decimals round in binary.
PK_CMP_EPS=0.000001
near() {
	if awk -v g="$2" -v w="$3" -v t="$4" -v e="$PK_CMP_EPS" \
		'BEGIN{d=g-w; if(d<0)d=-d; exit !(g!="" && d<=t+e)}'
	then ok "$1 ($2)"; else not_ok "$1"; echo "#   got '$2', expected $3 +- $4"; fi
}
at_most() {
	if awk -v g="$2" -v m="$3" -v e="$PK_CMP_EPS" 'BEGIN{exit !(g!="" && g<=m+e)}'
	then ok "$1 ($2)"; else not_ok "$1"; echo "#   got '$2', expected <= $3"; fi
}
at_least() {
	if awk -v g="$2" -v m="$3" -v e="$PK_CMP_EPS" 'BEGIN{exit !(g!="" && g>=m-e)}'
	then ok "$1 ($2)"; else not_ok "$1"; echo "#   got '$2', expected >= $3"; fi
}
