import { expect } from 'chai';
import { checkSdkRange } from '../../src/loader/check-sdk-range.js';
import { errorOf } from '../helpers/caught.js';

describe('checkSdkRange', () => {
  for (const [range, version] of [
    ['^1.0.0', '1.4.0'],
    ['>=1.0.0 <3', '2.9.9'],
    ['*', '1.0.0'],
    ['^1.0.0', '1.1.0-rc.1'],
  ]) {
    it(`accepts SDK ${version} when the plugin asks for '${range}'`, () => {
      expect(() => checkSdkRange('p', range!, version!)).not.to.throw();
    });
  }

  it('throws STRATOS_ERR_COMPAT_SDK_RANGE naming both versions and the fix when the range is not satisfied', () => {
    const error = errorOf(() => checkSdkRange('metrics', '^2.0.0', '1.4.0'));
    expect(error.code).to.equal('STRATOS_ERR_COMPAT_SDK_RANGE');
    expect(error.message).to.include("Plugin 'metrics' requires plugin-sdk '^2.0.0', but the host provides '1.4.0'");
    expect(error.message).to.include('install a version of the plugin built for plugin-sdk 1.4.0');
  });

  it('throws STRATOS_ERR_COMPAT_SDK_RANGE when the host is older than the range allows', () => {
    expect(errorOf(() => checkSdkRange('p', '>=1.2.0', '1.1.9')).code).to.equal('STRATOS_ERR_COMPAT_SDK_RANGE');
  });

  for (const range of ['one point oh', '^^1', '1.0.0 ||| 2']) {
    it(`throws STRATOS_ERR_MANIFEST_INVALID at /sdk when the range is '${range}'`, () => {
      const error = errorOf(() => checkSdkRange('p', range, '1.0.0'));
      expect(error.code).to.equal('STRATOS_ERR_MANIFEST_INVALID');
      expect(error.message).to.include('at /sdk: must be a semver range such as ^1.0.0');
      expect(error.message).to.include(`received '${range}'`);
    });
  }
});
