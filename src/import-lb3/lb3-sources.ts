import {readFile} from 'node:fs/promises';
import {ImportArgs} from './import-args';
import {Lb3Source} from './lb3-records';
import {MemoryFileSource, SourceError} from './memory-file-source';
import {ModelConfigError, modelLocations} from './model-names';
import {MongoSource} from './mongodb-source';
import {PostgresSource} from './postgres-source';

/** The source the command line names, with the models placed. */
export async function openSource(args: ImportArgs): Promise<Lb3Source> {
  const models = modelLocations(
    args.modelConfig ? await readModelConfig(args.modelConfig) : undefined,
    args.models,
  );
  switch (args.kind) {
    case 'postgresql':
      return new PostgresSource(args.from, models, args.schema);
    case 'mongodb':
      return new MongoSource(args.from, models);
    case 'file':
      return new MemoryFileSource(args.from, models);
  }
}

async function readModelConfig(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new SourceError(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ModelConfigError(`${file}: is not JSON`);
  }
}
