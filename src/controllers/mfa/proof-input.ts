import {AppError} from '../../errors';
import {
  SecondFactorMethod,
  SecondFactorProof,
} from '../../services/mfa/second-factor';

/** A proof as a request body carries it (SECOND_STEP_BODY's members). */
export interface ProofBody {
  method: SecondFactorMethod;
  code?: string;
  credential?: object;
}

/**
 * The proof a body describes: a `code` for totp and recovery_code, a
 * `credential` for webauthn, never both. `INVALID_REQUEST` otherwise.
 */
export function proofOf(body: ProofBody): SecondFactorProof {
  if (body.method === 'webauthn') {
    if (!body.credential || body.code !== undefined) {
      throw new AppError(
        'INVALID_REQUEST',
        'A passkey proof sends `credential` (the assertion), and no `code`.',
      );
    }
    return {method: 'webauthn', credential: body.credential};
  }
  if (typeof body.code !== 'string' || body.credential !== undefined) {
    throw new AppError(
      'INVALID_REQUEST',
      `A ${body.method} proof sends \`code\`, and no \`credential\`.`,
    );
  }
  return {method: body.method, code: body.code};
}
