// The explorer needs only swagger-ui-dist's folder (getAbsoluteFSPath), but
// the package's main module also evaluates its 1.4 MB browser bundle: about
// a tenth of a start's CPU. The stand-in has its path functions; browsers
// are still served the bundle from that folder.

import path from 'node:path';

/** swagger-ui-dist's exports without the bundle, from the package at `main`. */
export function swaggerUiDistStandIn(main: string): object {
  const absolutePath = require(
    path.join(path.dirname(main), 'absolute-path.js'),
  ) as () => string;
  return {absolutePath, getAbsoluteFSPath: absolutePath};
}
