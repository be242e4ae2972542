# Shared helpers for the benchmark scripts. Source it; it expects to run from the repository root.
set -euo pipefail

pick_jdk() {
  local best="" best_version=0 dir version
  for dir in /usr/lib/jvm/* "${JAVA_HOME:-}"; do
    [ -x "$dir/bin/javac" ] || continue
    version=$("$dir/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    version=${version%%.*}
    if [ "${version:-0}" -ge 21 ] && [ "$version" -gt "$best_version" ]; then best="$dir"; best_version="$version"; fi
  done
  echo "$best"
}
export JAVA_HOME=${JAVA_HOME_BENCH:-$(pick_jdk)}
export PATH="$JAVA_HOME/bin:$PATH"
BENCH_DIR=target/bench
mkdir -p "$BENCH_DIR"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1]); s.close()'; }

# Builds the app and the test classes once, and the class path of the benchmark helpers.
build_once() {
  if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ ! -f target/test-classes/dev/outreach/bench/BenchDatabase.class ]; then
    ./mvnw -q -B test-compile package -DskipTests
  fi
  if [ ! -f "$BENCH_DIR/cp.txt" ]; then
    ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$BENCH_DIR/cp.txt" >/dev/null
  fi
}

# Starts an embedded PostgreSQL on a free port; sets DB_PORT and DB_PID.
start_db() {
  DB_PORT=$(free_port)
  rm -f "$BENCH_DIR/db.ready"
  java -cp "target/test-classes:$(cat "$BENCH_DIR/cp.txt")" dev.outreach.bench.BenchDatabase "$DB_PORT" \
    "$BENCH_DIR/db.ready" > "$BENCH_DIR/db.log" 2>&1 &
  DB_PID=$!
  for _ in $(seq 1 120); do [ -f "$BENCH_DIR/db.ready" ] && return 0; sleep 0.5; done
  echo "PostgreSQL did not start" >&2; cat "$BENCH_DIR/db.log" >&2; return 1
}

stop_db() { kill "$DB_PID" 2>/dev/null || true; wait "$DB_PID" 2>/dev/null || true; }

# psql and pgbench come with Debian's PostgreSQL client.
need_pg_client() {
  if ! command -v psql >/dev/null || ! command -v pgbench >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null
  fi
}

sql() { psql -q -X -v ON_ERROR_STOP=1 -At "$(psql_url)" -c "$1"; }

# A counting SMTP sink on a free port; sets SINK_PORT and SINK_PID. sink_count prints "messages duplicates".
start_sink() {
  SINK_PORT=$(free_port)
  rm -f "$BENCH_DIR/sink.status"
  java -cp "target/test-classes:$(cat "$BENCH_DIR/cp.txt")" dev.outreach.bench.SmtpSink "$SINK_PORT" \
    "$BENCH_DIR/sink.status" > "$BENCH_DIR/sink.log" 2>&1 &
  SINK_PID=$!
  for _ in $(seq 1 100); do [ -f "$BENCH_DIR/sink.status" ] && return 0; sleep 0.1; done
  echo "SMTP sink did not start" >&2; return 1
}
sink_count() { cat "$BENCH_DIR/sink.status" 2>/dev/null || echo "0 0"; }
stop_sink() { kill "$SINK_PID" 2>/dev/null || true; wait "$SINK_PID" 2>/dev/null || true; }

# Samples the app's resident memory every 200 ms into $BENCH_DIR/rss.max until stopped.
start_rss_sampler() {
  echo 0 > "$BENCH_DIR/rss.max"
  ( while kill -0 "$APP_PID" 2>/dev/null; do
      r=$(rss_mb "$APP_PID" 2>/dev/null || echo 0)
      m=$(cat "$BENCH_DIR/rss.max"); [ "${r:-0}" -gt "$m" ] && echo "$r" > "$BENCH_DIR/rss.max"
      sleep 0.2
    done ) &
  RSS_PID=$!
}
stop_rss_sampler() { kill "$RSS_PID" 2>/dev/null || true; wait "$RSS_PID" 2>/dev/null || true; cat "$BENCH_DIR/rss.max"; }

psql_url() { echo "postgresql://postgres@localhost:$DB_PORT/postgres"; }

# Environment for the packaged app against the benchmark database.
app_env() {
  export QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://localhost:$DB_PORT/postgres"
  export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$DB_PORT/postgres"
  export QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres
  export OUTREACH_ADMIN_API_KEY=bench-admin-key-0123456789abcdef
}

# Starts the packaged jar with extra JVM flags ($1) on a free port; sets APP_PORT, APP_PID, READY_MS.
start_app() {
  APP_PORT=$(free_port)
  local flags=${1:-}
  local t0; t0=$(date +%s%N)
  # shellcheck disable=SC2086
  QUARKUS_HTTP_PORT=$APP_PORT java $flags -jar target/quarkus-app/quarkus-run.jar > "$BENCH_DIR/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 600); do
    if curl -sf -o /dev/null "http://localhost:$APP_PORT/q/health/ready"; then
      READY_MS=$(( ($(date +%s%N) - t0) / 1000000 )); return 0
    fi
    sleep 0.02
  done
  echo "the app did not become ready" >&2; tail -20 "$BENCH_DIR/app.log" >&2; return 1
}

stop_app() { kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; }

# CPU seconds (user + system) used so far by the given pids and their children threads.
cpu_seconds() {
  local total=0 pid ticks
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    total=$(( total + ticks ))
  done
  awk "BEGIN {printf \"%.1f\", $total / $(getconf CLK_TCK)}"
}
postgres_pids() { pgrep -f "postgres" | tr '\n' ' '; }

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
hwm_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
