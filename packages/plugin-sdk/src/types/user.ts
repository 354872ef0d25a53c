/** The logged-in user, set by the host as `ctx.state.user` behind the session gate. */
export interface SessionUser {
  guid: string;
  name: string;
  /** True when `scopes` holds `stratos.admin`. */
  admin: boolean;
  scopes: string[];
}
