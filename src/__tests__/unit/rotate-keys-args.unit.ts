import {expect} from '@loopback/testlab';
import {parseRotateArgs, UsageError} from '../../rotate-keys';

describe('npm run rotate-keys arguments', () => {
  it('rotates every algorithm in use and retires nothing by default', () => {
    expect(parseRotateArgs([])).to.eql({});
  });

  it('reads --retire-previous and --alg, repeated or comma-separated', () => {
    expect(
      parseRotateArgs(['--retire-previous', '--alg', 'RS256', '--alg=ES256']),
    ).to.eql({retirePrevious: true, algs: ['RS256', 'ES256']});
    expect(parseRotateArgs(['--alg', 'EdDSA,RS256'])).to.eql({
      algs: ['EdDSA', 'RS256'],
    });
  });

  it('refuses an unknown argument, algorithm or a missing value with the usage', () => {
    for (const args of [
      ['--retire-prev'],
      ['--alg', 'HS256'],
      ['--alg', 'none'],
      ['--alg'],
    ]) {
      let error: unknown;
      try {
        parseRotateArgs(args);
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(UsageError);
      expect((error as Error).message).to.match(/usage: npm run rotate-keys/);
    }
  });
});
