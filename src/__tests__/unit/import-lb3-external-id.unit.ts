import {expect} from '@loopback/testlab';
import {mapAccount, RecordProblem} from '../../import-lb3/lb3-mapping';
import {isRefusal, Lb3Record, toRecord} from '../../import-lb3/lb3-records';

function givenIdentity(externalid: unknown): Lb3Record {
  const made = toRecord('UserIdentity', {
    id: 'i1',
    provider: 'facebook',
    authscheme: 'oAuth 2.0',
    externalid,
    userid: 7,
  });
  if (isRefusal(made)) throw new Error(made.reason);
  return made;
}

/**
 * A LoopBack 3 identity's externalId is imported exactly as sign-in will
 * look it up, as the provider sends it: a padded or over-long one is
 * reported by id, never trimmed (it would never sign in, or two records
 * would merge into one identity).
 */
describe('LoopBack 3 import: externalId kept exactly (unit)', () => {
  it('keeps an id as it is, a number as its decimal text', () => {
    expect(mapAccount(givenIdentity('fb-1')).externalId).to.equal('fb-1');
    expect(mapAccount(givenIdentity(42)).externalId).to.equal('42');
  });

  it('reports an id it would have to trim or cut', () => {
    for (const id of [' fb-1', 'fb-1 ', 'x'.repeat(257), '', null]) {
      expect(() => mapAccount(givenIdentity(id))).to.throw(RecordProblem);
    }
  });
});
