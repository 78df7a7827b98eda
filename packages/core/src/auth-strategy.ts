/** The part of an outgoing request an auth strategy may change. */
export interface AuthRequest {
  method: string;
  /** Mutable: a query-parameter key is added here. */
  url: URL;
  /** Mutable, lower-case names. */
  headers: Record<string, string>;
}

/**
 * How a client proves who it is. `apply` runs before every attempt; `refresh`,
 * when present, runs once after a 401 and the request is repeated once.
 */
export interface AuthStrategy {
  apply(request: AuthRequest): void | Promise<void>;
  /**
   * `rejected` is the attempt the provider answered 401 to, so a strategy can
   * tell whether that credential was already replaced by another caller.
   */
  refresh?(context?: RefreshContext): Promise<void>;
  /**
   * Credential values this strategy holds (a password, a key, a client
   * secret), so that the pipeline scrubs them, in any encoding, from whatever
   * a server echoes back. Read only when something is logged or thrown.
   */
  secrets?(): ReadonlyArray<string>;
}

export interface RefreshContext {
  /** The request as sent (after `apply`) when the 401 came back. */
  rejected: AuthRequest;
}

/** The bearer token a request carried, if any. */
export function bearerTokenOf(request: AuthRequest | undefined): string | undefined {
  const header = request?.headers.authorization;
  return header && /^bearer\s+/i.test(header) ? header.replace(/^bearer\s+/i, '') : undefined;
}
