// Preloaded (`node --import`) into a process whose peak memory a test or the benchmark measures:
// on exit it writes the process's VmHWM (peak resident set, bytes, from /proc/self/status) to the
// file named by WEFT_PEAK_RSS_FILE. VmHWM belongs to the process's own address space, unlike
// getrusage's maxRSS, which after fork+exec can report the parent's peak.
import { readFileSync, writeFileSync } from 'node:fs';

const out = process.env.WEFT_PEAK_RSS_FILE;
if (out) {
  process.on('exit', () => {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    writeFileSync(out, String(m ? Number(m[1]) * 1024 : process.resourceUsage().maxRSS * 1024));
  });
}
