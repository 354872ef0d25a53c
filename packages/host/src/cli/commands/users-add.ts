import { addUser } from '../../auth/users.js';
import { loadConfig } from '../../config/load-config.js';
import { hostError } from '../../errors.js';
import { openSqliteStore } from '../../store/sqlite-store.js';
import { parseArgs } from 'node:util';
import { withUsage } from '../parse-args.js';
import { readPassword } from '../read-password.js';

/** Usage of `stratos users add`. */
export const USERS_ADD_USAGE = `Usage: stratos users add <name> [--admin] [--config <file>]

Adds a local user to the store in the config's data directory. The password is read from
standard input (first line), e.g.  printf '%s\\n' "$PASSWORD" | stratos users add alice`;

/** `stratos users add NAME [--admin]`: creates a user; the password comes from stdin. */
export async function usersAddCommand(args: string[]): Promise<number> {
  const { values, positionals } = withUsage(
    () =>
      parseArgs({
        args,
        options: { admin: { type: 'boolean' }, config: { type: 'string' }, help: { type: 'boolean' } },
        allowPositionals: true,
        strict: true,
      }),
    'stratos users add --help',
    args,
  );
  if (values.help) {
    process.stdout.write(`${USERS_ADD_USAGE}\n`);
    return 0;
  }
  const [name, extra] = positionals;
  if (!name || extra !== undefined || !/^[A-Za-z0-9._@-]{1,64}$/.test(name)) {
    throw hostError('STRATOS_ERR_CLI_USAGE', {
      reason: name ? `'${name}' is not a user name (letters, digits, . _ @ - ; at most 64)` : 'a user name is required',
      help: 'stratos users add --help',
    });
  }
  const config = await loadConfig({ configPath: values.config });
  const password = await readPassword(`Password for '${name}': `);
  // Opened without the encryption key on purpose: users hold no endpoint secrets, and a key made
  // here (or a key check failing here) would be wrong for a host started with STRATOS_ENCRYPTION_KEY.
  const store = openSqliteStore(config.dataDir);
  try {
    const user = await addUser(store, name, password, Boolean(values.admin));
    process.stdout.write(`Added user '${user.name}'${values.admin ? ' (administrator)' : ''}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
