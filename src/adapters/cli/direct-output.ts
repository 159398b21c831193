/**
 * How a one-shot answer is written: to file descriptors 1 and 2 with
 * write(2) once a launcher asks for it (`writeDirectly`: bin/oneshot.cjs and
 * bin/baseline.cjs do), through process.stdout and process.stderr otherwise.
 * Creating process.stdout costs 3 to 30 ms at start-up (its stream classes
 * load), which a one-shot answer need not pay. The bytes are the same. When a
 * write fails (EAGAIN from a full non-blocking pipe, EPIPE …) the rest goes
 * through the stream, as it did before; a broken pipe ends the process
 * quietly (endQuietlyOnBrokenPipe).
 */
import { writeSync } from 'node:fs';

let direct = false;
const viaStream = { 1: false, 2: false };

/** From now on, write to the file descriptors themselves. */
export function writeDirectly(): void {
  direct = true;
}

/**
 * The exit status when the reader of stdout or stderr has gone (a broken
 * pipe, `cpumodels models | head -1`): a shell's status for a process
 * SIGPIPE ended, as virsh ends then (QEMU ignores SIGPIPE and ends with 0).
 * Nothing more is said, as by both: no one is there to read it.
 */
export const BROKEN_PIPE_STATUS = 141;

let guarded = false;

/**
 * From now on a broken pipe on process.stdout or process.stderr ends the
 * process quietly (BROKEN_PIPE_STATUS) instead of as an unhandled 'error'
 * event with a stack trace; any other stream error is thrown as before. It
 * touches the streams, so it is called only where they are used.
 */
export function endQuietlyOnBrokenPipe(): void {
  if (guarded) return;
  guarded = true;
  for (const s of [process.stdout, process.stderr])
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(BROKEN_PIPE_STATUS);
      throw e;
    });
}

/** Write text (or bytes, as they are) to stdout (1) or stderr (2). */
export function writeOut(fd: 1 | 2, text: string | Uint8Array): void {
  if (direct && !viaStream[fd]) {
    const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    let off = 0;
    try {
      while (off < buf.length) off += writeSync(fd, buf, off);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(BROKEN_PIPE_STATUS);
      viaStream[fd] = true;
      endQuietlyOnBrokenPipe();
      (fd === 1 ? process.stdout : process.stderr).write(buf.subarray(off));
      return;
    }
  }
  endQuietlyOnBrokenPipe();
  (fd === 1 ? process.stdout : process.stderr).write(text);
}

/**
 * Whether some output went to a stream after all (a write to the file
 * descriptor failed: EAGAIN on a non-blocking pipe, EPIPE …). A stream may
 * still hold it: the process must then end by itself, not by process.exit().
 */
export function wroteViaStream(): boolean {
  return viaStream[1] || viaStream[2];
}
