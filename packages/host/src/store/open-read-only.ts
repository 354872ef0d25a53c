import Database from 'better-sqlite3';
import { hostError } from '../errors.js';
import { describeError } from '../internal/describe-value.js';

/**
 * Opens the SQLite `file` read-only, for checks that must write nothing (no file created, no
 * migration); a file that cannot be opened raises `STRATOS_ERR_STORE_OPEN`. The caller closes it.
 */
export function openReadOnly(file: string): Database.Database {
  try {
    return new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw hostError('STRATOS_ERR_STORE_OPEN', { file, reason: describeError(error) }, error);
  }
}
