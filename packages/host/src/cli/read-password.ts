/**
 * Reads a password from standard input: the first line of whatever is piped in. On a terminal it
 * prompts on stderr and reads one line without echoing it.
 */
export async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    process.stderr.write(prompt);
    stdin.setRawMode(true);
  }
  stdin.setEncoding('utf8');
  let text = '';
  try {
    for await (const chunk of stdin) {
      text += chunk as string;
      if (stdin.isTTY && text.includes('\u0003')) throw new Error('cancelled');
      if (/[\r\n]/.test(text)) break;
    }
  } finally {
    if (stdin.isTTY) {
      stdin.setRawMode(false);
      process.stderr.write('\n');
    }
    stdin.pause();
  }
  return text.split(/\r?\n|\r/)[0] ?? '';
}
