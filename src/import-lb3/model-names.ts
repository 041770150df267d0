import {Lb3Kind} from './lb3-records';

/** Where one LoopBack 3 model's records live in each kind of source. */
export interface ModelLocation {
  /** The model's name: the memory file's key. */
  readonly model: string;
  /** PostgreSQL table: `postgresql.table`, else the model name lower-cased. */
  readonly table: string;
  /** PostgreSQL schema: `postgresql.schema`, else the `--schema` given. */
  readonly schema?: string;
  /** MongoDB collection: `mongodb.collection`, else the model name. */
  readonly collection: string;
}

export type ModelLocations = Readonly<
  Record<Lb3Kind | 'AccessToken', ModelLocation>
>;

/** Which model-config.json entry plays each role, when not the default. */
export type ModelChoice = Partial<Record<Lb3Kind, string>>;

/** A model-config.json the import cannot use; the message says why. */
export class ModelConfigError extends Error {}

const ROLES = [
  'User',
  'UserIdentity',
  'UserCredential',
  'AccessToken',
] as const;

/**
 * Where each model lives. Without a model-config.json, LoopBack 3's
 * defaults: the built-in models' names. With one, each role is the entry
 * `choice` names, else the entry whose name is the role's in any case
 * (`user`, `userIdentity`: what the loopback-component-passport example
 * declares); its `options` may move it (`postgresql.table`/`schema`,
 * `mongodb.collection`), as LoopBack 3 copies them into the model settings.
 */
export function modelLocations(
  modelConfig?: unknown,
  choice: ModelChoice = {},
): ModelLocations {
  if (modelConfig !== undefined && !isObject(modelConfig)) {
    throw new ModelConfigError('model-config.json: is not a JSON object');
  }
  const entries = modelConfig ?? {};
  const located = {} as Record<(typeof ROLES)[number], ModelLocation>;
  for (const role of ROLES) {
    const chosen = role === 'AccessToken' ? undefined : choice[role];
    const name = chosen ?? findEntry(entries, role) ?? role;
    if (
      chosen &&
      !Object.prototype.hasOwnProperty.call(entries, chosen) &&
      modelConfig
    ) {
      throw new ModelConfigError(
        `model-config.json: has no entry "${chosen}" (named for ${role})`,
      );
    }
    located[role] = locate(name, entries[name]);
  }
  return located;
}

function findEntry(
  entries: Record<string, unknown>,
  role: string,
): string | undefined {
  const wanted = role.toLowerCase();
  return Object.keys(entries).find(name => name.toLowerCase() === wanted);
}

function locate(model: string, entry: unknown): ModelLocation {
  const options =
    isObject(entry) && isObject(entry.options) ? entry.options : {};
  const pg = isObject(options.postgresql) ? options.postgresql : {};
  const mongo = isObject(options.mongodb) ? options.mongodb : {};
  return {
    model,
    table:
      nameOr(
        pg.table,
        `model-config.json: ${model}.options.postgresql.table`,
      ) ?? model.toLowerCase(),
    schema: nameOr(
      pg.schema,
      `model-config.json: ${model}.options.postgresql.schema`,
    ),
    collection:
      nameOr(
        mongo.collection,
        `model-config.json: ${model}.options.mongodb.collection`,
      ) ?? model,
  };
}

function nameOr(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[\w$.-]{1,63}$/.test(value)) {
    throw new ModelConfigError(`${path}: is not a table or collection name`);
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
