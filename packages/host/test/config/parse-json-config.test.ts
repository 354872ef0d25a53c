import { expect } from 'chai';
import { parseJsonConfig } from '../../src/config/parse-json-config.js';
import { errorOf } from '../helpers/caught.js';

describe('parseJsonConfig', () => {
  const FILE = '/srv/stratos/stratos.config.json';
  const reasonOf = (text: string) => {
    const error = errorOf(() => parseJsonConfig(FILE, text));
    expect(error.code).to.equal('STRATOS_ERR_CONFIG_PARSE');
    expect(error.message).to.include(`Config file '${FILE}'`);
    expect(error.message).not.to.match(/[\r\n]/);
    return error.message.slice(error.message.indexOf('caused by ') + 'caused by '.length);
  };

  it('returns the document when the text is JSON, with or without a byte order mark', () => {
    expect(parseJsonConfig(FILE, '{"plugins":["a"]}')).to.deep.equal({ plugins: ['a'] });
    expect(parseJsonConfig(FILE, '\uFEFF{"plugins":["a"]}')).to.deep.equal({ plugins: ['a'] });
    expect(parseJsonConfig(FILE, 'null')).to.equal(null);
  });

  it('gives the line, the column and the reason when the text has a syntax error', () => {
    expect(reasonOf('{\n  "server": { "port": 5443, }\n}')).to.equal('line 2 column 29: Expected double-quoted property name');
    expect(reasonOf('{\r\n  "a": 1\r\n  "b": 2\r\n}')).to.equal("line 3 column 3: Expected ',' or '}' after property value");
    expect(reasonOf('\uFEFF{"a": 1} x')).to.equal('line 1 column 10: Unexpected non-whitespace character after JSON');
  });

  it('says where the text ends when it stops half way', () => {
    expect(reasonOf('{\n  "plugins": [\n')).to.equal('line 3 column 1: Unexpected end of JSON input');
  });

  it('says what to write when the text is empty or blank', () => {
    for (const text of ['', ' \n\t', '\uFEFF']) {
      expect(reasonOf(text)).to.equal(
        'the file is empty; write a JSON object in it, such as { "plugins": [] }, or delete the file to use the embedded defaults',
      );
    }
  });
});
