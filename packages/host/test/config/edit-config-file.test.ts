import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { addPluginEntry, removePluginEntry, setPluginEnabled } from '../../src/config/edit-config-file.js';
import { rejectionOf } from '../helpers/caught.js';
import { FIXTURE_PLUGINS_DIR } from '../helpers/test-host.js';

describe('edit-config-file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stratos-edit-'));
    // The fixture plugins are "installed" here, so entries can be matched by manifest id.
    symlinkSync(path.join(FIXTURE_PLUGINS_DIR, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    file = path.join(dir, 'stratos.config.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (content: unknown, indent: string | number = 2, trailing = '\n') =>
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, indent) + trailing);
  const read = () => readFileSync(file, 'utf8');
  const json = () => JSON.parse(read()) as { plugins: unknown[] } & Record<string, unknown>;

  describe('setPluginEnabled', () => {
    it('turns a bare entry into an inline object with enabled false, touching nothing else, when disabling it', async () => {
      const text = '{\n  "server": { "port": 8080 },\n  "plugins": ["good", "dep-base"],\n  "dataDir": "./data"\n}\n';
      write(text);
      await setPluginEnabled(file, 'good', false);
      expect(read()).to.equal(text.replace('"good"', '{ "package": "good", "enabled": false }'));
    });

    it('changes only the enabled key of an object entry, in place, when toggling it', async () => {
      write({ plugins: [{ package: 'good', enabled: false, config: { greeting: 'hi' } }] });
      await setPluginEnabled(file, 'good', true);
      expect(json().plugins).to.deep.equal([{ package: 'good', enabled: true, config: { greeting: 'hi' } }]);
      expect(read().indexOf('"enabled"')).to.be.lessThan(read().indexOf('"config"'));
      await setPluginEnabled(file, 'good', false);
      expect(json().plugins).to.deep.equal([{ package: 'good', enabled: false, config: { greeting: 'hi' } }]);
    });

    it('adds enabled false after the other keys when an object entry has none', async () => {
      write({ plugins: [{ package: 'good', config: {} }] });
      await setPluginEnabled(file, 'good', false);
      expect(Object.keys(json().plugins[0] as object)).to.deep.equal(['package', 'config', 'enabled']);
    });

    it('leaves the file untouched when the plugin is already in the asked state', async () => {
      const text = '{"plugins":["good",{"package":"dep-base"}]}';
      write(text);
      const before = statSync(file).mtimeMs;
      await setPluginEnabled(file, 'good', true);
      await setPluginEnabled(file, 'dep-base', true);
      expect(read()).to.equal(text);
      expect(statSync(file).mtimeMs).to.equal(before);
    });

    it('finds the entry by the manifest id when the id differs from the package name', async () => {
      write({ plugins: ['dep-base', 'duplicate-id'] });
      await setPluginEnabled(file, 'good', false);
      expect(json().plugins).to.deep.equal(['dep-base', { package: 'duplicate-id', enabled: false }]);
    });

    it('keeps tabs, CRLF line endings and a missing final newline when rewriting', async () => {
      const text = JSON.stringify({ plugins: ['good', { package: 'dep-base' }] }, null, '\t').replace(/\n/g, '\r\n');
      write(text, 2, '');
      await setPluginEnabled(file, 'good', false);
      await setPluginEnabled(file, 'dep-base', false);
      const result = read();
      expect(result).to.not.match(/[^\r]\n/);
      expect(result.endsWith('}')).to.equal(true);
      expect(result).to.include('\r\n\t\t{ "package": "good", "enabled": false },\r\n');
      expect(result).to.include('\r\n\t\t\t"enabled": false');
      expect(JSON.parse(result).plugins).to.deep.equal([
        { package: 'good', enabled: false },
        { package: 'dep-base', enabled: false },
      ]);
    });

    it('keeps a four-space indent, comments-free hand layout and single-line files as they were written', async () => {
      const text = '{\n    "logLevel":   "warn",\n    "plugins": [\n        "good"\n    ]\n}\n';
      write(text);
      await setPluginEnabled(file, 'good', false);
      expect(read()).to.equal(text.replace('"good"', '{ "package": "good", "enabled": false }'));
      write('{"plugins":["good"]}');
      await setPluginEnabled(file, 'good', false);
      expect(read()).to.equal('{"plugins":[{ "package": "good", "enabled": false }]}');
    });

    it('keeps the file mode and leaves no temporary file when it rewrites the file', async () => {
      write({ plugins: ['good'] });
      chmodSync(file, 0o640);
      await setPluginEnabled(file, 'good', false);
      expect(statSync(file).mode & 0o777).to.equal(0o640);
      expect(readdirSync(dir).sort()).to.deep.equal(['node_modules', 'stratos.config.json']);
    });

    it('edits the target and keeps the link when the config file is a symlink', async () => {
      const real = path.join(dir, 'real.json');
      writeFileSync(real, JSON.stringify({ plugins: ['good'] }));
      symlinkSync(real, file);
      await setPluginEnabled(file, 'good', false);
      expect(JSON.parse(readFileSync(real, 'utf8')).plugins).to.deep.equal([{ package: 'good', enabled: false }]);
      expect(readdirSync(dir)).to.include('stratos.config.json');
      expect(readFileSync(file, 'utf8')).to.equal(readFileSync(real, 'utf8'));
    });

    it('rejects with STRATOS_ERR_CONFIG_UNKNOWN_PLUGIN and changes nothing when no entry matches', async () => {
      write({ plugins: ['good'] });
      const before = read();
      const error = await rejectionOf(setPluginEnabled(file, 'nope', false));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_UNKNOWN_PLUGIN');
      expect(error.message).to.include("package or id is 'nope'");
      expect(read()).to.equal(before);
    });

    it('rejects with STRATOS_ERR_CONFIG_NOT_EDITABLE when the config is not a JSON file', async () => {
      const rc = path.join(dir, '.stratosrc');
      writeFileSync(rc, 'plugins:\n  - good\n');
      for (const target of [rc, path.join(dir, 'package.json')]) {
        const error = await rejectionOf(setPluginEnabled(target, 'good', false));
        expect(error.code).to.equal('STRATOS_ERR_CONFIG_NOT_EDITABLE');
        expect(error.message).to.include('edit it by hand');
      }
      expect(readFileSync(rc, 'utf8')).to.equal('plugins:\n  - good\n');
    });

    it('rejects with STRATOS_ERR_CONFIG_PARSE when the file is not valid JSON', async () => {
      write('{"plugins": [');
      const error = await rejectionOf(setPluginEnabled(file, 'good', false));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_PARSE');
      expect(read()).to.equal('{"plugins": [');
    });

    it('keeps a UTF-8 byte order mark and every other character when the file starts with one', async () => {
      const text = '\uFEFF{\r\n  "plugins": ["good"]\r\n}\r\n';
      write(text);
      await setPluginEnabled(file, 'good', false);
      expect(read()).to.equal(text.replace('"good"', '{ "package": "good", "enabled": false }'));
      await addPluginEntry(file, 'dep-base');
      await removePluginEntry(file, 'good');
      expect(read().startsWith('\uFEFF{\r\n')).to.equal(true);
      expect(JSON.parse(read().slice(1))).to.deep.equal({ plugins: ['dep-base'] });
    });

    for (const [name, content] of [
      ['empty', ''],
      ['blank', ' \n'],
    ]) {
      it(`rejects with STRATOS_ERR_CONFIG_PARSE saying what to write when the file is ${name}`, async () => {
        write(content!);
        const error = await rejectionOf(setPluginEnabled(file, 'good', false));
        expect(error.code).to.equal('STRATOS_ERR_CONFIG_PARSE');
        expect(error.message).to.include('the file is empty');
        expect(error.message).to.include('{ "plugins": [] }');
        expect(read()).to.equal(content);
      });
    }

    it('rejects with STRATOS_ERR_CONFIG_INVALID at / when the file holds null', async () => {
      write('null\n');
      const error = await rejectionOf(addPluginEntry(file, 'good'));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_INVALID');
      expect(error.message).to.include('at /: must be an object');
      expect(read()).to.equal('null\n');
    });

    it('rejects with STRATOS_ERR_CONFIG_INVALID when plugins is not a list of entries', async () => {
      write({ plugins: [{ enabled: false }] });
      const error = await rejectionOf(setPluginEnabled(file, 'good', false));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_INVALID');
      expect(error.message).to.include('/plugins/0');
    });

    it('rejects with STRATOS_ERR_CONFIG_NOT_FOUND when the file does not exist', async () => {
      const error = await rejectionOf(setPluginEnabled(file, 'good', false));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_NOT_FOUND');
    });
  });

  describe('addPluginEntry', () => {
    it('appends a bare entry and keeps the other content when the package is new', async () => {
      write({ $schema: './schema.json', plugins: [{ package: 'good', enabled: false }], logLevel: 'warn' });
      await addPluginEntry(file, '@acme/notes');
      expect(json()).to.deep.equal({
        $schema: './schema.json',
        plugins: [{ package: 'good', enabled: false }, '@acme/notes'],
        logLevel: 'warn',
      });
    });

    it('creates the plugins list, or the file, when there is none', async () => {
      write({ server: { port: 1 } });
      await addPluginEntry(file, 'good');
      expect(json()).to.deep.equal({ server: { port: 1 }, plugins: ['good'] });
      rmSync(file);
      await addPluginEntry(file, 'good');
      expect(read()).to.equal('{\n  "plugins": [\n    "good"\n  ]\n}\n');
    });

    it('rejects with STRATOS_ERR_CONFIG_PLUGIN_EXISTS when the package is already configured', async () => {
      write({ plugins: [{ package: 'good', enabled: false }] });
      const error = await rejectionOf(addPluginEntry(file, 'good'));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_PLUGIN_EXISTS');
      expect(json().plugins).to.have.length(1);
    });

    it('rejects with STRATOS_ERR_LOADER_INVALID_NAME when the name is a path', async () => {
      write({ plugins: [] });
      const error = await rejectionOf(addPluginEntry(file, '../evil'));
      expect(error.code).to.equal('STRATOS_ERR_LOADER_INVALID_NAME');
      expect(json().plugins).to.deep.equal([]);
    });
  });

  describe('removePluginEntry', () => {
    it('removes a bare or an object entry when named by its package', async () => {
      write({ plugins: ['good', { package: 'dep-base', enabled: false }, 'dep-child'] });
      await removePluginEntry(file, 'dep-base');
      await removePluginEntry(file, 'good');
      expect(json().plugins).to.deep.equal(['dep-child']);
    });

    it('rejects with STRATOS_ERR_CONFIG_UNKNOWN_PLUGIN when the package is not configured', async () => {
      write({ plugins: ['good'] });
      const error = await rejectionOf(removePluginEntry(file, 'dep-base'));
      expect(error.code).to.equal('STRATOS_ERR_CONFIG_UNKNOWN_PLUGIN');
      expect(existsSync(file)).to.equal(true);
      expect(json().plugins).to.deep.equal(['good']);
    });
  });
});
