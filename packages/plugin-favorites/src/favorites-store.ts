import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isJsonObject, type UserFavorite } from './favorite.js';

/** What a change to one user's list decides: the answer, and the new list when it is to be written. */
export interface FavoritesChange<T> {
  result: T;
  /** The whole new list; absent, nothing is written. */
  next?: UserFavorite[];
}

const FILE_SUFFIX = '.json';
const TEMP_SUFFIX = '.tmp';

/**
 * Favourites kept as one JSON file per user in a folder. File names are the user's guid in
 * base64url, so any guid is a safe name and the owner can be read back from it. Writes go to a
 * temporary file renamed over the old one, so a reader or a crash never sees half a file, and the
 * changes of one user run one after the other, so concurrent requests cannot lose an update.
 */
export class FavoritesStore {
  readonly #dir: string;
  readonly #queues = new Map<string, Promise<void>>();

  constructor(dir: string) {
    this.#dir = dir;
  }

  /** Creates the folder and removes temporary files a crash may have left. */
  async open(): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    for (const name of await readdir(this.#dir)) {
      if (name.endsWith(TEMP_SUFFIX)) await unlink(path.join(this.#dir, name)).catch(() => undefined);
    }
  }

  /** The user's favourites, in the order they were added; `[]` when there are none. */
  list(userGuid: string): Promise<UserFavorite[]> {
    return this.#read(this.#fileOf(userGuid));
  }

  /**
   * Runs `change` on the user's current list once every earlier change of that user is written,
   * then writes the list it returns. A throw leaves the file as it was and rejects with the error.
   */
  update<T>(userGuid: string, change: (favorites: readonly UserFavorite[]) => FavoritesChange<T>): Promise<T> {
    const file = this.#fileOf(userGuid);
    return this.#serialise(file, async () => {
      const { result, next } = change(await this.#read(file));
      if (next) await this.#write(file, next);
      return result;
    });
  }

  /** Removes, from every user's list, the favourites of an endpoint (Jetstream does so on unregister). */
  async removeEndpoint(endpointGuid: string): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.#dir)) {
      if (!name.endsWith(FILE_SUFFIX)) continue;
      const userGuid = Buffer.from(name.slice(0, -FILE_SUFFIX.length), 'base64url').toString('utf8');
      removed += await this.update(userGuid, (favorites) => {
        const next = favorites.filter((favorite) => favorite.endpointId !== endpointGuid);
        const count = favorites.length - next.length;
        return count > 0 ? { result: count, next } : { result: 0 };
      });
    }
    return removed;
  }

  /** Resolves once every queued change has been written. */
  async idle(): Promise<void> {
    while (this.#queues.size > 0) await Promise.all(this.#queues.values());
  }

  #fileOf(userGuid: string): string {
    if (userGuid.length === 0) throw new Error('A user guid is required');
    return path.join(this.#dir, Buffer.from(userGuid, 'utf8').toString('base64url') + FILE_SUFFIX);
  }

  #serialise<T>(key: string, task: () => Promise<T>): Promise<T> {
    const run = (this.#queues.get(key) ?? Promise.resolve()).then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.#queues.set(key, tail);
    // Forget an idle user so the map does not grow with every user ever seen.
    void tail.then(() => {
      if (this.#queues.get(key) === tail) this.#queues.delete(key);
    });
    return run;
  }

  async #read(file: string): Promise<UserFavorite[]> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    // A damaged file is reported, never replaced: overwriting it would lose the user's list.
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`Favourites file '${path.basename(file)}' is not valid JSON`);
    }
    if (!isJsonObject(parsed) || !Array.isArray(parsed.favorites)) {
      throw new Error(`Favourites file '${path.basename(file)}' has no 'favorites' list`);
    }
    return parsed.favorites as UserFavorite[];
  }

  async #write(file: string, favorites: UserFavorite[]): Promise<void> {
    const temp = `${file}.${randomUUID()}${TEMP_SUFFIX}`;
    try {
      const handle = await open(temp, 'w', 0o600);
      try {
        await handle.writeFile(JSON.stringify({ version: 1, favorites }));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }
}
