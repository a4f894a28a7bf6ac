"""The worker's loop, on top of the apps: each pass runs the jobs in ``jobs.JOBS`` in turn.

A job is a function in its own app (``notifications.deadlines.deadlines_job``, ...) that
takes ``now`` and ``worker`` by keyword and returns counts of what it did. A job that fails
is logged and the others still run.
"""
