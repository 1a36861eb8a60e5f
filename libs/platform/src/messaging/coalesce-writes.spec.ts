import { Writable } from 'node:stream';
import { coalesceWrites } from './coalesce-writes';

/** A sink that records how the stream handed it the bytes: one entry per system call it would make. */
function recordingSink(): { sink: Writable; calls: string[][] } {
  const calls: string[][] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      calls.push([chunk.toString()]);
      callback();
    },
    writev(chunks, callback) {
      calls.push(chunks.map(({ chunk }) => (chunk as Buffer).toString()));
      callback();
    },
  });
  return { sink, calls };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesceWrites', () => {
  it('hands every write of one turn over in one call, in order', async () => {
    const { sink, calls } = recordingSink();
    coalesceWrites(sink);
    sink.write('a');
    sink.write('b');
    sink.write('c');
    expect(calls).toEqual([]); // held until the end of the turn
    await nextTurn();
    expect(calls).toEqual([['a', 'b', 'c']]);
  });

  it('keeps writes of different turns apart and calls their callbacks', async () => {
    const { sink, calls } = recordingSink();
    coalesceWrites(sink);
    const written: string[] = [];
    sink.write('a', () => written.push('a'));
    await nextTurn();
    sink.write('b', () => written.push('b'));
    sink.write('c', () => written.push('c'));
    await nextTurn();
    expect(calls).toEqual([['a'], ['b', 'c']]);
    expect(written).toEqual(['a', 'b', 'c']);
  });

  it('wraps a stream once, however often it is asked', async () => {
    const { sink, calls } = recordingSink();
    coalesceWrites(sink);
    coalesceWrites(sink);
    sink.write('a');
    sink.write('b');
    await nextTurn();
    expect(calls).toEqual([['a', 'b']]);
    expect(sink.writableCorked).toBe(0);
  });

  it('without it, the same writes are separate calls (what the wrapper saves)', async () => {
    const { sink, calls } = recordingSink();
    sink.write('a');
    sink.write('b');
    await nextTurn();
    expect(calls).toEqual([['a'], ['b']]);
  });
});
