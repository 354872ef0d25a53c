/*
 * Summarises V8 CPU profiles (`node --cpu-prof`, or BENCH_CPU_PROF_DIR with `npm run bench`):
 * self time by package or file, and the functions that cost most.
 *
 *   node --import tsx bench/summarize-profile.ts <file.cpuprofile>... [--top 25]
 *
 * A server run under tsx writes two profiles: `*.0.*.cpuprofile` is its main thread, the other
 * one the module loader's thread.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a script belongs: `koa-session`, `host:server/gates.ts`, `node:internal`, `(program)`. */
function owner(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const host = url.indexOf('/packages/');
  if (host >= 0) return url.slice(host + '/packages/'.length);
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  return url.replace(/^file:\/\//, '');
}

/** Self time in ms by owner and by function, largest first. */
export function summarizeProfile(profile: CpuProfile): {
  total: number;
  owners: Map<string, number>;
  functions: Map<string, number>;
} {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const owners = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const frame = byId.get(id)!.callFrame;
    total += ms;
    const where = owner(frame.url, frame.functionName);
    owners.set(where, (owners.get(where) ?? 0) + ms);
    const name = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
  });
  return { total, owners, functions };
}

function top(entries: Map<string, number>, total: number, count: number): string {
  return [...entries]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => `  ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(6)} ms  ${name}`)
    .join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const topIndex = args.indexOf('--top');
  const count = topIndex >= 0 ? Number(args.splice(topIndex, 2)[1]) : 25;
  for (const file of args) {
    const { total, owners, functions } = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    process.stdout.write(`${file}: ${total.toFixed(0)} ms sampled\nself time by package/file:\n${top(owners, total, count)}\n`);
    process.stdout.write(`self time by function:\n${top(functions, total, count)}\n\n`);
  }
}
