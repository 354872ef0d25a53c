/* Internal: not part of the public API. */

/** Describes a value for an error message without dumping it: `string 'abc'`, `number 3`, `array of 2`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case 'string':
      return value.length > 60 ? `a string of ${value.length} characters` : `'${value}'`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}`;
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default: {
      const keys = Object.keys(value as object);
      if (keys.length === 0) return 'an empty object';
      const shown = keys
        .slice(0, 5)
        .map((k) => `'${k}'`)
        .join(', ');
      return `an object with keys ${shown}${keys.length > 5 ? ', …' : ''}`;
    }
  }
}

/** The message of an unknown thrown value, for a "caused by" clause. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return describeValue(error);
}

/**
 * `text` on one line: each line break (with the blanks around it) becomes one space. Log records
 * and the CLI's error line are one line each, whatever a parser's message holds.
 */
export function oneLine(text: string): string {
  return text.replace(/[^\S\r\n\u2028\u2029]*(?:\r\n|[\r\n\u2028\u2029])\s*/g, ' ');
}
