/**
 * FRR's own complaint lines from vtysh / frr-reload output: `% ...` messages, `line N: ...`
 * locations and bgpd refusals such as `BGP is already running; AS is 65000`. frr-reload reports
 * vtysh's output as a Python bytes literal (`b'line 20: % Unknown command: x\n\n'`); it is
 * unwrapped here. Order kept, duplicates dropped.
 */
export function frrComplaints(output: string): string[] {
  const text = output.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  const lines = text
    .split('\n')
    .map((line) =>
      line
        .replace(/^\s*b['"]/, '')
        .replace(/['"]\s*$/, '')
        .trim(),
    )
    .filter(
      (line) =>
        /^(line \d+: |% |BGP is already running|Failure to communicate|Exiting: )/.test(line) ||
        /\[91m\s*ERROR|ERROR:/.test(line),
    );
  const cleaned = lines.map((line) => line.replace(/^.*?ERROR(\x1b\[0m)?:\s*/, ''));
  return [...new Set(cleaned.filter((line) => line !== ''))];
}

/** True when the output says the daemons cannot be reached (a channel fault, not a refusal). */
export function daemonsUnreachable(output: string): boolean {
  return /failed to connect to any daemons|is not running|No such file or directory|Connection refused|VTY configuration is locked by other VTY/i.test(
    output,
  );
}
