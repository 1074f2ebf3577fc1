/**
 * The lab's hang guards. A lab runs real daemons, often on a busy 2-core machine (CI runs the lab
 * end-to-end tests beside other test suites): a daemon that starts in 50 ms when idle can take
 * seconds. These bound how long the lab waits before it declares a daemon, command or agent hung;
 * they are not speed targets (the lab README and `npm run bench` report speed).
 */
/** A daemon or agent becoming ready (socket, vty, `/healthz`, first DNS answer). */
export const READY_TIMEOUT_MS = 60_000;
/** One command run to completion (vtysh, dig, nsupdate, ip). */
export const COMMAND_TIMEOUT_MS = 60_000;
