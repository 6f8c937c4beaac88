# Shared by the benchmark scripts of this directory (source it after changing to the repository's root): the checks
# before a run, the server's CPU time from /proc, and the mboxrd every batch benchmark posts.

# --- before a run ---------------------------------------------------------------------------------------------------
require_jar() { # $1: a quarkus-run.jar
  [[ -f $1 ]] || { echo "no $1: run ./mvnw -B package -DskipTests first" >&2; exit 1; }
}
require_wrk() {
  command -v wrk > /dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
}
require_free_port() { # $1: the base URL the server will answer on
  if curl -s -o /dev/null "$1/q/health/live"; then echo "${1##*:}: port in use" >&2; exit 1; fi
}

# --- the server -----------------------------------------------------------------------------------------------------
start_server() { # $1: jar, $2: port, then extra JVM options. Logs to $WORK/server.log (WORK must exist), sets PID,
  # and on exit stops the server and removes WORK. JAVA_OPTS (unquoted: several options) comes first.
  local jar=$1 port=$2
  shift 2
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:-} "$@" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" -jar "$jar" \
    > "$WORK/server.log" 2>&1 &
  PID=$!
  trap 'kill "$PID" 2> /dev/null || true; wait "$PID" 2> /dev/null || true; rm -rf "$WORK"' EXIT
}
await_live() { # $1: base URL; up to 60 s for /q/health/live
  for _ in $(seq 600); do curl -s -o /dev/null "$1/q/health/live" && return 0; sleep 0.1; done
  echo "no answer from $1/q/health/live within 60 s" >&2
  return 1
}

# --- CPU time -------------------------------------------------------------------------------------------------------
# utime + stime are fields 14 and 15 of /proc/.../stat, counted after the ")" that ends the thread's name, which may
# hold spaces ("C2 CompilerThre"). Ticks are CLK_TCK per second; a thread that has just ended counts 0.
TICK_MS=$(( 1000 / $(getconf CLK_TCK) ))
stat_ticks() { # $1: a stat file
  local t
  t=$(sed 's/.*) //' "$1" 2> /dev/null | awk '{print $12 + $13}')
  echo "${t:-0}"
}
process_ms() { # $1: pid; every thread of the process
  echo $(( $(stat_ticks "/proc/$1/stat") * TICK_MS ))
}
threads_ms() { # $1: pid, $2: thread-name prefix ("C2" for the C2 compiler, "C" for C1 and C2)
  local sum=0 task
  for task in /proc/"$1"/task/*; do
    if [[ $(cat "$task/comm" 2> /dev/null) == "$2"* ]]; then
      sum=$(( sum + $(stat_ticks "$task/stat") ))
    fi
  done
  echo $(( sum * TICK_MS ))
}
thread_groups() { # $1: pid; "name ticks" per thread name, numbered pool threads ("-3") summed under their pool
  local t
  for t in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(tr ' ' '_' < "$t/comm" 2> /dev/null | sed 's/-[0-9]*$//')" "$(stat_ticks "$t/stat")"
  done | awk '{a[$1] += $2} END {for (k in a) print k, a[k]}' | sort
}

cpu_split() { # $1: pid; "<process> <request threads> <event loop> <C2>" in ms, read in ONE pass (one awk over the
  # stat files), so that all four figures are of the same instant: the JIT compiles on after a post ends, and
  # threads_ms' one process per thread takes long enough under load for it to add seconds.
  awk -v t="$TICK_MS" 'FNR == 1 {name = $0; sub(/^[^(]*\(/, "", name); sub(/\) .*$/, "", name)
      rest = $0; sub(/^.*\) /, "", rest); split(rest, f, " "); v = (f[12] + f[13]) * t
      if (FILENAME ~ /task/) {if (index(name, "executor") == 1) e += v; else if (index(name, "vert.x-eventloo") == 1) l += v
        else if (index(name, "C2") == 1) c += v} else p = v}
    END {print p + 0, e + 0, l + 0, c + 0}' "/proc/$1/stat" /proc/"$1"/task/*/stat 2> /dev/null
}

# --- the batch benchmarks' mailbox ----------------------------------------------------------------------------------
eml_files() { # the .eml files of each directory given (patterns already expanded by the caller), one per line
  local d f
  for d in "$@"; do
    [[ -d $d ]] || continue
    for f in "$d"/*.eml; do [[ -f $f ]] && printf '%s\n' "$f"; done
  done
}
write_mboxrd() { # $1: output file, $2: copies, then the .eml files; mboxrd: a From_ line, the message with its
  # From_-like lines escaped (">From ", ">>From "...), a blank separator line
  python3 - "$@" << 'PY'
import re, sys
out, copies, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
msgs = [open(f, 'rb').read() for f in sorted(files)]
with open(out, 'wb') as w:
    for i in range(copies):
        for m in msgs:
            w.write(b'From MAILER-DAEMON Fri Nov 14 13:48:03 2025\n')
            w.write(re.sub(rb'(?m)^(>*From )', rb'>\1', m))
            w.write(b'\n' if m.endswith(b'\n') else b'\n\n')
PY
}

# --- posting the mailbox --------------------------------------------------------------------------------------------
set_batch_accept() { # sets accept: the Accept header that ACCEPT (ndjson, the default, or summary) asks for
  case ${ACCEPT:-ndjson} in
    ndjson) accept=application/x-ndjson ;;
    summary) accept=application/json ;;
    *) echo "ACCEPT is ndjson or summary" >&2; exit 1 ;;
  esac
}
post() { # POSTs $WORK/batch.mbox to $BASE/dsn/classify/batch with Accept: $accept; the answer on stdout
  curl -s -H 'Content-Type: application/mbox' -H "Accept: $accept" \
    --data-binary "@$WORK/batch.mbox" "$BASE/dsn/classify/batch"
}
answered() { # the messages the answer on stdin covers: NDJSON entries, or the summary's "messages" count
  if [[ $accept == application/json ]]; then
    python3 -c 'import json, sys; print(json.load(sys.stdin)["messages"])'
  else
    grep -c '"index"'
  fi
}
