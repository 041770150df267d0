import {
  button,
  checkedLink,
  fallbackLink,
  greeting,
  htmlDocument,
  minutes,
  paragraph,
  PasswordResetMailData,
  RenderedMail,
} from './mail-templates';

/** The confirmation link of an email change, mailed to the new address. */
export type EmailChangeMailData = PasswordResetMailData;

/** To the address a change was asked for, when an account already has it. */
export interface EmailInUseMailData {
  /** The name of the account that has the address (its owner's own). */
  name?: string;
}

/** To the old address, once the change is done. */
export interface EmailChangedMailData {
  name?: string;
  /** The account's new address: checked, single, no line breaks. */
  newEmail: string;
}

export function renderEmailChangeMail(data: EmailChangeMailData): RenderedMail {
  const link = checkedLink(data.link);
  const subject = 'Confirm your new email address';
  const why =
    'You asked to use this address to sign in. Until you open the link, your account keeps its current address.';
  const expiry = `This link expires in ${minutes(data.expiresInMinutes)} and can be used once.`;
  const ignore =
    'If you did not ask for this, you can ignore this message: nothing changes.';
  return {
    subject,
    text: [greeting(data.name), '', why, '', link, '', expiry, ignore, ''].join(
      '\n',
    ),
    html: htmlDocument(subject, [
      paragraph(greeting(data.name)),
      paragraph(why),
      button(link, 'Use this email address'),
      fallbackLink(link),
      paragraph(expiry),
      paragraph(ignore),
    ]),
  };
}

export function renderEmailInUseMail(data: EmailInUseMailData): RenderedMail {
  const subject = 'Someone tried to use your email address';
  const what =
    'Someone asked to move another account to this email address. It already belongs to your account, so nothing changed and no link was sent.';
  const next =
    'If that was you, sign in with this address instead. Otherwise you can ignore this message; your account is not affected.';
  return {
    subject,
    text: [greeting(data.name), '', what, '', next, ''].join('\n'),
    html: htmlDocument(subject, [
      paragraph(greeting(data.name)),
      paragraph(what),
      paragraph(next),
    ]),
  };
}

export function renderEmailChangedMail(
  data: EmailChangedMailData,
): RenderedMail {
  const subject = 'Your email address was changed';
  const what = `Your account now signs in with ${data.newEmail} instead of this address. Password reset links go to the new address from now on.`;
  const next =
    'If you did not make this change, contact the service’s administrator right away: someone else may control your account.';
  return {
    subject,
    text: [greeting(data.name), '', what, '', next, ''].join('\n'),
    html: htmlDocument(subject, [
      paragraph(greeting(data.name)),
      paragraph(what),
      paragraph(next),
    ]),
  };
}
