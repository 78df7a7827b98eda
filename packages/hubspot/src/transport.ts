import type { Clock, HttpRequest, HttpResponse } from '@int/core';
import type { ApiPaths } from './api-version.js';

/** A request as the resources build it; `search` spends the search budget too. */
export interface HubSpotRequest extends HttpRequest {
  search?: boolean;
}

/** What every resource of one client shares. Internal. */
export interface Transport {
  paths: ApiPaths;
  clock: Clock;
  /** Requests of a batch call in flight at once. */
  batchConcurrency: number;
  request<T>(request: HubSpotRequest): Promise<T>;
  requestWithResponse<T>(request: HubSpotRequest): Promise<HttpResponse<T>>;
}
