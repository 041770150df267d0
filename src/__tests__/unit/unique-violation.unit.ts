import {expect} from '@loopback/testlab';
import {AppError} from '../../errors';
import {
  translateUniqueViolation,
  violatedUniqueIndex,
} from '../../repositories/unique-violation';

/** The fields node-postgres' DatabaseError carries for a unique violation. */
function givenPostgresViolation(constraint?: string): Error {
  return Object.assign(
    new Error(`duplicate key value violates unique constraint "${constraint}"`),
    {
      name: 'error',
      severity: 'ERROR',
      code: '23505',
      detail: 'Key (email)=(ada@example.com) already exists.',
      table: 'user',
      constraint,
      routine: '_bt_check_unique',
    },
  );
}

/** The MongoDB driver's MongoServerError / MongoBulkWriteError for E11000. */
function givenMongoViolation(index: string, name = 'MongoServerError'): Error {
  return Object.assign(
    new Error(
      `E11000 duplicate key error collection: identity.User index: ${index} dup key: { email: "ada@example.com" }`,
    ),
    {name, code: 11000, keyPattern: {email: 1}},
  );
}

function codeOf(err: unknown): string | undefined {
  const translated = translateUniqueViolation(err);
  if (!(translated instanceof AppError)) return undefined;
  expect(translated.statusCode).to.equal(409);
  return translated.code;
}

describe('unique violation translation (unit)', () => {
  it('maps PostgreSQL 23505 by constraint name', () => {
    expect(codeOf(givenPostgresViolation('user_email_uq'))).to.equal(
      'EMAIL_TAKEN',
    );
    expect(codeOf(givenPostgresViolation('user_username_uq'))).to.equal(
      'USERNAME_TAKEN',
    );
    expect(
      codeOf(givenPostgresViolation('useridentity_provider_externalid_uq')),
    ).to.equal('IDENTITY_ALREADY_LINKED');
    expect(codeOf(givenPostgresViolation('signingkey_kid_uq'))).to.equal(
      'DUPLICATE_KEY',
    );
  });

  it('maps a PostgreSQL 23505 without constraint name to DUPLICATE_KEY', () => {
    expect(violatedUniqueIndex(givenPostgresViolation())).to.equal('');
    expect(codeOf(givenPostgresViolation())).to.equal('DUPLICATE_KEY');
  });

  it('maps MongoDB E11000 by the index named in the message', () => {
    expect(codeOf(givenMongoViolation('user_email_uq'))).to.equal(
      'EMAIL_TAKEN',
    );
    expect(codeOf(givenMongoViolation('user_username_uq'))).to.equal(
      'USERNAME_TAKEN',
    );
    expect(
      codeOf(
        givenMongoViolation(
          'useridentity_provider_externalid_uq',
          'MongoBulkWriteError',
        ),
      ),
    ).to.equal('IDENTITY_ALREADY_LINKED');
    expect(codeOf(givenMongoViolation('signingkey_kid_uq'))).to.equal(
      'DUPLICATE_KEY',
    );
  });

  it('maps a duplicate _id on MongoDB to DUPLICATE_KEY', () => {
    expect(codeOf(givenMongoViolation('_id_'))).to.equal('DUPLICATE_KEY');
  });

  it('passes every other error through unchanged', () => {
    const foreignKey = Object.assign(new Error('violates foreign key'), {
      code: '23503',
    });
    const network = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    });
    for (const err of [foreignKey, network, new Error('boom'), 'text']) {
      expect(translateUniqueViolation(err)).to.equal(err);
      expect(violatedUniqueIndex(err)).to.be.undefined();
    }
  });
});
