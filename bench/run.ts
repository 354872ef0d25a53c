/*
 * `npm run bench`: dispatch, overhead and start-up, each measured side by side in one run, with
 * ratios against their targets. Timings are reported, never asserted. Pass benchmark names
 * (`npm run bench -- overhead startup`) to run only some, or `breakdown` to see where the host's
 * time per request goes.
 */
import { runBreakdownBenchmark } from './breakdown.js';
import { runDispatchBenchmark } from './dispatch.js';
import { LOAD } from './measure-requests.js';
import { runOverheadBenchmark } from './overhead.js';
import { formatTable, type TableRow } from './report-table.js';
import { runStartupBenchmark } from './startup.js';

type Benchmark = (log: (line: string) => void) => Promise<TableRow[]>;

/** Run by default, in this order. */
const BENCHMARKS: Record<string, Benchmark> = {
  dispatch: runDispatchBenchmark,
  overhead: runOverheadBenchmark,
  startup: runStartupBenchmark,
};

/** Run only when named: diagnosis rather than a target. */
const OPT_IN: Record<string, Benchmark> = { breakdown: runBreakdownBenchmark };
const ALL = { ...BENCHMARKS, ...OPT_IN };

const log = (line: string) => process.stdout.write(`${line}\n`);
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in ALL));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(ALL).join(', ')}\n`);
  process.exit(2);
}
const selected = asked.length > 0 ? asked : Object.keys(BENCHMARKS);

log(
  `node ${process.version}; autocannon ${LOAD.connections} connections, ${LOAD.seconds} s per measurement, ` +
    `${LOAD.rounds} rounds per side (A,B alternating); medians reported`,
);
const began = performance.now();
const rows: TableRow[] = [];
for (const name of selected) {
  const added = await ALL[name]!(log);
  log(formatTable(added));
  rows.push(...added);
}
log(`\nAll results (B/A: side B relative to side A; ${((performance.now() - began) / 1000).toFixed(0)} s in all)\n`);
log(formatTable(rows));
