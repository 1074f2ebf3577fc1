import { dirname, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { checkBoundedFile, FILE_LIMITS, FileReadError, readBoundedTextSync } from '@meshrr/core';
import { K8sConfigError } from './k8sConfigError.js';

/** Environment variables the provider reads (given to the module factory, never `process.env`). */
export type K8sEnvironment = Readonly<Record<string, string | undefined>>;

/** Where and how the API server is reached. */
export interface ClusterAccess {
  /** client-node configuration: authentication (token file, exec, certificates) and TLS. */
  readonly kubeConfig: KubeConfig;
  /** API server base URL, checked (never the library's `localhost:8080`/`undefined` fallbacks). */
  readonly server: URL;
  /** Namespace of the pod (service-account file) or of the kubeconfig context, if known. */
  readonly defaultNamespace: string | undefined;
}

/** Inputs of {@link loadClusterAccess}. */
export interface ClusterAccessInput {
  readonly env: K8sEnvironment;
  /** Directory of the mounted service account (`token`, `ca.crt`, `namespace`). */
  readonly serviceAccountDir: string;
  /** Absolute kubeconfig path; when set, used instead of the in-cluster service account. */
  readonly kubeconfigPath?: string | undefined;
}

function checkServer(text: string, origin: string): URL {
  if (text.includes('undefined'))
    throw new K8sConfigError(`${origin}: API server ${JSON.stringify(text)} has no real host or port`);
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new K8sConfigError(`${origin}: API server ${JSON.stringify(text)} is not a URL`, { cause: error });
  }
  if (url.hostname === '') {
    throw new K8sConfigError(`${origin}: API server ${JSON.stringify(text)} has no real host or port`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new K8sConfigError(`${origin}: API server ${text} must be http(s)://`);
  return url;
}

function inCluster(input: ClusterAccessInput): ClusterAccess {
  const host = input.env['KUBERNETES_SERVICE_HOST'];
  const port = input.env['KUBERNETES_SERVICE_PORT'];
  if (host === undefined || host === '' || port === undefined || port === '') {
    throw new K8sConfigError(
      'not running in a Kubernetes pod: KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are not set; set "kubeconfig" in the source options to run outside the cluster',
    );
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw new K8sConfigError(`KUBERNETES_SERVICE_PORT=${JSON.stringify(port)} is not a TCP port`);
  }
  const tokenFile = join(input.serviceAccountDir, 'token');
  const caFile = join(input.serviceAccountDir, 'ca.crt');
  for (const [file, what] of [
    [tokenFile, 'service account token'],
    [caFile, 'service account CA'],
  ] as const) {
    const check = checkBoundedFile(file, { maxBytes: FILE_LIMITS.small, what });
    if (check.ok) continue;
    throw new K8sConfigError(
      check.missing
        ? `${file} does not exist: mount the service account token (automountServiceAccountToken: true, serviceAccountName with the RBAC of examples/kubernetes-rbac)`
        : check.error.message,
      { cause: check.error },
    );
  }
  const server = checkServer(
    `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    'KUBERNETES_SERVICE_HOST/PORT',
  );
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromClusterAndUser(
    { name: 'in-cluster', server: server.origin, caFile, skipTLSVerify: false },
    { name: 'service-account', authProvider: { name: 'tokenFile', config: { tokenFile } } },
  );
  const namespaceFile = join(input.serviceAccountDir, 'namespace');
  let defaultNamespace: string | undefined;
  try {
    defaultNamespace =
      readBoundedTextSync(namespaceFile, { maxBytes: FILE_LIMITS.small, what: 'service account namespace' }).trim() ||
      undefined;
  } catch (error) {
    if (error instanceof FileReadError && error.missing) defaultNamespace = undefined;
    else throw new K8sConfigError((error as Error).message, { cause: error });
  }
  return { kubeConfig, server, defaultNamespace };
}

function fromKubeconfig(path: string): ClusterAccess {
  const kubeConfig = new KubeConfig();
  try {
    // client-node's loadFromFile reads without a bound; read it ourselves, then do what it does.
    kubeConfig.loadFromString(readBoundedTextSync(path, { maxBytes: FILE_LIMITS.small, what: 'kubeconfig' }));
    kubeConfig.makePathsAbsolute(dirname(path));
  } catch (error) {
    throw new K8sConfigError(
      `kubeconfig ${path}: cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const cluster = kubeConfig.getCurrentCluster();
  if (cluster === null)
    throw new K8sConfigError(
      `kubeconfig ${path}: current-context "${kubeConfig.getCurrentContext()}" names no cluster`,
    );
  const server = checkServer(cluster.server, `kubeconfig ${path}`);
  if (server.protocol === 'http:' && cluster.skipTLSVerify !== true) {
    throw new K8sConfigError(
      `kubeconfig ${path}: plain http:// server ${cluster.server} needs insecure-skip-tls-verify: true (client-node refuses it otherwise)`,
    );
  }
  const context = kubeConfig.getContextObject(kubeConfig.getCurrentContext());
  return { kubeConfig, server, defaultNamespace: context?.namespace };
}

/**
 * Builds the API access of one source: the kubeconfig file when `kubeconfigPath` is set, else the
 * in-cluster service account (`KUBERNETES_SERVICE_HOST`/`_PORT` from `env`, token and CA from
 * `serviceAccountDir`; the token file is re-read by client-node every minute, so rotated tokens
 * work). Reads files; throws {@link K8sConfigError} naming what is missing, instead of the
 * library's silent `http://localhost:8080` or `https://undefined:undefined` fallbacks.
 */
export function loadClusterAccess(input: ClusterAccessInput): ClusterAccess {
  return input.kubeconfigPath === undefined ? inCluster(input) : fromKubeconfig(input.kubeconfigPath);
}
