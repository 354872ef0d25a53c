import { expect } from 'chai';
import { buildFavoriteGuid, parseFavorite } from '../src/favorite.js';

describe('buildFavoriteGuid', () => {
  it('joins entityId, endpointId, entityType and endpointType when all are given', () => {
    expect(buildFavoriteGuid({ endpointId: 'e1', endpointType: 'cf', entityType: 'space', entityId: 's1' })).to.equal(
      's1-e1-space-cf',
    );
  });

  it('leaves empty parts out when the favourite is an endpoint', () => {
    expect(buildFavoriteGuid({ endpointId: 'e1', endpointType: 'cf', entityType: 'endpoint', entityId: '' })).to.equal(
      'e1-endpoint-cf',
    );
  });
});

describe('parseFavorite', () => {
  it('fills absent entity fields and metadata when only the endpoint is given', () => {
    expect(parseFavorite({ endpointId: 'e1', endpointType: 'cf', metadata: null }, 100)).to.deep.equal({
      guid: 'e1-cf',
      endpointId: 'e1',
      endpointType: 'cf',
      entityType: '',
      entityId: '',
      metadata: {},
    });
  });

  it('rejects with 400 when a field is longer than 512 characters', () => {
    expect(() => parseFavorite({ endpointId: 'e'.repeat(513), endpointType: 'cf' }, 100))
      .to.throw("Field 'endpointId' is longer than 512 characters")
      .with.property('status', 400);
  });

  it('rejects with 413 when the metadata JSON is over the limit', () => {
    expect(() => parseFavorite({ endpointId: 'e', endpointType: 'cf', metadata: { n: 'é'.repeat(10) } }, 20))
      .to.throw('Favourite metadata is 28 bytes; at most 20 are kept')
      .with.property('status', 413);
  });
});
