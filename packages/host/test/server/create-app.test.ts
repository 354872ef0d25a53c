import { expect } from 'chai';
import supertest from 'supertest';
import { SESSION_COOKIE } from '../../src/server/create-app.js';
import { login } from '../helpers/login.js';
import { ADMIN, createTestHost, type TestHost } from '../helpers/test-host.js';

interface Cookie {
  name: string;
  value: string;
  attributes: Map<string, string>;
  raw: string;
}

function parseCookies(setCookie: string[] | string | undefined): Map<string, Cookie> {
  const cookies = new Map<string, Cookie>();
  for (const raw of [setCookie ?? []].flat()) {
    const [pair, ...rest] = raw.split(';').map((part) => part.trim());
    const eq = pair!.indexOf('=');
    const attributes = new Map<string, string>();
    for (const attribute of rest) {
      const [key, value = ''] = attribute.split('=');
      attributes.set(key!.toLowerCase(), value.toLowerCase());
    }
    cookies.set(pair!.slice(0, eq), { name: pair!.slice(0, eq), value: pair!.slice(eq + 1), attributes, raw });
  }
  return cookies;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function loginCookies(host: TestHost): Promise<{ id: Cookie; sig: Cookie; header: string }> {
  const response = await supertest(host.app.callback()).post('/pp/v1/auth/login/uaa').type('form').send(ADMIN).expect(200);
  const cookies = parseCookies(response.headers['set-cookie']);
  const id = cookies.get(SESSION_COOKIE)!;
  const sig = cookies.get(`${SESSION_COOKIE}.sig`)!;
  return { id, sig, header: `${id.name}=${id.value}; ${sig.name}=${sig.value}` };
}

describe('createApp', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost(['good']);
  });
  after(() => host.cleanup());

  describe('session cookie', () => {
    it('sets an httpOnly, SameSite=Lax, signed cookie without Secure when served over plain HTTP', async () => {
      const { id, sig } = await loginCookies(host);
      for (const cookie of [id, sig]) {
        expect(cookie.attributes.has('httponly')).to.equal(true, cookie.raw);
        expect(cookie.attributes.get('samesite')).to.equal('lax', cookie.raw);
        expect(cookie.attributes.has('secure')).to.equal(false, cookie.raw);
        expect(cookie.attributes.get('path')).to.equal('/', cookie.raw);
      }
    });

    it('holds only the id of a session kept in the store when logged in', async () => {
      const { id } = await loginCookies(host);
      expect(id.value).to.match(/^[0-9a-f-]{36}$/);
      expect(Buffer.from(id.value, 'base64').toString('latin1')).to.not.contain('userGuid');
      const record = await host.store.getSession(id.value);
      const admin = await host.store.findUserByName('admin');
      expect(record?.data.userGuid).to.equal(admin!.guid);
    });

    it('accepts the cookie pair when it is sent back unchanged', async () => {
      const { header } = await loginCookies(host);
      await supertest(host.app.callback()).get('/pp/v1/info').set('Cookie', header).expect(200);
    });

    it('answers 401 when the session id is changed and the signature kept', async () => {
      const { id, sig } = await loginCookies(host);
      const other = await loginCookies(host);
      const forged = `${SESSION_COOKIE}=${other.id.value}; ${sig.name}=${sig.value}`;
      await supertest(host.app.callback()).get('/pp/v1/info').set('Cookie', forged).expect(401);
      const unsigned = `${SESSION_COOKIE}=${id.value}`;
      await supertest(host.app.callback()).get('/pp/v1/info').set('Cookie', unsigned).expect(401);
    });

    it('answers 401 when the signature is tampered with', async () => {
      const { id, sig } = await loginCookies(host);
      const flipped = (sig.value[0] === 'a' ? 'b' : 'a') + sig.value.slice(1);
      const header = `${SESSION_COOKIE}=${id.value}; ${sig.name}=${flipped}`;
      await supertest(host.app.callback()).get('/pp/v1/info').set('Cookie', header).expect(401);
    });

    it('destroys the session in the store when the user logs out', async () => {
      const { id, header } = await loginCookies(host);
      expect(await host.store.getSession(id.value)).to.not.equal(undefined);
      const logout = await supertest(host.app.callback()).post('/pp/v1/auth/logout').set('Cookie', header).expect(200);
      expect(parseCookies(logout.headers['set-cookie']).get(SESSION_COOKIE)?.value).to.equal('');
      expect(await host.store.getSession(id.value)).to.equal(undefined);
      await supertest(host.app.callback()).get('/pp/v1/info').set('Cookie', header).expect(401);
    });

    it('gives a new session id at every login so an earlier id is not reused', async () => {
      const agent = supertest.agent(host.app.callback());
      const first = await agent.post('/pp/v1/auth/login/uaa').type('form').send(ADMIN).expect(200);
      const second = await agent.post('/pp/v1/auth/login/uaa').type('form').send(ADMIN).expect(200);
      const a = parseCookies(first.headers['set-cookie']).get(SESSION_COOKIE)!.value;
      const b = parseCookies(second.headers['set-cookie']).get(SESSION_COOKIE)!.value;
      expect(b).to.not.equal(a);
      expect(await host.store.getSession(a)).to.equal(undefined);
    });
  });

  describe('sliding expiry', () => {
    let shortHost: TestHost;
    before(async () => {
      // 0.02 minutes = 1.2 s
      shortHost = await createTestHost(['good'], { session: { timeoutMinutes: 0.02 } });
    });
    after(() => shortHost.cleanup());

    // The cookie is sent by hand: a cookie jar would drop it by its whole-second `expires`, which
    // is the client's business; what is tested here is the server's own expiry.
    it('keeps a session alive past the timeout when it is used more often than the timeout', async () => {
      const { header } = await loginCookies(shortHost);
      for (let i = 0; i < 5; i += 1) {
        await sleep(400);
        await supertest(shortHost.app.callback()).get('/pp/v1/info').set('Cookie', header).expect(200);
      }
    });

    it('ends a session when it stays idle longer than the timeout', async () => {
      const { header } = await loginCookies(shortHost);
      await supertest(shortHost.app.callback()).get('/pp/v1/info').set('Cookie', header).expect(200);
      await sleep(1_500);
      await supertest(shortHost.app.callback()).get('/pp/v1/info').set('Cookie', header).expect(401);
      // Nor does the next request bring it back.
      await supertest(shortHost.app.callback()).get('/pp/v1/info').set('Cookie', header).expect(401);
    });
  });

  describe('routing', () => {
    it('answers 404 with a JSON error when no route under /pp/v1 matches for a logged-in user', async () => {
      const { agent } = await login(host);
      const response = await agent.get('/pp/v1/no-such-thing').expect(404).expect('Content-Type', /json/);
      expect(response.body).to.deep.equal({ status: 'error', error: 'No route for GET /pp/v1/no-such-thing' });
    });

    it('answers 404 with a JSON error when the path is outside /pp and /api, with or without a session', async () => {
      const request = supertest(host.app.callback());
      // `/` itself answers a note on how to add the console (see serve-console.test.ts).
      for (const path of ['/index.html', '/ppx/v1/info', '/apix']) {
        const response = await request.get(path).expect(404);
        expect(response.body).to.deep.equal({ status: 'error', error: `No route for GET ${path}` });
      }
      const { agent } = await login(host);
      await agent.get('/console/app.js').expect(404);
    });

    it('answers 404 when the method does not match a route that exists', async () => {
      const { agent, xsrf } = await login(host);
      await agent.delete('/pp/v1/good/hello').set('X-Xsrf-Token', xsrf).expect(404);
    });
  });
});
