import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { CONSOLE_CACHE, CONSOLE_CSP, isHashedName, serveConsole } from '../../src/server/serve-console.js';
import { errorOf } from '../helpers/caught.js';
import { login } from '../helpers/login.js';
import { createTestHost, type TestHost } from '../helpers/test-host.js';

const INDEX = '<!doctype html><html><head><script src="main.3f2a9c1b.js"></script></head><body>console</body></html>';
const BUNDLE = 'console.log("bundle");';
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('serveConsole', () => {
  let dir: string;
  let ui: string;
  let host: TestHost;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stratos-ui-'));
    ui = path.join(dir, 'ui');
    mkdirSync(path.join(ui, 'assets', 'empty'), { recursive: true });
    writeFileSync(path.join(ui, 'index.html'), INDEX);
    writeFileSync(path.join(ui, 'main.3f2a9c1b.js'), BUNDLE);
    writeFileSync(path.join(ui, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(ui, 'assets', 'app.css'), 'body{}');
    writeFileSync(path.join(ui, '.env'), 'SECRET=1');
    // A sibling whose name starts with the folder's: a naive prefix check would let it through.
    mkdirSync(path.join(dir, 'ui-private'));
    writeFileSync(path.join(dir, 'ui-private', 'secret.txt'), 'private');
    writeFileSync(path.join(dir, 'secret.txt'), 'outside');
    symlinkSync(path.join(dir, 'secret.txt'), path.join(ui, 'leak.txt'));
    symlinkSync(path.join(ui, 'assets', 'app.css'), path.join(ui, 'inside.css'));
    host = await createTestHost(['good'], { ui: { path: ui } });
  });
  after(async () => {
    await host.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  const request = () => supertest(host.app.callback());

  describe('files', () => {
    it('serves index.html at / uncached with the console CSP when a folder is configured', async () => {
      const response = await request().get('/').expect(200);
      expect(response.text).to.equal(INDEX);
      expect(response.headers['content-type']).to.equal('text/html; charset=utf-8');
      expect(response.headers['cache-control']).to.equal(CONSOLE_CACHE.index);
      expect(response.headers['content-security-policy']).to.equal(CONSOLE_CSP);
      expect(response.headers['x-content-type-options']).to.equal('nosniff');
      expect(response.headers['x-frame-options']).to.equal('DENY');
      expect(response.headers.etag).to.be.a('string');
      expect(response.headers['last-modified']).to.be.a('string');
    });

    it('serves a hashed bundle with its content type and a year of immutable caching', async () => {
      const response = await request().get('/main.3f2a9c1b.js').expect(200);
      expect(response.text).to.equal(BUNDLE);
      expect(response.headers['content-type']).to.match(/^(application|text)\/javascript/);
      expect(response.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
      expect(response.headers['content-length']).to.equal(String(Buffer.byteLength(BUNDLE)));
      expect(response.headers['content-security-policy']).to.equal(undefined);
    });

    it('serves a file without a hash with short caching, also from a sub-folder', async () => {
      const svg = await request().get('/favicon.svg').expect(200);
      expect(svg.headers['content-type']).to.equal('image/svg+xml');
      expect(svg.headers['cache-control']).to.equal('public, max-age=300');
      const css = await request().get('/assets/app.css').expect(200);
      expect(css.headers['content-type']).to.equal('text/css; charset=utf-8');
      expect(css.text).to.equal('body{}');
    });

    it('answers 304 when the ETag or the Last-Modified date still matches', async () => {
      const first = await request().get('/main.3f2a9c1b.js').expect(200);
      const byTag = await request()
        .get('/main.3f2a9c1b.js')
        .set('If-None-Match', first.headers.etag as string)
        .expect(304);
      expect(byTag.text).to.equal('');
      expect(byTag.headers['cache-control']).to.equal(CONSOLE_CACHE.hashed);
      await request()
        .get('/')
        .set('If-Modified-Since', first.headers['last-modified'] as string)
        .expect(304);
      await request().get('/main.3f2a9c1b.js').set('If-None-Match', 'W/"other"').expect(200);
    });

    it('answers HEAD with the headers of GET and no body', async () => {
      const response = await request().head('/main.3f2a9c1b.js').expect(200);
      expect(response.headers['content-length']).to.equal(String(Buffer.byteLength(BUNDLE)));
      expect(response.headers['cache-control']).to.equal(CONSOLE_CACHE.hashed);
      expect(response.text ?? '').to.equal('');
      const page = await request().head('/endpoints').set('Accept', HTML).expect(200);
      expect(page.headers['content-type']).to.equal('text/html; charset=utf-8');
    });

    it('follows a symbolic link when its target stays inside the folder', async () => {
      const response = await request().get('/inside.css').expect(200);
      expect(response.text).to.equal('body{}');
    });
  });

  describe('fallback', () => {
    it('answers index.html for an unknown path when the browser navigates to it', async () => {
      for (const page of ['/endpoints', '/endpoints/metrics/register', '/x.js']) {
        const response = await request().get(page).set('Accept', HTML).expect(200);
        expect(response.text).to.equal(INDEX);
        expect(response.headers['cache-control']).to.equal(CONSOLE_CACHE.index);
        expect(response.headers['content-security-policy']).to.equal(CONSOLE_CSP);
      }
    });

    it('answers index.html for a path without an extension when anything is accepted', async () => {
      const response = await request().get('/about').set('Accept', '*/*').expect(200);
      expect(response.text).to.equal(INDEX);
    });

    it('answers 404 JSON for a missing asset when HTML was not asked for', async () => {
      const response = await request().get('/x.js').set('Accept', '*/*').expect(404).expect('Content-Type', /json/);
      expect(response.body).to.deep.equal({ status: 'error', error: 'No route for GET /x.js' });
      await request().get('/about').set('Accept', 'application/json').expect(404);
    });

    it('answers 404 for a method other than GET or HEAD outside the API', async () => {
      await request().post('/endpoints').set('Accept', HTML).expect(404);
    });

    it('never serves the folder for /pp and /api paths', async () => {
      await request().get('/pp/v1/index.html').set('Accept', HTML).expect(401);
      const { agent } = await login(host);
      const response = await agent.get('/pp/v1/main.3f2a9c1b.js').set('Accept', HTML).expect(404).expect('Content-Type', /json/);
      expect(response.body.error).to.equal('No route for GET /pp/v1/main.3f2a9c1b.js');
      await agent.get('/api/v1/unknown').set('Accept', HTML).expect(404).expect('Content-Type', /json/);
    });
  });

  describe('confinement', () => {
    for (const attempt of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%2fui-private/secret.txt',
      '/%2e%2e%5csecret.txt',
      '/leak.txt',
      '/.env',
      '/assets/app.css%00.js',
      '/index.html%00.js',
    ]) {
      it(`answers 404 without the file when the path is '${attempt}'`, async () => {
        const response = await request().get(attempt).set('Accept', '*/*');
        expect(response.status).to.equal(404);
        // The JSON error, never the bytes of a file.
        expect(response.body.status).to.equal('error');
      });
    }

    it('answers index.html, never a listing or a file outside, when a browser asks for a folder or a traversal', async () => {
      for (const attempt of ['/assets/', '/assets/empty', '/%E0%A4%A', '/%2e%2e/secret.txt', '/leak.txt']) {
        const response = await request()
          .get(attempt)
          .set('Accept', attempt.includes('.') ? HTML : '*/*')
          .expect(200);
        expect(response.text).to.equal(INDEX);
      }
    });
  });

  describe('start-up', () => {
    it('throws STRATOS_ERR_SERVER_UI_PATH when the folder does not exist', () => {
      const error = errorOf(() => serveConsole(path.join(dir, 'missing')));
      expect(error.code).to.equal('STRATOS_ERR_SERVER_UI_PATH');
      expect(error.message).to.equal(
        `The console folder '${path.join(dir, 'missing')}' does not exist; build the Stratos console and point "ui.path" or STRATOS_UI_PATH at the folder that holds its index.html`,
      );
    });

    it('throws STRATOS_ERR_SERVER_UI_PATH when the folder has no index.html', () => {
      const error = errorOf(() => serveConsole(path.join(ui, 'assets')));
      expect(error.code).to.equal('STRATOS_ERR_SERVER_UI_PATH');
      expect(error.message).to.match(/^The console folder '.*assets' has no index.html; /);
    });

    it('stops createHost with STRATOS_ERR_SERVER_UI_PATH when ui.path is not a folder', async () => {
      const error = await createTestHost([], { ui: { path: path.join(ui, 'index.html') } }).then(
        () => undefined,
        (thrown: { code?: string }) => thrown,
      );
      expect(error?.code).to.equal('STRATOS_ERR_SERVER_UI_PATH');
    });
  });

  describe('isHashedName', () => {
    it('recognises content hashes when bundlers write them', () => {
      for (const name of ['main.3f2a9c1b.js', 'styles.0a1b2c3d4e5f6a7b8c9d.css', 'chunk-2Y3K4ZQX.js', 'polyfills-ABCD1234.js']) {
        expect(isHashedName(name), name).to.equal(true);
      }
    });

    it('rejects names when they carry no hash', () => {
      for (const name of ['index.html', 'favicon.ico', 'styles.component.css', 'jquery.min.js', 'deadbeef.js']) {
        expect(isHashedName(name), name).to.equal(false);
      }
    });
  });
});

describe('createApp without ui.path', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost(['good']);
  });
  after(() => host.cleanup());

  it('answers / with a JSON note on how to add the console when no folder is configured', async () => {
    const response = await supertest(host.app.callback()).get('/').expect(200).expect('Content-Type', /json/);
    expect(response.body.status).to.equal('ok');
    expect(response.body.message).to.match(/^No console is configured; set ui\.path/);
  });

  it('answers other paths outside the API 404 JSON when no folder is configured', async () => {
    const response = await supertest(host.app.callback()).get('/endpoints').set('Accept', HTML).expect(404);
    expect(response.body).to.deep.equal({ status: 'error', error: 'No route for GET /endpoints' });
  });
});
