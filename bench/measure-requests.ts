import autocannon from 'autocannon';
import { median } from './median.js';

/** One HTTP target: a URL on 127.0.0.1 and the headers (cookies) every request carries. */
export interface Target {
  url: string;
  headers?: Record<string, string>;
}

/** How long and how hard to load a target, and how many rounds to take the median of. */
export interface LoadOptions {
  seconds: number;
  connections: number;
  rounds: number;
}

/** Defaults, overridable with BENCH_SECONDS, BENCH_ROUNDS and BENCH_CONNECTIONS. */
export const LOAD: LoadOptions = {
  seconds: Number(process.env.BENCH_SECONDS ?? 3),
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
};

/**
 * Average requests per second `target` answered over one bounded run. Any error or non-2xx
 * answer fails the run: a benchmark that measured 401s would measure the wrong thing.
 */
export async function measureRequests(target: Target, options: Omit<LoadOptions, 'rounds'>): Promise<number> {
  const result = await autocannon({
    url: target.url,
    headers: target.headers,
    duration: options.seconds,
    connections: options.connections,
  });
  if (result.errors > 0 || result.non2xx > 0 || result['2xx'] === 0) {
    throw new Error(`${target.url}: ${result.errors} errors, ${result.non2xx} non-2xx answers, ${result['2xx']} 2xx answers`);
  }
  return result.requests.average;
}

/**
 * Fails unless every target answers 200 with the same body: the sides of a comparison must do
 * the same work, not merely answer fast.
 */
export async function assertSameAnswer(targets: readonly Target[]): Promise<void> {
  const bodies = await Promise.all(
    targets.map(async (target) => {
      const response = await fetch(target.url, { headers: target.headers });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${target.url} answered ${response.status}: ${body}`);
      return body;
    }),
  );
  const differing = bodies.findIndex((body) => body !== bodies[0]);
  if (differing > 0) {
    throw new Error(`${targets[differing]!.url} answered ${bodies[differing]} where ${targets[0]!.url} answered ${bodies[0]}`);
  }
}

/** Median req/s of each target and every round's value, in target order. */
export interface RoundRobinResult {
  medians: number[];
  rounds: number[][];
}

/**
 * Loads the targets in turn, round after round (A, B, A, B, …), so drift in the machine hits
 * every side alike, after one short unmeasured warm-up of each; returns each side's median.
 */
export async function measureRoundRobin(targets: readonly Target[], options: LoadOptions = LOAD): Promise<RoundRobinResult> {
  await assertSameAnswer(targets);
  for (const target of targets) await measureRequests(target, { ...options, seconds: 1 });
  const rounds: number[][] = targets.map(() => []);
  for (let round = 0; round < options.rounds; round++) {
    for (const [i, target] of targets.entries()) rounds[i]!.push(await measureRequests(target, options));
  }
  return { medians: rounds.map(median), rounds };
}

/** Median req/s of side A and side B. */
export interface SideBySide {
  a: number;
  b: number;
  roundsA: number[];
  roundsB: number[];
}

/** {@link measureRoundRobin} for two sides. */
export async function compareSideBySide(a: Target, b: Target, options: LoadOptions = LOAD): Promise<SideBySide> {
  const { medians, rounds } = await measureRoundRobin([a, b], options);
  return { a: medians[0]!, b: medians[1]!, roundsA: rounds[0]!, roundsB: rounds[1]! };
}

/** `[1, 2, 3]`: every round, rounded, for the log. */
export function formatRoundValues(values: readonly number[]): string {
  return `[${values.map((v) => Math.round(v)).join(', ')}]`;
}

/** `A rounds [1, 2, 3] req/s, B rounds [4, 5, 6] req/s` */
export function formatRounds(result: SideBySide): string {
  return `A rounds ${formatRoundValues(result.roundsA)} req/s, B rounds ${formatRoundValues(result.roundsB)} req/s`;
}
