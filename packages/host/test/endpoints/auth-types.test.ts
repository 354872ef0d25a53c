import type { TokenRecord } from '@stratos/plugin-sdk';
import { expect } from 'chai';
import { type AuthTypes, createAuthTypes } from '../../src/endpoints/auth-types.js';
import type { EndpointRequestError } from '../../src/endpoints/endpoint-request-error.js';
import { errorOf } from '../helpers/caught.js';

const token = (authType: string, authToken: string): TokenRecord => ({ authType, authToken });
const headersFor = (types: AuthTypes, record: TokenRecord) => {
  const headers: Record<string, string> = { accept: 'application/json' };
  types.apply(headers, record);
  return headers;
};

describe('createAuthTypes', () => {
  const types = createAuthTypes();

  it('registers HttpBasic, Bearer, Token and none when created', () => {
    expect(types.names()).to.deep.equal(['HttpBasic', 'Bearer', 'Token', 'none']);
  });

  it('sends a stored base64 token as it is when the auth type is HttpBasic', () => {
    const stored = Buffer.from('alice:pw:with:colons').toString('base64');
    expect(headersFor(types, token('HttpBasic', stored))).to.deep.equal({
      accept: 'application/json',
      authorization: `Basic ${stored}`,
    });
  });

  it('encodes a plain user:password when the HttpBasic token holds one', () => {
    expect(headersFor(types, token('HttpBasic', 'alice:secret')).authorization).to.equal(
      `Basic ${Buffer.from('alice:secret').toString('base64')}`,
    );
  });

  it('sends Authorization: Bearer when the auth type is Bearer', () => {
    expect(headersFor(types, token('Bearer', 'abc.def')).authorization).to.equal('Bearer abc.def');
  });

  it('sends Authorization: token when the auth type is Token', () => {
    expect(headersFor(types, token('Token', 'ghp_123')).authorization).to.equal('token ghp_123');
  });

  it('adds nothing when the auth type is none', () => {
    expect(headersFor(types, token('none', ''))).to.deep.equal({ accept: 'application/json' });
  });

  it('fails with kind unknown-auth-type when no type has the token name', () => {
    const error = errorOf(() => headersFor(types, token('OAuth9', 'x'))) as unknown as EndpointRequestError;
    expect(error.kind).to.equal('unknown-auth-type');
    expect(error.status).to.equal(503);
    expect(error.message).to.include("auth type 'OAuth9', which no active plugin provides");
  });
});

describe('AuthTypes', () => {
  it('applies a plugin type when one is registered', () => {
    const types = createAuthTypes();
    types.register(
      'ApiKey',
      (headers, record) => {
        headers['x-api-key'] = record.authToken;
      },
      'acme',
    );
    expect(types.has('ApiKey')).to.equal(true);
    expect(headersFor(types, token('ApiKey', 'k-1'))['x-api-key']).to.equal('k-1');
  });

  it('refuses a taken name with STRATOS_ERR_MOUNT_AUTH_TYPE_CONFLICT when a plugin registers it again', () => {
    const types = createAuthTypes();
    types.register('ApiKey', () => {}, 'acme');
    const builtIn = errorOf(() => types.register('Bearer', () => {}, 'evil'));
    expect(builtIn.code).to.equal('STRATOS_ERR_MOUNT_AUTH_TYPE_CONFLICT');
    expect(builtIn.message).to.equal(
      "Plugin 'evil' cannot add auth type 'Bearer': 'host' already provides it; disable one of them",
    );
    const plugin = errorOf(() => types.register('ApiKey', () => {}, 'other'));
    expect(plugin.message).to.include("'acme' already provides it");
    expect(headersFor(types, token('Bearer', 't')).authorization).to.equal('Bearer t');
  });

  it('forgets the types of an owner when it is unregistered', () => {
    const types = createAuthTypes();
    types.register('ApiKey', () => {}, 'acme');
    types.unregisterOwner('acme');
    expect(types.has('ApiKey')).to.equal(false);
    expect(types.has('Bearer')).to.equal(true);
  });
});
