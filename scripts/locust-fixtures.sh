#!/bin/sh
# Records real Locust CSV output for the import tests (electron/core/load/locust/fixtures/).
# Needs Debian's python3-locust and a data layer to load: pass its base URL, e.g. the rehearsal
# platform's data layer (`warroom rehearse start`, then http://127.0.0.1:8001).
#   scripts/locust-fixtures.sh http://127.0.0.1:8001
set -eu
host=${1:?usage: locust-fixtures.sh BASE_URL}
dir=$(cd "$(dirname "$0")/../electron/core/load/locust/fixtures" && pwd)
plugin=$(cd "$(dirname "$0")/../resources/locust" && pwd)/warroom_companion.py
mkdir -p "$dir/completed" "$dir/stopped"

# A whole run with failures of every kind (404, a failed check, a refused connection, an exception).
locust -f "$dir/mixed_locustfile.py,$plugin" --headless --host "$host" -u 4 -r 4 -t 5s \
  --csv "$dir/completed/mixed" --csv-full-history --only-summary --exit-code-on-error 0 >/dev/null 2>&1

# The same, stopped early with SIGTERM after about 3 s of a planned minute.
locust -f "$dir/mixed_locustfile.py,$plugin" --headless --host "$host" -u 4 -r 4 -t 60s \
  --csv "$dir/stopped/mixed" --csv-full-history --only-summary --exit-code-on-error 0 >/dev/null 2>&1 &
pid=$!
sleep 3
kill -TERM "$pid"
wait "$pid" || true
echo "fixtures written to $dir"
