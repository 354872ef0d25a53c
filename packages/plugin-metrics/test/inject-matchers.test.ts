import { parser } from '@prometheus-io/lezer-promql';
import { expect } from 'chai';
import {
  formatScopeSelector,
  injectMatchers,
  MAX_QUERY_LENGTH,
  PromqlSyntaxError,
  QueryTooComplexError,
} from '../src/inject-matchers.js';

const SCOPE = { job: 'cf', environment: 'prod' };
const ADDED = 'job="cf",environment="prod"';

interface Selector {
  text: string;
  matchers: string[];
}

/** Every vector selector of `query`, as parsed by the grammar itself, with its matchers' text. */
function selectorsOf(query: string): Selector[] {
  const found: Selector[] = [];
  const tree = parser.parse(query);
  tree.iterate({
    enter(node) {
      expect(node.type.isError, `syntax error at ${node.from} in ${query}`).to.equal(false);
      if (node.name !== 'VectorSelector') return undefined;
      const matchers: string[] = [];
      for (let child = node.node.getChild('LabelMatchers')?.firstChild; child; child = child.nextSibling) {
        if (child.name === 'UnquotedLabelMatcher') matchers.push(query.slice(child.from, child.to).replace(/\s+/g, ''));
      }
      found.push({ text: query.slice(node.from, node.to), matchers });
      return false;
    },
  });
  return found;
}

/** Asserts that every selector of `scoped` carries the scope, and that there are `count` of them. */
function expectScoped(scoped: string, count: number): void {
  const selectors = selectorsOf(scoped);
  expect(selectors, scoped).to.have.length(count);
  for (const selector of selectors) {
    expect(selector.matchers, selector.text).to.include.members(['job="cf"', 'environment="prod"']);
  }
}

