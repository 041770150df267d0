// The entry of dist/start.bundle.js (scripts/bundle-start.js): what
// `npm start` runs, bundled with LoopBack and the libraries it loads.

export {installStandIns} from './stand-ins';

/**
 * index.ts's run(). The service's modules load here, after
 * installStandIns(): the modules left outside the bundle (the database
 * connectors) then find the stand-ins too.
 */
export function run(): Promise<void> {
  return (require('./index') as typeof import('./index')).run();
}
