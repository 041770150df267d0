// An English-only strong-globalize for `npm start`. LoopBack's juggler,
// its connectors and strong-error-handler call strong-globalize to format
// their messages; the real module loads CLDR data, Globalize, lodash, YAML
// and an OS-locale probe (about 130 modules): a tenth of a start's CPU and
// about 9 MB of a node's memory, for messages that are English here anyway.
// The text is the real module's own fallback: `{{…}}` marks dropped, `%s`
// `%d` `%j` filled as its mapArgs fills them. The unit test compares every
// message those packages use with the real module's output.

/* eslint-disable @typescript-eslint/naming-convention -- strong-globalize's
   own names (g.Error, SG.SetRootDir) */

import util from 'node:util';

type Print = (message: string) => void;

/** The real module's mapArgs: `%j` as JSON, anything else as a string. */
function mappedArgs(message: string, args: unknown[]): string[] {
  const out: string[] = [];
  let next = 0;
  for (const [mark] of message.matchAll(/%[sdj%]/g)) {
    if (mark === '%%') continue;
    let arg = args[next++];
    if (arg === undefined) arg = 'undefined';
    if (arg === null) arg = 'null';
    out.push(mark === '%j' ? JSON.stringify(arg) : String(arg));
  }
  return out;
}

/** `g.f(message, ...args)` as strong-globalize formats it in English. */
export function formatGlobalized(message: unknown, ...args: unknown[]): string {
  const text = String(message);
  const values = text.includes('%') ? mappedArgs(text, args) : [];
  const plain = text.replace(/}}/g, '').replace(/{{/g, '');
  if (values.length === 0) return plain;
  return util.format(plain.replace(/%[sdj]/g, '%s'), ...values);
}

const toStderr: Print = message => console.error(message);
const toStdout: Print = message => console.log(message);

/** strong-globalize's severities and the stream each prints to. */
const SEVERITIES: Record<string, Print> = {
  emergency: toStderr,
  alert: toStderr,
  critical: toStderr,
  error: toStderr,
  warning: toStderr,
  warn: toStderr,
  notice: toStdout,
  informational: toStdout,
  debug: toStdout,
  info: toStdout,
  log: toStdout,
  help: toStdout,
  data: toStdout,
  prompt: toStdout,
  verbose: toStdout,
  input: toStdout,
  silly: toStdout,
};

/** What `require('strong-globalize')()` returns, English only. */
export interface Globalizer {
  f(message: unknown, ...args: unknown[]): string;
  format(message: unknown, ...args: unknown[]): string;
  Error(message: unknown, ...args: unknown[]): Error;
  warn(message: unknown, ...args: unknown[]): unknown;
  [severity: string]: (message: unknown, ...args: unknown[]) => unknown;
}

function globalizer(): Globalizer {
  const g = {
    f: formatGlobalized,
    format: formatGlobalized,
    Error: (message: unknown, ...args: unknown[]) =>
      new Error(formatGlobalized(message, ...args)),
  } as Globalizer;
  for (const [severity, print] of Object.entries(SEVERITIES)) {
    g[severity] = (message, ...args) => {
      const text = formatGlobalized(message, ...args);
      print(text);
      return {message: text, orig: message};
    };
  }
  return g;
}

/** The module's export: a factory with the set-up calls as no-ops. */
export const strongGlobalizeStandIn = Object.assign(
  (): Globalizer => globalizer(),
  {
    SetRootDir: (): void => {},
    SetDefaultLanguage: (): void => {},
    SetAppLanguages: (): void => {},
    SetPersistentLogging: (): void => {},
  },
);
