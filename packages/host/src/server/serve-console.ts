import { createReadStream, realpathSync, statSync, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context, Middleware } from 'koa';
import { hostError } from '../errors.js';

/** The Content-Security-Policy of every HTML answer: what a built Angular console needs, no more. */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

/** Cache-Control of the three kinds of console file. */
export const CONSOLE_CACHE = {
  /** `index.html` names the hashed bundles of the current build, so it is revalidated every time. */
  index: 'no-cache',
  /** A file whose name carries a content hash never changes under that name. */
  hashed: 'public, max-age=31536000, immutable',
  /** Anything else (favicon, fonts without a hash, …) may change with a new build. */
  other: 'public, max-age=300',
};

// A content hash as bundlers write it: `main.3f2a9c1b.js` (hex) or `main-2Y3K4ZQX.js` (base32),
// with at least one digit, so a word such as `styles.component.css` is not mistaken for one.
const HASHED_NAME = /[.-](?=[0-9a-zA-Z]*\d)(?:[0-9a-f]{8,}|[0-9A-Z]{8,})\.[a-z0-9]+$/;

/** Whether `name` (a file name) carries a content hash, so that it may be cached for a year. */
export function isHashedName(name: string): boolean {
  return HASHED_NAME.test(name);
}

/**
 * Serves a built console folder (Jetstream's `UI_PATH`) for the paths outside `/pp` and `/api`:
 * files with their content type and caching rules, ETag/Last-Modified revalidation, and
 * `index.html` for an unknown path that a browser navigates to, so the console's own routes work
 * on reload. Nothing outside the folder is reachable: `..`, encoded or not, and symbolic links that
 * lead out are answered 404, and a folder is never listed.
 *
 * The folder is checked at once: a missing folder or one without `index.html` raises
 * `STRATOS_ERR_SERVER_UI_PATH`.
 */
export function serveConsole(folder: string): Middleware {
  const root = checkConsoleFolder(folder);
  const index = path.join(root, 'index.html');

  return async function serveConsoleFile(ctx, next) {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const file = await findFile(root, ctx.path);
    if (file) return sendFile(ctx, file.path, file.stats, file.path === index ? CONSOLE_CACHE.index : cacheFor(file.path));
    if (!wantsPage(ctx)) return next();
    const stats = await stat(index).catch(() => undefined);
    if (!stats?.isFile()) return next();
    return sendFile(ctx, index, stats, CONSOLE_CACHE.index);
  };
}

/** The real path of a console folder that exists and holds `index.html`; else a coded error. */
function checkConsoleFolder(folder: string): string {
  let root: string;
  try {
    root = realpathSync(folder);
    if (!statSync(root).isDirectory()) throw new Error('it is not a folder');
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ENOENT' ? 'does not exist' : (error as Error).message;
    throw hostError('STRATOS_ERR_SERVER_UI_PATH', { folder, problem: reason });
  }
  const indexStats = statSync(path.join(root, 'index.html'), { throwIfNoEntry: false });
  if (!indexStats?.isFile()) throw hostError('STRATOS_ERR_SERVER_UI_PATH', { folder, problem: 'has no index.html' });
  return root;
}

/** The regular file `requestPath` names inside `root`, or undefined for anything else. */
async function findFile(root: string, requestPath: string): Promise<{ path: string; stats: Stats } | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return undefined;
  }
  // Checked after decoding, so `%2e%2e` and `%2f` cannot climb out either.
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.') || s.includes('\\') || s.includes('\0'))) {
    return undefined;
  }
  if (segments.length === 0) segments.push('index.html');
  const candidate = path.join(root, ...segments);
  try {
    // A symbolic link is followed only when its target is still inside the folder.
    const real = await realpath(candidate);
    if (real !== root && !real.startsWith(root + path.sep)) return undefined;
    const stats = await stat(real);
    return stats.isFile() ? { path: real, stats } : undefined;
  } catch {
    return undefined;
  }
}

function cacheFor(file: string): string {
  return isHashedName(path.basename(file)) ? CONSOLE_CACHE.hashed : CONSOLE_CACHE.other;
}

/**
 * Whether an unknown path should get `index.html`: a browser navigating asks for HTML by name; a
 * request that accepts anything gets it only for a path without a file extension, so a missing
 * `/x.js` stays a 404.
 */
function wantsPage(ctx: Context): boolean {
  if (/\btext\/html\b/.test(ctx.get('Accept'))) return true;
  const last = ctx.path.slice(ctx.path.lastIndexOf('/') + 1);
  return !last.includes('.') && ctx.accepts('html') === 'html';
}

function sendFile(ctx: Context, file: string, stats: Stats, cacheControl: string): void {
  ctx.status = 200;
  ctx.type = path.extname(file);
  ctx.set('Cache-Control', cacheControl);
  ctx.lastModified = stats.mtime;
  ctx.etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
  if (ctx.response.is('html')) ctx.set('Content-Security-Policy', CONSOLE_CSP);
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.length = stats.size;
  // A HEAD answer has no body; opening the file for it would leave a stream nobody reads.
  if (ctx.method === 'GET') ctx.body = createReadStream(file);
}
