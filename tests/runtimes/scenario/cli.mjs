// Entry for Node, Bun and Deno: the config is a JSON argument, the results one
// line on stdout after a marker (anything else a runtime prints is ignored).
import { runScenario } from './scenario.mjs';

const config = JSON.parse(globalThis.Deno ? globalThis.Deno.args[0] : process.argv[2]);
const results = await runScenario(config);
console.log(`SCENARIO_RESULT ${JSON.stringify(results)}`);
