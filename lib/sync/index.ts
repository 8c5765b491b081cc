export * from './binder';
export * from './upsert';
export * from './relations';
export * from './poller';
export * from './isolate';
export * from './values';
export * from './automation';
