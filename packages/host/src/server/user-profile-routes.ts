import type Router from '@koa/router';
import type { SessionUser } from '@stratos/plugin-sdk';
import type { Store, UserRecord } from '../store/store.js';

/**
 * A user's profile in UAA's `/Users/:id` (SCIM) shape, which the console's profile page reads.
 * Local accounts have no given or family name and no e-mail address, so those stay empty.
 */
export interface UserProfile {
  id: string;
  userName: string;
  name: { givenName?: string; familyName?: string };
  emails: Array<{ value: string; primary: boolean }>;
  groups: Array<{ value: string; display: string; type: 'DIRECT' }>;
  approvals: unknown[];
  meta: { version: number; created: string; lastModified: string };
  active: boolean;
  verified: boolean;
  origin: string;
  zoneId: string;
  passwordLastModified: string;
  schemas: string[];
}

/** Builds the profile of the session user, with the creation time from their stored record. */
export function buildUserProfile(user: SessionUser, record: UserRecord | undefined): UserProfile {
  // Passwords of local accounts are set once, when the account is created.
  const created = new Date(record?.createdAt ?? 0).toISOString();
  return {
    id: user.guid,
    userName: user.name,
    name: {},
    emails: [],
    groups: user.scopes.map((scope) => ({ value: scope, display: scope, type: 'DIRECT' as const })),
    approvals: [],
    meta: { version: 0, created, lastModified: created },
    active: true,
    verified: true,
    origin: 'stratos',
    zoneId: 'stratos',
    passwordLastModified: created,
    schemas: ['urn:scim:schemas:core:1.0'],
  };
}

/** Adds `GET /pp/v1/users/:guid` to the session router: the caller's own profile, 403 for anyone else's. */
export function addUserProfileRoutes(session: Router, deps: { store: Store }): void {
  session.get('/pp/v1/users/:guid', async (ctx) => {
    const user = ctx.state.user as SessionUser;
    if (ctx.params.guid !== user.guid) ctx.throw(403, 'Only your own profile can be read');
    ctx.body = buildUserProfile(user, await deps.store.findUserByGuid(user.guid));
  });
}
