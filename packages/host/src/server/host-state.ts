import type { PluginRecord } from '../loader/types.js';
import type { MountTable } from '../mount/mount-plugins.js';

/** What is loaded and mounted right now; replaced whole, never edited in place. */
export interface HostState {
  readonly records: readonly PluginRecord[];
  readonly table: MountTable;
}

/** Holds the current {@link HostState}; request handlers read it once per request. */
export interface HostStateRef {
  current: HostState;
}
