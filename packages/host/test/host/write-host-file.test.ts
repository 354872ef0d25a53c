import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { removeHostFile, writeHostFile, type HostFileContent } from '../../src/host/write-host-file.js';

describe('writeHostFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stratos-hostfile-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const content = (url: string): HostFileContent => ({
    pid: 42,
    url,
    configFile: null,
    startedAt: '2024-01-01T00:00:00.000Z',
    plugins: [],
    lastReload: { at: '2024-01-01T00:01:00.000Z', ok: false, error: { code: 'STRATOS_ERR_CONFIG_PARSE', message: 'bad' } },
  });

  it('writes the content readable by its owner only and replaces it whole when written again', async () => {
    const file = path.join(dir, 'host.json');
    await writeHostFile(file, content('http://127.0.0.1:1'));
    await writeHostFile(file, content('http://127.0.0.1:2'));
    expect(JSON.parse(readFileSync(file, 'utf8'))).to.deep.equal(content('http://127.0.0.1:2'));
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    expect(readdirSync(dir)).to.deep.equal(['host.json']);
  });

  it('removes the file, and does nothing when it is already gone', async () => {
    const file = path.join(dir, 'host.json');
    await writeHostFile(file, content('http://127.0.0.1:1'));
    removeHostFile(file);
    expect(existsSync(file)).to.equal(false);
    expect(() => removeHostFile(file)).not.to.throw();
  });
});
