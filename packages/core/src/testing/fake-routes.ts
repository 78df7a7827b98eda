import { ConfigurationError } from '../errors.js';
import type { FakeReply } from './fake-reply.js';

/** What a fake route's handler receives. */
export interface FakeRouteContext {
  request: Request;
  url: URL;
  /** Upper case. */
  method: string;
  /** Path parameters, percent-decoded (`:id` in the pattern, `*` for a trailing wildcard). */
  params: Record<string, string>;
  /**
   * The body: parsed JSON for a JSON content type, a record of fields (a
   * repeated field as an array) for a form, else the text; `undefined` when empty.
   */
  body: unknown;
  /** The body exactly as sent. */
  rawBody: string;
  /** The credential the auth check accepted; `undefined` without auth. */
  token: string | undefined;
  /** The id this answer carries in the request-id header. */
  requestId: string;
}

export type FakeRouteHandler = (
  context: FakeRouteContext,
) => FakeReply | Response | Promise<FakeReply | Response>;

type Segment = { literal: string } | { param: string } | { rest: true };

interface Route {
  method: string;
  pattern: string;
  segments: Segment[];
  handler: FakeRouteHandler;
  order: number;
}

export type RouteMatch =
  | { route: Route; params: Record<string, string> }
  /** A path parameter whose percent-encoding is broken (`%E0%A4%A`). */
  | { invalidPath: string };

function compile(pattern: string): Segment[] {
  if (!pattern.startsWith('/')) {
    throw new ConfigurationError(`A fake route pattern starts with "/", got "${pattern}".`, {
      option: 'pattern',
    });
  }
  const parts = splitPath(pattern);
  return parts.map((part, index) => {
    if (part === '*') {
      if (index !== parts.length - 1) {
        throw new ConfigurationError(`"*" may only end a fake route pattern: "${pattern}".`, {
          option: 'pattern',
        });
      }
      return { rest: true };
    }
    return part.startsWith(':') ? { param: part.slice(1) } : { literal: part };
  });
}

/** Segments of a path; one trailing slash is ignored, inner empty segments are kept. */
function splitPath(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed === '/' ? [] : trimmed.slice(1).split('/');
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

// Literal before parameter before wildcard, position by position; then an
// exact method before `*`; then the first registered.
function compareRoutes(left: Route, right: Route): number {
  const rank = (segment: Segment | undefined) =>
    segment === undefined ? 3 : 'literal' in segment ? 0 : 'param' in segment ? 1 : 2;
  const length = Math.max(left.segments.length, right.segments.length);
  for (let index = 0; index < length; index += 1) {
    const difference = rank(left.segments[index]) - rank(right.segments[index]);
    if (difference !== 0) return difference;
  }
  const methodRank = (route: Route) => (route.method === '*' ? 1 : 0);
  return methodRank(left) - methodRank(right) || left.order - right.order;
}

/** Routes by method and path pattern (`/v1/customers/:id`, `/files/*`). */
export function createRouteTable() {
  const routes: Route[] = [];

  const structurallyMatches = (route: Route, parts: string[]): boolean => {
    const last = route.segments[route.segments.length - 1];
    const hasRest = last !== undefined && 'rest' in last;
    const fixed = hasRest ? route.segments.length - 1 : route.segments.length;
    if (hasRest ? parts.length <= fixed : parts.length !== fixed) return false;
    for (let index = 0; index < fixed; index += 1) {
      const segment = route.segments[index]!;
      const part = parts[index]!;
      if ('literal' in segment && segment.literal !== part) return false;
      if ('param' in segment && part.length === 0) return false;
    }
    return true;
  };

  return {
    add(method: string, pattern: string, handler: FakeRouteHandler): void {
      if (typeof method !== 'string' || method.length === 0) {
        throw new ConfigurationError('A fake route needs a method (or "*").', {
          option: 'method',
        });
      }
      if (typeof handler !== 'function') {
        throw new ConfigurationError(`The fake route ${method} ${pattern} needs a handler.`, {
          option: 'handler',
        });
      }
      routes.push({
        method: method.toUpperCase(),
        pattern,
        segments: compile(pattern),
        handler,
        order: routes.length,
      });
    },

    /** The best route for `method path`, or undefined when none matches. */
    match(method: string, path: string): RouteMatch | undefined {
      const parts = splitPath(path);
      const candidates = routes
        .filter((route) => route.method === '*' || route.method === method)
        .filter((route) => structurallyMatches(route, parts))
        .sort(compareRoutes);
      const route = candidates[0];
      if (!route) return undefined;
      const params: Record<string, string> = {};
      for (const [index, segment] of route.segments.entries()) {
        if ('literal' in segment) continue;
        const raw = 'rest' in segment ? parts.slice(index).join('/') : parts[index]!;
        const value = decode(raw);
        if (value === undefined) return { invalidPath: raw };
        params['rest' in segment ? '*' : segment.param] = value;
      }
      return { route, params };
    },
  };
}
