import { readFileSync } from 'node:fs';

/** The version of `@stratos/host`, read from its package.json (one level above `src/` and `dist/`). */
export const HOST_VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;
