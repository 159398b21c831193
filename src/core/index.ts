export * from './bitset.js';
export * from './catalog.js';
export * from './errors.js';
export * from './ops.js';
export * from './signature.js';
export * from './suggest.js';
export * from './driver.js';
