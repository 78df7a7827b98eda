import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * The data folder holds orders, raw webhook bodies and the token key: only
 * the shop's own user may list or read it. Created 0700, and tightened to
 * 0700 when an older run left it open.
 */
export function preparePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/**
 * Creates `file` 0600 before SQLite opens it (SQLite gives its `-wal` and
 * `-shm` files the database file's mode), and tightens one an older run
 * left readable, with its `-wal` and `-shm`.
 */
export function preparePrivateDatabaseFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}
