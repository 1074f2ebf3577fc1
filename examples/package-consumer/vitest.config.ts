import { meshrrProject } from '../../vitest.shared.js';

export default meshrrProject('examples-package-consumer');
