import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { eventually } from '@meshrr/core/testing';

/** The images scripts/container-image.sh builds: Dockerfile targets `runtime` and `agent-frr`. */
export const RUNTIME_IMAGE = 'localhost/meshrr:dev';
/** See {@link RUNTIME_IMAGE}. */
export const FRR_IMAGE = 'localhost/meshrr-frr:dev';

// podman's default ulimits exceed this machine's hard limits: use the containers.conf the image
// script writes (CI exports CONTAINERS_CONF; a developer who ran the script gets it here too).
const SCRIPT_CONTAINERS_CONF = '/var/cache/meshrr-image/containers.conf';
if (process.env['CONTAINERS_CONF'] === undefined && existsSync(SCRIPT_CONTAINERS_CONF))
  process.env['CONTAINERS_CONF'] = SCRIPT_CONTAINERS_CONF;

/** The parts of a Kubernetes container spec that {@link podmanRunArgv} translates. */
export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly {
    readonly name: string;
    readonly value?: string;
    readonly valueFrom?: { readonly fieldRef?: { readonly fieldPath: string } };
  }[];
  readonly securityContext?: {
    readonly runAsUser?: number;
    readonly runAsNonRoot?: boolean;
    readonly readOnlyRootFilesystem?: boolean;
    readonly allowPrivilegeEscalation?: boolean;
    readonly capabilities?: { readonly drop?: readonly string[]; readonly add?: readonly string[] };
  };
  readonly volumeMounts?: readonly {
    readonly name: string;
    readonly mountPath: string;
    readonly subPath?: string;
    readonly readOnly?: boolean;
  }[];
}

/** The parts of a Kubernetes pod spec that {@link materialisePodVolumes} and {@link podmanRunArgv} use. */
export interface PodSpec {
  readonly securityContext?: { readonly supplementalGroups?: readonly number[] };
  readonly volumes: readonly {
    readonly name: string;
    readonly emptyDir?: object;
    readonly configMap?: {
      readonly name: string;
      readonly items?: readonly { readonly key: string; readonly path: string }[];
    };
  }[];
  readonly initContainers?: readonly ContainerSpec[];
  readonly containers: readonly ContainerSpec[];
}

/** One pod on this machine: its network namespace, address and where its volumes live. */
export interface PodPlacement {
  /** Prefix of its container names (unique per test run). */
  readonly name: string;
  readonly netns: string;
  /** `status.podIP` / `status.podIPs`. */
  readonly podIp: string;
  /** Volume name → host directory. */
  readonly volumes: ReadonlyMap<string, string>;
}

/**
 * Creates the pod's volumes under `root` as the kubelet would: an emptyDir is an empty directory of
 * mode 0777; a configMap volume holds one file per key (or per `items` entry) from `configMaps`.
 * @throws {Error} when a configMap volume names a ConfigMap missing from `configMaps`.
 */
export function materialisePodVolumes(
  pod: PodSpec,
  root: string,
  configMaps: ReadonlyMap<string, Readonly<Record<string, string>>>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const volume of pod.volumes) {
    const dir = join(root, volume.name);
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    if (volume.configMap !== undefined) {
      const data = configMaps.get(volume.configMap.name);
      if (data === undefined) throw new Error(`pod volume ${volume.name}: no ConfigMap ${volume.configMap.name}`);
      const items = volume.configMap.items ?? Object.keys(data).map((key) => ({ key, path: key }));
      for (const item of items) {
        const file = join(dir, item.path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, data[item.key] ?? '', { mode: 0o444 });
      }
    }
    out.set(volume.name, dir);
  }
  return out;
}

/**
 * `podman run` argv (after `podman --runtime runc`) for `container` of `pod` placed at `placement`,
 * with `image` instead of the manifest's registry reference: the pod's network namespace and
 * hostname (its name, shared by its containers as in Kubernetes), the container's user, capabilities, read-only root filesystem and no-new-privileges as its
 * securityContext says, the pod's supplementalGroups, env (fieldRef `status.podIP`/`status.podIPs`
 * from the placement), volume mounts (subPath too), then command as entrypoint and args.
 * @throws {Error} for a volume mount whose volume the placement lacks, or an env fieldRef other than the pod IPs.
 */
