export * from './app-error';
export * from './error-codes';
export * from './oauth-error';
export * from './reject.provider';
export * from './unavailable';
