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
  refresh?(): Promise<void>;
}
