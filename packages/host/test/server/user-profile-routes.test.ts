import { expect } from 'chai';
import supertest from 'supertest';
import { addUser } from '../../src/auth/users.js';
import { buildUserProfile } from '../../src/server/user-profile-routes.js';
import { login } from '../helpers/login.js';
import { createTestHost, type TestHost } from '../helpers/test-host.js';

describe('addUserProfileRoutes', () => {
  let host: TestHost;

  before(async () => {
    host = await createTestHost([]);
  });
  after(() => host?.cleanup());

  it("answers the caller's profile in UAA's shape when the guid is their own", async () => {
    const record = await addUser(host.store, 'carol', 'carol-password-1', false);
    const { agent } = await login(host, { username: 'carol', password: 'carol-password-1' });
    const { body } = await agent.get(`/pp/v1/users/${record.guid}`).expect(200).expect('Content-Type', /json/);
    const created = new Date(record.createdAt).toISOString();
    expect(body).to.deep.include({
      id: record.guid,
      userName: 'carol',
      name: {},
      emails: [],
      groups: [{ value: 'stratos.user', display: 'stratos.user', type: 'DIRECT' }],
      meta: { version: 0, created, lastModified: created },
      active: true,
      verified: true,
      origin: 'stratos',
    });
  });

  it("answers 403 when the guid is another user's, even for an administrator", async () => {
    const dave = await addUser(host.store, 'dave', 'dave-password-1', false);
    const admin = await login(host);
    const info = await admin.agent.get('/pp/v1/info').expect(200);
    const { body } = await admin.agent.get(`/pp/v1/users/${dave.guid}`).expect(403);
    expect(body).to.deep.equal({ status: 'error', error: 'Only your own profile can be read' });
    await admin.agent.get(`/pp/v1/users/${info.body.user.guid}`).expect(200);
    await admin.agent.get('/pp/v1/users/no-such-user').expect(403);
  });

  it('answers 401 when there is no session', async () => {
    const dave = await host.store.findUserByName('dave');
    await supertest(host.app.callback())
      .get(`/pp/v1/users/${dave?.guid ?? 'x'}`)
      .expect(401);
  });
});

describe('buildUserProfile', () => {
  it('lists every scope as a group when the user is an administrator', () => {
    const profile = buildUserProfile(
      { guid: 'g', name: 'root', admin: true, scopes: ['stratos.admin', 'stratos.user'] },
      { guid: 'g', name: 'root', passwordHash: 'x', scopes: [], createdAt: Date.UTC(2026, 0, 2) },
    );
    expect(profile.groups.map((group) => group.value)).to.deep.equal(['stratos.admin', 'stratos.user']);
    expect(profile.passwordLastModified).to.equal('2026-01-02T00:00:00.000Z');
    expect(profile).to.not.have.property('passwordHash');
  });
});
