#!/usr/bin/env bash
# Starts the built registry on a spare port, runs the Confluent-API (ccompat)
# checks documented in README.md, prints status codes and bodies, then stops it.
# Usage: devstack/registry-app/smoke-test.sh [port]   (default 18081)
set -u
cd "$(dirname "$0")"
JAR=target/proofmesh-registry-runner.jar
PORT=${1:-18081}
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -f devstack/registry-app/pom.xml package -DskipTests" >&2; exit 2; }
LOG=$(mktemp -t proofmesh-registry.XXXXXX.log)

T0=$(date +%s%N)
java -Xmx256m -Dquarkus.http.port="$PORT" -jar "$JAR" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT

code=000
for _ in $(seq 1 600); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health/ready")
  [ "$code" = 200 ] && break
  kill -0 $PID 2>/dev/null || break
  sleep 0.05
done
T1=$(date +%s%N)
if [ "$code" != 200 ]; then echo "registry not ready (last status $code); log: $LOG" >&2; cat "$LOG" >&2; exit 1; fi
echo "ready in $(( (T1 - T0) / 1000000 )) ms, RSS $(( $(ps -o rss= -p $PID) / 1024 )) MiB (pid $PID, log $LOG)"

B="http://127.0.0.1:$PORT/apis/ccompat/v7"
CT='Content-Type: application/vnd.schemaregistry.v1+json'
call() { # method path [body]
  printf '%-6s %-55s -> ' "$1" "$2"
  if [ $# -ge 3 ]; then curl -s -w ' [HTTP %{http_code}]\n' -X "$1" -H "$CT" "$B$2" --data "$3"
  else curl -s -w ' [HTTP %{http_code}]\n' -X "$1" "$B$2"; fi
}
V1='{"schema": "{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}"}'
BAD='{"schema": "{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":\"x\",\"type\":\"string\"}]}"}'
OK2='{"schema": "{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"},{\"name\":\"y\",\"type\":\"string\",\"default\":\"\"}]}"}'

call POST /subjects/test-value/versions "$V1"
call GET  /schemas/ids/1
call GET  /subjects/test-value/versions
call GET  /config
call POST /compatibility/subjects/test-value/versions/latest "$BAD"
call PUT  /config/test-value '{"compatibility":"FULL_TRANSITIVE"}'
call GET  /config/test-value
call POST /compatibility/subjects/test-value/versions/latest "$BAD"
call POST '/compatibility/subjects/test-value/versions/latest?verbose=true' "$BAD"
call POST /subjects/test-value/versions "$BAD"
call POST /subjects/test-value/versions "$OK2"
call PUT  /config '{"compatibility":"FULL_TRANSITIVE"}'
call GET  /config
call POST /subjects/other-value/versions "$V1"
call POST /subjects/other-value/versions "$BAD"
call GET  /schemas/ids/999
