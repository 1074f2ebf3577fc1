export { systemClock } from './systemClock.js';