export function podmanRunArgv(
  pod: PodSpec,
  container: ContainerSpec,
  placement: PodPlacement,
  image: string,
  options: { readonly detach: boolean },
): string[] {
  const argv = ['run', ...(options.detach ? ['--detach'] : ['--rm'])];
  // A pod's containers share its network and UTS namespaces: one address, one hostname (the pod's name).
  argv.push('--name', `${placement.name}-${container.name}`, '--network', `ns:/run/netns/${placement.netns}`);
  argv.push('--hostname', placement.name);
  const security = container.securityContext ?? {};
  if (security.runAsUser !== undefined) argv.push('--user', String(security.runAsUser));
  for (const gid of pod.securityContext?.supplementalGroups ?? []) argv.push('--group-add', String(gid));
  if (security.readOnlyRootFilesystem === true) argv.push('--read-only', '--read-only-tmpfs=false');
  if (security.allowPrivilegeEscalation === false) argv.push('--security-opt', 'no-new-privileges');
  for (const cap of security.capabilities?.drop ?? []) argv.push('--cap-drop', cap);
  for (const cap of security.capabilities?.add ?? []) argv.push('--cap-add', cap);
  for (const variable of container.env ?? []) {
    const field = variable.valueFrom?.fieldRef?.fieldPath;
    if (field !== undefined && field !== 'status.podIP' && field !== 'status.podIPs')
      throw new Error(`container ${container.name}: env ${variable.name} from ${field} is not supported here`);
    argv.push('--env', `${variable.name}=${field === undefined ? (variable.value ?? '') : placement.podIp}`);
  }
  for (const mount of container.volumeMounts ?? []) {
    const dir = placement.volumes.get(mount.name);
    if (dir === undefined) throw new Error(`container ${container.name}: no volume ${mount.name}`);
    const source = mount.subPath === undefined ? dir : join(dir, mount.subPath);
    argv.push('--volume', `${source}:${mount.mountPath}${mount.readOnly === true ? ':ro' : ''}`);
  }
  if (container.command !== undefined) argv.push('--entrypoint', JSON.stringify(container.command));
  argv.push(image, ...(container.args ?? []));
  return argv;
}

/** Runs `podman --runtime runc …args` and returns its status and output (never throws). */
export function podman(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('podman', ['--runtime', 'runc', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/**
 * Whether both images are built here. Container tests run when they are, and must run (fail
 * instead of skipping) when `MESHRR_REQUIRE_CONTAINER_IMAGE=1`, as in CI; otherwise they skip loudly.
 */
export function containerImageGate(): { readonly run: boolean } {
  let built = false;
  try {
    built = podman('image', 'exists', RUNTIME_IMAGE).status === 0 && podman('image', 'exists', FRR_IMAGE).status === 0;
  } catch {
    built = false;
  }
  const required = process.env['MESHRR_REQUIRE_CONTAINER_IMAGE'] === '1';
  if (!built && !required)
    console.warn('\n!!! SKIPPING container image tests: build the images with scripts/container-image.sh\n');
  return { run: built || required };
}

/**
 * Hang guard of {@link awaitContainerImages}: the whole image build (Node base, npm ci and the
 * workspace build inside the build stage, Debian's FRR) on a busy 2-core machine. Never a speed claim.
 */
export const IMAGE_BUILD_GUARD_MS = 1_200_000;

/**
 * Waits for a container image build that runs beside the tests (CI builds the images in the
 * background): when `MESHRR_CONTAINER_IMAGE_STATUS` names a file, resolves once that file holds the
 * build's exit code 0, and rejects when it holds another code or does not appear within
 * {@link IMAGE_BUILD_GUARD_MS}. Without that variable the images are built beforehand and it resolves
 * at once. Use it in a `beforeAll` with {@link IMAGE_BUILD_GUARD_MS} as the hook's timeout.
 */
export async function awaitContainerImages(): Promise<void> {
  const statusFile = process.env['MESHRR_CONTAINER_IMAGE_STATUS'];
  if (statusFile === undefined || statusFile === '') return;
  const code = await eventually(() => (existsSync(statusFile) ? readFileSync(statusFile, 'utf8').trim() : undefined), {
    what: `the container image build beside the tests (exit code in ${statusFile})`,
    intervalMs: 1000,
    deadlineMs: IMAGE_BUILD_GUARD_MS,
  });
  if (code !== '0')
    throw new Error(
      `the container image build beside the tests failed (exit code ${code} in ${statusFile}; its log follows the tests)`,
    );
}
