/**
 * PostgreSQL for tests: CPUMODELS_TEST_PG names a database (.ci/run creates
 * a fresh one per run); each suite gets its own database created beside it
 * and dropped at the end. Without the variable the PostgreSQL half of a
 * suite is skipped (and says so).
 */
import pg from 'pg';

export const PG_BASE = process.env['CPUMODELS_TEST_PG'];

function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function freshPgDatabase(tag: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!PG_BASE) throw new Error('CPUMODELS_TEST_PG is not set');
  const name = `${new URL(PG_BASE).pathname.slice(1) || 'cpumodels'}_${tag}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  const admin = new pg.Client({ connectionString: PG_BASE });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDb(PG_BASE, name),
    drop: async () => {
      const a = new pg.Client({ connectionString: PG_BASE });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
