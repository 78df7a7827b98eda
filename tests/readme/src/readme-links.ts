import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The repository's web address, from the root package.json's `repository`
 * (the one place it is written): `https://github.com/int-sdk/int`.
 */
export async function repositoryUrl(root: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    repository?: { url?: string };
  };
  const url = manifest.repository?.url;
  if (!url) throw new Error('the root package.json has no repository.url');
  return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

export interface Link {
  target: string;
  line: number;
}

/** Links of a Markdown text outside code: `[text](target)`, `<https://…>`, `src=`/`href=`. */
export function linksIn(markdown: string): Link[] {
  const links: Link[] = [];
  let inFence = false;
  markdown.split('\n').forEach((raw, index) => {
    if (/^\s*(```|~~~)/.test(raw)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    const line = raw.replace(/`[^`]*`/g, '');
    const patterns = [
      /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
      /<(https?:\/\/[^>\s]+)>/g,
      /\b(?:src|href)="([^"]+)"/g,
    ];
    for (const pattern of patterns) {
      for (const match of line.matchAll(pattern))
        links.push({ target: match[1] ?? '', line: index + 1 });
    }
  });
  return links;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to `-`. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = !inFence && /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const slug = (heading[1] ?? '')
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    let unique = slug;
    for (let n = 1; anchors.has(unique); n += 1) unique = `${slug}-${n}`;
    anchors.add(unique);
  }
  return anchors;
}

/**
 * What is wrong with the links of a README as npm shows it: a relative link
 * (dead on npmjs.com), an anchor with no heading, or a link into this
 * repository (`<repository>/blob/main/<path>`, `/tree/main/<path>`) to a path
 * that does not exist here. Nothing is fetched.
 */
export function linkProblems(
  markdown: string,
  where: string,
  repository: string,
  root: string,
): string[] {
  const problems: string[] = [];
  const anchors = anchorsOf(markdown);
  for (const { target, line } of linksIn(markdown)) {
    const at = `${where}:${line}: ${target}`;
    if (target.startsWith('#')) {
      if (!anchors.has(decodeURIComponent(target.slice(1))))
        problems.push(`${at}: no such heading`);
      continue;
    }
    if (/^mailto:/i.test(target)) continue;
    if (!/^https?:\/\//i.test(target)) {
      problems.push(`${at}: relative links are dead on npm; use ${repository}/blob/main/…`);
      continue;
    }
    const inRepo = new RegExp(
      `^${repository.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/(blob|tree)/main/([^#?]*)`,
    ).exec(target);
    if (!inRepo) {
      if (target.startsWith(`${repository}/`) && !/\/(issues|pulls)(\/|$)/.test(target)) {
        problems.push(`${at}: links into the repository go through /blob/main/ or /tree/main/`);
      }
      continue;
    }
    const path = decodeURIComponent(inRepo[2] ?? '').replace(/\/$/, '');
    if (!existsSync(join(root, path)))
      problems.push(`${at}: ${path} does not exist in the repository`);
  }
  return problems;
}
