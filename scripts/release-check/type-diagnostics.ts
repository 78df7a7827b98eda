export interface Diagnostic {
  file: string;
  code: string;
  text: string;
}

/**
 * Diagnostics in our published declarations that we know of and cannot fix
 * from the consumer side; each is printed on every run so it is not forgotten.
 */
export const KNOWN_DIAGNOSTICS: ReadonlyArray<{ file: RegExp; code: string; why: string }> = [
  // Empty: @int/core's CJS types used to name ESM-only jose types (TS1479
  // under node16); they are structural now. Add an entry only with its why.
];

/** `path(line,col): error TSxxxx: message` lines, with their continuation lines. */
export function parseDiagnostics(output: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const match = /^(.+?)\(\d+,\d+\): error (TS\d+): /.exec(line);
    if (match) diagnostics.push({ file: match[1]!, code: match[2]!, text: line });
    else if (line.startsWith(' ') && diagnostics.length > 0) {
      diagnostics[diagnostics.length - 1]!.text += `\n${line}`;
    }
  }
  return diagnostics;
}

export interface Triage {
  /** In the consumer's own files or in an @int package: these fail the check. */
  ours: Diagnostic[];
  known: Diagnostic[];
  /** In other libraries' declarations (msw needs DOM types it does not get right under skipLibCheck false). */
  thirdParty: Diagnostic[];
}

export function triage(diagnostics: ReadonlyArray<Diagnostic>): Triage {
  const result: Triage = { ours: [], known: [], thirdParty: [] };
  for (const diagnostic of diagnostics) {
    const inOurs =
      !diagnostic.file.includes('node_modules/') || diagnostic.file.includes('node_modules/@int/');
    if (!inOurs) result.thirdParty.push(diagnostic);
    else if (
      KNOWN_DIAGNOSTICS.some(
        (known) => known.file.test(diagnostic.file) && known.code === diagnostic.code,
      )
    ) {
      result.known.push(diagnostic);
    } else result.ours.push(diagnostic);
  }
  return result;
}
