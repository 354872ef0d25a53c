import { mkdir } from 'node:fs/promises';
import { hostError } from '../errors.js';
import { describeError } from '../internal/describe-value.js';
import type { Logger } from '../internal/logger.js';
import { createPluginContext, type ContextServices } from './create-plugin-context.js';
import { failRecord, type PluginRecord } from './types.js';

/** Options of {@link initPlugins}. */
export interface InitOptions extends ContextServices {
  timeoutMs: number;
}

const TIMED_OUT = Symbol('timed out');

/**
 * Runs `init(ctx)` of every record in `order`, each as soon as the plugins it depends on are up,
 * so independent plugins start together. A throw, a rejection or a timeout marks the record
 * failed, and its dependents fail with the reason. Returns the ids in the order their init
 * finished, which is the reverse of the order `destroy` runs in.
 */
export async function initPlugins(records: Map<string, PluginRecord>, order: string[], options: InitOptions): Promise<string[]> {
  const done = new Map<string, Promise<boolean>>();
  const finished: string[] = [];

  const start = async (record: PluginRecord): Promise<boolean> => {
    for (const dependency of record.dependsOn) {
      const ok = await done.get(dependency);
      if (ok === false) {
        const reason = records.get(dependency)?.error?.message ?? 'it failed';
        failRecord(record, hostError('STRATOS_ERR_PLUGIN_DEPENDENCY_FAILED', { pluginId: record.id, dependency, reason }));
        return false;
      }
    }
    const ok = await runInit(record, options);
    if (ok) finished.push(record.id);
    return ok;
  };

  for (const id of order) {
    const record = records.get(id);
    if (record) done.set(id, start(record));
  }
  await Promise.allSettled(done.values());
  return finished;
}

async function runInit(record: PluginRecord, options: InitOptions): Promise<boolean> {
  const plugin = record.plugin!;
  const ctx = createPluginContext(options, { id: record.id, package: record.package, config: record.config ?? {} });
  const timeoutMs = record.entry.initTimeoutMs ?? options.timeoutMs;
  const began = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await mkdir(ctx.dataDir, { recursive: true });
    const init = Promise.resolve().then(() => plugin.init(ctx));
    const outcome = await Promise.race([
      init,
      new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
      }),
    ]);
    if (outcome === TIMED_OUT) {
      failRecord(record, hostError('STRATOS_ERR_PLUGIN_INIT_TIMEOUT', { pluginId: record.id, timeoutMs }));
      // A late init may hold resources; give them back once it settles.
      init.then(
        () => destroyQuietly(record, options.logger),
        () => undefined,
      );
      return false;
    }
    record.initMs = Math.round((performance.now() - began) * 100) / 100;
    return true;
  } catch (error) {
    record.initMs = Math.round((performance.now() - began) * 100) / 100;
    failRecord(record, hostError('STRATOS_ERR_PLUGIN_INIT_FAILED', { pluginId: record.id, reason: describeError(error) }, error));
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Calls a plugin's `destroy`, logging instead of throwing: shutdown must reach every plugin. */
export async function destroyQuietly(record: PluginRecord, logger: Logger): Promise<void> {
  if (!record.plugin?.destroy) return;
  try {
    await record.plugin.destroy();
  } catch (error) {
    logger.error(`plugin '${record.id}' failed in destroy()`, { plugin: record.id, error: describeError(error) });
  }
}
