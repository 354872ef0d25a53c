import supertest from 'supertest';
import type { Host } from '../../src/host/create-host.js';
import { ADMIN } from './test-host.js';

/** A supertest agent (keeps cookies) logged in to `host`, with the session's XSRF token. */
export async function login(
  host: Pick<Host, 'app'>,
  credentials: { username: string; password: string } = ADMIN,
): Promise<{ agent: ReturnType<typeof supertest.agent>; xsrf: string }> {
  const agent = supertest.agent(host.app.callback());
  const response = await agent.post('/pp/v1/auth/login/uaa').type('form').send(credentials).expect(200);
  return { agent, xsrf: response.headers['x-xsrf-token'] as string };
}
