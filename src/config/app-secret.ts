import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Development convenience: an APP_SECRET generated once and kept in the data
 * directory, so tokens and encrypted secrets survive restarts.
 */
export function readOrCreateAppSecret(dataDir: string): {
  value: string;
  file: string;
  created: boolean;
} {
  const file = path.join(dataDir, 'app-secret');
  try {
    const value = fs.readFileSync(file, 'utf8').trim();
    if (value.length >= 32) return {value, file, created: false};
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(dataDir, {recursive: true});
  const value = randomBytes(48).toString('base64url');
  // 'wx' so two processes starting at once cannot overwrite each other's.
  try {
    fs.writeFileSync(file, value + '\n', {mode: 0o600, flag: 'wx'});
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return {value: fs.readFileSync(file, 'utf8').trim(), file, created: false};
  }
  return {value, file, created: true};
}
