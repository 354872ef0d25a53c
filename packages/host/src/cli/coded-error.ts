/**
 * An error carrying a catalogue code (`STRATOS_ERR_*`) with a message worded for the command that
 * raises it, for a check whose catalogue message gives a fix that does not apply there (such as
 * "fix the name in the config" for a name typed on the command line). The CLI prints it, and
 * `isHostError()` recognises it, like any host error.
 */
export function codedError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { name: 'HostError', code });
}
