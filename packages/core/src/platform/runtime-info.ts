/** The JavaScript runtime the code runs on, as named in the User-Agent. */
export interface RuntimeInfo {
  /** `node`, `bun`, `deno`, `workerd`, `edge-light`, `browser` or `unknown`. */
  name: RuntimeName;
  /** The runtime's own version, when it tells one (`20.20.2`, `1.4.5`); workerd and browsers do not. */
  version: string | undefined;
}

export type RuntimeName =
  | 'node'
  | 'bun'
  | 'deno'
  | 'workerd'
  | 'edge-light'
  | 'browser'
  | 'unknown';

interface RuntimeGlobals {
  Bun?: { version?: unknown };
  Deno?: { version?: { deno?: unknown } };
  EdgeRuntime?: unknown;
  WebSocketPair?: unknown;
  navigator?: { userAgent?: unknown };
  process?: { release?: { name?: unknown }; versions?: { node?: unknown } };
  window?: unknown;
  document?: unknown;
}

function detect(): RuntimeInfo {
  const scope = globalThis as RuntimeGlobals;
  // Bun, Deno and workerd (with nodejs_compat) all fill process.versions.node
  // with the Node version they imitate, so they are recognised first.
  if (scope.Bun !== undefined) {
    return { name: 'bun', version: stringOrUndefined(scope.Bun?.version) };
  }
  if (scope.Deno !== undefined) {
    return { name: 'deno', version: stringOrUndefined(scope.Deno?.version?.deno) };
  }
  if (
    scope.navigator?.userAgent === 'Cloudflare-Workers' ||
    typeof scope.WebSocketPair === 'function'
  ) {
    return { name: 'workerd', version: undefined };
  }
  if (typeof scope.EdgeRuntime === 'string') return { name: 'edge-light', version: undefined };
  const node = scope.process?.versions?.node;
  if (typeof node === 'string' && scope.process?.release?.name === 'node') {
    return { name: 'node', version: node };
  }
  if (scope.window !== undefined && scope.document !== undefined) {
    return { name: 'browser', version: undefined };
  }
  return { name: 'unknown', version: undefined };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

let detected: RuntimeInfo | undefined;

/**
 * Which runtime this is, detected once. Never throws: a getter that throws
 * on some exotic global makes the answer `unknown`, not an error.
 */
export function runtimeInfo(): RuntimeInfo {
  if (detected) return detected;
  try {
    detected = detect();
  } catch {
    detected = { name: 'unknown', version: undefined };
  }
  return detected;
}

/** `node/20.20.2`, `bun/1.4.5`, `workerd`; empty for an unknown runtime. */
export function runtimeToken(info: RuntimeInfo = runtimeInfo()): string {
  if (info.name === 'unknown') return '';
  return info.version ? `${info.name}/${info.version}` : info.name;
}
