import { expect } from 'chai';
import { validatePackageName } from '../../src/loader/validate-package-name.js';
import { errorOf } from '../helpers/caught.js';

describe('validatePackageName', () => {
  for (const name of ['good', 'stratos-plugin-metrics', '@acme/notes', '@acme/stratos-plugin.x_y', 'Legacy']) {
    it(`accepts '${name}' when it is a name npm installs`, () => {
      expect(() => validatePackageName(name)).not.to.throw();
    });
  }

  const invalid = [
    '../x',
    './x',
    '.hidden',
    '/abs/path',
    'C:\\plugins\\x',
    'a/b',
    '@scope/../x',
    '@acme',
    'https://example.test/plugin.tgz',
    'git+ssh://git@example.test/acme/plugin.git',
    'file:../plugin',
    'has space',
    'node_modules',
    '',
  ];
  for (const name of invalid) {
    it(`throws STRATOS_ERR_LOADER_INVALID_NAME when the name is '${name}'`, () => {
      const error = errorOf(() => validatePackageName(name));
      expect(error.code).to.equal('STRATOS_ERR_LOADER_INVALID_NAME');
      expect(error.message).to.include(`Plugin package '${name}' is not a valid npm package name`);
      expect(error.message).to.include('fix the name in the config');
    });
  }
});
