/** The logged-in user, set by the host as `ctx.state.user` behind the session gate. */
export interface SessionUser {
  /** The user's id (a UUID for local accounts); what tokens and per-user data are kept under. */
  guid: string;
  /** The login name. */
  name: string;
  /** True when `scopes` holds `stratos.admin`. */
  admin: boolean;
  /** The user's scopes, e.g. `stratos.user`, and `stratos.admin` for administrators. */
  scopes: string[];
}
