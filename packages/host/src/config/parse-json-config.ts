import { createRequire } from 'node:module';
import type * as JsoncParser from 'jsonc-parser';
import { hostError } from '../errors.js';

/** What to tell someone whose config file holds nothing. */
export const EMPTY_CONFIG_HINT =
  'the file is empty; write a JSON object in it, such as { "plugins": [] }, or delete the file to use the embedded defaults';

/** What a config document must be, for a `STRATOS_ERR_CONFIG_INVALID` at `/`. */
export const NOT_AN_OBJECT_HINT =
  'must be an object, such as { "plugins": [] } (or delete the file to use the embedded defaults)';

/**
 * Parses the text of a JSON config file. A leading byte order mark (as Windows Notepad writes) is
 * ignored. An empty or blank file and a syntax error raise `STRATOS_ERR_CONFIG_PARSE` naming the
 * file and, for a syntax error, the line, column and the parser's short reason, on one line.
 */
export function parseJsonConfig(file: string, text: string): unknown {
  const json = stripBom(text);
  if (json.trim() === '') throw hostError('STRATOS_ERR_CONFIG_PARSE', { file, reason: EMPTY_CONFIG_HINT });
  try {
    return JSON.parse(json);
  } catch (error) {
    throw hostError('STRATOS_ERR_CONFIG_PARSE', { file, reason: describeSyntaxError(json, error) }, error);
  }
}

/** `text` without a leading UTF-8 byte order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `line 2 column 29: Expected double-quoted property name`, from V8's message and the text. */
function describeSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // V8 phrasings: "<reason> in JSON at position 30 (line 2 column 29)", "Unexpected end of JSON
  // input", and "Unexpected token 'x', "<the text around it>" is not valid JSON".
  const position = /\bat position (\d+)/.exec(message);
  const reason = message
    .replace(/\s+in JSON at position \d+.*$/s, '')
    .replace(/\s+at position \d+.*$/s, '')
    .replace(/^(Unexpected token .+?), (?:\.\.\.)?".*" is not valid JSON$/s, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  let offset = position ? Number(position[1]) : firstErrorOffset(text);
  if (offset === undefined) return reason;
  // jsonc-parser points at the start of a bad token (`tru}`), V8 names the character it stopped at.
  const token = position ? undefined : /^Unexpected token '(.)'$/su.exec(reason)?.[1];
  if (token !== undefined && text.indexOf(token, offset) >= 0) offset = text.indexOf(token, offset);
  const { line, column } = lineAndColumn(text, offset);
  return `line ${line} column ${column}: ${reason}`;
}

/** Where a strict JSON parse first fails, when V8 does not say. */
function firstErrorOffset(text: string): number | undefined {
  // Loaded on this error path only, so a config that parses never pays for the module.
  const { parse } = createRequire(import.meta.url)('jsonc-parser') as typeof JsoncParser;
  const errors: JsoncParser.ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors[0]?.offset;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  return { line: (before.match(/\r\n|\r|\n/g) ?? []).length + 1, column: offset - lineStart + 1 };
}
