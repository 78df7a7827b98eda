import { ConfigurationError } from '../errors.js';

/**
 * A provider's `baseURL` is an origin plus an optional path prefix (a proxy's
 * `/stripe`). Endpoint paths carry the API version (`/v1/...`), so a base
 * that already ends with it (`https://proxy.example/v1`) has it taken off once:
 * the request goes to `/v1/customers`, never `/v1/v1/customers`.
 */
export function providerBaseURL(
  value: string | undefined,
  definition: { provider: string; defaultBaseURL: string; versionPrefix?: string | undefined },
): string {
  if (value === undefined) return definition.defaultBaseURL;
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigurationError(
      `baseURL must be an absolute URL such as ${definition.defaultBaseURL}.`,
      { option: 'baseURL', provider: definition.provider },
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(
      `baseURL must be an absolute URL such as ${definition.defaultBaseURL}, got "${value}".`,
      { option: 'baseURL', provider: definition.provider },
    );
  }
  if (url.search || url.hash) {
    throw new ConfigurationError(
      'baseURL must not carry a query or a fragment: give the origin and an optional path prefix.',
      { option: 'baseURL', provider: definition.provider },
    );
  }
  let path = url.pathname.replace(/\/+$/, '');
  const prefix = definition.versionPrefix?.replace(/\/+$/, '');
  if (prefix && path.endsWith(prefix)) path = path.slice(0, -prefix.length);
  return `${url.origin}${path}`;
}
