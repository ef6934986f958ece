"""On PostgreSQL the audit log is append-only in the database itself: a trigger refuses every
UPDATE, and every DELETE except from audit_prune, which sets `govlearn.audit_prune` for its own
transaction (SET LOCAL) and may only remove rows older than the 180-day minimum retention.
SQLite has no such triggers with session settings; there the model refuses instead.

TRUNCATE is left to the table owner (row triggers do not fire on it): Django's test flush and a
restore into a fresh database need it. Run the application with a database role that is not the
table owner and has no TRUNCATE privilege (docs/operations.md)."""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION trust_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND coalesce(current_setting('govlearn.audit_prune', true), '') = 'on'
       AND OLD.occurred_at < now() - interval '180 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'trust_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trust_auditevent_append_only
    BEFORE UPDATE OR DELETE ON trust_auditevent
    FOR EACH ROW EXECUTE FUNCTION trust_audit_append_only();
"""

DROP = r"""
DROP TRIGGER IF EXISTS trust_auditevent_append_only ON trust_auditevent;
DROP FUNCTION IF EXISTS trust_audit_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("trust", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
