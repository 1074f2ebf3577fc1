import { InvalidArgumentError, type Command, type Option } from 'commander';

/**
 * Flags without an environment fallback: per-invocation choices that must not leak from the
 * environment into every command (the output format, where a rendered file goes, lab waits).
 */
const NO_ENV = new Set(['--output', '--out', '--wait', '--help', '--version']);

/** `--http-port` → `MESHRR_HTTP_PORT`: the environment variable that stands in for a flag. */
export function envVarFor(option: Option): string | undefined {
  if (option.long === undefined || NO_ENV.has(option.long) || option.negate) return undefined;
  return `MESHRR_${option.long.slice(2).toUpperCase().replace(/-/g, '_')}`;
}

/**
 * Gives every flag of `program` and its subcommands (except those in {@link NO_ENV}) the
 * environment fallback `MESHRR_<FLAG>` — shown by `--help` as `(env: MESHRR_…)`. The value is
 * applied by {@link applyEnvFallbacks} from the command's own environment (not `process.env`), so
 * commander's built-in handling is bypassed on purpose.
 */
export function attachEnvFallbacks(program: Command): void {
  const visit = (command: Command): void => {
    for (const option of command.options) {
      const name = envVarFor(option);
      if (name !== undefined && option.envVar === undefined) option.envVar = name;
    }
    for (const sub of command.commands) visit(sub);
  };
  visit(program);
}

/**
 * Before `command` runs: every flag not given on the command line takes its environment
 * variable's value when set (precedence: flag, then environment, then default). The value goes
 * through the flag's own parser and choices, so a bad value is the same usage error as on the
 * command line, naming the variable.
 */
export function applyEnvFallbacks(command: Command, env: Readonly<Record<string, string | undefined>>): void {
  for (const option of command.options) {
    const name = option.envVar;
    const raw = name === undefined ? undefined : env[name];
    if (name === undefined || raw === undefined) continue;
    const key = option.attributeName();
    const source = command.getOptionValueSource(key);
    if (source !== undefined && source !== 'default') continue;
    let value: unknown = raw;
    if (option.isBoolean()) value = !['', '0', 'false', 'no'].includes(raw.trim().toLowerCase());
    else if (option.parseArg !== undefined) {
      try {
        value = option.parseArg(raw, command.getOptionValue(key) as never);
      } catch (error) {
        if (error instanceof InvalidArgumentError)
          command.error(
            `error: option '${option.flags}' value '${raw}' from env '${name}' is invalid. ${error.message}`,
            {
              exitCode: 2,
              code: 'commander.invalidArgument',
            },
          );
        throw error;
      }
    }
    command.setOptionValueWithSource(key, value, 'env');
  }
}
