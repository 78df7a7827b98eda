// Lines of each provider's `src` without type declarations and without its fake
// (`src/testing/`), the measure issues 17 and 18 use: every line of a file counts
// except those of top-level type-only statements (interfaces, type aliases,
// `declare`d and type-only namespaces, `import type` / `export type`) with their
// leading comments. `node scripts/measure/provider-lines.mjs [root]`; prints JSON.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = process.argv[2] ?? process.cwd();
const PROVIDERS = ['stripe', 'fedex', 'hubspot', 'mercadopago', 'ups'];

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : files(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** A statement that leaves nothing at run time. */
function typeOnly(node) {
  if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return true;
  if (ts.isImportDeclaration(node)) return node.importClause?.isTypeOnly === true;
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  if (ts.isModuleDeclaration(node)) {
    const declared = node.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
    return declared || ts.getModuleInstanceState?.(node) === 0 || onlyTypes(node.body);
  }
  return false;
}
const onlyTypes = (body) =>
  body !== undefined && ts.isModuleBlock(body) && body.statements.every(typeOnly);

function count(path) {
  const text = readFileSync(path, 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const total = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  let types = 0;
  for (const statement of source.statements) {
    if (!typeOnly(statement)) continue;
    const from = source.getLineAndCharacterOfPosition(statement.getFullStart()).line;
    const to = source.getLineAndCharacterOfPosition(statement.getEnd()).line;
    // The full start includes the blank line before a statement: count from its first comment or code.
    const first = text.slice(statement.getFullStart(), statement.getStart()).search(/\S/);
    const start =
      first < 0
        ? source.getLineAndCharacterOfPosition(statement.getStart()).line
        : source.getLineAndCharacterOfPosition(statement.getFullStart() + first).line;
    types += to - Math.max(from, start) + 1;
  }
  return { total, code: total - types };
}

const result = {};
for (const provider of PROVIDERS) {
  const src = join(root, 'packages', provider, 'src');
  let list;
  try {
    list = files(src);
  } catch {
    continue;
  }
  let code = 0;
  let all = 0;
  for (const path of list) {
    const { total, code: lines } = count(path);
    all += total;
    code += lines;
  }
  let fake = 0;
  try {
    for (const name of readdirSync(join(src, 'testing'))) {
      if (name.endsWith('.ts'))
        fake += readFileSync(join(src, 'testing', name), 'utf8').split('\n').length - 1;
    }
  } catch {}
  result[provider] = {
    src: code,
    srcWithTypes: all,
    fake,
    files: list.map((p) => relative(src, p)).length,
  };
}
console.log(JSON.stringify(result, null, 2));
