/**
 * The codes `createFakeApi` answers with itself (auth, paths, bodies, replays,
 * faults). A provider's `errorEnvelope` maps them to its own or leaves them out
 * of the provider's code field, since the real API never sends them.
 */
export const FAKE_TOOLKIT_CODES: ReadonlySet<string> = new Set([
  'missing_credentials',
  'invalid_credentials',
  'token_expired',
  'invalid_client',
  'unsupported_grant_type',
  'invalid_request',
  'invalid_path',
  'invalid_body',
  'idempotency_mismatch',
  'idempotency_in_progress',
  'not_found',
  'fault',
]);
