import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { describeError } from '../internal/describe-value.js';
import type { Host } from './create-host.js';

/** Default quiet time after the last change before the file is read. */
export const WATCH_DEBOUNCE_MS = 200;

/** A running watch of the config file. */
export interface ConfigWatch {
  close(): void;
}

/**
 * Reloads `host` when its config file changes. The folder is watched rather than the file, since
 * editors and `setPluginEnabled` replace the file by renaming another over it, which ends a watch
 * on the file itself. Changes are debounced; a file that does not parse is read once more after
 * the debounce (it may be half written) before the reload is reported failed. Returns undefined
 * when the host runs on embedded defaults: there is no file to watch.
 *
 * @example
 * ```ts
 * const watch = watchConfig(host);
 * // ... later
 * watch?.close();
 * ```
 */
export function watchConfig(
  host: Pick<Host, 'config' | 'reload' | 'logger'>,
  options: { debounceMs?: number } = {},
): ConfigWatch | undefined {
  const file = host.config.file;
  if (!file) return undefined;
  const debounceMs = options.debounceMs ?? WATCH_DEBOUNCE_MS;
  const name = path.basename(file);
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher;
  try {
    watcher = watch(path.dirname(file), { persistent: false }, (_event, changed) => {
      // Some platforms do not name the file; then any change in the folder may be ours.
      if (changed !== null && changed !== name) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        host
          .reload({ retryParseErrorAfterMs: debounceMs })
          .catch((error: unknown) => host.logger.error('config reload failed', { error: describeError(error) }));
      }, debounceMs);
    });
  } catch (error) {
    host.logger.warn(`cannot watch '${file}'; reload with SIGHUP or 'stratos reload'`, { error: describeError(error) });
    return undefined;
  }
  watcher.on('error', (error) => host.logger.warn(`watching '${file}' failed`, { error: describeError(error) }));
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
