"""A job worker inside the `rung serve` process, so a laptop needs no second program.

It is django-tasks-db's own Worker loop run in a daemon thread (signal handling stays
with the main thread); servers run `rung worker` processes instead. If the loop dies on
an unexpected database error it is logged and restarted, so the server never goes on
serving pages while silently running no jobs.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker

log = logging.getLogger(__name__)


def _keep_running(worker: Worker) -> None:
    while worker.running:
        try:
            worker.run()
        except Exception:
            log.exception("The job worker stopped on an error; restarting it")
            close_old_connections()
            time.sleep(max(worker.interval, 1.0))


def start_in_process_worker(interval: float = 1.0) -> tuple[Worker, threading.Thread]:
    worker = Worker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME],
        interval=interval,
        batch=False,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=f"serve-{get_random_string(12)}",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=_keep_running, args=(worker,), name="rung-job-worker", daemon=True)
    thread.start()
    return worker, thread


def stop(worker: Worker, thread: threading.Thread, timeout: float = 10.0) -> None:
    """Let the current job finish, then end the loop."""
    worker.running = False
    thread.join(timeout)
