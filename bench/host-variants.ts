import type { Host } from '../packages/host/src/host/create-host.js';

interface VariantSpec {
  /** Middleware (by function name) skipped on GET requests. */
  skip: readonly string[];
}

const REQUEST_LOG = ['trackRequest'];
const SECURITY_HEADERS = ['setSecurityHeaders'];
const BODY_PARSER = ['parseBody'];

/**
 * A host with parts of its request path taken out, to tell what they cost per request.
 * For diagnosis only (`npm run bench -- breakdown`): a host must never run like this.
 */
export const HOST_VARIANTS = {
  'no request id/access log': { skip: REQUEST_LOG },
  'no security headers': { skip: SECURITY_HEADERS },
  'no body parser': { skip: BODY_PARSER },
  'none of the above': { skip: [...REQUEST_LOG, ...SECURITY_HEADERS, ...BODY_PARSER] },
} as const satisfies Record<string, VariantSpec>;

/** Name of a {@link HOST_VARIANTS} entry. */
export type HostVariant = keyof typeof HOST_VARIANTS;

/**
 * Changes `host` in place, before it listens: Koa composes `app.middleware` when the server is
 * created, so the named stages are skipped from then on for GET requests (the measured ones;
 * logging in still needs them all).
 */
export function applyHostVariant(host: Host, variant: HostVariant): void {
  const { skip }: VariantSpec = HOST_VARIANTS[variant];
  const missing = skip.filter((name) => !host.app.middleware.some((stage) => stage.name === name));
  if (missing.length > 0) throw new Error(`no middleware named ${missing.join(', ')} in the host`);
  host.app.middleware = host.app.middleware.map((stage) =>
    skip.includes(stage.name)
      ? function skippedOnGet(ctx, next) {
          return ctx.method === 'GET' ? next() : stage(ctx, next);
        }
      : stage,
  );
}
