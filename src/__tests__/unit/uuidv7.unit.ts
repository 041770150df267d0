import {expect} from '@loopback/testlab';
import {uuidV7Generator} from '../../services/platform/uuidv7';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const T0 = Date.UTC(2030, 0, 1);

describe('uuidv7 (unit)', () => {
  it('is a UUID of version 7 and variant 10 (RFC 9562)', () => {
    const next = uuidV7Generator();
    for (let i = 0; i < 1000; i++) {
      const id = next();
      expect(id).to.match(UUID);
      expect(id[14]).to.equal('7');
      expect(['8', '9', 'a', 'b']).to.containEql(id[19]);
    }
  });

  it('carries the time in its first 48 bits', () => {
    const id = uuidV7Generator()(T0);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).to.equal(T0);
  });

  it('sorts as made, as strings, among 10,000 made in one millisecond', () => {
    const ids = givenIds(Array.from({length: 10_000}, () => T0));
    expect(ids).to.eql([...ids].sort());
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('sorts as made across milliseconds, later ones after', () => {
    const times = Array.from({length: 10_000}, (_, i) => T0 + (i >> 4));
    const ids = givenIds(times);
    expect(ids).to.eql([...ids].sort());
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('never goes back when the clock does', () => {
    const ids = givenIds([T0 + 5, T0, T0 + 5, T0 - 1000]);
    expect(ids).to.eql([...ids].sort());
    expect(new Set(ids).size).to.equal(4);
  });

  it('differs between generators even in the same millisecond', () => {
    const ids = Array.from({length: 1000}, () => uuidV7Generator()(T0));
    expect(new Set(ids).size).to.equal(1000);
  });

  /** The ids one generator makes at each of `times`, in that order. */
  function givenIds(times: number[]): string[] {
    const next = uuidV7Generator();
    return times.map(t => next(t));
  }
});
