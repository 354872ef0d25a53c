import http from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect } from 'chai';
import { listen, type Listening } from '../../src/server/listen.js';
import { createLiveDeployment, createLiveHost, liveCounts } from '../helpers/live-deployment.js';
import { ADMIN } from '../helpers/test-host.js';

const CYCLES = 100;
const CLIENTS = 20;
const MAX_REQUESTS_PER_CLIENT = 4_000;
const MAX_RUN_MS = 120_000;

/** A full collection, when the engine lets us ask for one, so heap figures compare. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
}

function send(agent: http.Agent, url: string, options: http.RequestOptions, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, timeout: 10_000, ...options }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.end(body);
  });
}

describe('Host.reload under load', function () {
  this.timeout(MAX_RUN_MS + 30_000);

  it('toggles a plugin 100 times while clients keep requesting, with no 5xx, no dropped connection and flat resources', async () => {
    const deployment = createLiveDeployment();
    const on = { plugins: ['live-toggle', 'good'] };
    const off = { plugins: [{ package: 'live-toggle', enabled: false }, 'good'] };
    deployment.writeConfig(on);
    // Log records are dropped: keeping 10,000 access-log lines would hide what the host itself holds.
    const host = await createLiveHost(deployment, { logSink: () => undefined });
    let listening: Listening | undefined;
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    try {
      listening = await listen(host.app, host.config.server);
      const base = listening.url;
      const login = await send(
        agent,
        `${base}/pp/v1/auth/login/uaa`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
        new URLSearchParams(ADMIN).toString(),
      );
      expect(login.status).to.equal(200);
      const cookie = (login.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]).join('; ');
      const get = (path: string) => send(agent, `${base}${path}`, { headers: { cookie } });

      const statuses = new Map<number, number>();
      const failures: string[] = [];
      let requests = 0;
      let stop = false;
      const began = Date.now();
      const client = async (n: number) => {
        for (let i = 0; i < MAX_REQUESTS_PER_CLIENT && !stop && Date.now() - began < MAX_RUN_MS; i++) {
          const path = (i + n) % 2 === 0 ? '/pp/v1/live/ping' : '/pp/v1/good/hello';
          try {
            const { status } = await get(path);
            requests++;
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            const allowed = path === '/pp/v1/live/ping' ? [200, 404] : [200];
            if (!allowed.includes(status)) failures.push(`${path} answered ${status}`);
          } catch (error) {
            failures.push(`${path}: ${(error as Error).message}`);
          }
        }
      };
      const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));

      const counts = liveCounts();
      const start = { inits: counts.inits, destroys: counts.destroys };
      const listenerCounts = () => ({
        server: listening!.server.eventNames().map((name) => listening!.server.listenerCount(name)),
        process: process.eventNames().map((name) => `${String(name)}:${process.listenerCount(name)}`),
      });
      let heapAfterWarmUp = 0;
      let listenersAfterWarmUp: ReturnType<typeof listenerCounts> | undefined;
      const cyclesBegan = performance.now();
      for (let cycle = 1; cycle <= CYCLES; cycle++) {
        deployment.writeConfig(off);
        const disabled = await host.reload();
        expect(disabled.plugins.map((c) => c.change)).to.deep.equal(['disabled']);
        expect(counts.destroys - start.destroys).to.equal(cycle);
        expect((await get('/pp/v1/live/ping')).status).to.equal(404);

        deployment.writeConfig(on);
        const enabled = await host.reload();
        expect(enabled.plugins.map((c) => c.change)).to.deep.equal(['enabled']);
        expect((await get('/pp/v1/live/ping')).status).to.equal(200);
        if (cycle === 10) {
          collectGarbage();
          heapAfterWarmUp = process.memoryUsage().heapUsed;
          listenersAfterWarmUp = listenerCounts();
        }
      }
      const msPerCycle = (performance.now() - cyclesBegan) / CYCLES;
      stop = true;
      await Promise.all(clients);
      collectGarbage();
      const heapAtEnd = process.memoryUsage().heapUsed;

      console.log(
        `      toggle under load: ${CYCLES} disable/enable cycles, ${requests} requests by ${CLIENTS} keep-alive clients, ` +
          `${msPerCycle.toFixed(1)} ms per cycle, statuses ${JSON.stringify(Object.fromEntries(statuses))}, ` +
          `heap ${(heapAfterWarmUp / 1e6).toFixed(1)} MB after cycle 10 -> ${(heapAtEnd / 1e6).toFixed(1)} MB after cycle ${CYCLES}`,
      );
      expect(failures.slice(0, 5)).to.deep.equal([]);
      expect([...statuses.keys()].every((status) => status < 500)).to.equal(true);
      expect(counts.destroys - start.destroys).to.equal(CYCLES);
      expect(counts.inits - start.inits).to.equal(CYCLES);
      expect(requests).to.be.greaterThan(CYCLES);
      expect(listenerCounts()).to.deep.equal(listenersAfterWarmUp);
      // Ninety more cycles must not keep what each mount table held (routers, middleware, closures).
      expect(heapAtEnd - heapAfterWarmUp).to.be.lessThan(8 * 1024 * 1024);
    } finally {
      agent.destroy();
      await listening?.close(2_000);
      await host.destroy();
      deployment.remove();
    }
  });
});
