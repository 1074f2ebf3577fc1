import type { Command, Option } from 'commander';

/** What a flag's or argument's value is, for completion and the reference. */
export type ValueKind = 'none' | 'file' | 'dir' | 'choice' | 'other';

/** One flag of a command, as the reference and the completion scripts see it. */
export interface FlagSpec {
  readonly flags: string;
  readonly names: readonly string[];
  readonly takesValue: boolean;
  readonly valueKind: ValueKind;
  readonly choices: readonly string[];
  readonly env: string | undefined;
  readonly defaultValue: unknown;
  readonly description: string;
}

/** One positional argument. */
export interface ArgSpec {
  readonly name: string;
  readonly required: boolean;
  readonly valueKind: ValueKind;
  readonly choices: readonly string[];
}

/** A command of the `meshrr` program with its flags, arguments and subcommands. */
export interface CommandSpec {
  /** Names from the root, e.g. `['lab', 'up']` (empty for the program itself). */
  readonly path: readonly string[];
  readonly aliases: readonly string[];
  readonly description: string;
  readonly flags: readonly FlagSpec[];
  readonly args: readonly ArgSpec[];
  readonly subcommands: readonly CommandSpec[];
}

function kindOf(placeholder: string, choices: readonly string[] | undefined): ValueKind {
  if (choices !== undefined && choices.length > 0) return 'choice';
  if (/^(file|topology|path)$/.test(placeholder)) return 'file';
  if (placeholder === 'dir') return 'dir';
  return placeholder === '' ? 'none' : 'other';
}

function flagSpec(option: Option): FlagSpec {
  const takesValue = option.required || option.optional;
  const placeholder = /<([^>]+)>|\[([^\]]+)\]/.exec(option.flags);
  const choices = option.argChoices ?? [];
  return {
    flags: option.flags,
    names: [option.short, option.long].filter((n): n is string => n !== undefined),
    takesValue,
    valueKind: takesValue ? kindOf(placeholder?.[1] ?? placeholder?.[2] ?? 'value', choices) : 'none',
    choices,
    env: option.envVar,
    defaultValue: option.defaultValue as unknown,
    description: option.description,
  };
}

const HELP_FLAG: FlagSpec = {
  flags: '-h, --help',
  names: ['-h', '--help'],
  takesValue: false,
  valueKind: 'none',
  choices: [],
  env: undefined,
  defaultValue: undefined,
  description: 'display help for command',
};

/** The command tree of `program` (visible commands only; every command gets `-h, --help`). */
export function commandTree(program: Command, path: readonly string[] = []): CommandSpec {
  return {
    path,
    aliases: program.aliases(),
    description: program.description(),
    flags: [...program.options.filter((o) => !o.hidden).map(flagSpec), HELP_FLAG],
    args: program.registeredArguments.map((a) => ({
      name: a.name(),
      required: a.required,
      valueKind: kindOf(a.name(), a.argChoices),
      choices: a.argChoices ?? [],
    })),
    subcommands: program.commands.filter((c) => c.name() !== 'help').map((c) => commandTree(c, [...path, c.name()])),
  };
}

/** Every command of the tree, depth first (the root first). */
export function allCommands(tree: CommandSpec): CommandSpec[] {
  return [tree, ...tree.subcommands.flatMap(allCommands)];
}
