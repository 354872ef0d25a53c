import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyPassword } from '../../src/auth/password.js';
import { addUser, ADMIN_SCOPE, adminToCreate, ensureAdmin, MIN_PASSWORD_LENGTH } from '../../src/auth/users.js';
import { createHost } from '../../src/host/create-host.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { login } from '../helpers/login.js';
import { testConfig } from '../helpers/test-host.js';
import { rejectionOf } from '../helpers/caught.js';

describe('users', () => {
  let dataDir: string;
  let store: Store;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'stratos-users-'));
    store = openSqliteStore(dataDir);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('addUser', () => {
    it('stores an admin with the admin scope and a hash of the password when admin is true', async () => {
      const created = await addUser(store, 'root', 'root-password-1', true);
      const stored = await store.findUserByName('root');
      expect(stored?.guid).to.equal(created.guid);
      expect(stored?.scopes).to.include(ADMIN_SCOPE);
      expect(stored?.passwordHash).to.not.contain('root-password-1');
      expect(await verifyPassword('root-password-1', stored!.passwordHash)).to.equal(true);
    });

    it('stores a user without the admin scope when admin is false', async () => {
      await addUser(store, 'bob', 'bob-password-1', false);
      const stored = await store.findUserByName('bob');
      expect(stored?.scopes).to.not.include(ADMIN_SCOPE);
      expect(stored?.scopes).to.deep.equal(['stratos.user']);
    });

    it('throws STRATOS_ERR_AUTH_WEAK_PASSWORD when the password is too short', async () => {
      const error = await rejectionOf(addUser(store, 'bob', 'x'.repeat(MIN_PASSWORD_LENGTH - 1), false));
      expect(error.code).to.equal('STRATOS_ERR_AUTH_WEAK_PASSWORD');
      expect(error.message).to.contain("'bob'").and.contain(`at least ${MIN_PASSWORD_LENGTH} characters`);
      expect(await store.countUsers()).to.equal(0);
    });

    it('throws STRATOS_ERR_CLI_USER_EXISTS when the name is taken', async () => {
      await addUser(store, 'bob', 'bob-password-1', false);
      const error = await rejectionOf(addUser(store, 'bob', 'other-password-2', true));
      expect(error.code).to.equal('STRATOS_ERR_CLI_USER_EXISTS');
      expect(error.message).to.contain("User 'bob' already exists");
      expect(await store.countUsers()).to.equal(1);
    });
  });

  describe('ensureAdmin', () => {
    it('creates admin with STRATOS_ADMIN_PASSWORD and returns no password when the variable is set', async () => {
      const created = await ensureAdmin(store, { STRATOS_ADMIN_PASSWORD: 'from-the-env-1' });
      expect(created).to.deep.equal({ name: 'admin' });
      const admin = await store.findUserByName('admin');
      expect(admin?.scopes).to.include(ADMIN_SCOPE);
      expect(await verifyPassword('from-the-env-1', admin!.passwordHash)).to.equal(true);
    });

    it('creates admin with a generated password and returns it when no password is given', async () => {
      const created = await ensureAdmin(store, {});
      const generated = created?.generatedPassword;
      expect(generated).to.be.a('string');
      expect(generated!.length).to.be.at.least(MIN_PASSWORD_LENGTH);
      expect(await verifyPassword(generated!, (await store.findUserByName('admin'))!.passwordHash)).to.equal(true);
    });

    it('does nothing when an administrator already exists', async () => {
      await addUser(store, 'root', 'root-password-1', true);
      expect(await ensureAdmin(store, { STRATOS_ADMIN_PASSWORD: 'from-the-env-1' })).to.equal(undefined);
      expect(await store.findUserByName('admin')).to.equal(undefined);
      expect(await store.countUsers()).to.equal(1);
    });

    it('still creates admin when only non-admin users were added before the first start', async () => {
      await addUser(store, 'bob', 'bob-password-1', false);
      expect(await ensureAdmin(store, { STRATOS_ADMIN_PASSWORD: 'from-the-env-1' })).to.deep.equal({ name: 'admin' });
      expect(await store.countUsers(ADMIN_SCOPE)).to.equal(1);
      expect(await store.countUsers()).to.equal(2);
    });

    it('throws STRATOS_ERR_AUTH_WEAK_PASSWORD naming STRATOS_ADMIN_PASSWORD and creates nobody when it is too short', async () => {
      const error = await rejectionOf(ensureAdmin(store, { STRATOS_ADMIN_PASSWORD: 'short' }));
      expect(error.code).to.equal('STRATOS_ERR_AUTH_WEAK_PASSWORD');
      expect(error.message).to.contain("user 'admin' from STRATOS_ADMIN_PASSWORD is too short");
      expect(error.message).to.contain(`at least ${MIN_PASSWORD_LENGTH} characters`).and.contain('unset it');
      expect(await store.countUsers()).to.equal(0);
    });

    it('leaves a non-admin user named admin alone and reports it when no administrator exists', async () => {
      await addUser(store, 'admin', 'plain-password-1', false);
      expect(await ensureAdmin(store, {})).to.deep.equal({ name: 'admin', blocked: true });
      expect(await verifyPassword('plain-password-1', (await store.findUserByName('admin'))!.passwordHash)).to.equal(true);
      expect(await store.countUsers(ADMIN_SCOPE)).to.equal(0);
    });
  });

  describe('adminToCreate', () => {
    it('tells what ensureAdmin would do and writes nothing', async () => {
      expect(await adminToCreate(store, {})).to.deep.equal({ name: 'admin', blocked: false });
      expect(await adminToCreate(store, { STRATOS_ADMIN_PASSWORD: 'from-the-env-1' })).to.deep.equal({
        name: 'admin',
        blocked: false,
        given: 'from-the-env-1',
      });
      expect((await rejectionOf(adminToCreate(store, { STRATOS_ADMIN_PASSWORD: 'short' }))).code).to.equal(
        'STRATOS_ERR_AUTH_WEAK_PASSWORD',
      );
      expect(await store.countUsers()).to.equal(0);
      await addUser(store, 'root', 'root-password-1', true);
      expect(await adminToCreate(store, { STRATOS_ADMIN_PASSWORD: 'short' }), 'ignored once an admin exists').to.equal(undefined);
    });
  });
});

