import {AppError} from '../../errors';

/** A message ready to send: both parts, already rendered. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface VerificationMailData {
  /** The user's display name; user-chosen, so never trusted as markup. */
  name?: string;
  link: string;
}

export interface PasswordResetMailData extends VerificationMailData {
  expiresInMinutes: number;
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function renderVerificationMail(
  data: VerificationMailData,
): RenderedMail {
  const link = checkedLink(data.link);
  const subject = 'Confirm your email address';
  const ignore =
    'If you did not create an account, you can ignore this message.';
  return {
    subject,
    text: [
      greeting(data.name),
      '',
      'Please confirm your email address by opening this link:',
      '',
      link,
      '',
      ignore,
      '',
    ].join('\n'),
    html: htmlDocument(subject, [
      paragraph(greeting(data.name)),
      paragraph('Please confirm your email address.'),
      button(link, 'Confirm email address'),
      fallbackLink(link),
      paragraph(ignore),
    ]),
  };
}

export function renderPasswordResetMail(
  data: PasswordResetMailData,
): RenderedMail {
  const link = checkedLink(data.link);
  const subject = 'Reset your password';
  const expiry = `This link expires in ${minutes(data.expiresInMinutes)} and can be used once.`;
  const ignore =
    'If you did not ask to reset your password, you can ignore this message: your password stays the same.';
  return {
    subject,
    text: [
      greeting(data.name),
      '',
      'To choose a new password, open this link:',
      '',
      link,
      '',
      expiry,
      ignore,
      '',
    ].join('\n'),
    html: htmlDocument(subject, [
      paragraph(greeting(data.name)),
      paragraph('To choose a new password, use the button below.'),
      button(link, 'Choose a new password'),
      fallbackLink(link),
      paragraph(expiry),
      paragraph(ignore),
    ]),
  };
}

export function greeting(name: string | undefined): string {
  // Names are user-chosen: control characters and line breaks could fake
  // extra lines in the text part, and a very long name could bury the link.
  const clean = (name ?? '')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ')
    .trim()
    .slice(0, 100);
  return clean ? `Hello ${clean},` : 'Hello,';
}

export function minutes(count: number): string {
  if (!Number.isSafeInteger(count) || count <= 0) {
    throw new AppError(
      'INTERNAL_ERROR',
      'expiresInMinutes must be a positive integer',
    );
  }
  return count === 1 ? '1 minute' : `${count} minutes`;
}

/**
 * Links are built by the service, but a `javascript:` or relative link in a
 * mail would be a bug worth failing loudly for rather than sending.
 */
export function checkedLink(link: string): string {
  let url: URL | undefined;
  try {
    url = new URL(link);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new AppError('INTERNAL_ERROR', 'mail link must be an http(s) URL');
  }
  return link;
}

export function paragraph(text: string): string {
  return `<p style="margin:0 0 16px">${escapeHtml(text)}</p>`;
}

export function button(link: string, label: string): string {
  return (
    `<p style="margin:24px 0"><a href="${escapeHtml(link)}" ` +
    'style="display:inline-block;padding:12px 20px;border-radius:6px;' +
    'background:#1d4ed8;color:#ffffff;font-weight:bold;text-decoration:none">' +
    `${escapeHtml(label)}</a></p>`
  );
}

export function fallbackLink(link: string): string {
  return (
    '<p style="margin:0 0 16px">If the button does not work, copy this address into your browser:<br>' +
    `<a href="${escapeHtml(link)}" style="color:#1d4ed8;word-break:break-all">${escapeHtml(link)}</a></p>`
  );
}

export function htmlDocument(title: string, body: string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    '<body style="margin:0;padding:24px;background:#ffffff;color:#1f2937;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">',
    '<main style="max-width:560px;margin:0 auto">',
    `<h1 style="font-size:22px;margin:0 0 16px">${escapeHtml(title)}</h1>`,
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
