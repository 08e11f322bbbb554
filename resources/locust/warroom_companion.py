"""Warroom's companion to a locustfile: Locust 2.12's quirks, fixed from the outside.

Warroom passes this file after yours (`-f yours.py,warroom_companion.py`) to every Locust process it
starts; it defines no users. Copy it beside your locustfile for workers on other machines.

Workers: Debian's python3-locust 2.12.1 reports an empty version, and a master refuses a worker
whose version is empty ("An old (pre 2.0) worker tried to connect"): no worker could ever join.
This file gives such a Locust a non-empty version, on the master and the workers.

CSV files: Locust 2.12 (Debian's python3-locust) writes `*_stats_history.csv`
through a buffer it flushes only every 10 seconds (a buffer can also spill mid-row), and when it
quits it neither writes the final numbers nor flushes what is buffered: the last seconds of the
history are lost and `*_stats.csv` holds the figures of the last whole second, not the run's.
This file makes every second's rows reach the disk together, and at quit writes the final
`*_stats.csv`, `*_failures.csv`, `*_exceptions.csv` and one last history row, then closes them,
so what Warroom stores is exactly what the files say.

Workers' reports: a worker sends its counts to the master every 3 seconds, so the master's history
totals grow in steps of 3 seconds, and Warroom, which takes each second's requests from the growth
of those totals, would see one busy second and two empty ones. Here workers report every second.
"""
import gc
import time

import locust.runners
import locust.stats
from locust import events
from locust.stats import StatsCSVFileWriter

if not locust.runners.__version__:
    locust.runners.__version__ = "unversioned"

# Workers report every second, as the master writes the history (read on every loop of the reporter).
locust.runners.WORKER_REPORT_INTERVAL = 1.0

# Flush on every one-second write (the check is `now - last_flush > interval`).
locust.stats.CSV_STATS_FLUSH_INTERVAL_SEC = -1


def _rewrite(handle, writer, columns, write_rows):
    handle.seek(0)
    writer.writerow(columns)
    write_rows(writer)
    handle.truncate()


@events.quit.add_listener
def _write_final_csv(**_kwargs):
    for csv_writer in [o for o in gc.get_objects() if isinstance(o, StatsCSVFileWriter)]:
        if csv_writer.requests_csv_filehandle.closed:
            continue
        _rewrite(csv_writer.requests_csv_filehandle, csv_writer.requests_csv_writer, csv_writer.requests_csv_columns, csv_writer._requests_data_rows)
        _rewrite(csv_writer.failures_csv_filehandle, csv_writer.failures_csv_writer, csv_writer.failures_columns, csv_writer._failures_data_rows)
        _rewrite(csv_writer.exceptions_csv_filehandle, csv_writer.exceptions_csv_writer, csv_writer.exceptions_columns, csv_writer._exceptions_data_rows)
        csv_writer._stats_history_data_rows(csv_writer.stats_history_csv_writer, time.time())
        csv_writer.close_files()
