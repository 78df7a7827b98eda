/** A fenced TypeScript block of a README and the checker's markers before it. */
export interface CodeBlock {
  /** The README's path relative to the repository root. */
  readme: string;
  /** 1-based line of the block's first code line in the README. */
  line: number;
  code: string;
  /** `<!-- readme-check: sketch -->`: shown to readers, not compiled. */
  sketch: boolean;
  /** `<!-- readme-check: runnable -->`: compiled, then run (vitest when it imports `vitest`, else tsx). */
  runnable: boolean;
  /** `<!-- readme-check: prelude ... -->`: code put before the block (placeholders it assumes). */
  prelude: string;
}

/** Languages whose blocks are checked. */
const TYPESCRIPT = new Set(['ts', 'typescript', 'mts', 'cts']);
const MARKER = /^<!--\s*readme-check:\s*(\w+)([\s\S]*?)-->$/;

/**
 * Every ```ts block of a Markdown text, with the `readme-check` comments
 * directly above it (blank lines between them are allowed). An unknown
 * marker is an error, so a typo cannot switch a check off.
 */
export function codeBlocks(readme: string, text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  let pending: { sketch: boolean; runnable: boolean; prelude: string[] } = fresh();
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)(.*)$/.exec(line);
    if (fence) {
      const [, indent = '', marks = '```', language = ''] = fence;
      const close = new RegExp(`^\\s*\\${marks[0]}{${marks.length},}\\s*$`);
      const body: string[] = [];
      let end = index + 1;
      for (; end < lines.length; end += 1) {
        const candidate = lines[end] ?? '';
        if (close.test(candidate)) break;
        body.push(candidate.startsWith(indent) ? candidate.slice(indent.length) : candidate);
      }
      if (TYPESCRIPT.has(language.toLowerCase())) {
        blocks.push({
          readme,
          line: index + 2,
          code: body.join('\n'),
          sketch: pending.sketch,
          runnable: pending.runnable,
          prelude: pending.prelude.join('\n'),
        });
      } else if (pending.sketch || pending.runnable || pending.prelude.length > 0) {
        throw new Error(
          `${readme}:${index + 1}: readme-check markers above a \`${language || 'plain'}\` block`,
        );
      }
      pending = fresh();
      index = end;
      continue;
    }
    if (line.trim().startsWith('<!--') && line.includes('readme-check')) {
      let comment = line.trim();
      let end = index;
      while (!comment.endsWith('-->') && end + 1 < lines.length) {
        end += 1;
        comment += `\n${lines[end]}`;
      }
      const marker = MARKER.exec(comment.trim());
      if (!marker) throw new Error(`${readme}:${index + 1}: unreadable readme-check comment`);
      const [, name, rest = ''] = marker;
      if (name === 'sketch') pending.sketch = true;
      else if (name === 'runnable') pending.runnable = true;
      else if (name === 'prelude') pending.prelude.push(rest.replace(/^\n/, '').trimEnd());
      else throw new Error(`${readme}:${index + 1}: unknown readme-check marker "${name}"`);
      index = end;
      continue;
    }
    // Markers bind to the next block only; prose in between drops them.
    if (line.trim() !== '' && (pending.sketch || pending.runnable || pending.prelude.length > 0)) {
      throw new Error(
        `${readme}:${index + 1}: readme-check markers must stand right above a code block`,
      );
    }
  }
  return blocks;
}

function fresh() {
  return { sketch: false, runnable: false, prelude: [] as string[] };
}
