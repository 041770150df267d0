// The entry of dist/start.bundle.js (scripts/bundle-start.js): what
// `npm start` runs, bundled with LoopBack and the libraries it loads.

import type {StartHooks} from './index';

export {installStandIns} from './stand-ins';

/**
 * index.ts's run(). The service's modules load here, so that without the
 * bundle (dist/ as tsc wrote it) installStandIns() comes first.
 */
export function run(hooks: StartHooks = {}): Promise<void> {
  return (require('./index') as typeof import('./index')).run(hooks);
}
