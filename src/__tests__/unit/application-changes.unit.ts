import {expect} from '@loopback/testlab';
import {AppError} from '../../errors';
import {Application} from '../../models';
import {applicationUpdate} from '../../services/applications/application-changes';

const NOW = new Date('2026-01-01T00:00:00Z');
const A = 'https://a.example.com';
const B = 'https://b.example.com';

function givenApp(data: Partial<Application> = {}): Application {
  return new Application({
    id: 'app-1',
    name: 'x',
    type: 'public',
    ownerId: 'owner',
    redirectUris: ['https://a.example.com/cb'],
    allowedOrigins: [A],
    verifiedOrigins: [A],
    disabled: false,
    firstParty: false,
    ...data,
  });
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as AppError).code;
  }
  return undefined;
}

describe('applicationUpdate (unit)', () => {
  const owner = {isAdmin: false, now: NOW};
  const admin = {isAdmin: true, now: NOW};

  it('keeps proven origins that stay, and leaves new ones unproven', () => {
    const data = applicationUpdate(givenApp(), {allowedOrigins: [A, B]}, owner);
    expect(data).to.eql({allowedOrigins: [A, B], verifiedOrigins: [A]});
  });

  it('forgets the proof of an origin that is removed', () => {
    const data = applicationUpdate(givenApp(), {allowedOrigins: [B]}, owner);
    expect(data).to.eql({allowedOrigins: [B], verifiedOrigins: []});
  });

  it('lets an admin approve listed origins only', () => {
    const app = givenApp({verifiedOrigins: []});
    expect(
      applicationUpdate(
        app,
        {allowedOrigins: [A, B], verifiedOrigins: [B]},
        admin,
      ),
    ).to.eql({
      allowedOrigins: [A, B],
      verifiedOrigins: [B],
      originsVerifiedAt: NOW,
    });
    expect(
      codeOf(() => applicationUpdate(app, {verifiedOrigins: [B]}, admin)),
    ).to.equal('INVALID_ORIGIN');
  });

  it('refuses admin-only fields and re-enabling to a non-admin', () => {
    for (const changes of [
      {firstParty: true},
      {firstParty: false},
      {verifiedOrigins: [A]},
    ]) {
      expect(
        codeOf(() => applicationUpdate(givenApp(), changes, owner)),
      ).to.equal('FORBIDDEN');
    }
    const disabled = givenApp({disabled: true});
    expect(
      codeOf(() => applicationUpdate(disabled, {disabled: false}, owner)),
    ).to.equal('FORBIDDEN');
    expect(applicationUpdate(disabled, {disabled: false}, admin)).to.eql({
      disabled: false,
    });
  });

  it('never takes first-party status from web', () => {
    const web = givenApp({id: 'web', ownerId: undefined, firstParty: true});
    expect(
      codeOf(() => applicationUpdate(web, {firstParty: false}, admin)),
    ).to.equal('CONFLICT');
  });
});
