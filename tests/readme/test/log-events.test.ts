import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await sourceFiles(path)));
    else if (entry.name.endsWith('.ts')) found.push(path);
  }
  return found;
}

/** The names in core README's "Log events" table. */
async function documentedEvents(): Promise<Set<string>> {
  const readme = await readFile(join(root, 'packages/core/README.md'), 'utf8');
  const section = readme.split('### Log events')[1]?.split('\n#')[0] ?? '';
  return new Set([...section.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1] ?? ''));
}

/** Every log call in the packages' sources, with the event name its line carries. */
async function logCalls(): Promise<Array<{ where: string; event: string | undefined }>> {
  const calls: Array<{ where: string; event: string | undefined }> = [];
  for (const pkg of await readdir(join(root, 'packages'))) {
    const src = join(root, 'packages', pkg, 'src');
    for (const file of await sourceFiles(src).catch(() => [])) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/\blogger(?:\.(?:debug|info|warn|error)|\[\w+\])\(\s*/g)) {
        const start = (match.index ?? 0) + match[0].length;
        // The line's object is the first argument: a literal that names its event.
        const object = /^\{[^}]*?\bevent:\s*'([^']+)'/s.exec(text.slice(start, start + 600));
        const line = text.slice(0, match.index).split('\n').length;
        calls.push({ where: `${file.slice(root.length)}:${line}`, event: object?.[1] });
      }
    }
  }
  return calls;
}

describe('log event names', () => {
  it('every line the packages write names a documented event', async () => {
    const documented = await documentedEvents();
    const calls = await logCalls();
    expect(calls.length).toBeGreaterThan(20);
    const undocumented = calls.filter((call) => !call.event || !documented.has(call.event));
    expect(undocumented).toEqual([]);
  });

  it('names follow one scheme and every documented name is written somewhere', async () => {
    const documented = await documentedEvents();
    for (const name of documented) expect(name).toMatch(/^[a-z]+\.[a-z]+(?:_[a-z]+)*$/);
    const written = new Set((await logCalls()).map((call) => call.event));
    expect([...documented].filter((name) => !written.has(name))).toEqual([]);
  });
});
