import type { HostError } from '../../src/errors.js';

/** The error `fn` throws; fails the test when it throws nothing. */
export function errorOf(fn: () => unknown): HostError {
  try {
    fn();
  } catch (error) {
    return error as HostError;
  }
  throw new Error('expected a throw');
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<HostError> {
  try {
    await promise;
  } catch (error) {
    return error as HostError;
  }
  throw new Error('expected the promise to reject');
}
