export { type CapturedLine, type CaptureLogger, captureLogger } from './capture-logger.js';
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
export { createTestClock, type TestClock, type TestClockOptions } from './test-clock.js';
