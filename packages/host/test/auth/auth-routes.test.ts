import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import supertest from 'supertest';
import { addAuthRoutes, MAX_LOGIN_NAME_LENGTH } from '../../src/auth/auth-routes.js';
import { LoginThrottle } from '../../src/auth/login-throttle.js';
import { addUser } from '../../src/auth/users.js';
import { bodyParser } from '../../src/server/body-parser.js';
import { HOST_VERSION } from '../../src/version.js';
import { ADMIN, createTestHost, type TestHost } from '../helpers/test-host.js';

const LOGIN = '/pp/v1/auth/login/uaa';
const MAX_AGE_S = 20 * 60;

describe('addAuthRoutes', () => {
  let host: TestHost;
  let request: ReturnType<typeof supertest>;
  before(async () => {
    host = await createTestHost(['good']);
    request = supertest(host.app.callback());
  });
  after(() => host.cleanup());

  describe('POST /pp/v1/auth/login/uaa', () => {
    it('logs in and describes the user when the body is a form', async () => {
      const response = await request.post(LOGIN).type('form').send(ADMIN).expect(200);
      expect(response.body).to.include({ account: 'admin', admin: true, api_endpoint: null });
      expect(response.body.user).to.include({ name: 'admin', admin: true });
      expect(response.headers['set-cookie']).to.be.an('array').and.not.have.lengthOf(0);
    });

    it('logs in when the body is JSON', async () => {
      const response = await request.post(LOGIN).send(ADMIN).expect(200);
      expect(response.body.account).to.equal('admin');
    });

    it('answers 400 when a field is missing', async () => {
      for (const body of [{ username: 'admin' }, { password: ADMIN.password }, {}, { username: '  ', password: 'x' }]) {
        const response = await request.post(LOGIN).type('form').send(body).expect(400);
        expect(response.body.error).to.contain("'username' and 'password'");
      }
      await request.post(LOGIN).expect(400);
    });

    it('answers 400 naming the field when username or password is not a single string', async () => {
      const list = await request
        .post(LOGIN)
        .send({ username: ['admin', 'x'], password: ADMIN.password })
        .expect(400);
      expect(list.body.error).to.equal("Field 'username' must be a single string value");
      const object = await request
        .post(LOGIN)
        .send({ username: 'admin', password: { a: 1 } })
        .expect(400);
      expect(object.body.error).to.equal("Field 'password' must be a single string value");
    });

    it('answers 400 when the user name is longer than a login accepts', async () => {
      const response = await request
        .post(LOGIN)
        .send({ username: 'a'.repeat(MAX_LOGIN_NAME_LENGTH + 1), password: 'whatever-1' })
        .expect(400);
      expect(response.body.error).to.equal(
        `Field 'username' is longer than ${MAX_LOGIN_NAME_LENGTH} characters, the most a login accepts`,
      );
      // The longest accepted name is only a wrong login.
      await request
        .post(LOGIN)
        .send({ username: 'a'.repeat(MAX_LOGIN_NAME_LENGTH), password: 'whatever-1' })
        .expect(401);
    });

    it('answers 401 and sets no session when the password is wrong', async () => {
      const response = await request.post(LOGIN).type('form').send({ username: 'admin', password: 'wrong-one' }).expect(401);
      expect(response.body).to.deep.equal({ status: 'error', error: 'Wrong user name or password' });
      expect(response.headers['set-cookie']).to.equal(undefined);
      expect(response.headers['x-xsrf-token']).to.equal(undefined);
    });

    it('answers 401 with the same message when the user does not exist', async () => {
      const response = await request.post(LOGIN).type('form').send({ username: 'nobody', password: 'whatever-1' }).expect(401);
      expect(response.body).to.deep.equal({ status: 'error', error: 'Wrong user name or password' });
    });

    it('sends the XSRF token and the session expiry in unix seconds when the login succeeds', async () => {
      const before = Math.floor(Date.now() / 1000);
      const response = await request.post(LOGIN).type('form').send(ADMIN).expect(200);
      const after = Math.ceil(Date.now() / 1000);
      expect(response.headers['x-xsrf-token']).to.be.a('string').with.length.greaterThan(20);
      const expiresOn = Number(response.headers['x-cap-session-expires-on']);
      expect(expiresOn).to.be.within(before + MAX_AGE_S, after + MAX_AGE_S);
    });

    it('shifts the session expiry into the client clock when x-cap-request-date is sent', async () => {
      const skew = 3600;
      const plain = await request.post(LOGIN).type('form').send(ADMIN).expect(200);
      const clientNow = Math.floor(Date.now() / 1000) + skew;
      const shifted = await request.post(LOGIN).set('x-cap-request-date', String(clientNow)).type('form').send(ADMIN).expect(200);
      const difference = Number(shifted.headers['x-cap-session-expires-on']) - Number(plain.headers['x-cap-session-expires-on']);
      expect(difference).to.be.within(skew - 2, skew + 2);
    });

    it('ignores x-cap-request-date when it is not a number', async () => {
      const before = Math.floor(Date.now() / 1000);
      const response = await request.post(LOGIN).set('x-cap-request-date', 'yesterday').type('form').send(ADMIN).expect(200);
      expect(Number(response.headers['x-cap-session-expires-on'])).to.be.within(before + MAX_AGE_S, before + MAX_AGE_S + 2);
    });

    for (const given of ['1e300', '-5', '4294967296', 'Infinity']) {
      it(`ignores x-cap-request-date when it is not a plausible unix time (${given})`, async () => {
        const before = Math.floor(Date.now() / 1000);
        const response = await request.post(LOGIN).set('x-cap-request-date', given).type('form').send(ADMIN).expect(200);
        expect(response.headers['x-cap-session-expires-on']).to.match(/^\d+$/);
        expect(Number(response.headers['x-cap-session-expires-on'])).to.be.within(before + MAX_AGE_S, before + MAX_AGE_S + 2);
      });
    }
  });

  describe('login throttling', () => {
    before(async () => {
      await addUser(host.store, 'carol', 'carol-password-1', false);
      await addUser(host.store, 'dan', 'dan-password-1', false);
    });

    it('answers 429 with Retry-After, even for the right password, when a name failed five times', async () => {
      for (let i = 0; i < 5; i += 1) {
        await request
          .post(LOGIN)
          .type('form')
          .send({ username: 'carol', password: `wrong-${i}` })
          .expect(401);
      }
      const response = await request
        .post(LOGIN)
        .type('form')
        .send({ username: 'carol', password: 'carol-password-1' })
        .expect(429);
      expect(Number(response.headers['retry-after'])).to.be.at.least(1);
      expect(response.body.error).to.contain("'carol'");
      // Letter case does not make a new name to guess under.
      await request.post(LOGIN).type('form').send({ username: 'CAROL', password: 'x-password' }).expect(429);
      // Another name is not held back.
      await request.post(LOGIN).type('form').send(ADMIN).expect(200);
    });

    it('starts counting again when a login succeeds', async () => {
      for (let i = 0; i < 4; i += 1) {
        await request
          .post(LOGIN)
          .type('form')
          .send({ username: 'dan', password: `wrong-${i}` })
          .expect(401);
      }
      await request.post(LOGIN).type('form').send({ username: 'dan', password: 'dan-password-1' }).expect(200);
      for (let i = 0; i < 4; i += 1) {
        await request
          .post(LOGIN)
          .type('form')
          .send({ username: 'dan', password: `wrong-${i}` })
          .expect(401);
      }
      // Eight failures in all, but never five in a row.
      await request.post(LOGIN).type('form').send({ username: 'dan', password: 'dan-password-1' }).expect(200);
    });
  });

  describe('login throttling of overlong names', () => {
    /** The login route alone, with a throttle the test can look into. */
    function loginApp(throttle: LoginThrottle) {
      const app = new Koa();
      app.silent = true;
      const router = new Router();
      addAuthRoutes(router, { store: host.store, throttle, sessionMaxAgeMs: 60_000, info: async () => ({}) });
      app.use(bodyParser('2mb')).use(router.routes());
      return supertest(app.callback());
    }

    it('keeps no throttle entry when a megabyte user name is refused', async () => {
      const throttle = new LoginThrottle();
      const app = loginApp(throttle);
      for (let i = 0; i < 3; i += 1) {
        await app
          .post(LOGIN)
          .send({ username: `${i}`.padEnd(1024 * 1024, 'x'), password: 'whatever-1' })
          .expect(400);
      }
      expect(throttle.size).to.equal(0);
      // A failure with a name of normal length is counted, so the count above means something.
      await app.post(LOGIN).send({ username: 'nobody', password: 'whatever-1' }).expect(401);
      expect(throttle.size).to.equal(1);
    });
  });

  describe('GET /api/v1/auth/verify', () => {
    it('answers 200 with an error document when there is no session', async () => {
      const response = await request.get('/api/v1/auth/verify').expect(200);
      expect(response.body).to.have.keys(['status', 'error', 'data']);
      expect(response.body.status).to.equal('error');
      expect(response.body.error).to.be.a('string').and.not.equal('');
      expect(response.body.data).to.equal(null);
      expect(response.headers['x-xsrf-token']).to.equal(undefined);
    });

    it('answers the info document and the login XSRF token when there is a session', async () => {
      const agent = supertest.agent(host.app.callback());
      const loggedIn = await agent.post(LOGIN).type('form').send(ADMIN).expect(200);
      const response = await agent.get('/api/v1/auth/verify').expect(200);
      expect(response.body.status).to.equal('ok');
      expect(response.body.error).to.equal('');
      expect(response.body.data.version.proxy_version).to.equal(HOST_VERSION);
      expect(response.body.data.user.name).to.equal('admin');
      expect(response.body.data.plugins).to.deep.equal({ good: true });
      expect(response.headers['x-xsrf-token']).to.equal(loggedIn.headers['x-xsrf-token']);
      expect(Number(response.headers['x-cap-session-expires-on'])).to.be.greaterThan(Date.now() / 1000);
    });
  });

  describe('POST /pp/v1/auth/logout', () => {
    it('answers {isSSO: false} when there is no session', async () => {
      const response = await request.post('/pp/v1/auth/logout').expect(200);
      expect(response.body).to.deep.equal({ isSSO: false });
    });

    it('ends the session so verify answers an error document when logged out', async () => {
      const agent = supertest.agent(host.app.callback());
      await agent.post(LOGIN).type('form').send(ADMIN).expect(200);
      await agent.post('/pp/v1/auth/logout').expect(200);
      const response = await agent.get('/api/v1/auth/verify').expect(200);
      expect(response.body.status).to.equal('error');
    });
  });
});
