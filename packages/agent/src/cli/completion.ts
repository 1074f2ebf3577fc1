import { allCommands, type CommandSpec, type ValueKind } from './commandTree.js';

/** Shells `meshrr completion` writes a script for. */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/**
 * The completion data of one command path, keyed `_` for the program and `_/lab/up` for
 * `meshrr lab up` (aliases get their own key with the same data).
 */
interface PathData {
  readonly key: string;
  readonly commands: string[];
  readonly flags: string[];
  readonly valueFlags: string[];
  /** `<flag>=<kind or choices>`: what follows a flag that takes a value. */
  readonly values: Array<{ flag: string; completion: string }>;
  /** What the first positional argument completes to. */
  readonly argument: string;
}

function completionOf(kind: ValueKind, choices: readonly string[]): string {
  if (kind === 'choice') return choices.join(' ');
  if (kind === 'file') return '__FILE__';
  if (kind === 'dir') return '__DIR__';
  return '';
}

function pathData(tree: CommandSpec): PathData[] {
  const out: PathData[] = [];
  for (const command of allCommands(tree)) {
    const parents = command.path.slice(0, -1);
    const names = command.path.length === 0 ? [[]] : [command.path, ...command.aliases.map((a) => [...parents, a])];
    for (const path of names) {
      out.push({
        key: ['_', ...path].join('/'),
        commands: command.subcommands.flatMap((c) => [c.path.at(-1)!, ...c.aliases]),
        flags: command.flags.flatMap((f) => f.names),
        valueFlags: command.flags.filter((f) => f.takesValue).flatMap((f) => f.names),
        values: command.flags
          .filter((f) => f.takesValue)
          .flatMap((f) => f.names.map((flag) => ({ flag, completion: completionOf(f.valueKind, f.choices) }))),
        argument: command.args[0] === undefined ? '' : completionOf(command.args[0].valueKind, command.args[0].choices),
      });
    }
  }
  return out;
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The five associative arrays, as bash (`([k]=v …)`) or zsh (`(k v …)`) compound assignments. */
function bashOrZshData(data: readonly PathData[], shell: 'bash' | 'zsh'): string {
  const arrays: Record<string, Array<[string, string]>> = {
    __meshrr_cmds: data.map((d) => [d.key, d.commands.join(' ')]),
    __meshrr_flags: data.map((d) => [d.key, d.flags.join(' ')]),
    __meshrr_valflags: data.map((d) => [d.key, d.valueFlags.join(' ')]),
    __meshrr_arg: data.map((d) => [d.key, d.argument]),
    __meshrr_values: data.flatMap((d) => d.values.map((v): [string, string] => [`${d.key} ${v.flag}`, v.completion])),
  };
  return Object.entries(arrays)
    .map(([name, entries]) =>
      shell === 'bash'
        ? `declare -gA ${name}=(${entries.map(([k, v]) => `[${q(k)}]=${q(v)}`).join(' ')})`
        : `typeset -gA ${name}\n${name}=(${entries.map(([k, v]) => `${q(k)} ${q(v)}`).join(' ')})`,
    )
    .join('\n');
}

/**
 * The candidates function shared by bash and zsh (their syntax agrees on everything used here):
 * `__meshrr_candidates WORD… CURRENT` prints one candidate per line for the word being completed,
 * or `__FILE__` / `__DIR__` when a path is expected. It walks the words to find the command path,
 * skipping flags and their values.
 */
const CANDIDATES = `__meshrr_candidates() {
  local key=_ expect= w
  local n=$(($# - 1))
  local -a ws
  ws=("\${@:1:$n}")
  for w in "\${ws[@]}"; do
    if [[ -n $expect ]]; then expect=; continue; fi
    if [[ $w == -* ]]; then
      [[ $w == *=* ]] && continue
      [[ " \${__meshrr_valflags[$key]} " == *" $w "* ]] && expect=$w
      continue
    fi
    if [[ " \${__meshrr_cmds[$key]} " == *" $w "* ]]; then key="$key/$w"; fi
  done
  local cur="\${@:$#}" out
  if [[ -n $expect ]]; then
    out="\${__meshrr_values[$key $expect]}"
  elif [[ $cur == -* ]]; then
    out="\${__meshrr_flags[$key]}"
  elif [[ -n "\${__meshrr_cmds[$key]}" ]]; then
    out="\${__meshrr_cmds[$key]}"
  else
    out="\${__meshrr_arg[$key]}"
  fi
  [[ -n $out ]] && printf '%s\\n' SPLIT
  return 0
}`;

function bash(data: readonly PathData[]): string {
  return `# bash completion for meshrr. Load it with:  source <(meshrr completion bash)
# or install it:  meshrr completion bash > /etc/bash_completion.d/meshrr
${bashOrZshData(data, 'bash')}
${CANDIDATES.replace('SPLIT', '$out')}
_meshrr() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" out
  out=$(__meshrr_candidates "\${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur")
  case "$out" in
    __FILE__) COMPREPLY=($(compgen -f -- "$cur")) ;;
    __DIR__) COMPREPLY=($(compgen -d -- "$cur")) ;;
    *) COMPREPLY=($(compgen -W "$out" -- "$cur")) ;;
  esac
}
complete -o filenames -F _meshrr meshrr
`;
}

function zsh(data: readonly PathData[]): string {
  return `#compdef meshrr
# zsh completion for meshrr. Load it with:  source <(meshrr completion zsh)
# or install it as _meshrr in a directory of $fpath.
${bashOrZshData(data, 'zsh')}
${CANDIDATES.replace('SPLIT', '${=out}').replace('__meshrr_candidates() {', '__meshrr_candidates() {\n  emulate -L zsh')}
_meshrr() {
  local -a out
  out=("\${(@f)$(__meshrr_candidates "\${(@)words[2,CURRENT-1]}" "\${words[CURRENT]}")}")
  case "\${out[1]}" in
    __FILE__) _files ;;
    __DIR__) _files -/ ;;
    *) compadd -- "\${(@)out}" ;;
  esac
}
if (( $+functions[compdef] )); then compdef _meshrr meshrr; fi
`;
}

function fishName(key: string): string {
  return key.replace(/[^A-Za-z0-9]/g, '_');
}

function fish(data: readonly PathData[]): string {
  const lines = data.flatMap((d) => {
    const k = fishName(d.key);
    return [
      `set -g __meshrr_cmds${k} ${d.commands.map(q).join(' ')}`,
      `set -g __meshrr_flags${k} ${d.flags.map(q).join(' ')}`,
      `set -g __meshrr_valflags${k} ${d.valueFlags.map(q).join(' ')}`,
      `set -g __meshrr_arg${k} ${d.argument.split(' ').filter(Boolean).map(q).join(' ')}`,
      ...d.values.map(
        (v) =>
          `set -g __meshrr_values${k}${fishName(v.flag)} ${v.completion.split(' ').filter(Boolean).map(q).join(' ')}`,
      ),
    ];
  });
  return `# fish completion for meshrr. Load it with:  meshrr completion fish | source
# or install it:  meshrr completion fish > ~/.config/fish/completions/meshrr.fish
${lines.join('\n')}
function __meshrr_candidates --description 'meshrr completion candidates: WORD... CURRENT'
    set -l key _
    set -l expect
    for w in $argv[1..-2]
        if test -n "$expect"
            set expect
            continue
        end
        if string match -q -- '-*' $w
            string match -q -- '*=*' $w; and continue
            set -l vf __meshrr_valflags(string replace -ra '[^A-Za-z0-9]' _ -- $key)
            contains -- $w $$vf; and set expect $w
            continue
        end
        set -l cv __meshrr_cmds(string replace -ra '[^A-Za-z0-9]' _ -- $key)
        contains -- $w $$cv; and set key "$key/$w"
    end
    set -l k (string replace -ra '[^A-Za-z0-9]' _ -- $key)
    set -l cur $argv[-1]
    set -l var
    set -l cmds __meshrr_cmds$k
    if test -n "$expect"
        set var __meshrr_values$k(string replace -ra '[^A-Za-z0-9]' _ -- $expect)
    else if string match -q -- '-*' "$cur"
        set var __meshrr_flags$k
    else if test (count $$cmds) -gt 0
        set var $cmds
    else
        set var __meshrr_arg$k
    end
    set -q $var; and printf '%s\\n' $$var
    return 0
end
function __meshrr_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l out (__meshrr_candidates $words[2..-1])
    switch "$out[1]"
        case __FILE__
            __fish_complete_path (commandline -ct)
        case __DIR__
            __fish_complete_directories (commandline -ct)
        case '*'
            printf '%s\\n' $out
    end
end
complete -c meshrr -f -a '(__meshrr_complete)'
`;
}

/** The completion script of `shell` for the command tree (static: no call back into meshrr). */
export function completionScript(tree: CommandSpec, shell: CompletionShell): string {
  const data = pathData(tree);
  if (shell === 'bash') return bash(data);
  if (shell === 'zsh') return zsh(data);
  return fish(data);
}
