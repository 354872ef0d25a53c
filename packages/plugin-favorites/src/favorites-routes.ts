import type { PluginRouter, SessionUser, StratosContext } from '@stratos/plugin-sdk';
import { FavoriteInputError, parseFavorite, readMetadata } from './favorite.js';
import type { FavoritesConfig } from './favorites-config.js';
import type { FavoritesStore } from './favorites-store.js';

/** What the favourites routes work with. */
export interface FavoritesRouteDeps {
  store: FavoritesStore;
  config: Required<FavoritesConfig>;
}

/**
 * Adds Jetstream's favourites routes (relative to `/pp/v1`) to a session router: every route
 * reads and changes only the caller's own list.
 */
export function addFavoritesRoutes(router: PluginRouter, deps: () => FavoritesRouteDeps): void {
  router.get('/favorites', async (ctx) => {
    ctx.body = await deps().store.list(userOf(ctx).guid);
  });

  router.post('/favorites', async (ctx) => {
    const { store, config } = deps();
    const favorite = guarded(ctx, () => parseFavorite(bodyOf(ctx), config.maxMetadataBytes));
    const { created, stored } = await store.update(userOf(ctx).guid, (favorites) => {
      const existing = favorites.find((candidate) => candidate.guid === favorite.guid);
      if (existing) return { result: { created: false, stored: existing } };
      if (favorites.length >= config.maxFavorites) {
        ctx.throw(400, `A user may keep at most ${config.maxFavorites} favourites; remove one first`);
      }
      return { result: { created: true, stored: favorite }, next: [...favorites, favorite] };
    });
    ctx.status = created ? 201 : 200;
    ctx.body = stored;
  });

  router.delete('/favorites/:guid', async (ctx) => {
    const guid = paramOf(ctx);
    const removed = await deps().store.update(userOf(ctx).guid, (favorites) => {
      const next = favorites.filter((favorite) => favorite.guid !== guid);
      return next.length === favorites.length ? { result: false } : { result: true, next };
    });
    if (!removed) ctx.throw(404, `No favourite '${guid}'`);
    ctx.body = { response: 'User Favorite deleted okay' };
  });

  router.post('/favorites/:guid/metadata', async (ctx) => {
    const { store, config } = deps();
    const guid = paramOf(ctx);
    const metadata = guarded(ctx, () => readMetadata(bodyOf(ctx), config.maxMetadataBytes));
    const found = await store.update(userOf(ctx).guid, (favorites) => {
      const index = favorites.findIndex((favorite) => favorite.guid === guid);
      if (index < 0) return { result: false };
      const next = [...favorites];
      next[index] = { ...favorites[index]!, metadata };
      return { result: true, next };
    });
    if (!found) ctx.throw(404, `No favourite '${guid}'`);
    ctx.body = { response: 'User Favorite metadata updated okay' };
  });
}

function userOf(ctx: StratosContext): SessionUser {
  // Session routes only run behind the host's session gate, which sets the user.
  const user = ctx.state.user;
  if (!user) return ctx.throw(401, 'Not logged in');
  return user;
}

function paramOf(ctx: StratosContext): string {
  return String((ctx as StratosContext & { params?: Record<string, string> }).params?.guid ?? '');
}

function bodyOf(ctx: StratosContext): unknown {
  // The host parses JSON and form bodies before plugin routes run.
  return (ctx.request as { body?: unknown }).body;
}

function guarded<T>(ctx: StratosContext, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof FavoriteInputError) return ctx.throw(error.status, error.message);
    throw error;
  }
}
