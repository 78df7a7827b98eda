import { type CircuitState, type CircuitStore, ConfigurationError, closedCircuit } from '@int/core';
import {
  type Migration,
  migrate,
  openDatabase,
  type SqliteFileOptions,
} from './sqlite-database.js';

const migrations: Migration[] = [
  (db) => {
    db.exec('CREATE TABLE int_circuits (key TEXT PRIMARY KEY, state TEXT NOT NULL)');
  },
];

/**
 * Breakers shared by the processes of one machine through a SQLite file: each
 * change reads, steps and writes the state inside one `BEGIN IMMEDIATE`
 * transaction, so two workers never both let the one half-open probe through.
 */
export function sqliteCircuitStore(options: SqliteFileOptions): CircuitStore & { close(): void } {
  if (!options?.file) {
    throw new ConfigurationError('sqliteCircuitStore needs a `file`.', { option: 'file' });
  }
  const db = openDatabase(options);
  migrate(db, 'circuits', migrations);
  const select = db.prepare('SELECT state FROM int_circuits WHERE key = ?');
  const upsert = db.prepare(
    'INSERT INTO int_circuits (key, state) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET state = excluded.state',
  );
  const read = (key: string): CircuitState | undefined => {
    const row = select.get(key) as { state: string } | undefined;
    return row ? (JSON.parse(row.state) as CircuitState) : undefined;
  };
  const change = db.transaction(
    (key: string, step: (state: CircuitState) => { state: CircuitState; result: unknown }) => {
      const before = select.get(key) as { state: string } | undefined;
      const { state, result } = step(
        before ? (JSON.parse(before.state) as CircuitState) : closedCircuit(),
      );
      const after = JSON.stringify(state);
      if (after !== before?.state) upsert.run(key, after);
      return result;
    },
  );
  return {
    async update(key, step) {
      return change.immediate(key, step) as ReturnType<typeof step>['result'];
    },
    async read(key) {
      return read(key);
    },
    close: () => db.close(),
  };
}
