"""Demo data: the five shipped partnerships with fictional agencies, people and escalations.

Everything here is invented: agencies are plausible but made up, people and children have
names from fixed lists of invented names, and every email address is @example.org.
``load.load_demo`` is idempotent: what exists already is left alone, and a partnership that
already has escalations gets no more.

The modules: ``names`` (invented names, usernames, agencies), ``titles`` (job titles),
``roles`` (the roles each policy needs), ``people`` (building partnerships and their people),
``acts`` and ``scenarios_*`` (the escalation stories), ``play`` (playing them),
``summary`` (what was loaded) and ``load`` (all of it, in order).
"""
