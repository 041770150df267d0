import {expect} from '@loopback/testlab';
import {
  findControlCharacter,
  firstControlCharacter,
  hasControlCharacter,
} from '../../services/platform/control-characters';

describe('control characters (unit)', () => {
  it('finds C0, DEL and C1 controls, and nothing else', () => {
    for (const c of [
      '\u0000',
      '\t',
      '\n',
      '\r',
      '\u001b',
      '\u007f',
      '\u0085',
      '\u009b',
    ]) {
      expect(hasControlCharacter(`a${c}b`)).to.be.true();
    }
    for (const ok of ['plain', 'é ü 日本', 'a b', '\u00a0', '\u200b', '😀']) {
      expect(hasControlCharacter(ok)).to.be.false();
    }
    expect(firstControlCharacter('ab\u001bc\u0000')).to.equal('U+001B');
  });

  it('names the first string or property name holding one, at any depth', () => {
    expect(
      findControlCharacter({name: 'ok', redirectUris: ['https://a', 'b\r\n']}),
    ).to.eql({
      path: 'redirectUris[1]',
      message: 'contains a control character (U+000D)',
    });
    expect(findControlCharacter({a: {'b\u0000': 1}})).to.eql({
      path: 'a',
      message: 'has a property name with a control character (U+0000)',
    });
    expect(
      findControlCharacter({a: [1, true, null, {b: 'x'}]}),
    ).to.be.undefined();
  });

  it('allows CR, LF and TAB in the multi-line fields named, array items too, and nothing else there', () => {
    const multiline = new Set(['cert', 'server.tlsOptions.ca']);
    const pem =
      '-----BEGIN CERTIFICATE-----\r\n\tAAAA\n-----END CERTIFICATE-----\n';
    expect(
      findControlCharacter(
        {cert: [pem, pem], server: {tlsOptions: {ca: pem}}},
        multiline,
      ),
    ).to.be.undefined();
    expect(
      findControlCharacter({cert: [pem, `${pem}\u0000`]}, multiline),
    ).to.eql({
      path: 'cert[1]',
      message: 'contains a control character (U+0000)',
    });
    expect(findControlCharacter({idpIssuer: 'a\nb'}, multiline)?.path).to.equal(
      'idpIssuer',
    );
    expect(findControlCharacter({cert: pem})?.path).to.equal('cert');
  });

  it('walks a body nested far deeper than the call stack', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findControlCharacter(deep)?.message).to.equal(
      'contains a control character (U+0000)',
    );
  });
});
