"""Plumbing every app uses and no domain: storage for private files, the spreadsheet writer,
request-level input checks, and (as they move here) import jobs, the scheduler and the clock."""
