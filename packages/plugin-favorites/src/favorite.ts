/**
 * One favourite of a user, in the JSON shape Jetstream's `userfavorites` plugin answers and the
 * Stratos console reads (`UserFavorite` of its store package).
 */
export interface UserFavorite {
  /** `entityId-endpointId-entityType-endpointType`, empty parts left out: see {@link buildFavoriteGuid}. */
  guid: string;
  endpointType: string;
  endpointId: string;
  entityType: string;
  entityId: string;
  /** Whatever the console keeps to show the favourite without asking the endpoint (names, URLs). */
  metadata: Record<string, unknown>;
}

/** The identifying fields of a favourite, from which its guid is built. */
export type FavoriteKey = Pick<UserFavorite, 'endpointType' | 'endpointId' | 'entityType' | 'entityId'>;

/** Longest value accepted for each of the identifying fields. */
export const MAX_FIELD_LENGTH = 512;

/**
 * The guid Jetstream and the console both compute for a favourite: its non-empty identifying
 * fields joined with `-`, so the console can delete a favourite by a guid it built itself.
 *
 * @example
 * ```ts
 * buildFavoriteGuid({ endpointId: 'e1', endpointType: 'cf', entityType: 'app', entityId: 'a1' }); // 'a1-e1-app-cf'
 * ```
 */
export function buildFavoriteGuid(key: FavoriteKey): string {
  return [key.entityId, key.endpointId, key.entityType, key.endpointType].filter((part) => part.length > 0).join('-');
}

/** Why a request body is not a favourite: an HTTP status and a message for the client. */
export class FavoriteInputError extends Error {
  override readonly name = 'FavoriteInputError';
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks that `value` is an object whose JSON text fits in `maxBytes`; throws {@link FavoriteInputError}. */
export function readMetadata(value: unknown, maxBytes: number): Record<string, unknown> {
  if (!isJsonObject(value)) throw new FavoriteInputError(400, 'Favourite metadata must be a JSON object');
  const bytes = Buffer.byteLength(JSON.stringify(value));
  if (bytes > maxBytes) {
    throw new FavoriteInputError(413, `Favourite metadata is ${bytes} bytes; at most ${maxBytes} are kept`);
  }
  return value;
}

/**
 * Reads a favourite from a `POST /favorites` body. `endpointId` and `endpointType` are required,
 * as in Jetstream; `entityType` and `entityId` may be absent, since an endpoint's own favourite has
 * no entity id. A `guid` in the body is not trusted: it is always rebuilt from the fields.
 */
export function parseFavorite(body: unknown, maxMetadataBytes: number): UserFavorite {
  if (!isJsonObject(body)) throw new FavoriteInputError(400, 'Expected a JSON object describing the favourite');
  const field = (name: keyof FavoriteKey, required: boolean): string => {
    const value = body[name] ?? '';
    if (typeof value !== 'string') throw new FavoriteInputError(400, `Field '${name}' must be a string`);
    if (required && value.length === 0) throw new FavoriteInputError(400, `Field '${name}' is required`);
    if (value.length > MAX_FIELD_LENGTH) {
      throw new FavoriteInputError(400, `Field '${name}' is longer than ${MAX_FIELD_LENGTH} characters`);
    }
    return value;
  };
  const key: FavoriteKey = {
    endpointType: field('endpointType', true),
    endpointId: field('endpointId', true),
    entityType: field('entityType', false),
    entityId: field('entityId', false),
  };
  const metadata = body.metadata === undefined || body.metadata === null ? {} : readMetadata(body.metadata, maxMetadataBytes);
  return { guid: buildFavoriteGuid(key), ...key, metadata };
}
