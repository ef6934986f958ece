"""Gunicorn in production: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Threaded workers (gthread): a contest start is a burst of short requests that mostly wait on
PostgreSQL, so a few processes with several threads each serve it with a small, fixed number of
database connections (workers x threads). Every value can be overridden from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A contest start queues a thousand connections at once; the kernel holds them until a thread is
# free instead of refusing them.
backlog = int(os.environ.get("GUNICORN_BACKLOG", "2048"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak cannot grow for weeks; jitter avoids all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
