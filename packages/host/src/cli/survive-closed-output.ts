/**
 * Keeps the process alive when the reader of its stdout or stderr goes away (`stratos start | head`,
 * a log shipper restarting): Node reports the broken pipe as an 'error' event on the stream, and an
 * unhandled one would end a host that is still serving. What is written afterwards is dropped.
 * Any other stream error is not ours to hide, so it is raised as before.
 */
export function surviveClosedOutput(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      throw error;
    });
  }
}
