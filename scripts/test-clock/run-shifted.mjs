#!/usr/bin/env node
// `pnpm test:shifted [--days N | --date YYYY-MM-DD]...`: runs the packages' unit suites with the wall
// clock moved (see shift-wall-clock.mjs), once per date given, never from turbo's cache (a cached
// result was computed on another day). Without arguments one random offset
// between 1 day and 10 years is drawn and printed, so a failure can be repeated with --days.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DAY_MS = 86_400_000;
const preload = fileURLToPath(new URL('./shift-wall-clock.mjs', import.meta.url));

function parseOffsets(args) {
  const offsets = [];
  for (let index = 0; index < args.length; index += 1) {
    const flag = args[index];
    const value = args[index + 1];
    if (flag === '--') continue;
    if (flag === '--days' && value !== undefined && Number.isFinite(Number(value))) {
      offsets.push(Number(value));
    } else if (flag === '--date' && value !== undefined && Number.isFinite(Date.parse(value))) {
      offsets.push(Math.round((Date.parse(value) - Date.now()) / DAY_MS));
    } else {
      console.error(
        `usage: run-shifted.mjs [--days N | --date YYYY-MM-DD]... (got ${flag} ${value ?? ''})`,
      );
      process.exit(2);
    }
    index += 1;
  }
  if (offsets.length === 0) offsets.push(1 + Math.floor(Math.random() * 3652));
  return offsets;
}

const failed = [];
const extraOptions = process.env.NODE_OPTIONS ? ` ${process.env.NODE_OPTIONS}` : '';
for (const days of parseOffsets(process.argv.slice(2))) {
  const shiftedTo = new Date(Date.now() + days * DAY_MS).toISOString();
  console.log(`\n== unit suites with the wall clock moved ${days} days, to ${shiftedTo}`);
  console.log(`   repeat with: pnpm test:shifted --days ${days}\n`);
  const result = spawnSync(
    'turbo',
    ['run', 'test', '--filter=./packages/*', '--continue', '--force', '--output-logs=errors-only'],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        INT_TEST_CLOCK_SHIFT_DAYS: String(days),
        NODE_OPTIONS: `--import ${preload}${extraOptions}`,
      },
    },
  );
  if (result.status !== 0) failed.push(`--days ${days} (${shiftedTo})`);
}
if (failed.length > 0) {
  console.error(`\nunit suites failed with the wall clock moved: ${failed.join(', ')}`);
  process.exit(1);
}
