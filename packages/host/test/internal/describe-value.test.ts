import { expect } from 'chai';
import { oneLine } from '../../src/internal/describe-value.js';

describe('oneLine', () => {
  it('turns every kind of line break, with the blanks around it, into one space when a message spans lines', () => {
    expect(oneLine('Unexpected token\n  1 | {\r\n> 2 |   "a": ,\r3 | }')).to.equal('Unexpected token 1 | { > 2 |   "a": , 3 | }');
    expect(oneLine('a\u2028b\u2029c')).to.equal('a b c');
  });

  it('leaves a message alone when it is already one line', () => {
    expect(oneLine('plain  message\twith tabs')).to.equal('plain  message\twith tabs');
  });
});
