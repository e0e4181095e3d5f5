/**
 * The measuring child: `node child.js <task> <json args>`. Each measurement that needs its own peak
 * RSS or a cold process runs here; the result is one marked JSON line on stdout (tasks/common.ts).
 */
import { report } from './tasks/common.js';
import { runConnectivity } from './tasks/connectivity.js';
import { runDnsState } from './tasks/dns-state.js';
import { runIncremental } from './tasks/incremental.js';
import { runLintTask } from './tasks/lint.js';
import { runLoad } from './tasks/load.js';
import { runReach } from './tasks/reach.js';

type Task = (args: never) => Promise<unknown>;

const TASKS: Record<string, Task> = {
  load: runLoad as Task,
  incremental: runIncremental as Task,
  'dns-state': runDnsState as Task,
  reach: runReach as Task,
  connectivity: runConnectivity as Task,
  lint: runLintTask as Task,
};

const [name = '', json = '{}'] = process.argv.slice(2);
const task = TASKS[name];
if (!task) {
  process.stderr.write(`bench child: unknown task ${JSON.stringify(name)}; tasks: ${Object.keys(TASKS).join(', ')}\n`);
  process.exit(2);
}
report(await task(JSON.parse(json) as never));
