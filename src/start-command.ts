import fs from 'node:fs';
import path from 'node:path';

/**
 * package.json's start script as arguments for this Node: `node <V8 flags>
 * scripts/start.js`. The benchmark and the tests run the service exactly as
 * `npm start` does, without npm itself (npm is not the service, and does
 * not pass SIGTERM on).
 */
export function startCommand(): {command: string; args: string[]} {
  const root = path.resolve(__dirname, '..');
  const pkg = JSON.parse(
    fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
  ) as {scripts: {start: string}};
  const command = pkg.scripts.start;
  const [node, ...args] = command.split(/\s+/);
  if (node !== 'node') throw new Error(`start script is not node: ${command}`);
  return {
    command,
    args: args.map(arg => (arg.endsWith('.js') ? path.join(root, arg) : arg)),
  };
}
