// In development, without SMTP_URL, the service writes mail to a folder
// instead of sending it; GET /mail/outbox names the folder (and answers
// 404 in production or with SMTP). After each action that mails a link,
// the page adds where that link went, so a developer is not left waiting
// for a message that never comes. Asked once, on the first such action.

import {request} from './api.js';

let outbox;

/** `text`, plus where the message went when it went to the outbox. */
export async function withOutboxNote(text) {
  outbox ??= request('GET', '/mail/outbox').then(
    answer => answer?.directory,
    () => undefined,
  );
  const directory = await outbox;
  if (!directory) return text;
  return `${text} (Development: no mail server is set up, so the message was written to ${directory} instead. Open its .html file there.)`;
}
