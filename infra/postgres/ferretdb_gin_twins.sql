-- FerretDB v1.24 on PostgreSQL pushes an equality filter down as `_jsonb -> 'field' @> value`,
-- which the btree indexes it creates on `(_jsonb -> 'field')` cannot serve: every find by _id,
-- and by any indexed field, scans and de-TOASTs the whole collection (FerretDB issue #4646).
-- A GIN index on the same expressions serves `@>`. This event trigger gives every btree index
-- FerretDB creates a GIN twin, and the SELECT at the end does it for indexes made before.
-- Local stack only: production runs MongoDB, whose indexes serve its queries.

CREATE OR REPLACE FUNCTION homeward_gin_twin(btree oid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  definition text := pg_get_indexdef(btree);
  columns text;
  twin text;
BEGIN
  IF definition !~ ' USING btree \(.*_jsonb' OR definition ~ 'WHERE' THEN
    RETURN;
  END IF;
  columns := substring(definition from ' USING btree \((.*)\)$');
  columns := regexp_replace(columns, ' (ASC|DESC)', '', 'g');
  columns := regexp_replace(columns, ' NULLS (FIRST|LAST)', '', 'g');
  twin := left((SELECT relname FROM pg_class WHERE oid = btree), 55) || '_gin';
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin (%s)',
                 twin,
                 (SELECT indrelid::regclass::text FROM pg_index WHERE indexrelid = btree),
                 columns);
END $$;

CREATE OR REPLACE FUNCTION homeward_on_create_index() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE created record;
BEGIN
  FOR created IN SELECT objid FROM pg_event_trigger_ddl_commands()
                 WHERE command_tag = 'CREATE INDEX' AND object_type = 'index' LOOP
    PERFORM homeward_gin_twin(created.objid);
  END LOOP;
END $$;

DROP EVENT TRIGGER IF EXISTS homeward_ferretdb_gin_twins;
CREATE EVENT TRIGGER homeward_ferretdb_gin_twins ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION homeward_on_create_index();

SELECT count(homeward_gin_twin(i.indexrelid))
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast');
