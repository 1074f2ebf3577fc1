import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { meshrrProject } from '../../vitest.shared.js';

/**
 * The lab test files that run the agent container images. CI builds the images beside the tests
 * (.ci/run) and these files wait for that build (`awaitContainerImages`), so they run last: the
 * lab runs its files one at a time, and every other file runs while the images build.
 */
const CONTAINER_IMAGE_FILES = ['/src/lab/containerAgents.e2e.test.ts', '/src/lab/frrExamplePod.e2e.test.ts'];

/** vitest's own order (slowest and failed files first), then the container image files. */
class ContainerImageFilesLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const needsImages = (file: TestSpecification): boolean =>
      CONTAINER_IMAGE_FILES.some((suffix) => file.moduleId.endsWith(suffix));
    return [...sorted.filter((file) => !needsImages(file)), ...sorted.filter(needsImages)];
  }
}

export default meshrrProject('lab', { sequence: { sequencer: ContainerImageFilesLast } });
