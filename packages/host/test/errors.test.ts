import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isHostError as isSdkHostError } from '@stratos/plugin-sdk';
import { expect } from 'chai';
import { ERROR_MESSAGES, HostError, hostError, isHostError, type HostErrorCode } from '../src/errors.js';

const DOC_FILE = fileURLToPath(new URL('../../../docs/errors.md', import.meta.url));
const SRC_DIR = fileURLToPath(new URL('../src/', import.meta.url));
const CODE_PATTERN = /^STRATOS_ERR_(CONFIG|LOADER|MANIFEST|COMPAT|PLUGIN|MOUNT|SERVER|STORE|AUTH|CLI)_[A-Z_]+$/;
const CODES = Object.keys(ERROR_MESSAGES) as HostErrorCode[];

interface DocRow {
  code: string;
  meaning: string;
  fix: string;
  /** The AREA named by the heading the row sits under, e.g. `CONFIG`. */
  area: string | undefined;
  line: number;
}

/** Reads the error table rows of docs/errors.md, with the area heading each row sits under. */
function readDocRows(): DocRow[] {
  const rows: DocRow[] = [];
  let area: string | undefined;
  readFileSync(DOC_FILE, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const heading = /^#{2,}\s.*`STRATOS_ERR_([A-Z]+)_\*`/.exec(text);
      if (heading) area = heading[1];
      if (!text.startsWith('|')) return;
      const cells = text
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim());
      const code = /^`(STRATOS_ERR_[A-Z_]+)`$/.exec(cells[0] ?? '')?.[1];
      if (!code) return;
      rows.push({ code, meaning: cells[1] ?? '', fix: cells[2] ?? '', area, line: index + 1 });
    });
  return rows;
}

/** Parameters that stand for any value, so every message builder can be called. */
function sampleParams(): never {
  return new Proxy({}, { get: (_target, key) => `<${String(key)}>` }) as never;
}

/** Every `'STRATOS_ERR_...'` string literal in the host's source files. */
function codesInSource(): Array<{ code: string; file: string }> {
  const found: Array<{ code: string; file: string }> = [];
  const files = readdirSync(SRC_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const text = readFileSync(path.join(SRC_DIR, file), 'utf8');
    for (const match of text.matchAll(/(['"`])(STRATOS_ERR_[A-Z0-9_]+)\1/g)) found.push({ code: match[2]!, file });
  }
  return found;
}

describe('ERROR_MESSAGES', () => {
  it('has a row in docs/errors.md when a code is in the catalogue', () => {
    const documented = new Set(readDocRows().map((row) => row.code));
    const missing = CODES.filter((code) => !documented.has(code));
    expect(missing, 'codes without a row in docs/errors.md').to.deep.equal([]);
  });

  it('has no row in docs/errors.md when a code is not in the catalogue', () => {
    const stale = readDocRows()
      .filter((row) => !CODES.includes(row.code as HostErrorCode))
      .map((row) => `${row.code} (line ${row.line})`);
    expect(stale, 'rows for codes that no longer exist').to.deep.equal([]);
  });

  it('documents each code once when docs/errors.md is read', () => {
    const seen = readDocRows().map((row) => row.code);
    const repeated = seen.filter((code, index) => seen.indexOf(code) !== index);
    expect(repeated, 'codes with more than one row').to.deep.equal([]);
  });

  it('gives every row a meaning and a fix when docs/errors.md is read', () => {
    const empty = readDocRows()
      .filter((row) => row.meaning === '' || row.fix === '')
      .map((row) => `${row.code} (line ${row.line})`);
    expect(empty, 'rows with an empty Meaning or How to fix').to.deep.equal([]);
  });

  it('files every row under the heading of its area when docs/errors.md is read', () => {
    const misplaced = readDocRows()
      .filter((row) => !row.code.startsWith(`STRATOS_ERR_${row.area ?? '?'}_`))
      .map((row) => `${row.code} under ${row.area ?? 'no area heading'} (line ${row.line})`);
    expect(misplaced).to.deep.equal([]);
  });

  it('names every code STRATOS_ERR_<AREA>_<PROBLEM> when the area is a known one', () => {
    const malformed = CODES.filter((code) => !CODE_PATTERN.test(code));
    expect(malformed).to.deep.equal([]);
  });

  it('builds messages without a final period when given parameters', () => {
    for (const code of CODES) {
      const message = (ERROR_MESSAGES[code] as (p: never) => string)(sampleParams());
      expect(message, code).to.be.a('string').and.not.have.lengthOf(0);
      expect(message, code).not.to.match(/\.\s*$/);
      expect(message, code).not.to.include('undefined');
    }
  });

  it('lists every code the host source raises when the source is searched', () => {
    const found = codesInSource();
    expect(found.length, 'codes found in packages/host/src').to.be.greaterThan(0);
    const unknown = found.filter(({ code }) => !CODES.includes(code as HostErrorCode)).map((f) => `${f.code} in ${f.file}`);
    expect(unknown, 'codes raised but missing from ERROR_MESSAGES').to.deep.equal([]);
  });
});

describe('HostError', () => {
  it('carries the code, the parameters as details and the built message when constructed', () => {
    const error = new HostError('STRATOS_ERR_COMPAT_SDK_RANGE', { pluginId: 'notes', range: '^2.0.0', actual: '1.0.0' });
    expect(error.code).to.equal('STRATOS_ERR_COMPAT_SDK_RANGE');
    expect(error.details).to.deep.equal({ pluginId: 'notes', range: '^2.0.0', actual: '1.0.0' });
    expect(error.name).to.equal('HostError');
    expect(error).to.be.an.instanceOf(Error);
    expect(error.message).to.equal(
      ERROR_MESSAGES.STRATOS_ERR_COMPAT_SDK_RANGE({ pluginId: 'notes', range: '^2.0.0', actual: '1.0.0' }),
    );
    expect(error.message).to.include("Plugin 'notes' requires plugin-sdk '^2.0.0'");
  });

  it('keeps the cause when hostError is given one', () => {
    const cause = new Error('EACCES');
    const error = hostError('STRATOS_ERR_STORE_OPEN', { file: '/data/stratos.sqlite', reason: 'EACCES' }, cause);
    expect(error.code).to.equal('STRATOS_ERR_STORE_OPEN');
    expect(error.cause).to.equal(cause);
  });
});

describe('isHostError', () => {
  const error = new HostError('STRATOS_ERR_CONFIG_NOT_FOUND', { file: '/srv/stratos.config.json' });

  it('recognises a HostError when checked by the host and by the SDK', () => {
    expect(isHostError(error)).to.equal(true);
    expect(isSdkHostError(error)).to.equal(true);
  });

  it('rejects plain errors when they carry no STRATOS_ERR code', () => {
    const plain = new Error('boom');
    const coded = Object.assign(new Error('missing'), { code: 'ENOENT' });
    for (const guard of [isHostError, isSdkHostError]) {
      expect(guard(plain)).to.equal(false);
      expect(guard(coded)).to.equal(false);
      expect(guard({ code: 'STRATOS_ERR_CONFIG_NOT_FOUND', message: 'not an Error' })).to.equal(false);
      expect(guard(undefined)).to.equal(false);
    }
  });
});
