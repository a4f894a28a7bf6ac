"""Running Escalate as a service: the web server, health checks, logs, error reports,
the replica router and the deployment checks. On top of the apps; nothing below uses it."""
