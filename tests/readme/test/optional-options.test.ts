import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// Exported input types: options, settings, params, inputs... Responses are read, not built, and stay as they are.
const INPUT_TYPE =
  /^(?!.*(Error|Delivery|Clause|ParamRules|HubSpotRequest|FedExCall))(.*(Options|Settings|Params|Param|Input|Credentials|Limits|Reply|Hooks|Claims|Checkpoint|Query|Filter|SearchRequest)|Address|Party|ShipParty|PackageInput)$/;

async function sourceFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await sourceFiles(path)));
    else if (entry.name.endsWith('.ts')) found.push(path);
  }
  return found;
}

function acceptsUndefined(type: ts.TypeNode): boolean {
  if (
    type.kind === ts.SyntaxKind.UndefinedKeyword ||
    type.kind === ts.SyntaxKind.AnyKeyword ||
    type.kind === ts.SyntaxKind.UnknownKeyword
  )
    return true;
  if (ts.isUnionTypeNode(type)) return type.types.some(acceptsUndefined);
  if (ts.isParenthesizedTypeNode(type)) return acceptsUndefined(type.type);
  return false;
}

it('every optional property of a public option or input type accepts undefined (exactOptionalPropertyTypes users)', async () => {
  const offenders: string[] = [];
  for (const pkg of await readdir(join(root, 'packages'))) {
    for (const file of await sourceFiles(join(root, 'packages', pkg, 'src'))) {
      const text = await readFile(file, 'utf8');
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const check = (owner: string, members: ts.NodeArray<ts.TypeElement>) => {
        for (const member of members) {
          if (!ts.isPropertySignature(member) || !member.type) continue;
          if (member.questionToken && !acceptsUndefined(member.type)) {
            offenders.push(`${file.slice(root.length)}: ${owner}.${member.name.getText(source)}`);
          }
          if (ts.isTypeLiteralNode(member.type)) check(owner, member.type.members);
        }
      };
      const visitType = (owner: string, type: ts.TypeNode) => {
        if (ts.isTypeLiteralNode(type)) check(owner, type.members);
        else if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type))
          for (const part of type.types) visitType(owner, part);
      };
      const visit = (node: ts.Node) => {
        const exported = ts.canHaveModifiers(node)
          ? ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
          : false;
        if (exported && ts.isInterfaceDeclaration(node) && INPUT_TYPE.test(node.name.text))
          check(node.name.text, node.members);
        if (exported && ts.isTypeAliasDeclaration(node) && INPUT_TYPE.test(node.name.text))
          visitType(node.name.text, node.type);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  expect(offenders).toEqual([]);
});
