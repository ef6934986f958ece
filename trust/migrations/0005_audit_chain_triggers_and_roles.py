"""Chain the existing audit events, and make the log append-only in the database on both engines.

PostgreSQL: the trigger now refuses every UPDATE; a DELETE only from the table owner (which the
application's role is not, docs/operations.md) and only of rows older than the 180-day minimum;
and an INSERT back-dated by more than ten minutes unless by the owner (restores, fixtures). The
prune exception is the SECURITY DEFINER function trust_audit_prune(cutoff), runnable only by roles
granted EXECUTE on it (the maintenance role), replacing the `govlearn.audit_prune` session
setting, which any connection could set.

SQLite: triggers refuse every UPDATE, and a DELETE unless the connection's govlearn_audit_mode()
(trust.audit_chain.maintenance) says a prune (old rows only) or a whole-database flush runs.
SQLite drops a table's triggers when a migration rebuilds the table: a later migration that alters
trust_auditevent must create them again (tests/trust/test_audit_chain.py notices).
"""

from django.db import migrations

PG_CREATE = r"""
CREATE OR REPLACE FUNCTION trust_audit_append_only() RETURNS trigger AS $$
DECLARE
    is_owner boolean := current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class
                                         WHERE oid = TG_RELID);
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF is_owner OR NEW.occurred_at >= clock_timestamp() - interval '10 minutes' THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'trust_auditevent is append-only: back-dated INSERT refused'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' AND is_owner AND OLD.occurred_at < now() - interval '180 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'trust_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS trust_auditevent_append_only ON trust_auditevent;
CREATE TRIGGER trust_auditevent_append_only
    BEFORE INSERT OR UPDATE OR DELETE ON trust_auditevent
    FOR EACH ROW EXECUTE FUNCTION trust_audit_append_only();

CREATE OR REPLACE FUNCTION trust_audit_prune(cutoff timestamptz) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    deleted bigint;
BEGIN
    DELETE FROM trust_auditevent
        WHERE occurred_at < least(cutoff, now() - interval '180 days');
    GET DIAGNOSTICS deleted = ROW_COUNT;
    RETURN deleted;
END;
$$;
REVOKE ALL ON FUNCTION trust_audit_prune(timestamptz) FROM PUBLIC;
"""

PG_DROP = r"""
DROP FUNCTION IF EXISTS trust_audit_prune(timestamptz);
DROP TRIGGER IF EXISTS trust_auditevent_append_only ON trust_auditevent;
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

SQLITE_CREATE = [
    """CREATE TRIGGER IF NOT EXISTS trust_auditevent_no_update
    BEFORE UPDATE ON trust_auditevent
    BEGIN SELECT RAISE(ABORT, 'trust_auditevent is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER IF NOT EXISTS trust_auditevent_no_delete
    BEFORE DELETE ON trust_auditevent
    WHEN NOT (govlearn_audit_mode() = 'flush'
              OR (govlearn_audit_mode() = 'prune'
                  AND OLD.occurred_at < strftime('%Y-%m-%d %H:%M:%f', 'now', '-180 days')))
    BEGIN SELECT RAISE(ABORT, 'trust_auditevent is append-only: DELETE refused'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS trust_auditevent_no_update",
    "DROP TRIGGER IF EXISTS trust_auditevent_no_delete",
]


def chain_existing_events(apps, schema_editor):
    from trust.audit_chain import event_hash

    AuditEvent = apps.get_model("trust", "AuditEvent")
    connection = schema_editor.connection
    table = AuditEvent._meta.db_table
    if connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} DISABLE TRIGGER trust_auditevent_append_only")
    previous = ""
    with connection.cursor() as cursor:
        for event in AuditEvent.objects.using(connection.alias).order_by("pk").iterator():
            digest = event_hash(event, previous)
            cursor.execute(
                f"UPDATE {table} SET prev_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
                [previous, digest, event.pk],
            )
            previous = digest
    if connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} ENABLE TRIGGER trust_auditevent_append_only")


def create_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_CREATE, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement, params=None)


def drop_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("trust", "0004_audit_hash_chain")]

    operations = [
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.RunPython(create_guards, drop_guards),
    ]
