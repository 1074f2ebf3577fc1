import { isAbsolute, resolve } from 'node:path';
import type { DiscoveryContext, DiscoveryProvider, PeerSource } from '@meshrr/core';
import type { K8sEnvironment } from './config/clusterAccess.js';
import { k8sOptionsSchema, type K8sDiscoveryOptions } from './config/options.js';
import { K8sPeerSource } from './source/k8sPeerSource.js';

/** Module-wide settings of the Kubernetes provider (see {@link k8sDiscoveryModule}). */
export interface K8sProviderSettings {
  /** The agent's environment: `KUBERNETES_SERVICE_HOST`/`_PORT` are read from here only. */
  readonly env: K8sEnvironment;
  /** Mounted service account. Default `/var/run/secrets/kubernetes.io/serviceaccount`. */
  readonly serviceAccountDir?: string;
  /** First retry delay after a failure (doubled per failure). Default 500 ms. */
  readonly initialBackoffMs?: number;
  /** Longest retry delay. Default 30 000 ms. */
  readonly maxBackoffMs?: number;
  /** Items per list page (`limit`). Default 500. */
  readonly listPageSize?: number;
}

/**
 * The `sourcetype: kubernetes` discovery provider: validates options with
 * {@link k8sOptionsSchema} and creates one {@link K8sPeerSource} per mesh group. `create` does no
 * I/O (the service account and kubeconfig are read when the source runs); a relative
 * `kubeconfig` resolves against the configuration file's directory.
 */
export class K8sDiscoveryProvider implements DiscoveryProvider<K8sDiscoveryOptions> {
  readonly kind = 'kubernetes';
  readonly optionsSchema = k8sOptionsSchema;
  readonly #settings: K8sProviderSettings;

  constructor(settings: K8sProviderSettings) {
    this.#settings = settings;
  }

  create(options: K8sDiscoveryOptions, context: DiscoveryContext): PeerSource {
    const file = options.kubeconfig;
    return new K8sPeerSource(options, context, {
      env: this.#settings.env,
      serviceAccountDir: this.#settings.serviceAccountDir ?? '/var/run/secrets/kubernetes.io/serviceaccount',
      kubeconfigPath: file === undefined ? undefined : isAbsolute(file) ? file : resolve(context.baseDir, file),
      initialBackoffMs: this.#settings.initialBackoffMs ?? 500,
      maxBackoffMs: this.#settings.maxBackoffMs ?? 30_000,
      listPageSize: this.#settings.listPageSize ?? 500,
    });
  }
}
