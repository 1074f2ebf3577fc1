import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { LogFields, Logger } from '@meshrr/core';

/**
 * Field names whose values are secrets. pino replaces them with `[redacted]` at any depth we
 * list, so a licence key, password hash or private key never reaches a log line even when a
 * whole options object is logged by mistake.
 */
export const SECRET_FIELDS = [
  'licenseKey',
  'LICENSE_KEY',
  'encryptedRootPw',
  'encrypted_root_pw',
  'ENCRYPTED_ROOT_PW',
  'privateKey',
  'password',
  'token',
  'CONSUL_HTTP_TOKEN',
] as const;

const redactPaths = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]);

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** pino level: trace, debug, info, warn, error, fatal, silent. Default `info`. */
  readonly level?: string;
  /** Where lines go; default standard error (standard output stays clean for command output). */
  readonly destination?: DestinationStream;
  /** Secret values that must never appear in a line, whatever field they hide in. */
  readonly secretValues?: readonly string[];
}

/** Replaces every occurrence of a known secret value in a serialised line. */
function scrubbingStream(target: DestinationStream, secrets: readonly string[]): DestinationStream {
  const needles = secrets.filter((s) => s.length >= 4);
  if (needles.length === 0) return target;
  return {
    write(line: string): void {
      let out = line;
      for (const secret of needles) out = out.split(secret).join('[redacted]');
      target.write(out);
    },
  };
}

/**
 * A JSON-lines logger (pino) implementing core's {@link Logger}. Secrets are removed twice: by
 * field name (`SECRET_FIELDS`) and by value (`secretValues`), so a secret logged under any name
 * or inside an error message is still replaced.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = scrubbingStream(
    options.destination ?? pino.destination({ dest: 2, sync: true }),
    options.secretValues ?? [],
  );
  const base: PinoLogger = pino(
    {
      level: options.level ?? 'info',
      base: { service: 'meshrr' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
      // errors are logged as objects under `err`: type, message, stack, own fields (code, kind) and
      // the cause chain
      serializers: { err: pino.stdSerializers.errWithCause },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return wrap(base);
}

function wrap(logger: PinoLogger): Logger {
  const level =
    (name: 'debug' | 'info' | 'warn' | 'error') =>
    (fieldsOrMessage: LogFields | string, message?: string): void => {
      if (typeof fieldsOrMessage === 'string') logger[name](fieldsOrMessage);
      else logger[name](fieldsOrMessage as Record<string, unknown>, message);
    };
  return {
    debug: level('debug'),
    info: level('info'),
    warn: level('warn'),
    error: level('error'),
    child: (bindings) => wrap(logger.child(bindings as Record<string, unknown>)),
  };
}
