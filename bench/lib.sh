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

# CPU seconds (user + system) used so far by the JIT compiler threads of the given JVM pid.
jit_cpu_seconds() {
  local pid=$1 ticks=0 t stat
  for t in /proc/"$pid"/task/*; do
    stat=$(cat "$t/stat" 2>/dev/null) || continue
    case "$stat" in
      *"(C1 CompilerThre"*|*"(C2 CompilerThre"*) ticks=$(( ticks + $(echo "${stat##*) }" | awk '{print $12 + $13}') ));;
    esac
  done
  awk "BEGIN {printf \"%.1f\", $ticks / $(getconf CLK_TCK)}"
}

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

# Environment for a live email campaign to the SMTP sink at full volume (start_sink first).
campaign_env() {
  export QUARKUS_MAILER_HOST=127.0.0.1 QUARKUS_MAILER_PORT=$SINK_PORT QUARKUS_MAILER_START_TLS=DISABLED
  export OUTREACH_DRY_RUN=false OUTREACH_APPROVAL_MODE=false OUTREACH_CAMPAIGN_DAILY_EMAIL=false
  export OUTREACH_EMAIL_DAILY_CAP=10000000
  export OUTREACH_SENDER_NAME="Bench Owner" OUTREACH_SENDER_COMPANY="Bench Co" OUTREACH_SENDER_ADDRESS="1 Bench Road, Pune" \
    OUTREACH_SENDER_EMAIL=bench@bench.example OUTREACH_SENDER_PRIVACY_URL=https://bench.example/privacy \
    OUTREACH_SENDER_SCHEDULING_URL=https://bench.example/book
  # The engine at full volume on a domain with no DNS here: deliverability has its own benchmark (bench/spam).
  export OUTREACH_DELIVERABILITY_CHECK=warn OUTREACH_WARMUP_START=0
}

# One live campaign of $2 emails, each at its own domain, tagged $1; prints "seconds peak_rss_mb".
campaign() {
  local tag=$1 leads=$2
  sql "delete from audit_event; delete from message; delete from campaign; delete from lead; delete from send_counter"
  sql "insert into lead (source, business_name, name_key, city, category, email, status, email_verified)
       select 'csv', 'Memory business ' || g, 'memory business ' || g || '$tag', 'Pune', 'retail',
              'owner@m' || g || '-$tag.example', 'verified', true from generate_series(1, $leads) g"
  local before; read -r before _ < <(sink_count)
  start_rss_sampler
  local t0; t0=$(date +%s%N)
  curl -sf -H "X-API-Key: $OUTREACH_ADMIN_API_KEY" -H 'Content-Type: application/json' \
       -d '{"channel":"email","dryRun":false}' "http://localhost:$APP_PORT/api/campaigns" > /dev/null
  while :; do
    read -r sent _ < <(sink_count) || true
    [ $(( ${sent:-0} - before )) -ge "$leads" ] && break
    [ $(( ($(date +%s%N) - t0) / 1000000000 )) -gt 600 ] && { echo "timed out" >&2; break; }
    sleep 0.2
  done
  local t1; t1=$(date +%s%N)
  echo "$(awk "BEGIN {printf \"%.1f\", ($t1 - $t0) / 1e9}") $(stop_rss_sampler)"
}

