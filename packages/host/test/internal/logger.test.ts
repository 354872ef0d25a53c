import { expect } from 'chai';
import { consoleSink, createLogger, formatRecord, type LogRecord } from '../../src/internal/logger.js';

describe('formatRecord', () => {
  const record = (message: string, fields?: LogRecord['fields']): LogRecord => ({
    time: '2026-11-24T17:30:04.049Z',
    level: 'error',
    scope: 'host',
    message,
    ...(fields ? { fields } : {}),
  });

  it('writes time, padded level, scope, message and JSON fields on one line when given a record', () => {
    expect(formatRecord({ ...record('notes ready', { maxNotes: 100 }), level: 'info' })).to.equal(
      '2026-11-24T17:30:04.049Z INFO  [host] notes ready {"maxNotes":100}\n',
    );
  });

  it('folds every line break of the message into a space when the message spans several lines', () => {
    const line = formatRecord(record('first\nsecond\r\nthird\rfourth\u2028fifth', { error: 'a\nb' }));
    expect(line).to.equal('2026-11-24T17:30:04.049Z ERROR [host] first second third fourth fifth {"error":"a\\nb"}\n');
    expect(line.split('\n')).to.have.length(2);
  });

  it('writes one line to stderr per error record when the console logger is given a multi-line message', () => {
    const written: string[] = [];
    const original = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => written.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      createLogger({ sink: consoleSink }).error("Config file '/srv/stratos.config.json' could not be parsed;\n> 2 | ...", {
        code: 'STRATOS_ERR_CONFIG_PARSE',
      });
    } finally {
      process.stderr.write = original;
    }
    expect(written).to.have.length(1);
    expect(written[0]).to.match(
      /ERROR \[host\] Config file .* could not be parsed; > 2 \| \.\.\. \{"code":"STRATOS_ERR_CONFIG_PARSE"\}\n$/,
    );
    expect(written[0]!.indexOf('\n')).to.equal(written[0]!.length - 1);
  });
});
