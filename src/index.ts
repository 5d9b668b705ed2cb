// The public API for model authors: `import { defineModel, ... } from 'migcheck'`.
export * from './api/model.ts';
export * from './api/temporal.ts';
