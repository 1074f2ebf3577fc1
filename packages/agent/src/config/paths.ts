/**
 * Juniper meshrr's file locations (meshrr-compat §A2–A5). Every command takes flags to override
 * them; these defaults make meshrr's Kubernetes manifests work unchanged.
 */
export const MESHRR_PATHS = {
  /** `meshrr.conf.yml`, from a ConfigMap (meshrr mounted it with subPath; mount the directory for live reload). */
  config: '/opt/meshrr/conf/meshrr.conf.yml',
  /** A user Jinja2 template mounted by meshrr users. */
  jinjaTemplate: '/opt/meshrr/conf/juniper.conf.j2',
  /** A user Eta template (our extension, checked after the Jinja2 one). */
  etaTemplate: '/opt/meshrr/conf/juniper.conf.eta',
  /** The cRPD configuration written by `init` (shared emptyDir with cRPD). */
  juniperConf: '/config/juniper.conf',
  /** The agent's SSH private key (shared emptyDir between init and sidecar). */
  sshKey: '/secret/ssh/id_ed25519',
  /** meshrr's startupProbe file, written once the device answers. */
  connectedFile: '/tmp/connected-to-crpd',
} as const;
