import { ConfigurationError } from './errors.js';
import { formPairs } from './form-encoding.js';

// 127.0.0.0/8 as the URL parser writes it (dotted decimal, every part <= 255).
const LOOPBACK_IPV4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * Loopback is exactly `localhost`, `127.0.0.0/8` and `[::1]`. Names under
 * `.localhost` are not: a resolver may send them anywhere (RFC 6761 only asks
 * it not to), so trusting the name would let plain http:// leave the machine.
 */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname === '::1' ||
    LOOPBACK_IPV4.test(hostname)
  );
}

/**
 * Parses an absolute http(s) URL; refuses plain `http://` to anything but a
 * loopback host unless explicitly allowed, so a credential never crosses a
 * network in clear text by accident.
 */
export function parseServiceUrl(
  value: unknown,
  option: string,
  context: { provider: string; allowInsecureHttp: boolean },
): URL {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigurationError(`${option} is required: an absolute https:// URL.`, {
      option,
      provider: context.provider,
    });
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(
      `${option} must be an absolute URL such as https://api.example.com, got "${value}".`,
      {
        option,
        provider: context.provider,
      },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`${option} must use https://, got ${url.protocol}.`, {
      option,
      provider: context.provider,
    });
  }
  if (url.protocol === 'http:' && !context.allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw new ConfigurationError(
      `${option} uses plain http:// to ${url.hostname}; use https://, or set allowInsecureHttp: true if you really mean it.`,
      { option, provider: context.provider },
    );
  }
  return url;
}

export type QueryPrimitive = string | number | boolean | Date | null | undefined;
export type QueryValue =
  | QueryPrimitive
  | ReadonlyArray<QueryPrimitive>
  | { [key: string]: QueryValue };

/** How arrays in a query string are written: `k=a&k=b` or `k[0]=a&k[1]=b`. */
export type QueryArrayFormat = 'repeat' | 'indices';

export function appendQuery(
  url: URL,
  query: Record<string, QueryValue> | undefined,
  arrayFormat: QueryArrayFormat,
): void {
  if (!query) return;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (arrayFormat === 'repeat' && Array.isArray(value)) {
      for (const item of value) {
        if (item === undefined) continue;
        parts.push(
          ...formPairs({ [key]: item }).map(
            ([name, text]) => `${name}=${encodeURIComponent(text)}`,
          ),
        );
      }
    } else {
      parts.push(
        ...formPairs({ [key]: value }).map(([name, text]) => `${name}=${encodeURIComponent(text)}`),
      );
    }
  }
  if (parts.length === 0) return;
  const existing = url.search.length > 1 ? `${url.search.slice(1)}&` : '';
  url.search = `?${existing}${parts.join('&')}`;
}

const PLAIN_PATH = /^[\w\-.~!$&'()*+,;=:@%/?]*$/;

/** `base` + `path`, keeping the base's own path prefix. An absolute `path` stands alone. */
export function joinUrl(base: URL, path: string): URL {
  if (/^https?:\/\//i.test(path)) return new URL(path);
  const prefix = base.pathname.endsWith('/') ? base.pathname.slice(0, -1) : base.pathname;
  const suffix = path.startsWith('/') ? path : `/${path}`;
  const [pathname, search] = suffix.split('?', 2) as [string, string | undefined];
  // One parse of the whole text: every call pays for this. Only for plain
  // characters, where a parse and the setters below agree (a parse reads `#`
  // as a fragment, trims spaces and drops tabs; `origin` has no userinfo).
  if (PLAIN_PATH.test(suffix) && !suffix.includes('/.') && !base.username && !base.password) {
    return new URL(`${base.origin}${prefix}${pathname}${search ? `?${search}` : ''}`);
  }
  const url = new URL(base.toString());
  url.pathname = `${prefix}${pathname}`;
  url.search = search ? `?${search}` : '';
  return url;
}
