export { decodeBracketForm } from './bracket-form-decoding.js';
export { type CapturedLine, type CaptureLogger, captureLogger } from './capture-logger.js';
export type {
  ConformanceClientOptions,
  ConformancePage,
  ConformanceRequestOptions,
  ProviderConformanceSpec,
} from './conformance-spec.js';
export {
  createFakeApi,
  type FakeApi,
  type FakeApiOptions,
  type FakeControls,
} from './fake-api.js';
export type {
  FakeAuthOptions,
  FakeIssuedToken,
  FakeIssueOptions,
  FakeTokenContext,
  FakeTokenEndpointOptions,
} from './fake-auth.js';
export {
  createFakeAuthorizationCodeGrant,
  type FakeAuthorizationCodeGrant,
  type FakeAuthorizationCodeGrantOptions,
  type FakeGrantRefusal,
  type FakeOAuthApp,
} from './fake-authorization-code-grant.js';
export { type FakeCursorPage, fakeCursorPage } from './fake-cursor-page.js';
export type { FakeFault } from './fake-faults.js';
export type { FakeIdempotencyOptions } from './fake-idempotency.js';
export { keyCredential } from './fake-key-credential.js';
export { fakeLookup } from './fake-lookup.js';
export {
  createFakeRateWindows,
  type FakeRateVerdict,
  type FakeRateWindow,
  type FakeRateWindows,
  type FakeRateWindowsOptions,
} from './fake-rate-windows.js';
export type { FakeErrorInfo, FakeErrorReply, FakeReply } from './fake-reply.js';
export type { FakeRouteContext, FakeRouteHandler } from './fake-routes.js';
export { FAKE_TOOLKIT_CODES } from './fake-toolkit-codes.js';
export {
  createFakeWebhookDelivery,
  type FakeWebhookAttempt,
  type FakeWebhookDelivery,
  type FakeWebhookDeliveryOptions,
  type FakeWebhookEndpoint,
} from './fake-webhook-delivery.js';
export {
  type CallOutcome,
  FUZZ_ANYTHING,
  fuzzOutcomeProblem,
  fuzzSeed,
  type GarbageOptions,
  garbageValue,
  mutateInput,
  seededRandom,
  settleCall,
} from './fuzz-inputs.js';
export {
  type HandlerServer,
  type HandlerServerOptions,
  type InterceptContext,
  type InterceptOutcome,
  type Interceptor,
  serveHandlers,
} from './handler-server.js';
export {
  type LocalHandler,
  type LocalServer,
  startLocalServer,
  unusedPort,
} from './local-server.js';
export {
  createMockServer,
  type MockServer,
  type ProviderFake,
  type RecordedCall,
  type RouteReply,
  type ScriptedReply,
} from './mock-server.js';
export { describeProviderConformance } from './provider-conformance.js';
export { createTestClock, type TestClock, type TestClockOptions } from './test-clock.js';
