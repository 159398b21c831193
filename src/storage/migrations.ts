/**
 * Versioned schema migrations, applied in order at start inside one
 * transaction each; `schema_migrations` records what ran. A migration is
 * never edited once released: a change is a new version at the end.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

/** Version 1, written once for both dialects: only the key columns differ. */
const v1 = (classId: string, eventId: string) => `
      CREATE TABLE classes (
        id ${classId},
        key TEXT NOT NULL UNIQUE,
        arch TEXT NOT NULL,
        signature TEXT NOT NULL,
        ident TEXT NOT NULL,
        model TEXT NOT NULL,
        identity TEXT NOT NULL,
        features TEXT NOT NULL
      );
      CREATE TABLE hosts (
        name TEXT PRIMARY KEY,
        arch TEXT NOT NULL,
        class_id INTEGER NOT NULL REFERENCES classes(id),
        signature TEXT NOT NULL,
        labels TEXT NOT NULL,
        source_kind TEXT NOT NULL,
        doc TEXT NOT NULL,
        rev INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE events (
        id ${eventId},
        ts TEXT NOT NULL,
        kind TEXT NOT NULL,
        host TEXT NOT NULL,
        arch TEXT NOT NULL,
        signature TEXT,
        old_signature TEXT,
        gained TEXT NOT NULL,
        lost TEXT NOT NULL
      );
      CREATE INDEX events_host ON events(host, id);`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'classes, hosts, events',
    sqlite: v1('INTEGER PRIMARY KEY', 'INTEGER PRIMARY KEY AUTOINCREMENT'),
    postgres: v1('SERIAL PRIMARY KEY', 'BIGSERIAL PRIMARY KEY'),
  },
  {
    version: 2,
    // start-up reads (name, class, labels) of every host: from this index, without touching the documents
    name: 'index of the index columns',
    sqlite: 'CREATE INDEX hosts_index_columns ON hosts(class_id, name, labels);',
    postgres: 'CREATE INDEX hosts_index_columns ON hosts(class_id) INCLUDE (name, labels);',
  },
  {
    version: 3,
    // guests whose CPUs a capability change is checked against; the event names those that no longer fit
    name: 'guests, the guests a capability change leaves unfit',
    sqlite: `CREATE TABLE guests (name TEXT PRIMARY KEY, cpu TEXT NOT NULL, updated_at TEXT NOT NULL);
      ALTER TABLE events ADD COLUMN unfit_guests TEXT NOT NULL DEFAULT '[]';`,
    postgres: `CREATE TABLE guests (name TEXT PRIMARY KEY, cpu TEXT NOT NULL, updated_at TEXT NOT NULL);
      ALTER TABLE events ADD COLUMN unfit_guests TEXT NOT NULL DEFAULT '[]';`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
