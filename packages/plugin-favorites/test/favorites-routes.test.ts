import { expect } from 'chai';
import { startFixtureUpstream } from '../../host/test/helpers/fixture-upstream.js';
import {
  appFavorite,
  createPluginFolder,
  startFavoritesHost,
  type FavoritesHost,
  type Session,
} from './helpers/favorites-host.js';

describe('addFavoritesRoutes', () => {
  let folder: ReturnType<typeof createPluginFolder>;
  let stack: FavoritesHost;
  let alice: Session;
  let bob: Session;

  beforeEach(async () => {
    folder = createPluginFolder();
    stack = await startFavoritesHost(folder, { maxFavorites: 60, maxMetadataBytes: 256 });
    ({ alice, bob } = stack);
  });
  afterEach(async () => {
    await stack?.cleanup();
    folder?.remove();
  });

  const add = (session: Session, body: unknown) =>
    session.agent
      .post('/pp/v1/favorites')
      .set('X-Xsrf-Token', session.xsrf)
      .send(body as object);

  it('answers an empty list when the user has no favourites', async () => {
    const { body } = await alice.agent.get('/pp/v1/favorites').expect(200);
    expect(body).to.deep.equal([]);
  });

  it('stores a favourite with the guid Jetstream builds when it is posted', async () => {
    const { body } = await add(alice, appFavorite('app-1')).expect(201);
    expect(body).to.deep.equal({
      guid: 'app-1-endpoint-1-application-cf',
      endpointId: 'endpoint-1',
      endpointType: 'cf',
      entityType: 'application',
      entityId: 'app-1',
      metadata: { name: 'app app-1' },
    });
    const list = await alice.agent.get('/pp/v1/favorites').expect(200);
    expect(list.body).to.deep.equal([body]);
  });

  it('keeps an endpoint favourite without entity id when only the endpoint is named', async () => {
    const { body } = await add(alice, { endpointId: 'e9', endpointType: 'metrics', entityType: 'endpoint' }).expect(201);
    expect(body.guid).to.equal('e9-endpoint-metrics');
    expect(body.entityId).to.equal('');
    expect(body.metadata).to.deep.equal({});
  });

  it('rebuilds the guid when the body gives another one', async () => {
    const { body } = await add(alice, { ...appFavorite('app-1'), guid: 'chosen-by-client' }).expect(201);
    expect(body.guid).to.equal('app-1-endpoint-1-application-cf');
  });

  it('answers the stored favourite with 200 when the same favourite is posted again', async () => {
    await add(alice, appFavorite('app-1', { name: 'first' })).expect(201);
    const { body } = await add(alice, appFavorite('app-1', { name: 'second' })).expect(200);
    expect(body.metadata).to.deep.equal({ name: 'first' });
    const list = await alice.agent.get('/pp/v1/favorites').expect(200);
    expect(list.body).to.have.length(1);
  });

  it('answers 400 when endpointId or endpointType is missing or a field is not a string', async () => {
    const missingId = await add(alice, { endpointType: 'cf', entityType: 'application', entityId: 'a' }).expect(400);
    expect(missingId.body.error).to.equal("Field 'endpointId' is required");
    const missingType = await add(alice, { endpointId: 'e1' }).expect(400);
    expect(missingType.body.error).to.equal("Field 'endpointType' is required");
    const wrongType = await add(alice, { ...appFavorite('a'), entityId: 42 }).expect(400);
    expect(wrongType.body.error).to.equal("Field 'entityId' must be a string");
    const list = await alice.agent.get('/pp/v1/favorites').expect(200);
    expect(list.body).to.deep.equal([]);
  });

  it('answers 400 when the body is malformed JSON, not an object or absent', async () => {
    const malformed = await alice.agent
      .post('/pp/v1/favorites')
      .set('X-Xsrf-Token', alice.xsrf)
      .set('Content-Type', 'application/json')
      .send('{"endpointId": ')
      .expect(400);
    expect(malformed.body.error).to.match(/^Malformed JSON body/);
    const array = await add(alice, [appFavorite('a')]).expect(400);
    expect(array.body.error).to.equal('Expected a JSON object describing the favourite');
    await alice.agent.post('/pp/v1/favorites').set('X-Xsrf-Token', alice.xsrf).expect(400);
  });

  it('answers 413 when the metadata is larger than maxMetadataBytes and 400 when it is not an object', async () => {
    const big = await add(alice, appFavorite('a', { name: 'x'.repeat(300) })).expect(413);
    expect(big.body.error).to.match(/^Favourite metadata is \d+ bytes; at most 256 are kept$/);
    const notObject = await add(alice, { ...appFavorite('a'), metadata: 'text' }).expect(400);
    expect(notObject.body.error).to.equal('Favourite metadata must be a JSON object');
  });

  it('answers 400 when the user already keeps maxFavorites favourites', async () => {
    for (let i = 0; i < 60; i += 1) await add(alice, appFavorite(`app-${i}`, {})).expect(201);
    const { body } = await add(alice, appFavorite('one-too-many', {})).expect(400);
    expect(body.error).to.equal('A user may keep at most 60 favourites; remove one first');
    // A favourite already kept is still answered, since it adds nothing.
    await add(alice, appFavorite('app-7', {})).expect(200);
    await add(bob, appFavorite('app-0', {})).expect(201);
  });

  it('removes a favourite when its owner deletes it', async () => {
    const { body } = await add(alice, appFavorite('app-1')).expect(201);
    await add(alice, appFavorite('app-2')).expect(201);
    const deleted = await alice.agent.delete(`/pp/v1/favorites/${body.guid}`).set('X-Xsrf-Token', alice.xsrf).expect(200);
    expect(deleted.body).to.deep.equal({ response: 'User Favorite deleted okay' });
    const list = await alice.agent.get('/pp/v1/favorites').expect(200);
    expect(list.body.map((f: { entityId: string }) => f.entityId)).to.deep.equal(['app-2']);
    await alice.agent.delete(`/pp/v1/favorites/${body.guid}`).set('X-Xsrf-Token', alice.xsrf).expect(404);
  });

  it('replaces the metadata when it is posted for a favourite', async () => {
    const { body } = await add(alice, appFavorite('app-1', { name: 'old', extra: 'x' })).expect(201);
    const answer = await alice.agent
      .post(`/pp/v1/favorites/${body.guid}/metadata`)
      .set('X-Xsrf-Token', alice.xsrf)
      .send({ name: 'new' })
      .expect(200);
    expect(answer.body).to.deep.equal({ response: 'User Favorite metadata updated okay' });
    const list = await alice.agent.get('/pp/v1/favorites').expect(200);
    expect(list.body[0].metadata).to.deep.equal({ name: 'new' });
    await alice.agent.post(`/pp/v1/favorites/${body.guid}/metadata`).set('X-Xsrf-Token', alice.xsrf).send(['x']).expect(400);
    await alice.agent
      .post(`/pp/v1/favorites/${body.guid}/metadata`)
      .set('X-Xsrf-Token', alice.xsrf)
      .send({ name: 'y'.repeat(300) })
      .expect(413);
    await alice.agent.post('/pp/v1/favorites/nope/metadata').set('X-Xsrf-Token', alice.xsrf).send({}).expect(404);
  });

  it("neither lists nor lets another user delete or edit a favourite when it is someone else's", async () => {
    const { body } = await add(alice, appFavorite('app-1')).expect(201);
    expect((await bob.agent.get('/pp/v1/favorites').expect(200)).body).to.deep.equal([]);
    await bob.agent.delete(`/pp/v1/favorites/${body.guid}`).set('X-Xsrf-Token', bob.xsrf).expect(404);
    await bob.agent
      .post(`/pp/v1/favorites/${body.guid}/metadata`)
      .set('X-Xsrf-Token', bob.xsrf)
      .send({ name: 'bob' })
      .expect(404);
    // The same favourite is bob's own once he adds it, and alice's is untouched.
    await add(bob, appFavorite('app-1', { name: 'bob' })).expect(201);
    const aliceList = await alice.agent.get('/pp/v1/favorites').expect(200);
    expect(aliceList.body).to.deep.equal([body]);
  });

  it('answers 403 without an XSRF token and 401 without a session', async () => {
    const post = await alice.agent.post('/pp/v1/favorites').send(appFavorite('app-1')).expect(403);
    expect(post.body.error).to.match(/X-Xsrf-Token/);
    const { body } = await add(alice, appFavorite('app-1')).expect(201);
    await alice.agent.delete(`/pp/v1/favorites/${body.guid}`).expect(403);
    await alice.agent.post(`/pp/v1/favorites/${body.guid}/metadata`).send({}).expect(403);
    const list = await alice.agent.get('/pp/v1/favorites').expect(200);
    expect(list.body).to.deep.equal([body]);
    const { default: supertest } = await import('supertest');
    await supertest(stack.host.app.callback()).get('/pp/v1/favorites').expect(401);
  });

  it('keeps every favourite when 50 are posted at once', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => add(alice, appFavorite(`app-${i}`, {}))));
    expect(answers.map((answer) => answer.status)).to.deep.equal(Array(50).fill(201));
    const list = await alice.agent.get('/pp/v1/favorites').expect(200);
    const ids = (list.body as Array<{ entityId: string }>).map((favorite) => favorite.entityId).sort();
    expect(ids).to.deep.equal(Array.from({ length: 50 }, (_, i) => `app-${i}`).sort());
  });

  it('keeps the favourites when the host restarts on the same data directory', async () => {
    const { body } = await add(alice, appFavorite('app-1', { name: 'kept' })).expect(201);
    await add(bob, appFavorite('app-2')).expect(201);
    const dataDir = stack.host.dataDir;
    await stack.cleanup(true);
    stack = await startFavoritesHost(folder, {}, { dataDir });
    const aliceList = await stack.alice.agent.get('/pp/v1/favorites').expect(200);
    expect(aliceList.body).to.deep.equal([body]);
    const bobList = await stack.bob.agent.get('/pp/v1/favorites').expect(200);
    expect(bobList.body.map((f: { entityId: string }) => f.entityId)).to.deep.equal(['app-2']);
  });

  it("drops an endpoint's favourites for every user when the endpoint is unregistered", async () => {
    const upstream = await startFixtureUpstream();
    try {
      const { body: endpoint } = await alice.agent
        .post('/api/v1/endpoints?endpoint_type=fixture')
        .set('X-Xsrf-Token', alice.xsrf)
        .send({ cnsi_name: 'doomed', api_endpoint: upstream.url })
        .expect(201);
      const onEndpoint = (session: Session, entityId: string) =>
        add(session, { endpointId: endpoint.guid, endpointType: 'fixture', entityType: 'thing', entityId }).expect(201);
      await onEndpoint(alice, 'a');
      await onEndpoint(bob, 'b');
      await add(alice, appFavorite('elsewhere')).expect(201);
      await alice.agent.delete(`/api/v1/endpoints/${endpoint.guid}`).set('X-Xsrf-Token', alice.xsrf).expect(200);
      const aliceList = await alice.agent.get('/pp/v1/favorites').expect(200);
      expect(aliceList.body.map((f: { entityId: string }) => f.entityId)).to.deep.equal(['elsewhere']);
      expect((await bob.agent.get('/pp/v1/favorites').expect(200)).body).to.deep.equal([]);
    } finally {
      await upstream.close();
    }
  });
});
