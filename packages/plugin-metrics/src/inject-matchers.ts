import { parser } from '@prometheus-io/lezer-promql';

/** Label matchers ANDed into every selector of a query, by label name: `{ job: 'cf' }`. */
export type ScopeMatchers = Readonly<Record<string, string>>;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Children of `LabelMatchers` that are matchers (a lone quoted name is a metric name). */
const MATCHER_NODES = new Set(['UnquotedLabelMatcher', 'QuotedLabelMatcher', 'QuotedLabelName']);

type SyntaxTree = ReturnType<typeof parser.parse>;
type SyntaxNode = SyntaxTree['topNode'];

/**
 * A query that is not valid PromQL. `position` is the 0-based offset of the first error, `line`
 * and `column` its 1-based place, as an editor shows it.
 */
export class PromqlSyntaxError extends Error {
  override readonly name = 'PromqlSyntaxError';
  readonly position: number;
  readonly line: number;
  readonly column: number;

  constructor(query: string, position: number) {
    const before = query.slice(0, position).split('\n');
    const line = before.length;
    const column = before[before.length - 1]!.length + 1;
    const found = position >= query.length ? 'end of query' : `'${query.slice(position, position + 12)}'`;
    super(`The query does not parse at position ${position} (line ${line}, column ${column}): unexpected ${found}`);
    this.position = position;
    this.line = line;
    this.column = column;
  }
}

/** Longest query scoped; a longer one is refused before it is parsed. */
export const MAX_QUERY_LENGTH = 16_384;

/**
 * A valid query that cannot be scoped: longer than {@link MAX_QUERY_LENGTH}, or one whose
 * rewrite the grammar's parser gives up on (it refuses very long operator chains and very deep
 * nesting). Splitting it into smaller queries is the way out; it is never sent unscoped.
 */
export class QueryTooComplexError extends Error {
  override readonly name = 'QueryTooComplexError';
}

/** A PromQL string literal for `value`; JSON's escapes are Go's, which PromQL strings use. */
function quote(value: string): string {
  return JSON.stringify(value);
}

/** `job="cf",environment="prod"`, in the order given. */
function formatMatchers(matchers: ScopeMatchers): string {
  return Object.entries(matchers)
    .map(([name, value]) => `${name}=${quote(value)}`)
    .join(',');
}

/**
 * The selector that matches every series of a scope, e.g. `{job="cf",environment="prod"}`:
 * what the labels routes send as `match[]` when the caller gave none.
 */
export function formatScopeSelector(matchers: ScopeMatchers): string {
  return `{${formatMatchers(matchers)}}`;
}

function assertMatchers(matchers: ScopeMatchers): void {
  const names = Object.keys(matchers);
  if (names.length === 0) throw new Error('injectMatchers needs at least one matcher');
  for (const name of names) {
    if (!LABEL_NAME.test(name)) throw new Error(`'${name}' is not a label name`);
  }
}

/** Parses `query`, failing with the position of the first syntax error. */
function parseQuery(query: string): SyntaxTree {
  if (query.trim() === '') throw new PromqlSyntaxError(query, query.length);
  const tree = parser.parse(query);
  let errorAt: number | undefined;
  tree.iterate({
    enter(node) {
      if (errorAt !== undefined) return false;
      if (node.type.isError) errorAt = node.from;
      return undefined;
    },
  });
  if (errorAt !== undefined) throw new PromqlSyntaxError(query, errorAt);
  return tree;
}

interface Insertion {
  at: number;
  text: string;
}

/** Where the matchers go in one `VectorSelector` and how they are written there. */
function insertionFor(selector: SyntaxNode, added: string): Insertion {
  const labelMatchers = selector.getChild('LabelMatchers');
  if (!labelMatchers) return { at: selector.to, text: `{${added}}` };
  let last: SyntaxNode | null = null;
  for (let child = labelMatchers.firstChild; child; child = child.nextSibling) {
    if (MATCHER_NODES.has(child.name)) last = child;
  }
  // After the last matcher, so a trailing comma or a comment inside the braces stays valid.
  return last ? { at: last.to, text: `,${added}` } : { at: labelMatchers.from + 1, text: added };
}

/**
 * Adds `matchers` to every vector selector of a PromQL query — plain ones and those inside range
 * vectors, subqueries, function arguments, aggregations and both sides of every binary operator
 * (`or` and `unless` included) — by parsing it with Prometheus' own lezer grammar. The matchers
 * are ANDed with the caller's: a selector that already names the label, or matches `__name__`
 * with a regex, keeps its matchers and can only match less, so no query can reach series outside
 * the scope. Throws a {@link PromqlSyntaxError} for a query that does not parse, and a
 * {@link QueryTooComplexError} for one too long, or whose rewrite the parser gives up on.
 *
 * @example
 * ```ts
 * injectMatchers('sum(rate(http_requests_total[5m])) or up', { job: 'cf' });
 * // 'sum(rate(http_requests_total{job="cf"}[5m])) or up{job="cf"}'
 * ```
 */
export function injectMatchers(query: string, matchers: ScopeMatchers): string {
  assertMatchers(matchers);
  if (query.length > MAX_QUERY_LENGTH) {
    throw new QueryTooComplexError(
      `The query is ${query.length} characters long, more than the ${MAX_QUERY_LENGTH} that can be scoped; split it into smaller queries`,
    );
  }
  const tree = parseQuery(query);
  const added = formatMatchers(matchers);
  const insertions: Insertion[] = [];
  tree.iterate({
    enter(node) {
      if (node.name !== 'VectorSelector') return undefined;
      insertions.push(insertionFor(node.node, added));
      // A selector holds no other selector.
      return false;
    },
  });
  let scoped = query;
  for (const { at, text } of insertions.sort((a, b) => b.at - a.at)) {
    scoped = scoped.slice(0, at) + text + scoped.slice(at);
  }
  try {
    assertScoped(scoped, matchers);
  } catch (error) {
    // The caller's query parsed: a failure here is the parser's limits on the longer rewrite, and
    // its position would point into text the caller never sent.
    throw new QueryTooComplexError('The query is too large or too deeply nested to scope; split it into smaller queries', {
      cause: error,
    });
  }
  return scoped;
}

/**
 * Checks, by parsing it again, that every selector of `query` carries `matchers`. It guards the
 * scoping itself: an output that did not would be a way out of the scope, so it is never sent.
 */
function assertScoped(query: string, matchers: ScopeMatchers): void {
  const expected = Object.entries(matchers).map(([name, value]) => `${name}=${quote(value)}`);
  const tree = parseQuery(query);
  tree.iterate({
    enter(node) {
      if (node.name !== 'VectorSelector') return undefined;
      const found = new Set<string>();
      const labelMatchers = node.node.getChild('LabelMatchers');
      for (let child = labelMatchers?.firstChild; child; child = child.nextSibling) {
        if (child.name === 'UnquotedLabelMatcher') found.add(query.slice(child.from, child.to));
      }
      const missing = expected.find((matcher) => !found.has(matcher));
      if (missing !== undefined) {
        throw new Error(`Scoping failed: the selector at position ${node.from} lacks ${missing}`);
      }
      return false;
    },
  });
}
