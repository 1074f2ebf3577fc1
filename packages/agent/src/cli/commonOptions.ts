import { Option } from 'commander';
import { MESHRR_PATHS } from '../config/paths.js';

/** The `-c, --config` option every command takes (default: meshrr's path, else the embedded default). */
export function configOption(): Option {
  return new Option(
    '-c, --config <file>',
    `meshrr.conf.yml (default ${MESHRR_PATHS.config}, else the embedded default)`,
  );
}

/** The `--log-level` option of the commands that run the engine. */
export function logLevelOption(defaultLevel = 'info'): Option {
  return new Option('--log-level <level>', 'log level')
    .choices(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
    .default(defaultLevel);
}
