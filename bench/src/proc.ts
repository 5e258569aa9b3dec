/**
 * What the kernel says about a process (Linux /proc): CPU time used (utime + stime of
 * /proc/<pid>/stat, in seconds), peak resident memory (VmHWM of /proc/<pid>/status, reset by
 * writing 5 to /proc/<pid>/clear_refs), children, command line and environment.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const TICKS = 100;

function statFields(pid: number): string[] {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name is in parentheses and may hold spaces: fields start after the last ')'.
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds of the process; with `reaped`, also of its children that have exited (a postmaster's backends). */
export function cpuSeconds(pid: number, reaped = false): number {
  const fields = statFields(pid);
  // After the name: state(0) … utime(11) stime(12) cutime(13) cstime(14).
  const own = Number(fields[11]) + Number(fields[12]);
  return (own + (reaped ? Number(fields[13]) + Number(fields[14]) : 0)) / TICKS;
}

export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** CPU seconds of a process and every live child, plus the children that have exited. */
export function treeCpuSeconds(pid: number): number {
  let total = cpuSeconds(pid, true);
  for (const child of childrenOf(pid)) {
    try {
      total += cpuSeconds(child);
    } catch {
      // Exited between the listing and the read: counted in the parent's cutime once reaped.
    }
  }
  return total;
}

export function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

/** Starts a new peak for VmHWM (needs the right to write clear_refs: root or the process's owner). */
export function resetPeakRss(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not allowed: the peak is then since the process started.
  }
}

export function commandLine(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
}

export function environment(pid: number): Record<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return Object.fromEntries(
    entries.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
}

/** Busy and total CPU seconds of the whole machine so far (/proc/stat). */
export function machineCpu(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const idle = fields[3] + fields[4];
  return { busy: (total - idle) / TICKS, total: total / TICKS };
}
