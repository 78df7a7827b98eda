// Entry for workerd: one POST with the config runs the scenario in a request.
import { runScenario } from './scenario.mjs';

export default {
  async fetch(request) {
    const results = await runScenario(await request.json());
    return new Response(JSON.stringify(results), {
      headers: { 'content-type': 'application/json' },
    });
  },
};
