import { isHostError } from '../../errors.js';
import { describeError } from '../../internal/describe-value.js';

/** One result of `stratos doctor`: what was checked, how it went and, for a problem, its code. */
export interface Finding {
  level: 'ok' | 'warn' | 'error';
  subject: string;
  message: string;
  code?: string;
}

/** A finding for a thrown error: its code and message when coded, else its description. */
export function errorFinding(subject: string, error: unknown, level: Finding['level'] = 'error'): Finding {
  if (isHostError(error)) return { level, subject, message: error.message, code: error.code };
  return { level, subject, message: describeError(error) };
}

/** The finding as one line: `<ok|warn|error> <subject>: <message> [<CODE>]`. */
export function formatFinding(finding: Finding): string {
  const message = finding.message.replace(/\s*\n\s*/g, ' ');
  return `${finding.level} ${finding.subject}: ${message}${finding.code ? ` [${finding.code}]` : ''}`;
}