describe('createHost admin bootstrap', () => {
  it('reports a generated password once and accepts it at login when the store is new', async () => {
    const config = testConfig([]);
    const announced: Array<[string, string | undefined]> = [];
    const options = { config, env: {}, logSink: () => {}, onAdminCreated: (n: string, p?: string) => announced.push([n, p]) };
    try {
      const host = await createHost(options);
      try {
        expect(announced).to.have.length(1);
        const [name, password] = announced[0]!;
        expect(name).to.equal('admin');
        const { agent } = await login(host, { username: name, password: password! });
        const info = await agent.get('/pp/v1/info').expect(200);
        expect(info.body.user).to.include({ name: 'admin', admin: true });
      } finally {
        await host.destroy();
      }
      const again = await createHost(options);
      await again.destroy();
      expect(announced).to.have.length(1);
    } finally {
      rmSync(config.dataDir, { recursive: true, force: true });
    }
  });
});

describe('createHost with deferAdmin', () => {
  it('creates no administrator until ensureAdmin() is called, then reports it once', async () => {
    const config = testConfig([]);
    const announced: Array<string | undefined> = [];
    try {
      const host = await createHost({
        config,
        env: {},
        logSink: () => {},
        deferAdmin: true,
        onAdminCreated: (_name, password) => announced.push(password),
      });
      try {
        expect(await host.store.countUsers()).to.equal(0);
        expect(announced).to.deep.equal([]);
        await host.ensureAdmin();
        await host.ensureAdmin();
        expect(announced).to.have.length(1);
        const { agent } = await login(host, { username: 'admin', password: announced[0]! });
        await agent.get('/pp/v1/info').expect(200);
      } finally {
        await host.destroy();
      }
    } finally {
      rmSync(config.dataDir, { recursive: true, force: true });
    }
  });

  it('rejects a too short STRATOS_ADMIN_PASSWORD before any plugin starts', async () => {
    const config = testConfig(['good']);
    const calls = ((globalThis as { __goodPluginCalls?: unknown[][] }).__goodPluginCalls ??= []);
    calls.length = 0;
    try {
      const error = await rejectionOf(
        createHost({ config, env: { STRATOS_ADMIN_PASSWORD: 'short' }, logSink: () => {}, deferAdmin: true }),
      );
      expect(error.code).to.equal('STRATOS_ERR_AUTH_WEAK_PASSWORD');
      expect(error.message).to.contain('STRATOS_ADMIN_PASSWORD');
      expect(calls, 'no plugin was initialised').to.deep.equal([]);
    } finally {
      rmSync(config.dataDir, { recursive: true, force: true });
    }
  });
});
