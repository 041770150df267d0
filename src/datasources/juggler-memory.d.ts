// juggler ships no types for its memory connector; this declares the part
// DurableMemory builds on.
declare module 'loopback-datasource-juggler/lib/connectors/memory' {
  type Callback<T = unknown> = (err?: Error | null, result?: T) => void;

  export class Memory {
    constructor(m: Memory | null, settings: object);
    settings: {file?: string} & Record<string, unknown>;
    /** Model name → id → JSON-serialized instance. */
    cache: Record<string, Record<string, string>>;
    /** Model name → next numeric id. */
    ids: Record<string, number>;
    _models: Record<string, unknown>;
    collection(
      model: string,
      ...replacement: [Record<string, string>?]
    ): Record<string, string> | undefined;
    getCollection(model: string): string;
    initCollection(model: string): void;
    connect(callback: Callback): void;
    loadFromFile(callback: Callback): void;
    saveToFile<T>(result: T, callback?: Callback<T>): void;
    automigrate(models: string[] | undefined, callback: Callback): void;
    all(
      model: string,
      filter: Record<string, unknown> | undefined,
      options: object,
      callback: Callback<object[]>,
    ): void;
    fromDb(model: string, data: string): Record<string, unknown>;
    idName(model: string): string;
  }
}
