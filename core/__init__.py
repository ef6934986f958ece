"""Plumbing every app uses and no domain: import jobs (core.imports), daily jobs and the scheduler,
the rate limit, upload checks, the clock, storage for private files, the spreadsheet writer and
request-level input checks."""
