import {ModelChoice} from './model-names';

export const USAGE = `usage: npm run import-lb3 -- --from <source> [options]
  --from <source>         postgres://… , mongodb://… or a memory-connector JSON file
  --model-config <file>   the LoopBack 3 application's server/model-config.json
  --user-model <name>     the model-config entry holding users (default: User)
  --identity-model <name> the entry holding UserIdentity records
  --credential-model <name> the entry holding UserCredential records
  --schema <name>         PostgreSQL schema of the tables (default: public)
  --dry-run               print what would be done, write nothing`;

/** A wrong command line: its message says what and gives the usage. */
export class UsageError extends Error {}

export interface ImportArgs {
  readonly from: string;
  readonly kind: 'postgresql' | 'mongodb' | 'file';
  readonly modelConfig?: string;
  readonly models: ModelChoice;
  readonly schema?: string;
  readonly dryRun: boolean;
}

const VALUED: Record<string, string> = {
  '--from': 'from',
  '--model-config': 'modelConfig',
  '--user-model': 'User',
  '--identity-model': 'UserIdentity',
  '--credential-model': 'UserCredential',
  '--schema': 'schema',
};

/** The command line of `import-lb3`; throws UsageError for anything else. */
export function parseImportArgs(args: readonly string[]): ImportArgs {
  const values: Record<string, string> = {};
  let dryRun = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') ? splitFlag(arg) : [arg];
    if (flag === '--dry-run' && inline === undefined) {
      dryRun = true;
      continue;
    }
    const name = Object.prototype.hasOwnProperty.call(VALUED, flag)
      ? VALUED[flag]
      : undefined;
    if (!name) throw new UsageError(`unknown argument "${arg}"\n${USAGE}`);
    const value = inline ?? args[++i];
    if (!value) throw new UsageError(`${flag} needs a value\n${USAGE}`);
    values[name] = value;
  }
  const from = values.from;
  if (!from) throw new UsageError(`--from is required\n${USAGE}`);
  return {
    from,
    kind: kindOf(from),
    modelConfig: values.modelConfig,
    models: {
      ...(values.User ? {User: values.User} : {}),
      ...(values.UserIdentity ? {UserIdentity: values.UserIdentity} : {}),
      ...(values.UserCredential ? {UserCredential: values.UserCredential} : {}),
    },
    schema: values.schema,
    dryRun,
  };
}

function splitFlag(arg: string): [string, string?] {
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

function kindOf(from: string): ImportArgs['kind'] {
  if (/^postgres(ql)?:\/\//i.test(from)) return 'postgresql';
  if (/^mongodb(\+srv)?:\/\//i.test(from)) return 'mongodb';
  return 'file';
}
