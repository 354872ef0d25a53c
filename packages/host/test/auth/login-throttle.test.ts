import { expect } from 'chai';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LoginThrottle } from '../../src/auth/login-throttle.js';

/** Heap in use after a full garbage collection. */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

const T0 = 1_000_000;

describe('LoginThrottle', () => {
  it('allows attempts without delay while failures stay within the free ones', () => {
    const throttle = new LoginThrottle({ freeFailures: 3, baseDelayMs: 1000 });
    expect(throttle.fail('k', T0)).to.equal(0);
    expect(throttle.fail('k', T0)).to.equal(0);
    expect(throttle.retryAfter('k', T0)).to.equal(0);
  });

  it('locks a key out and doubles the delay when failures go past the free ones', () => {
    const throttle = new LoginThrottle({ freeFailures: 2, baseDelayMs: 1000, maxDelayMs: 60_000 });
    throttle.fail('k', T0);
    expect(throttle.fail('k', T0)).to.equal(1000);
    expect(throttle.retryAfter('k', T0)).to.equal(1000);
    expect(throttle.retryAfter('k', T0 + 400)).to.equal(600);
    expect(throttle.retryAfter('k', T0 + 1000)).to.equal(0);
    expect(throttle.fail('k', T0 + 1000)).to.equal(2000);
    expect(throttle.fail('k', T0 + 3000)).to.equal(4000);
    expect(throttle.retryAfter('k', T0 + 3000)).to.equal(4000);
  });

  it('caps the delay at maxDelayMs when failures keep coming', () => {
    const throttle = new LoginThrottle({ freeFailures: 1, baseDelayMs: 1000, maxDelayMs: 5000 });
    let delay = 0;
    for (let i = 0; i < 10; i += 1) delay = throttle.fail('k', T0);
    expect(delay).to.equal(5000);
    expect(throttle.retryAfter('k', T0)).to.equal(5000);
  });

  it('keeps keys apart when another key fails', () => {
    const throttle = new LoginThrottle({ freeFailures: 1, baseDelayMs: 1000 });
    throttle.fail('a', T0);
    throttle.fail('a', T0);
    expect(throttle.retryAfter('a', T0)).to.be.greaterThan(0);
    expect(throttle.retryAfter('b', T0)).to.equal(0);
  });

  it('forgets the failures of a key when a login succeeds', () => {
    const throttle = new LoginThrottle({ freeFailures: 2, baseDelayMs: 1000 });
    throttle.fail('k', T0);
    throttle.fail('k', T0);
    expect(throttle.retryAfter('k', T0)).to.equal(1000);
    throttle.succeed('k');
    expect(throttle.retryAfter('k', T0)).to.equal(0);
    // The count starts over: the next failures are free again.
    expect(throttle.fail('k', T0)).to.equal(0);
  });

  it('uses five free failures and a one-second first lock-out when built without options', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 4; i += 1) expect(throttle.fail('k', T0)).to.equal(0);
    expect(throttle.fail('k', T0)).to.equal(1000);
  });

  it('forgets the least recently failed key when more than maxEntries keys are remembered', () => {
    const throttle = new LoginThrottle({ freeFailures: 0, baseDelayMs: 1000, maxEntries: 2 });
    throttle.fail('first', T0);
    throttle.fail('second', T0);
    // A new failure moves 'first' to the back, so 'second' is now the oldest.
    throttle.fail('first', T0);
    throttle.fail('third', T0);
    expect(throttle.retryAfter('second', T0)).to.equal(0);
    expect(throttle.retryAfter('first', T0)).to.equal(4000);
    expect(throttle.retryAfter('third', T0)).to.equal(2000);
  });

  it('counts the keys it remembers in size, up to maxEntries', () => {
    const throttle = new LoginThrottle({ maxEntries: 2 });
    expect(throttle.size).to.equal(0);
    throttle.fail('a', T0);
    throttle.fail('a', T0);
    expect(throttle.size).to.equal(1);
    throttle.fail('b', T0);
    throttle.fail('c', T0);
    expect(throttle.size).to.equal(2);
    throttle.succeed('c');
    expect(throttle.size).to.equal(1);
  });

  it('tells long keys apart and holds a bounded amount of memory for each when keys are huge', () => {
    const throttle = new LoginThrottle({ freeFailures: 0, baseDelayMs: 1000 });
    const key = (i: number) => `${i}|`.padEnd(2 * 1024 * 1024, 'x');
    const before = heapAfterGc();
    for (let i = 0; i < 40; i += 1) throttle.fail(key(i), T0);
    // 40 keys of 2 MiB would be 80 MiB if they were kept as given.
    expect(heapAfterGc() - before).to.be.below(8 * 1024 * 1024);
    expect(throttle.size).to.equal(40);
    expect(throttle.retryAfter(key(7), T0)).to.equal(2000);
    expect(throttle.retryAfter(`${key(7)}y`, T0)).to.equal(0);
  });
});
