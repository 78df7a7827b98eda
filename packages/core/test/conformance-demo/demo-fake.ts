import { createFakeApi, type FakeControls } from '../../src/testing/index.js';

export const DEMO_BASE_URL = 'https://api.demo.test';
export const DEMO_API_KEY = 'sk_demo_0123456789';
export const DEMO_CLIENT_ID = 'demo-client';
export const DEMO_CLIENT_SECRET = 'demo-client-secret-0123456789';

interface Widget {
  id: string;
  name: string;
}

export interface DemoFake extends FakeControls {
  readonly widgets: ReadonlyMap<string, Widget>;
}

/** The demo provider's fake: widgets under /v1, a static key or OAuth tokens, `{ error }` bodies. */
export function createDemoFake(options: { clock?: { now(): number } } = {}): DemoFake {
  const widgets = new Map<string, Widget>();
  const api = createFakeApi({
    name: 'demo',
    baseURL: DEMO_BASE_URL,
    clock: options.clock,
    errorEnvelope: ({ message, code }) => ({ error: { message, code } }),
    auth: {
      bearer: (token) => token === DEMO_API_KEY,
      tokenEndpoint: {
        path: '/oauth/token',
        clients: { [DEMO_CLIENT_ID]: DEMO_CLIENT_SECRET },
        ttlSeconds: 3600,
      },
    },
    idempotency: { header: 'Idempotency-Key' },
    onReset: () => widgets.clear(),
  });
  api
    .route('GET', '/v1/widgets', ({ url }) => {
      const all = [...widgets.values()];
      const limit = Number(url.searchParams.get('limit') ?? 10);
      const after = url.searchParams.get('starting_after');
      const start = after ? all.findIndex((widget) => widget.id === after) + 1 : 0;
      const data = all.slice(start, start + limit);
      return api.json({ data, has_more: start + limit < all.length });
    })
    .route('POST', '/v1/widgets', ({ body }) => {
      const name = (body as { name?: unknown } | undefined)?.name;
      if (typeof name !== 'string') throw api.error(400, 'name is required.', 'parameter_missing');
      const widget = { id: api.nextId('wid'), name };
      widgets.set(widget.id, widget);
      return api.json(widget);
    })
    .route('GET', '/v1/widgets/:id', ({ params }) => {
      const widget = widgets.get(params.id!);
      if (!widget) throw api.error(404, `No such widget: ${params.id}`, 'resource_missing');
      return api.json(widget);
    });
  return { ...api.controls, widgets };
}
