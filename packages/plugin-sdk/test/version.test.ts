import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { SDK_VERSION } from '../src/version.js';

describe('SDK_VERSION', () => {
  it('equals the version in package.json when the package is built', () => {
    const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(SDK_VERSION).to.equal(packageJson.version);
  });
});
