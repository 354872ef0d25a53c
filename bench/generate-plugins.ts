import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pluginName, pluginRoutePaths } from './plugin-routes.js';

const SDK_DIR = fileURLToPath(new URL('../packages/plugin-sdk/', import.meta.url));

/** Generated plugin packages in a throw-away folder. */
export interface GeneratedPlugins {
  /** The folder whose `node_modules` holds the packages: plugins resolve from here. */
  dir: string;
  /** Package names, in index order. */
  names: string[];
  /** Deletes the folder. */
  remove(): void;
}

function entrySource(index: number): string {
  // Handlers answer like a small real plugin would: a JSON body naming what was asked for.
  return `import { definePlugin } from '@stratos/plugin-sdk';

const routes = ${JSON.stringify(pluginRoutePaths(index))};

export default definePlugin({
  init() {},
  getRoutePlugin() {
    return {
      addSessionGroupRoutes(router) {
        for (const route of routes) {
          router.get(route, (ctx) => {
            ctx.body = { route, params: ctx.params, user: ctx.state.user.name };
          });
        }
      },
    };
  },
});
`;
}

/**
 * Writes `count` plugin packages as an operator would have them installed:
 * `<dir>/node_modules/bench-plugin-NNNN/{package.json,index.js}`, each with a `stratosPlugin`
 * manifest, and `@stratos/plugin-sdk` linked to this workspace's SDK so they import the host's copy.
 */
export function generatePlugins(count: number): GeneratedPlugins {
  const dir = mkdtempSync(path.join(tmpdir(), 'stratos-bench-'));
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(modules, '@stratos'), { recursive: true });
  symlinkSync(SDK_DIR, path.join(modules, '@stratos', 'plugin-sdk'), 'dir');
  const names: string[] = [];
  for (let index = 0; index < count; index++) {
    const name = pluginName(index);
    const packageDir = path.join(modules, name);
    mkdirSync(packageDir);
    const packageJson = {
      name,
      version: '1.0.0',
      type: 'module',
      exports: './index.js',
      peerDependencies: { '@stratos/plugin-sdk': '^1.0.0' },
      stratosPlugin: { sdk: '^1.0.0' },
    };
    writeFileSync(path.join(packageDir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
    writeFileSync(path.join(packageDir, 'index.js'), entrySource(index));
    names.push(name);
  }
  return { dir, names, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
