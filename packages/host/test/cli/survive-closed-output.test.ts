import { Writable } from 'node:stream';
import { expect } from 'chai';
import { surviveClosedOutput } from '../../src/cli/survive-closed-output.js';

function errorWithCode(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`write ${code}`), { code });
}

describe('surviveClosedOutput', () => {
  it('swallows a broken pipe and a write after it when the reader has gone away', () => {
    const stream = new Writable({ write: (_chunk, _encoding, done) => done() }) as unknown as NodeJS.WriteStream;
    surviveClosedOutput([stream]);
    expect(() => stream.emit('error', errorWithCode('EPIPE'))).not.to.throw();
    expect(() => stream.emit('error', errorWithCode('ERR_STREAM_DESTROYED'))).not.to.throw();
  });

  it('raises any other stream error when it is not a closed reader', () => {
    const stream = new Writable({ write: (_chunk, _encoding, done) => done() }) as unknown as NodeJS.WriteStream;
    surviveClosedOutput([stream]);
    expect(() => stream.emit('error', errorWithCode('ENOSPC'))).to.throw('write ENOSPC');
  });
});
