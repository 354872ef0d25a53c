/** The plugin's `config` entry in `stratos.config.json` (validated by the host against the manifest schema). */
export interface FavoritesConfig {
  /** Most favourites one user may keep; default 1000. */
  maxFavorites?: number;
  /** Largest favourite metadata kept, in bytes of JSON; default 16384. */
  maxMetadataBytes?: number;
}

/** Defaults that also apply when the plugin runs without the host's schema defaults (unit tests). */
export const FAVORITES_DEFAULTS: Required<FavoritesConfig> = { maxFavorites: 1000, maxMetadataBytes: 16_384 };

/** The config with every limit set. */
export function resolveFavoritesConfig(config: Readonly<FavoritesConfig>): Required<FavoritesConfig> {
  return {
    maxFavorites: config.maxFavorites ?? FAVORITES_DEFAULTS.maxFavorites,
    maxMetadataBytes: config.maxMetadataBytes ?? FAVORITES_DEFAULTS.maxMetadataBytes,
  };
}
