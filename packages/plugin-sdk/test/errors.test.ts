import { expect } from 'chai';
import { isHostError, isPluginError, PluginError } from '../src/errors.js';

/** A PluginError as another copy of the SDK would define it: same shape, different class. */
class OtherCopyPluginError extends Error {
  override readonly name = 'PluginError';
  readonly $$type = '@stratos/PluginError';
  constructor(
    readonly status: number,
    message: string,
    readonly expose = status < 500,
  ) {
    super(message);
  }
}

describe('PluginError', () => {
  it('exposes its message when the status is 4xx', () => {
    const error = new PluginError(404, "No note 'n1'");
    expect(error.status).to.equal(404);
    expect(error.expose).to.equal(true);
    expect(error.message).to.equal("No note 'n1'");
    expect(error.name).to.equal('PluginError');
    expect(error).to.be.an.instanceOf(Error);
  });

  it('hides its message when the status is 5xx', () => {
    expect(new PluginError(500, 'database down').expose).to.equal(false);
    expect(new PluginError(503, 'try later').expose).to.equal(false);
  });

  it('follows an explicit expose when one is given', () => {
    expect(new PluginError(503, 'maintenance until 18:00', { expose: true }).expose).to.equal(true);
    expect(new PluginError(400, 'internal detail', { expose: false }).expose).to.equal(false);
  });

  it('keeps the cause when one is given', () => {
    const cause = new Error('ECONNREFUSED');
    expect(new PluginError(502, 'upstream failed', { cause }).cause).to.equal(cause);
    expect('cause' in new PluginError(502, 'upstream failed')).to.equal(false);
  });
});

describe('isPluginError', () => {
  it('returns true when given a PluginError', () => {
    expect(isPluginError(new PluginError(409, 'exists'))).to.equal(true);
  });

  it('returns true when the error comes from another copy of the SDK', () => {
    const foreign = new OtherCopyPluginError(418, 'teapot');
    expect(foreign).not.to.be.an.instanceOf(PluginError);
    expect(isPluginError(foreign)).to.equal(true);
  });

  it('returns false when given a plain error or a non-error look-alike', () => {
    expect(isPluginError(new Error('boom'))).to.equal(false);
    expect(isPluginError(Object.assign(new Error('x'), { status: 404 }))).to.equal(false);
    expect(isPluginError({ $$type: '@stratos/PluginError', status: 404, message: 'x' })).to.equal(false);
    expect(isPluginError(null)).to.equal(false);
  });
});

describe('isHostError', () => {
  it('returns true when an error carries a STRATOS_ERR code', () => {
    const error = Object.assign(new Error("Config file '/x.json' does not exist"), {
      code: 'STRATOS_ERR_CONFIG_NOT_FOUND',
      details: { file: '/x.json' },
    });
    expect(isHostError(error)).to.equal(true);
  });

  it('returns false when the code is missing, foreign or not on an Error', () => {
    expect(isHostError(new Error('boom'))).to.equal(false);
    expect(isHostError(Object.assign(new Error('x'), { code: 'ENOENT' }))).to.equal(false);
    expect(isHostError(Object.assign(new Error('x'), { code: 42 }))).to.equal(false);
    expect(isHostError({ code: 'STRATOS_ERR_CONFIG_NOT_FOUND', message: 'x' })).to.equal(false);
    expect(isHostError(new PluginError(400, 'bad'))).to.equal(false);
  });
});
