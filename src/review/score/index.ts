export { type LineSignal, lineSignals } from './line-signals.ts';
export { type PathSignals, pathSignalsOf } from './path-signals.ts';
export { type ScoreOptions, scoreFile } from './score-file.ts';
export { weights } from './weights.ts';
