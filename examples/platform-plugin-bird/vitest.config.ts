import { meshrrProject } from '../../vitest.shared.js';

export default meshrrProject('platform-plugin-bird');
