import { expect } from 'chai';
import {
  classifyRequestError,
  EndpointRequestError,
  isEndpointRequestError,
  timeoutError,
} from '../../src/endpoints/endpoint-request-error.js';

const withCode = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('classifyRequestError', () => {
  it('says the name does not resolve when DNS fails', () => {
    const error = classifyRequestError(withCode('ENOTFOUND', 'getaddrinfo ENOTFOUND nowhere.test'), { host: 'nowhere.test' });
    expect(error.kind).to.equal('unreachable');
    expect(error.status).to.equal(502);
    expect(error.message).to.equal(
      "Cannot reach 'nowhere.test': ENOTFOUND (the host name does not resolve); check the URL and that the endpoint is running",
    );
  });

  it('names the endpoint and the fix when a certificate cannot be verified', () => {
    const error = classifyRequestError(withCode('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), {
      host: 'prom:9090',
      endpointName: 'prom',
    });
    expect(error.kind).to.equal('tls');
    expect(error.message).to.equal(
      "The TLS certificate of 'prom:9090' for endpoint 'prom' could not be verified: SELF_SIGNED_CERT_IN_CHAIN " +
        "(self-signed certificate in certificate chain); give the endpoint's CA certificate (ca_cert) or enable skip_ssl_validation",
    );
  });

  it('keeps the error message when the code is not a known one', () => {
    const error = classifyRequestError(new Error('socket hang up'), { host: 'h:1' });
    expect(error.kind).to.equal('unreachable');
    expect(error.message).to.include("Cannot reach 'h:1': socket hang up");
  });

  it('returns an EndpointRequestError unchanged when given one', () => {
    const timeout = timeoutError({ host: 'h:1' }, 5);
    expect(classifyRequestError(timeout, { host: 'other' })).to.equal(timeout);
  });
});

describe('isEndpointRequestError', () => {
  it('recognises the error by its shape when checked', () => {
    expect(isEndpointRequestError(new EndpointRequestError('not-connected', 'x'))).to.equal(true);
    expect(isEndpointRequestError(Object.assign(new Error('x'), { status: 502 }))).to.equal(false);
    expect(isEndpointRequestError({ name: 'EndpointRequestError', kind: 'tls', status: 502 })).to.equal(false);
  });

  it('carries status and expose for Koa when constructed', () => {
    const error = new EndpointRequestError('not-connected', 'connect first');
    expect({ status: error.status, expose: error.expose, name: error.name }).to.deep.equal({
      status: 403,
      expose: true,
      name: 'EndpointRequestError',
    });
  });
});
