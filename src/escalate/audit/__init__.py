"""The audit log: every read of a child's details or of partnership data, and every refused
attempt, with who, when, which escalation or report, and what. Append-only."""
