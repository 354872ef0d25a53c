import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { rejectionOf } from '../helpers/caught.js';

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stratos-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  describe('finding the file', () => {
    it('returns the embedded defaults when there is no config file in cwd', async () => {
      const config = await loadConfig({ cwd: dir, env: {} });
      expect(config.file).to.equal(undefined);
      expect(config.dir).to.equal(dir);
      expect(config.server).to.deep.equal({ host: '127.0.0.1', port: 5443, bodyLimit: '1mb', shutdownTimeoutMs: 10000 });
      expect(config.dataDir).to.equal(path.join(dir, 'data'));
      expect(config.logLevel).to.equal('info');
      expect(config.session).to.deep.equal({ timeoutMinutes: 20 });
      expect(config.onPluginFailure).to.equal('skip');
      expect(config.pluginInitTimeoutMs).to.equal(10000);
      expect(config.plugins).to.deep.equal([]);
    });

    it('reads stratos.config.json when it is in cwd', async () => {
      const file = write('stratos.config.json', { server: { port: 8080 }, logLevel: 'warn' });
      const config = await loadConfig({ cwd: dir, env: {} });
      expect(config.file).to.equal(file);
      expect(config.server.port).to.equal(8080);
      expect(config.server.host).to.equal('127.0.0.1');
      expect(config.logLevel).to.equal('warn');
    });

    it('reads the "stratos" key of package.json when no config file is in cwd', async () => {
      write('package.json', { name: 'deployment', stratos: { server: { port: 7000 } } });
      const config = await loadConfig({ cwd: dir, env: {} });
      expect(config.file).to.equal(path.join(dir, 'package.json'));
      expect(config.server.port).to.equal(7000);
    });

    it('reads configPath relative to cwd instead of searching when it is given', async () => {
      write('stratos.config.json', { server: { port: 1111 } });
      const file = write('conf/other.json', { server: { port: 2222 } });
      const config = await loadConfig({ cwd: dir, configPath: 'conf/other.json', env: {} });
      expect(config.file).to.equal(file);
      expect(config.server.port).to.equal(2222);
    });

    it('reads the file named by STRATOS_CONFIG when no configPath is given', async () => {
      const file = write('env.json', { server: { port: 3333 } });
      const config = await loadConfig({ cwd: dir, env: { STRATOS_CONFIG: file } });
      expect(config.file).to.equal(file);
      expect(config.server.port).to.equal(3333);
    });

    it('prefers configPath over STRATOS_CONFIG when both are given', async () => {
      const env = write('env.json', { server: { port: 3333 } });
      write('explicit.json', { server: { port: 4444 } });
      const config = await loadConfig({ cwd: dir, configPath: 'explicit.json', env: { STRATOS_CONFIG: env } });
      expect(config.server.port).to.equal(4444);
    });

    it('throws STRATOS_ERR_CONFIG_NOT_FOUND naming the file when an explicit file does not exist', async () => {
      const error = await rejectionOf(loadConfig({ cwd: dir, configPath: 'missing.json', env: {} }));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_NOT_FOUND');
      expect(error.message).to.include(`'${path.join(dir, 'missing.json')}'`);
      expect(error.message).to.include('STRATOS_CONFIG');
    });
  });

  describe('parse errors', () => {
    it('throws STRATOS_ERR_CONFIG_PARSE naming the file when the found file is not JSON', async () => {
      const file = write('stratos.config.json', '{ "server": { "port": 80, } ');
      const error = await rejectionOf(loadConfig({ cwd: dir, env: {} }));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_PARSE');
      expect(error.message).to.match(new RegExp(`^Config file '${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'`));
      expect(error.message).to.include('fix the syntax');
    });

    it('throws STRATOS_ERR_CONFIG_PARSE naming the file when an explicit file is not JSON', async () => {
      const file = write('broken.json', '{ plugins: [] }');
      const error = await rejectionOf(loadConfig({ cwd: dir, configPath: file, env: {} }));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_PARSE');
      expect(error.message).to.include(`Config file '${file}'`);
    });

    it("says the line, column and the parser's reason once, on one line, when the JSON has a syntax error", async () => {
      const file = write('stratos.config.json', '{\n  "server": { "port": 5443, }\n}\n');
      const error = await rejectionOf(loadConfig({ cwd: dir, env: {} }));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_PARSE');
      expect(error.message).to.equal(
        `Config file '${file}' could not be parsed; fix the syntax; caused by line 2 column 29: Expected double-quoted property name`,
      );
    });

    it('points at the offending character when the parser names a token but no position', async () => {
      write('stratos.config.json', '{\r\n  "plugins": [\r\n    "good",\r\n  ]\r\n}');
      const error = await rejectionOf(loadConfig({ cwd: dir, env: {} }));
      expect(error.message).to.match(/caused by line 4 column 3: Unexpected token '\]'$/);
    });

    it('reads a file that starts with a UTF-8 byte order mark when it was saved by Windows Notepad', async () => {
      write('stratos.config.json', '\uFEFF{"server": {"port": 8080}}');
      expect((await loadConfig({ cwd: dir, env: {} })).server.port).to.equal(8080);
      const other = write('other.json', '\uFEFF{\r\n  "logLevel": "warn"\r\n}\r\n');
      expect((await loadConfig({ cwd: dir, configPath: other, env: {} })).logLevel).to.equal('warn');
    });
  });

  describe('empty files and files that are not an object', () => {
    const empties: Array<[string, string]> = [
      ['empty', ''],
      ['whitespace-only', '  \n\t\n'],
      ['a lone byte order mark', '\uFEFF'],
    ];
    for (const [name, content] of empties) {
      for (const how of ['found by the search', 'named by --config'] as const) {
        it(`throws STRATOS_ERR_CONFIG_PARSE saying what to write when the file is ${name} and ${how}`, async () => {
          const file = write('stratos.config.json', content);
          const error = await rejectionOf(
            loadConfig({ cwd: dir, env: {}, ...(how === 'named by --config' ? { configPath: file } : {}) }),
          );
          expect(error.code).to.equal('STRATOS_ERR_CONFIG_PARSE');
          expect(error.message).to.include(`Config file '${file}'`);
          expect(error.message).to.include('the file is empty');
          expect(error.message).to.include('{ "plugins": [] }');
          expect(error.message).to.include('delete the file to use the embedded defaults');
        });
      }
    }

    const notObjects: Array<[string, string, string]> = [
      ['null', 'null', 'received null'],
      ['an empty array', '[]', 'received an array of 0'],
      ['a number', '42', 'received number 42'],
      ['a string', '"plugins"', "received 'plugins'"],
    ];
    for (const [name, content, received] of notObjects) {
      for (const how of ['found by the search', 'named by --config'] as const) {
        it(`throws STRATOS_ERR_CONFIG_INVALID at / when the file holds ${name} and is ${how}`, async () => {
          const file = write('stratos.config.json', content);
          const error = await rejectionOf(
            loadConfig({ cwd: dir, env: {}, ...(how === 'named by --config' ? { configPath: file } : {}) }),
          );
          expect(error.code).to.equal('STRATOS_ERR_CONFIG_INVALID');
          expect(error.message).to.include(`Invalid config in '${file}' at /: must be an object`);
          expect(error.message).to.include('{ "plugins": [] }');
          expect(error.message).to.include('delete the file to use the embedded defaults');
          expect(error.message).to.include(received);
        });
      }
    }

    it('does not fall through to a later search place when the first one is empty', async () => {
      const file = write('stratos.config.json', '');
      write('.stratosrc.json', { server: { port: 7000 } });
      const error = await rejectionOf(loadConfig({ cwd: dir, env: {} }));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_PARSE');
      expect(error.message).to.include(`'${file}'`);
    });

    it('throws for an empty or null .stratosrc (YAML) when it is found by the search', async () => {
      const file = write('.stratosrc', '\n');
      expect((await rejectionOf(loadConfig({ cwd: dir, env: {} }))).code).to.equal('STRATOS_ERR_CONFIG_PARSE');
      write('.stratosrc', '~\n');
      const error = await rejectionOf(loadConfig({ cwd: dir, env: {} }));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_INVALID');
      expect(error.message).to.include(`'${file}' at /: must be an object`);
    });

    it('still runs on the embedded defaults when package.json has no "stratos" key', async () => {
      write('package.json', { name: 'deployment' });
      const config = await loadConfig({ cwd: dir, env: {} });
      expect(config.file).to.equal(undefined);
      expect(config.plugins).to.deep.equal([]);
    });
  });

  describe('environment overrides', () => {
    it('applies STRATOS_PORT, STRATOS_HOST, STRATOS_DATA_DIR and STRATOS_LOG_LEVEL when they are set over a file', async () => {
      write('stratos.config.json', { server: { port: 80, host: 'example.test' }, dataDir: './a', logLevel: 'info' });
      const config = await loadConfig({
        cwd: dir,
        env: { STRATOS_PORT: '9090', STRATOS_HOST: '0.0.0.0', STRATOS_DATA_DIR: '/var/lib/stratos', STRATOS_LOG_LEVEL: 'debug' },
      });
      expect(config.server.port).to.equal(9090);
      expect(config.server.host).to.equal('0.0.0.0');
      expect(config.dataDir).to.equal('/var/lib/stratos');
      expect(config.logLevel).to.equal('debug');
    });

    it('applies the overrides over the defaults when there is no file', async () => {
      const config = await loadConfig({ cwd: dir, env: { STRATOS_PORT: '0' } });
      expect(config.server.port).to.equal(0);
    });

    for (const value of ['abc', '70000', '-1', '80.5']) {
      it(`throws STRATOS_ERR_CONFIG_ENV when STRATOS_PORT is '${value}'`, async () => {
        const error = await rejectionOf(loadConfig({ cwd: dir, env: { STRATOS_PORT: value } }));
        expect(error.code).to.equal('STRATOS_ERR_CONFIG_ENV');
        expect(error.message).to.include("'STRATOS_PORT'");
        expect(error.message).to.include('expected an integer port from 0 to 65535');
        expect(error.message).to.include(`received '${value}'`);
      });
    }

    it('throws STRATOS_ERR_CONFIG_ENV naming STRATOS_LOG_LEVEL, not the file, when it is not a level', async () => {
      const file = write('stratos.config.json', { logLevel: 'info' });
      const error = await rejectionOf(loadConfig({ cwd: dir, env: { STRATOS_LOG_LEVEL: 'verbose' } }));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_ENV');
      expect(error.message).to.equal(
        "Environment variable 'STRATOS_LOG_LEVEL' is invalid; expected one of 'debug', 'info', 'warn', 'error', 'silent', received 'verbose'",
      );
      expect(error.message).not.to.include(file);
    });

    it('names STRATOS_LOG_LEVEL when it is bad and there is no file', async () => {
      const error = await rejectionOf(loadConfig({ cwd: dir, env: { STRATOS_LOG_LEVEL: 'loud' } }));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_ENV');
      expect(error.message).to.include("'STRATOS_LOG_LEVEL'");
      expect(error.message).to.include("received 'loud'");
    });

    it('still blames the file for its own bad logLevel when no variable overrides it', async () => {
      const file = write('stratos.config.json', { logLevel: 'verbose' });
      const error = await rejectionOf(loadConfig({ cwd: dir, env: { STRATOS_HOST: '0.0.0.0' } }));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_INVALID');
      expect(error.message).to.include(`Invalid config in '${file}' at /logLevel`);
    });
  });

  describe('schema violations', () => {
    const cases: Array<{ name: string; content: unknown; path: string; expected: string; received: string }> = [
      {
        name: 'an unknown top-level property',
        content: { servr: { port: 80 } },
        path: 'at /:',
        expected: "unknown property 'servr' (check its spelling)",
        received: "'servr'",
      },
      {
        name: 'an unknown nested property',
        content: { server: { prot: 80 } },
        path: 'at /server:',
        expected: "unknown property 'prot'",
        received: "'prot'",
      },
      {
        name: 'a port of the wrong type',
        content: { server: { port: '80' } },
        path: 'at /server/port:',
        expected: 'must be integer',
        received: "received '80'",
      },
      {
        name: 'a port out of range',
        content: { server: { port: 70000 } },
        path: 'at /server/port:',
        expected: 'must be <= 65535',
        received: 'received number 70000',
      },
      {
        name: 'a value outside an enum',
        content: { onPluginFailure: 'ignore' },
        path: 'at /onPluginFailure:',
        expected: "must be one of 'skip', 'abort'",
        received: "received 'ignore'",
      },
      {
        name: 'a plugin entry that is neither a name nor an object',
        content: { plugins: [42] },
        path: 'at /plugins/0:',
        expected: 'must be string or object',
        received: 'received number 42',
      },
      {
        name: 'a plugin entry with a misspelt key',
        content: { plugins: [{ pakage: 'good' }] },
        path: 'at /plugins/0:',
        expected: "missing required property 'package'",
        received: "'pakage'",
      },
      {
        name: 'an array at the top',
        content: [1, 2],
        path: 'at /:',
        expected: 'must be an object',
        received: 'received an array of 2',
      },
    ];
    for (const c of cases) {
      it(`throws STRATOS_ERR_CONFIG_INVALID naming file, path, expectation and value when the file has ${c.name}`, async () => {
        const file = write('stratos.config.json', c.content);
        const error = await rejectionOf(loadConfig({ cwd: dir, env: {} }));
        expect(error.code).to.equal('STRATOS_ERR_CONFIG_INVALID');
        expect(error.message).to.include(`Invalid config in '${file}'`);
        expect(error.message).to.include(c.path);
        expect(error.message).to.include(c.expected);
        expect(error.message).to.include(c.received);
      });
    }
  });

  describe('several schema violations', () => {
    it('reports both misspelt keys in one message when the file has two mistakes', async () => {
      const file = write('stratos.config.json', { plugns: [], logLvl: 'debug' });
      const error = await rejectionOf(loadConfig({ cwd: dir, env: {} }));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_INVALID');
      expect(error.message).to.equal(
        `Invalid config in '${file}': 2 problems: ` +
          "(1) at /: unknown property 'plugns' (check its spelling); received an object with keys 'plugns', 'logLvl'; " +
          "(2) at /: unknown property 'logLvl' (check its spelling); received an object with keys 'plugns', 'logLvl'",
      );
    });

    it('reports every mistake once, at its own path, when the file has three in different places', async () => {
      const file = write('stratos.config.json', {
        server: { port: 70000 },
        onPluginFailure: 'ignore',
        plugins: ['good', 42, { package: 'x', enabled: 'no' }],
      });
      const error = await rejectionOf(loadConfig({ cwd: dir, env: {} }));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_INVALID');
      expect(error.message).to.match(
        new RegExp(`^Invalid config in '${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}': 4 problems: `),
      );
      for (const part of [
        'at /server/port: must be <= 65535; received number 70000',
        "at /onPluginFailure: must be one of 'skip', 'abort'; received 'ignore'",
        'at /plugins/1: must be string or object; received number 42',
        "at /plugins/2/enabled: must be boolean; received 'no'",
      ]) {
        expect(error.message).to.include(part);
        expect(error.message.split(part)).to.have.length(2);
      }
      // The combinator's own complaint and the branch whose type did not match are noise.
      expect(error.message).not.to.include('oneOf');
      expect(error.message).not.to.include('at /plugins/2: must be string');
      expect(error.message).not.to.include('\n');
    });
  });

  describe('plugins', () => {
    it('normalises entries with enabled and config defaults when they are strings or partial objects', async () => {
      write('stratos.config.json', {
        plugins: ['good', { package: '@acme/notes' }, { package: 'off', enabled: false, config: { a: 1 }, initTimeoutMs: 50 }],
      });
      const config = await loadConfig({ cwd: dir, env: {} });
      expect(config.plugins).to.deep.equal([
        { package: 'good', enabled: true, config: {} },
        { package: '@acme/notes', enabled: true, config: {} },
        { package: 'off', enabled: false, config: { a: 1 }, initTimeoutMs: 50 },
      ]);
    });

    it('throws STRATOS_ERR_CONFIG_DUPLICATE_PLUGIN when a package is listed twice', async () => {
      const file = write('stratos.config.json', { plugins: ['good', { package: 'good', enabled: false }] });
      const error = await rejectionOf(loadConfig({ cwd: dir, env: {} }));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_DUPLICATE_PLUGIN');
      expect(error.message).to.include(`'${file}'`);
      expect(error.message).to.include("package 'good' more than once");
    });
  });

  describe('paths', () => {
    it("resolves dataDir and TLS files from the config file's folder when cwd is elsewhere", async () => {
      const file = write('deploy/stratos.config.json', {
        dataDir: 'state',
        server: { tls: { cert: 'tls/cert.pem', key: '/etc/stratos/key.pem' } },
      });
      const config = await loadConfig({ cwd: dir, configPath: file, env: {} });
      const folder = path.join(dir, 'deploy');
      expect(config.dir).to.equal(folder);
      expect(config.dataDir).to.equal(path.join(folder, 'state'));
      expect(config.server.tls).to.deep.equal({ cert: path.join(folder, 'tls/cert.pem'), key: '/etc/stratos/key.pem' });
    });

    it('resolves STRATOS_DATA_DIR from the config file folder when it is relative', async () => {
      write('deploy/stratos.config.json', {});
      const config = await loadConfig({ cwd: path.join(dir, 'deploy'), env: { STRATOS_DATA_DIR: '../shared' } });
      expect(config.dataDir).to.equal(path.join(dir, 'shared'));
    });

    it("resolves ui.path from the config file's folder when it is relative", async () => {
      const file = write('deploy/stratos.config.json', { ui: { path: 'console/dist' } });
      const config = await loadConfig({ cwd: dir, configPath: file, env: {} });
      expect(config.ui).to.deep.equal({ path: path.join(dir, 'deploy', 'console', 'dist') });
    });

    it('leaves ui out when neither ui.path nor STRATOS_UI_PATH is set', async () => {
      write('stratos.config.json', {});
      const config = await loadConfig({ cwd: dir, env: {} });
      expect(config.ui).to.equal(undefined);
    });

    it('applies STRATOS_UI_PATH over ui.path when it is set', async () => {
      write('deploy/stratos.config.json', { ui: { path: 'old' } });
      const config = await loadConfig({ cwd: path.join(dir, 'deploy'), env: { STRATOS_UI_PATH: '../ui' } });
      expect(config.ui).to.deep.equal({ path: path.join(dir, 'ui') });
    });

    it('throws STRATOS_ERR_CONFIG_INVALID when ui has no path', async () => {
      write('stratos.config.json', { ui: {} });
      const error = await rejectionOf(loadConfig({ cwd: dir, env: {} }));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_INVALID');
      expect(error.message).to.match(/ at \/ui: missing required property 'path'/);
    });
  });
});
