import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { generatedFiles } from '../../scripts/compile-validators.js';

describe('generated validators', () => {
  for (const [file, expected] of Object.entries(generatedFiles())) {
    it(`${file} matches its schema when regenerated`, () => {
      const committed = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
      expect(
        committed === expected,
        `${file} is stale: run node --import tsx packages/host/scripts/compile-validators.ts`,
      ).to.equal(true);
    });
  }
});
