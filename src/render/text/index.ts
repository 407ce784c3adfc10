export { renderText } from './render-text.ts';
export type { TextOptions } from './render-text.ts';
