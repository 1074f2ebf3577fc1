import { meshrrProject } from '../../vitest.shared.js';

export default meshrrProject('discovery-plugin-http-json');