describe('injectMatchers', () => {
  const cases: Array<{ name: string; query: string; expected: string; selectors: number }> = [
    { name: 'a plain metric name', query: 'up', expected: `up{${ADDED}}`, selectors: 1 },
    {
      name: 'a selector with matchers',
      query: 'up{instance="a:9100"}',
      expected: `up{instance="a:9100",${ADDED}}`,
      selectors: 1,
    },
    { name: 'a trailing comma', query: 'up{instance="a",}', expected: `up{instance="a",${ADDED},}`, selectors: 1 },
    { name: 'empty braces', query: 'up{}', expected: `up{${ADDED}}`, selectors: 1 },
    {
      name: 'regex and negative matchers',
      query: 'http_requests_total{code=~"5..",method!="GET",path!~"/health.*"}',
      expected: `http_requests_total{code=~"5..",method!="GET",path!~"/health.*",${ADDED}}`,
      selectors: 1,
    },
    { name: 'a name regex matching everything', query: '{__name__=~".+"}', expected: `{__name__=~".+",${ADDED}}`, selectors: 1 },
    { name: 'its own job matcher', query: 'up{job="other"}', expected: `up{job="other",${ADDED}}`, selectors: 1 },
    { name: 'a job regex', query: 'up{job=~".*"}', expected: `up{job=~".*",${ADDED}}`, selectors: 1 },
    { name: 'a quoted metric name', query: '{"my.metric", a="b"}', expected: `{"my.metric", a="b",${ADDED}}`, selectors: 1 },
    { name: 'or', query: 'up or {__name__=~".+"}', expected: `up{${ADDED}} or {__name__=~".+",${ADDED}}`, selectors: 2 },
    { name: 'unless', query: 'a unless b', expected: `a{${ADDED}} unless b{${ADDED}}`, selectors: 2 },
    {
      name: 'and, or and unless chained',
      query: 'a and b or c unless d',
      expected: `a{${ADDED}} and b{${ADDED}} or c{${ADDED}} unless d{${ADDED}}`,
      selectors: 4,
    },
    {
      name: 'a binary operator with on',
      query: 'a / on(instance) b',
      expected: `a{${ADDED}} / on(instance) b{${ADDED}}`,
      selectors: 2,
    },
    {
      name: 'ignoring and group_left',
      query: 'a * ignoring(code) group_left(team) b',
      expected: `a{${ADDED}} * ignoring(code) group_left(team) b{${ADDED}}`,
      selectors: 2,
    },
    { name: 'a comparison with bool', query: 'a > bool 3', expected: `a{${ADDED}} > bool 3`, selectors: 1 },
    {
      name: 'an aggregation with by',
      query: 'sum by (job) (rate(x[5m]))',
      expected: `sum by (job) (rate(x{${ADDED}}[5m]))`,
      selectors: 1,
    },
    {
      name: 'an aggregation with without after',
      query: 'max(x) without (instance)',
      expected: `max(x{${ADDED}}) without (instance)`,
      selectors: 1,
    },
    { name: 'topk with a parameter', query: 'topk(5, x)', expected: `topk(5, x{${ADDED}})`, selectors: 1 },
    {
      name: 'count_values with a string',
      query: 'count_values("v", x)',
      expected: `count_values("v", x{${ADDED}})`,
      selectors: 1,
    },
    {
      name: 'label_replace with string arguments',
      query: 'label_replace(up, "dst", "$1", "src", "(.*)")',
      expected: `label_replace(up{${ADDED}}, "dst", "$1", "src", "(.*)")`,
      selectors: 1,
    },
    {
      name: 'histogram_quantile over a range vector',
      query: 'histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))',
      expected: `histogram_quantile(0.9, sum by (le) (rate(h_bucket{${ADDED}}[5m])))`,
      selectors: 1,
    },
    { name: 'a range vector', query: 'x[5m]', expected: `x{${ADDED}}[5m]`, selectors: 1 },
    {
      name: 'a subquery',
      query: 'max_over_time(rate(x[1m])[1h:5m])',
      expected: `max_over_time(rate(x{${ADDED}}[1m])[1h:5m])`,
      selectors: 1,
    },
    {
      name: 'a subquery of everything',
      query: '{__name__=~".+"}[10m:]',
      expected: `{__name__=~".+",${ADDED}}[10m:]`,
      selectors: 1,
    },
    { name: 'offset', query: 'x offset 1h', expected: `x{${ADDED}} offset 1h`, selectors: 1 },
    {
      name: 'the @ modifier',
      query: 'rate(x[5m] @ 1700000000 offset 5m)',
      expected: `rate(x{${ADDED}}[5m] @ 1700000000 offset 5m)`,
      selectors: 1,
    },
    { name: '@ start()', query: 'x @ start()', expected: `x{${ADDED}} @ start()`, selectors: 1 },
    { name: 'a unary minus', query: '-x', expected: `-x{${ADDED}}`, selectors: 1 },
    { name: 'parentheses', query: '((x))', expected: `((x{${ADDED}}))`, selectors: 1 },
    {
      name: 'deep nesting',
      query: 'sum(rate(a[5m])) / on() group_left() (count(b) or vector(0)) > bool scalar(c)',
      expected: `sum(rate(a{${ADDED}}[5m])) / on() group_left() (count(b{${ADDED}}) or vector(0)) > bool scalar(c{${ADDED}})`,
      selectors: 3,
    },
    {
      name: 'a comment',
      query: 'up # all targets\n+ down',
      expected: `up{${ADDED}} # all targets\n+ down{${ADDED}}`,
      selectors: 2,
    },
    { name: 'multi-line matchers', query: 'up{\n  a="b"\n}', expected: `up{\n  a="b",${ADDED}\n}`, selectors: 1 },
  ];

  for (const { name, query, expected, selectors } of cases) {
    it(`adds the matchers to every selector when the query has ${name}`, () => {
      const scoped = injectMatchers(query, SCOPE);
      expect(scoped).to.equal(expected);
      expectScoped(scoped, selectors);
    });
  }

  it('leaves number and string literals untouched when the query has no selector', () => {
    for (const query of ['1', '1 + 2 * 3', '"up"', 'vector(1)', 'time()', 'pi()']) {
      expect(injectMatchers(query, SCOPE)).to.equal(query);
    }
  });

  it('does not touch selector-like text inside a string literal when a function takes one', () => {
    const scoped = injectMatchers('label_replace(up, "a", "up{job=\\"x\\"}", "b", "")', SCOPE);
    expect(scoped).to.equal(`label_replace(up{${ADDED}}, "a", "up{job=\\"x\\"}", "b", "")`);
  });

  it('escapes quotes and backslashes in values when they contain them', () => {
    const scoped = injectMatchers('up', { job: 'a"b\\c' });
    expect(scoped).to.equal('up{job="a\\"b\\\\c"}');
    expect(selectorsOf(scoped)[0]!.matchers).to.deep.equal(['job="a\\"b\\\\c"']);
  });

  it('adds only the matchers given when the scope has one label', () => {
    expect(injectMatchers('a or b', { environment: 'dev' })).to.equal('a{environment="dev"} or b{environment="dev"}');
  });

  it('throws a PromqlSyntaxError with the position when the query does not parse', () => {
    const error = (() => {
      try {
        injectMatchers('sum(rate(x[5m])', SCOPE);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).to.be.instanceOf(PromqlSyntaxError);
    const syntax = error as PromqlSyntaxError;
    expect(syntax.position).to.equal(15);
    expect(syntax.line).to.equal(1);
    expect(syntax.column).to.equal(16);
    expect(syntax.message).to.equal('The query does not parse at position 15 (line 1, column 16): unexpected end of query');
  });

  it('names the unexpected text and its line when the error is inside the query', () => {
    expect(() => injectMatchers('up\n  + )', SCOPE))
      .to.throw(PromqlSyntaxError)
      .with.property('message', "The query does not parse at position 7 (line 2, column 5): unexpected ')'");
  });

  it('throws a PromqlSyntaxError when the query is empty', () => {
    expect(() => injectMatchers('  ', SCOPE))
      .to.throw(PromqlSyntaxError)
      .with.property('position', 2);
  });

  it('says the query is too large to scope, not that it does not parse, when only its rewrite defeats the parser', () => {
    const query = Array.from({ length: 300 }, () => 'up').join('+');
    expect(selectorsOf(query), 'the query itself parses').to.have.length(300);
    expect(() => injectMatchers(query, SCOPE))
      .to.throw(QueryTooComplexError)
      .with.property('message', 'The query is too large or too deeply nested to scope; split it into smaller queries');
  });

  it(`refuses a query longer than ${MAX_QUERY_LENGTH} characters before parsing it`, () => {
    const query = `up${' '.repeat(MAX_QUERY_LENGTH - 1)}`;
    expect(() => injectMatchers(query, SCOPE))
      .to.throw(QueryTooComplexError)
      .with.property(
        'message',
        `The query is ${MAX_QUERY_LENGTH + 1} characters long, more than the ${MAX_QUERY_LENGTH} that can be scoped; split it into smaller queries`,
      );
    expect(injectMatchers(query.trimEnd(), SCOPE)).to.equal(`up{${ADDED}}`);
  });

  it('refuses when no matcher or an invalid label name is given', () => {
    expect(() => injectMatchers('up', {})).to.throw('injectMatchers needs at least one matcher');
    expect(() => injectMatchers('up', { 'bad-name': 'x' })).to.throw("'bad-name' is not a label name");
  });
});

describe('formatScopeSelector', () => {
  it('writes a selector of the scope when given its matchers', () => {
    expect(formatScopeSelector(SCOPE)).to.equal(`{${ADDED}}`);
    expectScoped(formatScopeSelector(SCOPE), 1);
  });
});
